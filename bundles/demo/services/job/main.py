"""Job service: job postings of each client; the list is cached in Redis per client."""
from job_fields import EXTRA_FIELDS
from job_ready import problem
from jobfirst_app import health
from jobfirst_app.settings import Settings
from jobfirst_app.store import Cache, Database, Tenants
from jobfirst_app.web import App, HttpError

settings = Settings()
db, cache, app = Database(settings), Cache(settings), App(settings)
FIELDS = ["title", "company", "location"] + [name for name, _ in EXTRA_FIELDS]
COLUMNS = ", ".join(["id"] + FIELDS + ["created_at::text AS created_at"])  # named: older code survives newer columns


def migrate(cur, schema):
    cur.execute(f'CREATE TABLE IF NOT EXISTS "{schema}".jobs (id serial PRIMARY KEY, title text NOT NULL, '
                f'company text NOT NULL, location text, created_at timestamptz NOT NULL DEFAULT now())')
    for name, sql_type in EXTRA_FIELDS:
        cur.execute(f'ALTER TABLE "{schema}".jobs ADD COLUMN IF NOT EXISTS {name} {sql_type}')


tenants = Tenants(db, settings, migrate)


@app.route("GET", r"(/api/jobs)?/healthz")
def healthz(request):
    return health.check(settings, db, cache, problem())


@app.route("GET", r"/api/jobs")
def list_jobs(request):
    schema = tenants.schema_for(request)
    jobs = cache.get_json(f"{schema}:jobs")
    if jobs is None:
        with db.cursor() as cur:
            cur.execute(f'SELECT {COLUMNS} FROM "{schema}".jobs ORDER BY id')
            jobs = cur.fetchall()
        cache.set_json(f"{schema}:jobs", jobs)
    return 200, {"jobs": jobs, "fields": FIELDS}


@app.route("GET", r"/api/jobs/(?P<id>\d+)")
def get_job(request):
    schema = tenants.schema_for(request)
    with db.cursor() as cur:
        cur.execute(f'SELECT {COLUMNS} FROM "{schema}".jobs WHERE id = %s', (int(request.params["id"]),))
        job = cur.fetchone()
    if job is None:
        raise HttpError(404, "not_found", "no such job")
    return 200, job


@app.route("POST", r"/api/jobs")
def add_job(request):
    schema, body = tenants.schema_for(request), request.json()
    values = [None if body.get(f) is None else str(body[f]).strip() for f in FIELDS]
    if not values[0] or not values[1]:
        raise HttpError(400, "invalid", "give title and company")
    with db.cursor() as cur:
        cur.execute(f'INSERT INTO "{schema}".jobs ({", ".join(FIELDS)}) VALUES ({", ".join(["%s"] * len(FIELDS))}) '
                    f'RETURNING {COLUMNS}', values)
        job = cur.fetchone()
    cache.delete(f"{schema}:jobs")
    return 201, job


if __name__ == "__main__":
    app.serve()
