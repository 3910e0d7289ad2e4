"""The acceptance report a customer signs off (JSON and HTML): what was installed where, the checks,
the certificate, the firewall, the verification figures and the timings. It reads only what is safe
to show: never secrets.env or stack.env, and no value of a secret reference."""
from __future__ import annotations

import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from cryptography import x509

from .. import __version__
from ..checks.facts import gather
from ..checks.preflight import judge, needs_for
from ..deploy.compose import Compose
from ..deploy.stack import read_state
from ..remote import files
from ..tls.certinfo import fingerprint
from .html import render_html


def certificate(h) -> dict:
    pem = files.read(h.session, f"{h.target.install_dir}/tls/fullchain.pem")
    if not pem:
        return {}
    leaf = x509.load_pem_x509_certificates(pem)[0]
    return {"subject": leaf.subject.rfc4514_string(), "issuer": leaf.issuer.rfc4514_string(),
            "fingerprint_sha256": fingerprint(leaf), "not_after": leaf.not_valid_after_utc.isoformat()}


def firewall(h) -> str:
    return h.session.run("nft list table inet jobfirst 2>/dev/null || iptables -S DOCKER-USER 2>/dev/null || true",
                         sudo=True, check=False).out.strip()


def target_section(answers, h, verification) -> dict:
    facts = gather(h.session, h.target)
    state = read_state(h) or {}
    return {"host": h.host, "name": h.target.name or h.host, "install_dir": h.target.install_dir,
            "version": state.get("version"), "installed_at": _iso(state.get("time")),
            "containers": [{k: c[k] for k in ("service", "image", "image_id", "state", "health")}
                           for c in Compose(h, answers.deploy.project).containers()],
            "checks": [r.to_json() for r in judge(facts, needs_for(answers), h.target, h.session)],
            "certificate": certificate(h), "firewall": firewall(h),
            "verification": verification.to_json() if verification else None}


def _iso(ts) -> str | None:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat() if ts else None


def build(answers, handles, results, install: dict | None) -> dict:
    by_host = {r.host: r for r in results}
    return {"product": "JobFirst", "installer_version": __version__, "mode": answers.mode,
            "generated_at": datetime.now(timezone.utc).isoformat(), "domain": answers.tls.domain,
            "ok": all(r.ok for r in results), "install": install,
            "targets": [target_section(answers, h, by_host.get(h.host)) for h in handles]}


def report_dir(answers) -> Path:
    if answers.report and answers.report.dir:
        return Path(answers.report.dir)
    return Path(os.path.dirname(answers.get("_source") or os.path.abspath("x"))) / "jobfirst-reports"


def write_report(answers, handles, results, install: dict | None) -> dict:
    body = build(answers, handles, results, install)
    directory = report_dir(answers)
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"acceptance-{time.strftime('%Y%m%d-%H%M%S')}"
    paths = {"json": stem.with_suffix(".json"), "html": stem.with_suffix(".html")}
    paths["json"].write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["html"].write_text(render_html(body), encoding="utf-8")
    return paths



