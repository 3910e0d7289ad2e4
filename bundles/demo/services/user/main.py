"""User service: the users of each client, within the licence's user limit."""
from jobfirst_app import health
from jobfirst_app.settings import Settings
from jobfirst_app.store import Cache, Database, Tenants
from jobfirst_app.web import App, HttpError

settings = Settings()
db, cache, app = Database(settings), Cache(settings), App(settings)


def migrate(cur, schema):
    cur.execute(f'CREATE TABLE IF NOT EXISTS "{schema}".users (id serial PRIMARY KEY, name text NOT NULL, '
                f'email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())')


tenants = Tenants(db, settings, migrate)
COLUMNS = "id, name, email, created_at::text AS created_at"


@app.route("GET", r"(/api/users)?/healthz")
def healthz(request):
    return health.check(settings, db, cache)


@app.route("GET", r"/api/users")
def list_users(request):
    schema = tenants.schema_for(request)
    with db.cursor() as cur:
        cur.execute(f'SELECT {COLUMNS} FROM "{schema}".users ORDER BY id')
        return 200, {"users": cur.fetchall()}


@app.route("GET", r"/api/users/(?P<id>\d+)")
def get_user(request):
    schema = tenants.schema_for(request)
    key = f"{schema}:user:{request.params['id']}"
    user = cache.get_json(key)
    if user is None:
        with db.cursor() as cur:
            cur.execute(f'SELECT {COLUMNS} FROM "{schema}".users WHERE id = %s', (int(request.params["id"]),))
            user = cur.fetchone()
        if user is None:
            raise HttpError(404, "not_found", "no such user")
        cache.set_json(key, user)
    return 200, user


@app.route("POST", r"/api/users")
def add_user(request):
    schema, body = tenants.schema_for(request), request.json()
    name, email = str(body.get("name", "")).strip(), str(body.get("email", "")).strip()
    if not name or "@" not in email:
        raise HttpError(400, "invalid", "give name and email")
    with db.cursor() as cur:
        cur.execute(f'LOCK TABLE "{schema}".users IN SHARE ROW EXCLUSIVE MODE')  # the limit holds under concurrency
        cur.execute(f'SELECT count(*) AS n FROM "{schema}".users')
        if settings.max_users and cur.fetchone()["n"] >= settings.max_users:
            raise HttpError(403, "licence_user_limit", f"the licence allows {settings.max_users} users")
        cur.execute(f'INSERT INTO "{schema}".users (name, email) VALUES (%s, %s) '
                    f'ON CONFLICT (email) DO NOTHING RETURNING {COLUMNS}', (name, email))
        row = cur.fetchone()
    if row is None:
        raise HttpError(409, "exists", "a user with this email exists")
    return 201, row


if __name__ == "__main__":
    app.serve()
