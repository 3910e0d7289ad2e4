"""Settings from the environment. The installer fills them from the licence and the answer file."""
import os
import re

CLIENT_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")


class Settings:
    def __init__(self, env=os.environ):
        self.service = env.get("JOBFIRST_SERVICE", "service")
        self.release = env.get("JOBFIRST_RELEASE", "dev")
        self.client_id = env.get("JOBFIRST_CLIENT_ID", "default")
        self.client_name = env.get("JOBFIRST_CLIENT_NAME", "")
        self.edition = env.get("JOBFIRST_EDITION", "standard")
        self.max_users = int(env.get("JOBFIRST_MAX_USERS") or 0)      # per client; 0 = no limit
        self.max_clients = int(env.get("JOBFIRST_MAX_CLIENTS") or 1)  # tenants in this deployment
        self.port = int(env.get("JOBFIRST_PORT", "8080"))
        self.db = dict(host=env.get("POSTGRES_HOST", "postgres"), dbname=env.get("POSTGRES_DB", "jobfirst"),
                       user=env.get("POSTGRES_USER", "jobfirst"), password=env.get("POSTGRES_PASSWORD", ""),
                       connect_timeout=3)
        self.redis = dict(host=env.get("REDIS_HOST", "redis"), password=env.get("REDIS_PASSWORD") or None,
                          socket_timeout=2, socket_connect_timeout=2)

    def identity(self):
        return {"service": self.service, "version": self.release, "edition": self.edition,
                "client_id": self.client_id}
