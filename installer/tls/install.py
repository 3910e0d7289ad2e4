"""The certificate in the deployment: the gateway gets the full chain (leaf first) and the key
(mode 0600, root), is reloaded, and is then checked from here as a client would; if the new
certificate does not serve, the previous one is put back."""
from __future__ import annotations

import os
import shlex
import time

from ..engine.events import Change
from ..engine.step import Step
from ..errors import InstallerError
from ..i18n import T
from ..remote import files
from .checker import check_answers_tls, check_certificate
from .evaluation import generate_eval
from .probe import handshake, served_fingerprint


def eval_dir(answers) -> str:
    base = os.path.dirname(answers.get("_source") or os.path.abspath("answers.yaml"))
    return os.path.join(base, "jobfirst-eval-tls")


def certificate_for(ctx):
    """(report, ca_path) for the answers' tls section; an evaluation CA is made when asked for."""
    tls = ctx.answers.tls
    if tls is None:
        raise InstallerError(T("The answer file has no tls: section; the gateway needs a certificate.",
                               "应答文件中没有 tls: 段；网关需要证书。"),
                             T("Add tls: {domain: ..., cert: ..., key: ...}, or generate_eval: true for an evaluation.",
                               "请加上 tls: {domain: ..., cert: ..., key: ...}，评估环境可用 generate_eval: true。"),
                             code="tls.missing")
    if tls.generate_eval:
        made = generate_eval(tls.domain, eval_dir(ctx.answers))
        ctx.message(T("Evaluation certificate (NOT FOR PRODUCTION). Users must trust the CA in {ca}.",
                      "评估证书（不可用于生产）。用户需要信任 {ca} 中的 CA。", ca=str(made.ca)), "warn")
        report, ca = check_certificate(tls.domain, str(made.cert), str(made.key), ca_path=str(made.ca)), str(made.ca)
    else:
        report, ca = check_answers_tls(tls), tls.ca
    report.raise_for_problems()
    for warning in report.warnings:
        ctx.message(warning, "warn")
    return report, ca


def tls_paths(target) -> tuple[str, str]:
    return f"{target.install_dir}/tls/fullchain.pem", f"{target.install_dir}/tls/privkey.pem"


def gateway_container(h, project: str) -> str | None:
    docker = f"DOCKER_HOST={shlex.quote(h.target.docker_host)} docker"
    out = h.session.run(f"{docker} ps -q --filter label=com.docker.compose.project={shlex.quote(project)} "
                        f"--filter label=com.docker.compose.service=gateway", sudo=True).out.split()
    return out[0] if out else None


def reload_gateway(h, container: str) -> None:
    docker = f"DOCKER_HOST={shlex.quote(h.target.docker_host)} docker"
    h.session.run(f"{docker} exec {container} nginx -c /etc/nginx/jobfirst.conf -s reload", sudo=True)


class TlsStep(Step):
    id = "tls"
    title = T("Install the certificate", "安装证书")

    def plan(self, ctx):
        report, ca = ctx.shared["tls"] = certificate_for(ctx)
        changes = [Change(h.host, T("install the certificate for {domain} (expires {exp}, SHA-256 {fp}...)",
                                    "安装 {domain} 的证书（到期 {exp}，SHA-256 {fp}...）", domain=report.domain,
                                    exp=report.not_after.date().isoformat(), fp=report.fingerprint_sha256[:16]))
                   for h in ctx.targets if not self._in_place(h, report)]
        return changes, T("The certificate for {domain} is in place.", "{domain} 的证书已就位。", domain=report.domain)

    @staticmethod
    def _in_place(h, report) -> bool:
        chain, key = tls_paths(h.target)
        return files.same(h.session, chain, report.chain) and files.same(h.session, key, report.key_pem)

    def apply(self, ctx, undo):
        report, ca = ctx.shared["tls"]
        for h in ctx.targets:
            if self._in_place(h, report):
                continue
            gateway = gateway_container(h, ctx.answers.deploy.project)
            if gateway:  # runs last on undo: after the previous files are back
                before = served_fingerprint(h.target.host, report.domain)
                undo.register(T("reload the gateway with the previous certificate", "用原证书重新加载网关"),
                              lambda h=h, g=gateway, fp=before: restore_served(h, g, report.domain, fp))
            chain, key = tls_paths(h.target)
            files.replace(h.session, chain, report.chain, "0644", undo)
            files.replace(h.session, key, report.key_pem, "0600", undo)
            if gateway:
                reload_gateway(h, gateway)
                served_check(h, report, ca)


def restore_served(h, container: str, domain: str, before: str | None, attempts: int = 40) -> None:
    """Reload with the previous files, and wait until the previous certificate is the one served (nginx
    reloads its workers in the background): an undo is done when clients see the old site again."""
    reload_gateway(h, container)
    if before and _poll(lambda: served_fingerprint(h.target.host, domain), before, attempts) != before:
        raise InstallerError(T("The gateway on {host} does not serve the previous certificate again.",
                               "{host} 上的网关未恢复提供原证书。", host=h.host),
                             T("Check the gateway's logs (docker logs of the gateway container).",
                               "请检查网关日志（网关容器的 docker logs）。"), code="tls.not_restored", where=h.host)


def served_check(h, report, ca, attempts: int = 40) -> None:
    """The gateway must serve exactly the new certificate, trusted for the domain. nginx workers pick
    up a reload within a moment, so the old certificate (refused by the new CA) may answer first."""
    def served():
        try:
            return handshake(h.target.host, report.domain, ca)["fingerprint_sha256"]
        except InstallerError as err:
            return err
    want = report.fingerprint_sha256.replace(":", "").lower()
    seen = _poll(served, want, attempts)
    if seen == want:
        return
    if isinstance(seen, InstallerError):
        raise seen
    raise InstallerError(T("The gateway on {host} still serves another certificate ({seen}).",
                           "{host} 上的网关仍在提供另一张证书（{seen}）。", host=h.host, seen=seen),
                         T("Check the gateway's logs; the previous certificate has been restored.",
                           "请检查网关日志；原证书已恢复。"), code="tls.not_served", where=h.host)


def _poll(read, want, attempts: int):
    """read() every 0.25 s until it returns want or the attempts run out; returns the last value read."""
    seen = None
    for _ in range(attempts):
        seen = read()
        if seen == want:
            break
        time.sleep(0.25)
    return seen
