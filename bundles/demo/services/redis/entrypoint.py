"""Redis for JobFirst: password from the env file the installer writes, data in the given folder,
run as the redis user. The config file holds the password, so it is readable by redis alone."""
import os
import pwd
import sys

DATA = "/var/lib/jobfirst/redis"
CONFIG = "/run/jobfirst-redis.conf"


def main():
    password = os.environ.get("REDIS_PASSWORD", "")
    if not password:
        print("REDIS_PASSWORD is not set: the installer writes it into secrets.env", file=sys.stderr)
        return 1
    account = pwd.getpwnam("redis")
    os.makedirs(DATA, exist_ok=True)
    os.chown(DATA, account.pw_uid, account.pw_gid)
    fd = os.open(CONFIG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as conf:
        conf.write(f"bind 0.0.0.0\nport 6379\nprotected-mode no\ndir {DATA}\nappendonly yes\n"
                   f"requirepass \"{password}\"\n")
    os.chown(CONFIG, account.pw_uid, account.pw_gid)
    os.execvp("setpriv", ["setpriv", "--reuid=redis", "--regid=redis", "--init-groups", "redis-server", CONFIG])


if __name__ == "__main__":
    sys.exit(main())
