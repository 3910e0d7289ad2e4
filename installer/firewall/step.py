"""The firewall as a step of the install: plan read-only on every target (refusing a lock-out before
anything changes), apply target by target under the revert timer, undo = revert."""
from __future__ import annotations

from ..engine.events import Change
from ..engine.step import Step
from ..i18n import T
from .apply import apply_target, revert_target
from .plan import plan_target


class FirewallStep(Step):
    id = "firewall"
    title = T("Firewall: only the public ports from outside, SSH from the management networks",
              "防火墙：外部只开放公开端口，SSH 仅限管理网段")

    def __init__(self, timeout: int | None = None, system_root: str | None = None):
        self.timeout, self.system_root = timeout, system_root  # both for tests; None = the answer file's
        self.plans: dict = {}

    def plan(self, ctx):
        if not ctx.answers.firewall.enabled:
            return [], T("Firewall management is off (firewall.enabled: false).", "防火墙管理已关闭（firewall.enabled: false）。")
        seconds = self.timeout or ctx.answers.firewall.confirm_timeout
        self.plans = {h.host: plan_target(h.session, h.target, ctx.answers, self.system_root) for h in ctx.targets}
        for host, plan in self.plans.items():
            for warning in plan.warnings:
                ctx.message(warning, "warn", host)
        changes = [Change(host, text) for host, plan in self.plans.items() for text in plan.changes(seconds)]
        return changes, T("Every server already has these firewall rules.", "所有服务器都已是这些防火墙规则。")

    def apply(self, ctx, undo):
        for handle in ctx.targets:
            ctx.check_cancelled()
            plan = self.plans.get(handle.host) or plan_target(handle.session, handle.target, ctx.answers,
                                                              self.system_root)
            if plan.up_to_date:
                continue
            undo.register(T("firewall rules of {host}", "{host} 的防火墙规则", host=handle.host),
                          lambda h=handle, state=plan.state: revert_target(h.session, state))
            outcome = apply_target(handle, plan, ctx.answers, ctx.asker, self.timeout)
            ctx.message(T("Firewall applied and confirmed over a new SSH connection ({s:.1f} s).",
                          "防火墙已应用，并已通过新的 SSH 连接确认（{s:.1f} 秒）。", s=outcome.seconds), "info",
                        handle.host)
