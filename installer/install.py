"""The whole install as one list of steps, in order, and the one call both front ends make.
Gates first (licence, checks, bundle, certificate: they read and refuse, nothing changes), then the
steps that change the servers, after the single commit point; then verification from outside."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from .bundle.step import BundleVerifyStep
from .checks.step import PreflightStep
from .deploy.layout import InstallDirStep
from .deploy.stack import DeployStep
from .engine.connect import close_all, connect_all
from .engine.context import Context
from .engine.events import Artifact, CheckReported, StepFinished
from .engine.runner import Runner
from .firewall.step import FirewallStep
from .i18n import T
from .images import ImagesStep
from .licence.step import LicenceStep
from .tls.install import TlsStep
from .verify.report import write_report
from .verify.run import ca_for, verify_all


def steps_for(answers) -> list:
    # The install directory first: its plan only reads, and every later step writes into it.
    return [InstallDirStep(), LicenceStep(), PreflightStep(), BundleVerifyStep(), TlsStep(), FirewallStep(),
            ImagesStep(), DeployStep()]


@dataclass
class Outcome:
    plans: list
    run_id: str
    verification: list = field(default_factory=list)
    report: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def verified(self) -> bool:
        return all(r.ok for r in self.verification)


def run(answers, emit, asker, cancel_event=None, dry_run: bool = False) -> Outcome:
    """Connect, plan, confirm (the asker), apply; then verify from outside and write the report."""
    started, finished = time.monotonic(), []

    def record(event):
        if isinstance(event, StepFinished):
            finished.append(event)
        emit(event)
    handles = connect_all(answers, asker)
    try:
        ctx = Context(answers, handles, record, asker)
        if cancel_event is not None:
            ctx.cancel_event = cancel_event
        outcome = Outcome(Runner(steps_for(answers), ctx).run(dry_run=dry_run), ctx.run_id)
        if not dry_run:
            _verify_and_report(answers, handles, outcome, finished, emit, time.monotonic() - started)
        return outcome
    finally:
        close_all(handles)


VERIFY = "verify"  # the events of the verification after the steps carry this in place of a step id
VERIFY_TITLE = T("Verify the running installation", "验证运行中的系统")


def _verify_and_report(answers, handles, outcome, finished, emit, seconds) -> None:
    outcome.verification = verify_all(answers, handles, lambda host, f: emit(CheckReported(VERIFY, host, f)))
    titles = {p.step: p.title.render() for p in outcome.plans}
    steps = [{"step": e.step, "title": titles.get(e.step, e.step), "status": e.status, "seconds": e.seconds}
             for e in finished]
    outcome.seconds = round(seconds, 1)
    outcome.report = write_report(answers, handles, outcome.verification,
                                  {"run_id": outcome.run_id, "seconds": outcome.seconds, "steps": steps})
    emit(Artifact(VERIFY, str(outcome.report["html"]), T("Acceptance report", "验收报告"), "report"))
    ca = ca_for(answers) if answers.tls and answers.tls.generate_eval else None
    if ca and os.path.exists(ca):
        emit(Artifact("tls", ca, T("Evaluation CA for your users to trust (not for production)",
                                   "供用户信任的评估 CA（不可用于生产）"), "ca"))
