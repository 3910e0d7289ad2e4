"""`verify --answers F`: the deployment as its users reach it (the seed's verify-deployment.sh)."""
from ..answers import load_answers
from ..engine.connect import close_all, connect_all
from ..engine.questions import HeadlessAsker
from ..errors import InstallerError
from ..i18n import T
from ..verify.report import write_report
from ..verify.run import verify_all
from .render import finding_line


def register(sub):
    p = sub.add_parser("verify", help="verify a running deployment and write the acceptance report")
    p.add_argument("--answers", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def say_finding(out):
    return lambda host, f: out.say(finding_line(host, f))


def run(args, out) -> int:
    answers = load_answers(args.answers)
    if answers.tls is None:
        raise InstallerError(T("verify needs the tls: section (the domain to check).", "verify 需要 tls: 段（要检查的域名）。"),
                             T("Use the answer file of the install.", "请使用安装时的应答文件。"), code="verify.no_tls")
    handles = connect_all(answers, HeadlessAsker(trust_new_host_keys=answers.ssh.trust_new_host_keys))
    try:
        results = verify_all(answers, handles, say_finding(out))
        paths = write_report(answers, handles, results, None)
    finally:
        close_all(handles)
    out.set(targets=[r.to_json() for r in results], report={k: str(v) for k, v in paths.items()})
    out.say(T("Acceptance report: {html}", "验收报告：{html}", html=paths["html"]))
    return 0 if all(r.ok for r in results) else 1
