"""`check --answers F`: server checks on every target; exit 0 only when nothing fails."""
from ..answers import load_answers
from ..checks.preflight import run_checks
from ..checks.result import FAIL
from ..engine.questions import HeadlessAsker
from ..i18n import T
from .render import render_report


def register(sub):
    p = sub.add_parser("check", help="server checks (preflight) on every target")
    p.add_argument("--answers", required=True, metavar="FILE")
    p.add_argument("--trust-new-host-keys", action="store_true",
                   help="accept unknown SSH host keys once, print and record their fingerprints")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, out) -> int:
    answers = load_answers(args.answers)
    asker = HeadlessAsker(trust_new_host_keys=args.trust_new_host_keys or answers.ssh.trust_new_host_keys,
                          notify=out.warn)
    reports = run_checks(answers, asker)
    for report in reports:
        render_report(report, out)
        if report.error is not None:
            out.errors.append(report.error.to_json())
    failed = [r.host for r in reports if r.status == FAIL]
    out.set(targets=[r.to_json() for r in reports])
    out.say(T("{n} server(s) checked; {bad} with failures.", "已检查 {n} 台服务器；{bad} 台未通过。",
              n=len(reports), bad=len(failed)))
    return 1 if failed else 0
