"""Waiting until every service of the stack is healthy, and saying which one is not."""
from __future__ import annotations

import time

import yaml

from ..errors import InstallerError
from ..i18n import T


def services_in(compose_text: str, mode: str) -> list[str]:
    services = list((yaml.safe_load(compose_text) or {}).get("services", {}))
    return [s for s in services if not (mode == "hybrid" and s == "ai")]


def judge(containers: list[dict], expected: list[str]) -> tuple[list[str], list[dict]]:
    """(services not yet healthy, containers that have failed for good)."""
    by_service = {c["service"]: c for c in containers}
    waiting, failed = [], []
    for service in expected:
        c = by_service.get(service)
        if c is None or c["state"] != "running" or c["health"] in ("starting",):
            waiting.append(service)
        elif c["health"] == "unhealthy":
            failed.append(c)
    failed += [c for c in containers if c["service"] in expected and c["state"] in ("exited", "dead")]
    return waiting, failed


def wait_healthy(compose, expected: list[str], timeout: float, ctx=None) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        containers = compose.containers()
        waiting, failed = judge(containers, expected)
        if failed:
            raise unhealthy(compose, failed[0])
        if not waiting:
            return containers
        if time.monotonic() > deadline:
            by_service = {c["service"]: c for c in containers}
            raise unhealthy(compose, by_service.get(waiting[0]) or {"service": waiting[0], "name": None,
                                                                      "state": "missing", "health": "none"})
        if ctx is not None:
            ctx.check_cancelled()
        time.sleep(2)


def unhealthy(compose, container: dict) -> InstallerError:
    logs = compose.logs(container["name"]) if container.get("name") else ""
    return InstallerError(
        T("Service '{service}' did not become healthy ({state}, health {health}). Its last log lines:\n{logs}",
          "服务“{service}”未能进入健康状态（{state}，健康状态 {health}）。最后的日志：\n{logs}",
          service=container["service"], state=container["state"], health=container["health"],
          logs=logs.strip()[-1500:] or "-"),
        T("Read the log lines above; `docker logs {name}` on the server shows more.",
          "请查看上面的日志；在服务器上执行 `docker logs {name}` 可查看更多。", name=container.get("name") or "?"),
        code="deploy.unhealthy", where=compose.target.host)
