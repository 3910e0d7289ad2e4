"""Starting, reconfiguring and upgrading the stack on each target. An upgrade backs up the database
first and, if the new version does not become healthy, brings the previous one back (its images are
still on the server; schema changes are additive, so it runs on the data as it is now)."""
from __future__ import annotations

import json
import shlex
import time
from dataclasses import dataclass

from ..engine.events import Change
from ..engine.step import Step
from ..errors import InstallerError
from ..i18n import T
from ..remote import files
from . import config
from .compose import Compose
from .health import judge, services_in, wait_healthy


@dataclass
class Desired:
    version: str
    compose: str
    env: str
    fingerprint: str
    services: list


def desired_for(ctx, handle) -> Desired:
    bundle, lic = ctx.shared["bundle"], ctx.shared["licence"]
    compose = bundle.compose_text()
    env = config.env_text(config.stack_values(ctx.answers, handle.target, lic))
    return Desired(bundle.version, compose, env, config.fingerprint(compose, env, bundle.version),
                   services_in(compose, ctx.answers.mode))


def state_path(target) -> str:
    return f"{target.install_dir}/config/deployed.json"


def read_state(handle) -> dict | None:
    raw = files.read(handle.session, state_path(handle.target))
    try:
        return json.loads(raw) if raw else None
    except json.JSONDecodeError:
        return None


def is_serving(compose, services) -> bool:
    waiting, failed = judge(compose.containers(), services)
    return not waiting and not failed


class DeployStep(Step):
    id = "deploy"
    title = T("Start the JobFirst services", "启动 JobFirst 服务")

    def plan(self, ctx):
        changes = [c for h in ctx.targets for c in self._plan_target(ctx, h)]
        return changes, T("JobFirst {v} is running and healthy.", "JobFirst {v} 正在运行且状态健康。",
                          v=ctx.shared["bundle"].version)

    def _plan_target(self, ctx, h):
        want, state = desired_for(ctx, h), read_state(h)
        compose = Compose(h, ctx.answers.deploy.project)
        if state and state.get("fingerprint") == want.fingerprint and is_serving(compose, want.services):
            return []
        if state and state.get("version") != want.version:
            return [Change(h.host, T("upgrade {old} -> {new}: back up the database, switch over, and roll back "
                                     "automatically if the new version is not healthy",
                                     "从 {old} 升级到 {new}：先备份数据库，再切换；若新版本不健康则自动回滚",
                                     old=state.get("version"), new=want.version))]
        if state:
            return [Change(h.host, T("apply the configuration of {v} and (re)start what is not healthy",
                                     "应用 {v} 的配置，并（重新）启动不健康的服务", v=want.version))]
        return [Change(h.host, T("generate secrets on the server, then start JobFirst {v} ({n} services)",
                                 "在服务器上生成密钥，然后启动 JobFirst {v}（{n} 个服务）",
                                 v=want.version, n=len(want.services)))]

    def apply(self, ctx, undo):
        for h in ctx.targets:
            self._apply_target(ctx, h, undo)

    def _apply_target(self, ctx, h, undo):
        want, state = desired_for(ctx, h), read_state(h)
        compose = Compose(h, ctx.answers.deploy.project)
        if state and state.get("fingerprint") == want.fingerprint and is_serving(compose, want.services):
            return
        if state:  # registered first, so it runs last: after the previous files are back
            undo.register(T("bring version {v} back up", "恢复运行版本 {v}", v=state.get("version")),
                          lambda: compose.run("up -d --remove-orphans", timeout=ctx.answers.deploy.health_timeout))
            if state.get("version") != want.version:
                backup_database(ctx, compose, h, state.get("version"))
        self._write_config(ctx, h, want, undo)
        if not state:
            undo.register(T("stop the services that were started", "停止已启动的服务"),
                          lambda: compose.run("down --remove-orphans", check=False))
        self._start(ctx, compose, want)
        smoke(ctx, h)
        files.replace(h.session, state_path(h.target), json.dumps(
            {"version": want.version, "fingerprint": want.fingerprint, "time": time.time(),
             "run": ctx.run_id}).encode(), "0640", undo)

    def _write_config(self, ctx, h, want, undo):
        base = f"{h.target.install_dir}/config"
        files.replace(h.session, f"{base}/docker-compose.yml", want.compose.encode(), "0640", undo)
        files.replace(h.session, f"{base}/stack.env", want.env.encode(), "0600", undo)
        # secrets.env is never undone: a database initialised with them must find them on the next run
        if "created" in h.session.run(config.secrets_script(h.target.install_dir), sudo=True).out:
            ctx.message(T("Generated the service passwords on the server (secrets.env, mode 0600).",
                          "已在服务器上生成服务密码（secrets.env，权限 0600）。"), target=h.host)

    def _start(self, ctx, compose, want):
        timeout = ctx.answers.deploy.health_timeout
        services = " ".join(config.services_to_start(ctx.answers))
        result = compose.run(f"up -d --remove-orphans {services}", timeout=timeout + 120, check=False)
        wait_healthy(compose, want.services, timeout if result.ok else 5, ctx)
        if not result.ok:  # compose failed, yet every service looks healthy: say what compose said
            raise InstallerError(T("docker compose up failed: {out}", "docker compose up 失败：{out}",
                                   out=(result.err or result.out).strip()[-1500:]), code="deploy.compose",
                                 where=compose.target.host)


def backup_database(ctx, compose, h, version) -> str:
    """pg_dump of the running database into backups/, checked before anything is switched."""
    name = f"{h.target.install_dir}/backups/jobfirst-{version}-{time.strftime('%Y%m%dT%H%M%S')}.sql.gz"
    q = shlex.quote(name)
    ctx.message(T("Backing up the database to {f}", "正在将数据库备份到 {f}", f=name), target=h.host)
    # plain sh has no pipefail: pg_dump's own closing line proves the dump is whole
    dump = shlex.quote('PGPASSWORD="$POSTGRES_PASSWORD" exec pg_dump -h 127.0.0.1 -U jobfirst -d jobfirst')
    compose.run(f"exec -T postgres sh -c {dump} | gzip -c > {q}.part && "
                f"gzip -dc {q}.part | tail -n 5 | grep -q 'database dump complete' && "
                f"mv {q}.part {q} && chmod 0600 {q}", timeout=3600)
    return name


def smoke(ctx, h) -> None:
    """Before an upgrade is accepted: the gateway serves the installed certificate and the API answers."""
    from ..verify import checks
    from ..verify.run import ca_for, deployed_client_id
    if ctx.answers.tls is None:
        return
    ca = ca_for(ctx.answers)
    for finding in (checks.https(ctx.answers, h, ca), checks.data_roundtrip(ctx.answers, h, ca, deployed_client_id(h))):
        if not finding.ok:
            raise InstallerError(T("After the switch, '{title}' failed: {value}", "切换后“{title}”失败：{value}",
                                   title=finding.title, value=finding.value), finding.detail, code="deploy.smoke",
                                 where=h.host)
