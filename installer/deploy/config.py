"""The stack's configuration on a target: the compose file from the bundle, stack.env with the
customer's values (domain, client and limits from the licence), and secrets generated on the target."""
from __future__ import annotations

import hashlib
import json
import shlex

SECRETS = ("POSTGRES_PASSWORD", "REDIS_PASSWORD")
SAAS_MAX_CLIENTS = 1000


def stack_values(answers, target, licence) -> dict:
    values = {
        "JOBFIRST_INSTALL_DIR": target.install_dir,
        "JOBFIRST_DOMAIN": answers.tls.domain if answers.tls else "",
        "JOBFIRST_CLIENT_ID": licence.client_id,
        "JOBFIRST_CLIENT_NAME": licence.client_name,
        "JOBFIRST_EDITION": licence.edition,
        "JOBFIRST_MAX_USERS": str(licence.users or 0),
        "JOBFIRST_MAX_CLIENTS": str(SAAS_MAX_CLIENTS if licence.kind == "saas" else 1),
    }
    if answers.mode == "hybrid":
        values["JOBFIRST_AI_URL"] = answers.hybrid.ai_url
        values["JOBFIRST_AI_TOKEN"] = answers.hybrid.ai_token.resolve()
    return values


def env_text(values: dict) -> str:
    """KEY="value" lines as docker-compose (v1 via python-dotenv, and v2) read them."""
    def quote(v):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return "".join(f"{k}={quote(v)}\n" for k, v in values.items())


def services_to_start(answers) -> list[str]:
    """Hybrid mode uses the vendor's AI service: start the gateway (and what it depends on), not `ai`."""
    return ["gateway"] if answers.mode == "hybrid" else []


def fingerprint(compose: str, env: str, version: str) -> str:
    return hashlib.sha256(json.dumps([compose, env, version]).encode()).hexdigest()


def secrets_script(install_dir: str) -> str:
    """Creates secrets.env on the target once (mode 0600); the values never leave the server."""
    f = shlex.quote(f"{install_dir}/secrets.env")
    lines = " ".join(f'echo "{name}=$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)";' for name in SECRETS)
    return f"if [ ! -s {f} ]; then umask 077; {{ {lines} }} > {f}.new && mv -f {f}.new {f}; echo created; fi"
