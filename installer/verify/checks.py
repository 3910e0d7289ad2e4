"""The verification checks of one target; each a finding with the measured value."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..deploy.compose import Compose
from ..deploy.health import judge, services_in
from ..errors import InstallerError
from ..firewall.exposure import check_exposure
from ..i18n import T, Text
from ..remote import files
from ..tls.probe import client_context, handshake
from .http import GatewayClient, plain_http_get
from .load import probe


@dataclass
class Finding:
    id: str
    title: Text
    ok: bool
    value: str
    detail: Text | None = None
    figures: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {"id": self.id, "title": self.title.render(), "ok": self.ok, "value": self.value}
        if self.detail is not None:
            out["detail"] = self.detail.render()
        if self.figures:
            out["figures"] = self.figures
        return out


def services(answers, h) -> Finding:
    compose_text = (files.read(h.session, f"{h.target.install_dir}/config/docker-compose.yml") or b"").decode()
    expected = services_in(compose_text, answers.mode) if compose_text else []
    containers = Compose(h, answers.deploy.project).containers()
    waiting, failed = judge(containers, expected)
    bad = sorted(set(waiting) | {c["service"] for c in failed})
    value = ", ".join(f"{c['service']}={c['health'] if c['health'] != 'none' else c['state']}" for c in containers)
    return Finding("services", T("Every service healthy", "所有服务健康"), bool(expected) and not bad, value or "none",
                   T("Not healthy: {s}", "不健康：{s}", s=", ".join(bad)) if bad else None)


def https(answers, h, ca) -> Finding:
    title = T("HTTPS on 443 with a valid chain for {d}", "443 端口 HTTPS，{d} 的证书链有效", d=answers.tls.domain)
    try:
        seen = handshake(h.host, answers.tls.domain, ca)
    except InstallerError as err:
        return Finding("https", title, False, err.text.render(), err.fix)
    return Finding("https", title, True, f"{seen['version']}, SHA-256 {seen['fingerprint_sha256'][:23]}...",
                   figures=seen)


def redirect(answers, h) -> Finding:
    title = T("HTTP on 80 redirects to HTTPS", "80 端口 HTTP 重定向到 HTTPS")
    try:
        status, location = plain_http_get(h.host, answers.tls.domain, "/verify")
    except OSError as err:
        return Finding("redirect", title, False, str(err))
    ok = status in (301, 308) and (location or "").startswith(f"https://{answers.tls.domain}")
    return Finding("redirect", title, ok, f"{status} -> {location}")


def exposure(answers, h) -> Finding:
    """Scan from here every port the target listens on (and Docker publishes): only the public ports,
    and SSH from the management network, may answer."""
    seen = check_exposure(h.session, h.target, answers)
    unexpected = seen.unexpected - ({h.target.port} if not answers.firewall.enabled else set())
    return Finding("exposure", T("Only the expected ports reachable from outside", "外部只能访问预期端口"),
                   not unexpected and not seen.blocked, ", ".join(map(str, sorted(seen.open))) or "none",
                   None if not unexpected and not seen.blocked else seen.describe(),
                   {"open": sorted(seen.open), "listening": sorted(seen.listening), "expected": sorted(seen.expected)})


def load(answers, h, ca, client_id) -> Finding:
    v = answers.verify
    context = client_context(ca)
    result = probe(lambda: GatewayClient(h.host, answers.tls.domain, ca, context=context), "/api/jobs", v.requests, v.concurrency,
                   {"X-Client-Id": client_id})
    ok = result.p95_ms <= v.p95_ms and result.error_rate <= 0.01
    return Finding("load", T("Latency under load (target p95 < {t} ms)", "负载下的延迟（目标 p95 < {t} ms）", t=v.p95_ms),
                   ok, f"p50 {result.p50_ms:.0f} ms, p95 {result.p95_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, "
                   f"{result.error_rate:.1%} errors at {result.concurrency} concurrent", figures=result.to_json())


def data_roundtrip(answers, h, ca, client_id) -> Finding:
    title = T("Data written through the API reads back", "通过 API 写入的数据可读回")
    client = GatewayClient(h.host, answers.tls.domain, ca)
    marker = f"installer verification {time.strftime('%Y-%m-%d %H:%M:%S')}"
    try:
        status, created = client.request("POST", "/api/jobs", {"title": marker, "company": "JobFirst Installer"},
                                         {"X-Client-Id": client_id})
        if status != 201:
            return Finding("data", title, False, f"POST /api/jobs -> {status} {created}")
        status, read = client.request("GET", f"/api/jobs/{created['id']}", headers={"X-Client-Id": client_id})
    except OSError as err:
        return Finding("data", title, False, str(err))
    finally:
        client.close()
    ok = status == 200 and read.get("title") == marker
    return Finding("data", title, ok, f"job {created['id']} written and read back" if ok else f"GET -> {status} {read}")
