"""Text rendering of results and engine events for the terminal."""
from __future__ import annotations

from ..i18n import T

MARK = {"pass": "PASS", "warn": "WARN", "fail": "FAIL"}


def render_report(report, out) -> None:
    out.say(T("== {name} ({host}): {status}", "== {name}（{host}）：{status}", name=report.name, host=report.host,
              status=MARK[report.status]))
    if report.error is not None:
        out.say("  " + report.error.render().replace("\n", "\n  "))
    for r in report.results:
        out.say(f"  [{MARK[r.status]}] {r.title}: {r.value}  ({T('need', '要求')}: {r.requirement})")
        if r.fix is not None and r.status != "pass":
            out.say(f"         -> {r.fix}")


class EventPrinter:
    """Engine events as terminal lines; with --json they are only collected for the final object."""

    def __init__(self, out, progress_every: float = 2.0):
        self.out, self.every, self._last = out, progress_every, 0.0
        self.events: list[dict] = []

    def __call__(self, event) -> None:
        self.events.append(_event_json(event))
        handler = getattr(self, "_" + type(event).__name__, None)
        if handler is not None:
            handler(event)

    def _PlanReady(self, e):
        self.out.say(T("Plan:", "计划："))
        for plan in e.plan:
            if plan.changes_something:
                self.out.say(f"  * {plan.title}")
                for change in plan.changes:
                    self.out.say(f"      {change.target}: {change.what}")
            else:
                self.out.say(f"  = {plan.title}: {plan.unchanged_reason or T('nothing to do', '无需操作')}")

    def _StepStarted(self, e):
        self.out.say(f"==> {e.title}")

    def _Progress(self, e):
        import time
        now = time.monotonic()
        if now - self._last < self.every and e.done != e.total:
            return
        self._last = now
        self.out.say("    " + progress_line(e))

    def _Message(self, e):
        prefix = {"warn": "[warn] ", "error": "[error] "}.get(e.level, "")
        where = f"{e.target}: " if e.target else ""
        self.out.say(f"    {prefix}{where}{e.text}")

    def _CheckReported(self, e):
        if e.step == "verify":  # the server checks print only their warnings (as messages)
            self.out.say(finding_line(e.target, e.result))

    def _Artifact(self, e):
        self.out.say(f"    {e.title}: {e.path}")

    def _StepFinished(self, e):
        words = {"done": T("done", "完成"), "unchanged": T("unchanged", "无变化"), "failed": T("FAILED", "失败"),
                 "cancelled": T("cancelled", "已取消")}[e.status]
        detail = f": {e.detail}" if e.detail is not None else ""
        self.out.say(f"    {words}{detail}" + (f" ({e.seconds:.1f} s)" if e.seconds else ""))


def finding_line(host: str, f) -> str:
    """One verification finding, as `verify` and `install` print it."""
    detail = f"  ({f.detail})" if f.detail is not None else ""
    return f"  [{'PASS' if f.ok else 'FAIL'}] {host}: {f.title}: {f.value}{detail}"


def progress_line(e) -> str:
    from ..units import human_bytes, human_seconds
    if e.unit == "bytes":
        total = f" / {human_bytes(e.total)}" if e.total else ""
        rate = f", {human_bytes(e.rate)}/s" if e.rate else ""
        eta = f", {human_seconds(e.eta)} left" if e.eta is not None else ""
        text = f"{human_bytes(e.done)}{total}{rate}{eta}"
    else:
        text = f"{e.done}/{e.total or '?'} {e.unit}"
    return (f"{e.target}: " if e.target else "") + text


def _event_json(event) -> dict:
    from dataclasses import asdict, fields, is_dataclass
    out = {"type": type(event).__name__}
    for f in fields(event):
        value = getattr(event, f.name)
        if hasattr(value, "render"):
            value = value.render()
        elif hasattr(value, "to_json"):
            value = value.to_json()
        elif f.name == "plan":
            value = [{"step": p.step, "title": p.title.render(), "changes": [
                {"target": c.target, "what": c.what.render()} for c in p.changes],
                "unchanged": p.unchanged_reason.render() if p.unchanged_reason else None} for p in value]
        elif is_dataclass(value):
            value = asdict(value)
        out[f.name] = value
    return out
