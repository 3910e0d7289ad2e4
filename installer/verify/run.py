"""Verification of every target (the seed's verify-deployment.sh), one target after another so that
the load probe of one does not disturb the figures of the next."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..remote import files
from ..tls.install import eval_dir
from . import checks


@dataclass
class TargetVerification:
    host: str
    findings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def to_json(self) -> dict:
        return {"host": self.host, "ok": self.ok, "checks": [f.to_json() for f in self.findings]}


def ca_for(answers) -> str | None:
    if answers.tls.generate_eval:
        return os.path.join(eval_dir(answers), "eval-ca.crt")
    return answers.tls.ca


def deployed_client_id(h) -> str:
    env = (files.read(h.session, f"{h.target.install_dir}/config/stack.env") or b"").decode()
    for line in env.splitlines():
        if line.startswith("JOBFIRST_CLIENT_ID="):
            return line.split("=", 1)[1].strip().strip('"')
    return "default"


def verify_target(answers, h, progress=None) -> TargetVerification:
    ca, client_id = ca_for(answers), deployed_client_id(h)
    result = TargetVerification(h.host)
    for check in (lambda: checks.services(answers, h), lambda: checks.https(answers, h, ca),
                  lambda: checks.redirect(answers, h), lambda: checks.exposure(answers, h),
                  lambda: checks.data_roundtrip(answers, h, ca, client_id),
                  lambda: checks.load(answers, h, ca, client_id)):
        finding = check()
        result.findings.append(finding)
        if progress:
            progress(h.host, finding)
    return result


def verify_all(answers, handles, progress=None) -> list[TargetVerification]:
    return [verify_target(answers, h, progress) for h in handles]
