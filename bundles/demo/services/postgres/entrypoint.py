"""PostgreSQL for JobFirst: first start creates the cluster (owner and password from the env file the
installer writes), every start runs postgres as the postgres user on the data folder it is given."""
import os
import pwd
import subprocess
import sys
import tempfile

DATA = "/var/lib/jobfirst/postgres"
HBA_LINE = "host all all 0.0.0.0/0 scram-sha-256\n"  # only the internal data network can reach us


def as_postgres(argv):
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *argv]


def initialise(user, password, database):
    with tempfile.NamedTemporaryFile("w", dir="/tmp", delete=False) as pwfile:
        pwfile.write(password + "\n")
    os.chown(pwfile.name, pwd.getpwnam("postgres").pw_uid, -1)
    try:
        subprocess.run(as_postgres(["initdb", "-D", DATA, "-U", user, f"--pwfile={pwfile.name}",
                                    "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                                    "--locale=C.UTF-8"]), check=True)
    finally:
        os.remove(pwfile.name)
    with open(os.path.join(DATA, "pg_hba.conf"), "a") as hba:
        hba.write(HBA_LINE)
    subprocess.run(as_postgres(["postgres", "--single", "-D", DATA, "-c", "jit=off", "postgres"]),
                   input=f'CREATE DATABASE "{database}";\n', text=True, check=True, stdout=subprocess.DEVNULL)


def main():
    password = os.environ.get("POSTGRES_PASSWORD", "")
    if not password:
        print("POSTGRES_PASSWORD is not set: the installer writes it into secrets.env", file=sys.stderr)
        return 1
    os.makedirs(DATA, mode=0o700, exist_ok=True)
    account = pwd.getpwnam("postgres")
    os.chown(DATA, account.pw_uid, account.pw_gid)
    if not os.path.exists(os.path.join(DATA, "PG_VERSION")):
        initialise(os.environ.get("POSTGRES_USER", "jobfirst"), password, os.environ.get("POSTGRES_DB", "jobfirst"))
    os.execvp("setpriv", as_postgres(["postgres", "-D", DATA, "-c", "listen_addresses=*", "-c", "jit=off",
                                      "-c", "unix_socket_directories=/tmp"]))


if __name__ == "__main__":
    sys.exit(main())
