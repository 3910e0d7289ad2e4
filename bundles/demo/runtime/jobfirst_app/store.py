"""PostgreSQL with one schema per tenant (client), and Redis as a cache that may fail without harm."""
import contextlib
import json
import sys
import threading

import psycopg2
import psycopg2.extras
import psycopg2.pool
import redis

from .settings import CLIENT_ID_PATTERN
from .web import HttpError

TENANTS_DDL = ("CREATE TABLE IF NOT EXISTS public.tenants (id text PRIMARY KEY, name text NOT NULL, "
               "created_at timestamptz NOT NULL DEFAULT now())")
MIGRATION_LOCK = 4242  # every service migrates under one advisory lock: no races on CREATE ... IF NOT EXISTS


def schema_name(client_id):
    return "tenant_" + client_id.replace("-", "_")


class Database:
    def __init__(self, settings, size=16):
        self.settings, self.size = settings, size
        self._pool, self._slots, self._lock = None, threading.BoundedSemaphore(size), threading.Lock()

    def _get_pool(self):
        with self._lock:
            if self._pool is None:
                self._pool = psycopg2.pool.ThreadedConnectionPool(1, self.size, **self.settings.db)
            return self._pool

    @contextlib.contextmanager
    def cursor(self):
        """A cursor in a transaction: committed when the block ends, rolled back on an error."""
        with self._slots:
            try:
                pool = self._get_pool()
                conn = pool.getconn()
            except psycopg2.OperationalError as err:
                raise HttpError(503, "database_unavailable", str(err).strip()) from None
            try:
                with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                    yield cur
            finally:
                pool.putconn(conn, close=bool(conn.closed))


class Tenants:
    """Resolves the tenant of a request (X-Client-Id, default: this deployment's client) to its schema,
    creating the schema and tables (migrate(cursor, schema)) the first time."""

    def __init__(self, db, settings, migrate):
        self.db, self.settings, self.migrate, self.ready = db, settings, migrate, set()

    def schema_for(self, request):
        client = request.headers.get("X-Client-Id") or self.settings.client_id
        if not CLIENT_ID_PATTERN.fullmatch(client):
            raise HttpError(400, "bad_client_id", "X-Client-Id must be lower-case letters, digits and '-'")
        if client not in self.ready:
            self._prepare(client)
            self.ready.add(client)
        return schema_name(client)

    def _prepare(self, client):
        with self.db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute(TENANTS_DDL)
            if client == self.settings.client_id:
                cur.execute("INSERT INTO public.tenants (id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            (client, self.settings.client_name or client))
            cur.execute("SELECT 1 FROM public.tenants WHERE id = %s", (client,))
            if cur.fetchone() is None:
                raise HttpError(404, "unknown_client", f"client {client} is not set up in this deployment")
            cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name(client)}"')
            self.migrate(cur, schema_name(client))


class Cache:
    def __init__(self, settings):
        self.redis = redis.Redis(**settings.redis)

    def get_json(self, key):
        try:
            value = self.redis.get(key)
        except redis.RedisError as err:
            return _cache_down(err)
        return None if value is None else json.loads(value)

    def set_json(self, key, value, ttl=30):
        try:
            self.redis.set(key, json.dumps(value), ex=ttl)
        except redis.RedisError as err:
            _cache_down(err)

    def delete(self, key):
        try:
            self.redis.delete(key)
        except redis.RedisError as err:
            _cache_down(err)

    def ping(self):
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False


def _cache_down(err):
    print(f"cache unavailable: {err}", file=sys.stderr, flush=True)
    return None
