"""pyinfra's order: read facts and compute the whole plan, show it, and only after the single commit
point apply it step by step; a failed step undoes what it did; a second run changes nothing."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from ..errors import Cancelled, InstallerError, StepFailed
from ..i18n import T
from .events import Message, PlanReady, StepFinished, StepPlan, StepStarted
from .step import UndoLog

log = logging.getLogger(__name__)


class Runner:
    def __init__(self, steps, ctx):
        self.steps, self.ctx = steps, ctx

    def plan(self) -> list[StepPlan]:
        plans = []
        with ThreadPoolExecutor(max_workers=min(16, len(self.ctx.targets)) or 1) as pool:
            # each target's journal is read while the steps plan: one round trip less to wait for
            journals = [pool.submit(handle.journal.entries) for handle in self.ctx.targets]
            for step in self.steps:
                self.ctx.step = step.id
                changes, reason = step.plan(self.ctx)
                plans.append(StepPlan(step.id, step.title, changes, None if changes else reason))
            self._note_interrupted([future.result() for future in journals])
        self.ctx.emit(PlanReady("plan", tuple(plans)))
        return plans

    def run(self, dry_run: bool = False) -> list[StepPlan]:
        plans = self.plan()
        if dry_run:
            return plans
        if any(p.changes_something for p in plans):
            self.ctx.asker.confirm("confirm", T("Apply the plan above to the servers?", "是否将上述计划应用到服务器？"))
        for step, plan in zip(self.steps, plans):
            self._apply(step, plan)
        return plans

    def _apply(self, step, plan: StepPlan) -> None:
        self.ctx.step = step.id
        if not plan.changes_something:
            self.ctx.emit(StepFinished(step.id, "unchanged", plan.unchanged_reason))
            return
        self.ctx.check_cancelled()
        self.ctx.emit(StepStarted(step.id, step.title))
        started, undo = time.monotonic(), UndoLog()
        self._journal(step.id, "started")
        try:
            step.apply(self.ctx, undo)
        except BaseException as err:
            self._fail(step, err, undo, time.monotonic() - started)
            raise self._as_step_error(step, err) from err
        self._journal(step.id, "done")
        self.ctx.emit(StepFinished(step.id, "done", None, time.monotonic() - started))

    def _fail(self, step, err, undo: UndoLog, seconds: float) -> None:
        log.info("step %s failed: %s", step.id, err, exc_info=not isinstance(err, InstallerError))
        # A cancel keeps partial work (e.g. bytes already sent) for the next run to resume from.
        status = "cancelled" if isinstance(err, (Cancelled, KeyboardInterrupt)) else "failed"
        if status == "failed":
            undo.rollback(lambda level, text: self.ctx.emit(Message(step.id, level, text)))
        self._journal(step.id, status)
        self.ctx.emit(StepFinished(step.id, status, err.text if isinstance(err, InstallerError) else None, seconds))

    @staticmethod
    def _as_step_error(step, err):
        if isinstance(err, (InstallerError, KeyboardInterrupt)):
            return err
        return StepFailed(T("Step '{title}' failed unexpectedly: {why}", "步骤“{title}”意外失败：{why}",
                            title=step.title, why=f"{type(err).__name__}: {err}"),
                          T("The step's changes were undone. The log file has the details.",
                            "该步骤的更改已撤销，详细信息见日志文件。"))

    def _journal(self, step_id: str, status: str) -> None:
        for handle in self.ctx.targets:
            try:
                handle.journal.record(self.ctx.run_id, step_id, status)
            except InstallerError as err:  # a lost connection must not hide the step's own outcome
                log.warning("journal on %s not written: %s", handle.host, err.render("en"))

    def _note_interrupted(self, journals: list[list[dict]]) -> None:
        for handle, entries in zip(self.ctx.targets, journals):
            last = entries[-1] if entries else None
            if last and last.get("status") in ("started", "cancelled", "failed"):
                self.ctx.message(T("The last run ({run}) stopped during step '{step}'; this run continues from there.",
                                   "上次运行（{run}）在步骤“{step}”中停止；本次将从该处继续。",
                                   run=last.get("run"), step=last.get("step")), "warn", handle.host)
