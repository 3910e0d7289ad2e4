"""The gateway: nginx with the customer's certificate (mounted from the install folder), its
configuration rendered from the environment at each start."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TLS_DIR = "/etc/jobfirst/tls"
CONFIG = "/etc/nginx/jobfirst.conf"


def values():
    token = os.environ.get("JOBFIRST_AI_TOKEN", "")
    return {"@DOMAIN@": os.environ.get("JOBFIRST_DOMAIN") or "_",
            "@AI_URL@": (os.environ.get("JOBFIRST_AI_URL") or "http://ai:8080").rstrip("/"),
            "@AI_AUTH@": f"Bearer {token}" if token else "",
            "@TLS_DIR@": TLS_DIR}


def render(template, mapping):
    for key, value in mapping.items():
        template = template.replace(key, value.replace('"', ""))
    return template


def main():
    missing = [n for n in ("fullchain.pem", "privkey.pem") if not os.path.isfile(os.path.join(TLS_DIR, n))]
    if missing:
        print(f"gateway: {', '.join(missing)} missing in {TLS_DIR} (the installer puts the certificate in "
              f"<install dir>/tls)", file=sys.stderr)
        return 1
    with open(os.path.join(HERE, "nginx.conf.in")) as f:
        config = render(f.read(), values())
    with open(CONFIG, "w") as f:
        f.write(config)
    os.execvp("nginx", ["nginx", "-c", CONFIG, "-g", "daemon off;"])


if __name__ == "__main__":
    sys.exit(main())
