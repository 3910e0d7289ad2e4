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
