"""Running the stack's compose file on a target with whichever compose it has (v2 plugin or v1)."""
from __future__ import annotations

import json
import shlex

from ..errors import InstallerError
from ..i18n import T


class Compose:
    def __init__(self, handle, project: str):
        self.session, self.target, self.project = handle.session, handle.target, project
        self.config_dir = f"{self.target.install_dir}/config"
        self._command = None

    @property
    def docker(self) -> str:
        return f"DOCKER_HOST={shlex.quote(self.target.docker_host)} docker"

    def command(self) -> str:
        if self._command is None:
            probe = (f"if {self.docker} compose version >/dev/null 2>&1; then echo v2; "
                     "elif docker-compose version >/dev/null 2>&1; then echo v1; fi")
            found = self.session.run(probe, sudo=True).out.strip()
            if not found:
                raise InstallerError(T("Neither `docker compose` nor `docker-compose` is installed.",
                                       "未安装 `docker compose` 或 `docker-compose`。"),
                                     T("Install the docker-compose-plugin package.", "请安装 docker-compose-plugin 软件包。"),
                                     code="deploy.no_compose", where=self.target.host)
            self._command = f"{self.docker} compose" if found == "v2" else \
                f"DOCKER_HOST={shlex.quote(self.target.docker_host)} docker-compose"
        return self._command

    def run(self, args: str, config_dir: str | None = None, timeout: int = 900, check: bool = True):
        where = shlex.quote(config_dir or self.config_dir)
        return self.session.run(f"cd {where} && {self.command()} -p {shlex.quote(self.project)} "
                                f"-f docker-compose.yml --env-file stack.env {args}", sudo=True,
                                timeout=timeout, check=check)

    def containers(self) -> list[dict]:
        """The project's containers with service, image, state and health."""
        ids = self.session.run(f"{self.docker} ps -aq --filter label=com.docker.compose.project={self.project}",
                               sudo=True).out.split()
        if not ids:
            return []
        docs = json.loads(self.session.run(f"{self.docker} inspect {' '.join(ids)}", sudo=True).out)
        return [{"service": d["Config"]["Labels"].get("com.docker.compose.service", "?"), "id": d["Id"][:12],
                 "image": d["Config"]["Image"], "image_id": d["Image"], "state": d["State"]["Status"],
                 "health": (d["State"].get("Health") or {}).get("Status", "none"), "name": d["Name"].lstrip("/")}
                for d in docs]

    def logs(self, container: str, lines: int = 20) -> str:
        return self.session.run(f"{self.docker} logs --tail {lines} {shlex.quote(container)} 2>&1", sudo=True,
                                check=False).out
