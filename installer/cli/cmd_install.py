"""`install --answers F [--dry-run] [--yes]`: the whole install as one plan, shown before the commit
point, then verified from outside and written up as the acceptance report."""
from .. import install
from ..answers import load_answers
from ..engine.questions import HeadlessAsker
from ..i18n import T
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
    printer = EventPrinter(out)
    try:
        outcome = install.run(answers, printer, asker, dry_run=args.dry_run)
    finally:
        out.set(events=printer.events)
    out.set(dry_run=args.dry_run, changed_steps=[p.step for p in outcome.plans if p.changes_something],
            run_id=outcome.run_id)
    if args.dry_run:
        return 0
    out.set(verification=[r.to_json() for r in outcome.verification], install_seconds=outcome.seconds,
            report={k: str(v) for k, v in outcome.report.items()})
    out.say(T("Acceptance report: {html}", "验收报告：{html}", html=outcome.report["html"]))
    return 0 if outcome.verified else 1
