"""AI service: a deterministic skills match (Jaccard similarity), cached in Redis per client.
In hybrid mode the gateway sends /api/ai to the vendor's shared service instead of this one."""
import hashlib
import json

from jobfirst_app import health
from jobfirst_app.settings import CLIENT_ID_PATTERN, Settings
from jobfirst_app.store import Cache
from jobfirst_app.web import App, HttpError

settings = Settings()
cache, app = Cache(settings), App(settings)
MODEL = "jobfirst-match-demo-1"


def skills(value):
    if not isinstance(value, list):
        raise HttpError(400, "invalid", "skills must be a list of strings")
    return {str(s).strip().lower() for s in value if str(s).strip()}


def score(wanted, offered):
    union = wanted | offered
    return round(len(wanted & offered) / len(union), 4) if union else 0.0


def match(body):
    wanted, jobs = skills(body.get("skills", [])), body.get("jobs", [])
    if not isinstance(jobs, list) or not all(isinstance(j, dict) for j in jobs):
        raise HttpError(400, "invalid", "jobs must be a list of objects with id and skills")
    ranked = [{"id": j.get("id"), "score": score(wanted, skills(j.get("skills", [])))} for j in jobs]
    ranked.sort(key=lambda m: (-m["score"], str(m["id"])))
    return {"model": MODEL, "matches": ranked}


@app.route("GET", r"(/api/ai)?/healthz")
def healthz(request):
    return health.check(settings, cache=cache)


@app.route("POST", r"/api/ai/match")
def match_route(request):
    client = request.headers.get("X-Client-Id") or settings.client_id
    if not CLIENT_ID_PATTERN.fullmatch(client):
        raise HttpError(400, "bad_client_id", "X-Client-Id must be lower-case letters, digits and '-'")
    body = request.json()
    key = f"{client}:ai:" + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    result = cache.get_json(key)
    if result is None:
        result = match(body)
        cache.set_json(key, result, ttl=300)
    return 200, result


if __name__ == "__main__":
    app.serve()
