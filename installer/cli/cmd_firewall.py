"""`firewall plan|apply|revert --answers F`: the seed's setup-firewall.sh. Every target is planned
(read-only, lock-outs refused) before any is changed; apply needs --yes and confirms each target over
a new SSH connection, else the target reverts by itself; revert removes what the installer added."""
from __future__ import annotations

from ..answers import load_answers
from ..engine.connect import close_all, connect_all
from ..engine.questions import HeadlessAsker
from ..firewall.apply import apply_target, revert_target
from ..firewall.exposure import check_exposure
from ..firewall.facts import read_facts, state_dir
from ..firewall.plan import plan_target
from ..i18n import T


def register(sub):
    p = sub.add_parser("firewall", help="plan, apply or revert the firewall of every target")
    actions = p.add_subparsers(dest="firewall_command", metavar="ACTION", required=True, parser_class=type(p))
    for name, text in (("plan", "show exactly what would change on each target (changes nothing)"),
                       ("apply", "apply the plan; each target reverts by itself unless confirmed in time"),
                       ("revert", "remove the installer's rules and restore what it changed")):
        a = actions.add_parser(name, help=text)
        a.add_argument("--answers", required=True, metavar="FILE")
        a.add_argument("--yes", action="store_true", help="go ahead without asking (apply, revert)")
        a.add_argument("--trust-new-host-keys", action="store_true", help="accept unknown SSH host keys once")
        a.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, out) -> int:
    answers = load_answers(args.answers)
    asker = HeadlessAsker(assume_yes=args.yes, notify=out.warn,
                          trust_new_host_keys=args.trust_new_host_keys or answers.ssh.trust_new_host_keys)
    if not answers.firewall.enabled and args.firewall_command != "revert":
        out.say(T("Firewall management is off (firewall.enabled: false): nothing to do.",
                  "防火墙管理已关闭（firewall.enabled: false）：无需操作。"))
        return 0
    handles = connect_all(answers, asker)
    try:
        return {"plan": _plan, "apply": _apply, "revert": _revert}[args.firewall_command](handles, answers, asker, out)
    finally:
        close_all(handles)


def _plans(handles, answers, out) -> list:
    plans = [plan_target(h.session, h.target, answers) for h in handles]  # all refusals before any change
    for plan in plans:
        _say_plan(plan, answers.firewall.confirm_timeout, out)
    out.set(targets=[p.to_json(answers.firewall.confirm_timeout) for p in plans])
    return plans


def _say_plan(plan, seconds: int, out) -> None:
    out.say(T("== {host} ({backend})", "== {host}（{backend}）", host=plan.host, backend=plan.backend.name))
    for warning in plan.warnings:
        out.warn(T("{host}: warning: {w}", "{host}：警告：{w}", host=plan.host, w=warning))
    changes = plan.changes(seconds)
    if not changes:
        out.say(f"  {plan.unchanged_reason()}")
        return
    for text in changes[:-1]:
        out.say(f"  - {text}")
    out.say(T("  Exact rules:", "  具体规则："))
    out.say("    " + changes[-1].render().replace("\n", "\n    "))


def _plan(handles, answers, asker, out) -> int:
    _plans(handles, answers, out)
    return 0


def _apply(handles, answers, asker, out) -> int:
    plans = _plans(handles, answers, out)
    if all(p.up_to_date for p in plans):
        out.say(T("Nothing to do: every target already has these rules.", "无需操作：所有服务器都已是这些规则。"))
        out.set(applied=[])
        return 0
    asker.confirm("firewall", T("Apply the firewall plan above?", "是否应用上述防火墙计划？"))
    out.set(applied=[_apply_one(h, p, answers, asker, out) for h, p in zip(handles, plans)])
    return 0


def _apply_one(handle, plan, answers, asker, out) -> dict:
    outcome = apply_target(handle, plan, answers, asker)
    exposure = check_exposure(handle.session, handle.target, answers)
    out.say(T("{host}: {status} in {s:.1f} s; seen from here: {exposure}", "{host}：{status}，用时 {s:.1f} 秒；"
              "从本机所见：{exposure}", host=plan.host, status=outcome.status, s=outcome.seconds,
              exposure=exposure.describe()))
    if not exposure.ok:
        out.warn(T("{host}: the scan does not match the policy; check the customer's other firewall rules and the "
                   "network path.", "{host}：扫描结果与策略不符；请检查客户的其他防火墙规则和网络路径。", host=plan.host))
    return {"host": plan.host, "status": outcome.status, "seconds": round(outcome.seconds, 2),
            "open": sorted(exposure.open), "unexpected": sorted(exposure.unexpected)}


def _revert(handles, answers, asker, out) -> int:
    states = {h.host: read_facts(h.session, h.target).active for h in handles}
    for host, backend in states.items():
        out.say(T("{host}: remove the JobFirst {backend} rules and restore what they changed.",
                  "{host}：移除 JobFirst {backend} 规则并恢复其更改。", host=host, backend=backend) if backend else
                T("{host}: no JobFirst rules.", "{host}：没有 JobFirst 规则。", host=host))
    if any(states.values()):
        asker.confirm("firewall_revert", T("Remove the installer's firewall rules as listed above?",
                                           "是否按上面所列移除安装程序添加的防火墙规则？"))
    results = [{"host": h.host, "removed": states[h.host] != "" and revert_target(h.session, state_dir(h.target))}
               for h in handles]
    out.set(reverted=results)
    return 0
