"""The health answer every service gives: its identity, and whether what it depends on answers."""
from .web import HttpError


def check(settings, db=None, cache=None, extra_problem=None):
    problems = []
    if db is not None:
        try:
            with db.cursor() as cur:
                cur.execute("SELECT 1")
        except HttpError as err:
            problems.append(f"database: {err.message}")
    if cache is not None and not cache.ping():
        problems.append("cache: redis does not answer")
    if extra_problem:
        problems.append(extra_problem)
    body = {**settings.identity(), "status": "unhealthy" if problems else "ok", "problems": problems}
    return (503 if problems else 200), body
