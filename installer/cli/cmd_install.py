"""`install --answers F [--dry-run] [--yes]`: the whole install as one plan, shown before the commit
point, then verified from outside and written up as the acceptance report."""
import time

from ..answers import load_answers
from ..engine.connect import close_all, connect_all
from ..engine.context import Context
from ..engine.questions import HeadlessAsker
from ..engine.runner import Runner
from ..i18n import T
from ..install import steps_for
from ..verify.report import write_report
from ..verify.run import verify_all
from .cmd_verify import say_finding
from .render import EventPrinter


def register(sub):
    p = sub.add_parser("install", help="install (or upgrade) JobFirst on every target")
    p.add_argument("--answers", required=True, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show the plan; change nothing")
    p.add_argument("--yes", action="store_true", help="apply the plan without asking (the commit point)")
    p.add_argument("--trust-new-host-keys", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, out) -> int:
    answers = load_answers(args.answers)
    asker = HeadlessAsker(assume_yes=args.yes, trust_new_host_keys=args.trust_new_host_keys
                          or answers.ssh.trust_new_host_keys, notify=out.warn)
    printer, started = EventPrinter(out), time.monotonic()
    handles = connect_all(answers, asker)
    ctx = Context(answers, handles, printer, asker)
    try:
        plans = Runner(steps_for(answers), ctx).run(dry_run=args.dry_run)
        out.set(dry_run=args.dry_run, changed_steps=[p.step for p in plans if p.changes_something],
                run_id=ctx.run_id)
        if args.dry_run:
            return 0
        return _verify_and_report(answers, handles, printer, ctx, time.monotonic() - started, out)
    finally:
        out.set(events=printer.events)
        close_all(handles)


def _verify_and_report(answers, handles, printer, ctx, seconds, out) -> int:
    out.say(T("==> Verifying the deployment from outside", "==> 从外部验证部署"))
    results = verify_all(answers, handles, say_finding(out))
    steps = [{"step": e["step"], "title": next((p["title"] for p in _plan(printer) if p["step"] == e["step"]), e["step"]),
              "status": e["status"], "seconds": e["seconds"]} for e in printer.events if e["type"] == "StepFinished"]
    paths = write_report(answers, handles, results, {"run_id": ctx.run_id, "seconds": round(seconds, 1),
                                                      "steps": steps})
    out.set(verification=[r.to_json() for r in results], report={k: str(v) for k, v in paths.items()},
            install_seconds=round(seconds, 1))
    out.say(T("Acceptance report: {html}", "验收报告：{html}", html=paths["html"]))
    return 0 if all(r.ok for r in results) else 1


def _plan(printer) -> list:
    return next((e["plan"] for e in printer.events if e["type"] == "PlanReady"), [])
