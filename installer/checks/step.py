"""Server checks as the install's gate: any failure stops the install before the commit point."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..engine.events import CheckReported
from ..engine.step import Step
from ..errors import InstallerError
from ..i18n import T
from .facts import gather
from .preflight import judge, needs_for
from .result import FAIL, WARN


class PreflightStep(Step):
    id = "checks"
    title = T("Server checks", "服务器检查")

    def plan(self, ctx):
        needs = needs_for(ctx.answers)
        with ThreadPoolExecutor(max_workers=min(16, len(ctx.targets))) as pool:
            judged = list(pool.map(lambda h: judge(gather(h.session, h.target), needs, h.target, h.session),
                                   ctx.targets))
        failures = []
        for h, results in zip(ctx.targets, judged):
            for r in results:
                ctx.emit(CheckReported(self.id, h.host, r))
                if r.status == WARN:
                    ctx.message(T("{title}: {value} - {fix}", "{title}：{value} - {fix}", title=r.title, value=r.value,
                                  fix=r.fix or r.requirement), "warn", h.host)
            failures += [f"{h.host}: {r.title}: {r.value} -> {r.fix}" for r in results if r.status == FAIL]
        if failures:
            raise InstallerError(T("Server checks failed:\n{list}", "服务器检查未通过：\n{list}", list="\n".join(failures)),
                                 T("Fix the items above, then run the install again (jobfirst-installer check shows "
                                   "the full report).", "请先修复上述问题再重新安装（jobfirst-installer check 可查看完整报告）。"),
                                 code="checks.failed")
        return [], T("Every server passed the checks.", "所有服务器均通过检查。")

    def apply(self, ctx, undo):
        """Read-only: nothing to apply."""
