"""Management commands run inside a service container by the installer (never exposed over HTTP):
    docker-compose exec -T user python3 -m jobfirst_app.admin tenant-add ID NAME
    docker-compose exec -T user python3 -m jobfirst_app.admin tenant-list"""
import json
import sys

from .settings import CLIENT_ID_PATTERN, Settings
from .store import TENANTS_DDL, MIGRATION_LOCK, Database, schema_name


def tenant_add(db, settings, client_id, name):
    if not CLIENT_ID_PATTERN.fullmatch(client_id):
        return 2, {"ok": False, "error": "bad_client_id"}
    with db.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        cur.execute(TENANTS_DDL)
        cur.execute("SELECT id FROM public.tenants")
        existing = {row["id"] for row in cur.fetchall()}
        if client_id in existing:
            return 0, {"ok": True, "changed": False, "client_id": client_id}
        if len(existing | {settings.client_id}) >= settings.max_clients:
            return 3, {"ok": False, "error": "licence_client_limit", "limit": settings.max_clients}
        cur.execute("INSERT INTO public.tenants (id, name) VALUES (%s, %s)", (client_id, name))
        cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name(client_id)}"')
    return 0, {"ok": True, "changed": True, "client_id": client_id}


def tenant_list(db):
    with db.cursor() as cur:
        cur.execute(TENANTS_DDL)
        cur.execute("SELECT id, name, created_at::text AS created_at FROM public.tenants ORDER BY id")
        return 0, {"ok": True, "tenants": cur.fetchall()}


def main(argv):
    settings = Settings()
    db = Database(settings, size=1)
    if argv[:1] == ["tenant-add"] and len(argv) == 3:
        status, body = tenant_add(db, settings, argv[1], argv[2])
    elif argv == ["tenant-list"]:
        status, body = tenant_list(db)
    else:
        status, body = 2, {"ok": False, "error": "usage", "message": __doc__}
    print(json.dumps(body, ensure_ascii=False, default=str))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
