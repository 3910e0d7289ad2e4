"""`ssl check`: is a certificate fit to install on the gateway? Exit 0 only when it is; every
problem is listed with what to ask the certificate authority for.

`ssl import --answers F --yes`: replaces the certificate of a running deployment (the renewal path)
with the install's own TLS step: checked first, then put in place, the gateway reloaded, the handshake
checked from here; the previous certificate comes back if the new one does not serve."""
from __future__ import annotations

from ..answers.secrets import SecretRef
from ..i18n import T
from ..tls import CertReport, check_certificate


def register(sub):
    p = sub.add_parser("ssl", help="check (and later import) the gateway's TLS certificate")
    actions = p.add_subparsers(dest="ssl_command", metavar="ACTION", required=True, parser_class=type(p))
    _register_check(actions)
    _register_import(actions)
    p.set_defaults(func=run)


def _register_import(actions):
    p = actions.add_parser("import", help="put the answer file's certificate on the running gateway(s)")
    p.add_argument("--answers", required=True, metavar="FILE")
    p.add_argument("--yes", action="store_true", help="replace without asking")
    p.add_argument("--json", action="store_true")


def _register_check(actions):
    p = actions.add_parser("check", help="validate a certificate before import; exit 0 only when fit to install")
    p.add_argument("--domain", required=True, help="the name (or IP address) users type in the browser")
    p.add_argument("--cert", metavar="F", help="the certificate: PEM (alone or with its chain and key), DER, "
                                               "PKCS#7, or a .pfx")
    p.add_argument("--key", metavar="F", help="its private key (PEM or DER, may be encrypted)")
    p.add_argument("--chain", metavar="F", help="the intermediate certificates, if not in the --cert file")
    p.add_argument("--pkcs12", metavar="F", help="a .pfx/.p12 file with certificate, chain and key")
    p.add_argument("--ca", metavar="F", help="the private CA clients trust (default: the public roots)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the key or .pfx password")
    p.add_argument("--json", action="store_true")


def run(args, out) -> int:
    return {"check": _check, "import": _import}[args.ssl_command](args, out)


def _import(args, out) -> int:
    from ..answers import load_answers
    from ..engine.connect import close_all, connect_all
    from ..engine.context import Context
    from ..engine.questions import HeadlessAsker
    from ..engine.runner import Runner
    from ..tls.install import TlsStep
    from .render import EventPrinter
    answers = load_answers(args.answers)
    asker = HeadlessAsker(assume_yes=args.yes, trust_new_host_keys=answers.ssh.trust_new_host_keys)
    printer, handles = EventPrinter(out), connect_all(answers, asker)
    try:
        ctx = Context(answers, handles, printer, asker)
        plans = Runner([TlsStep()], ctx).run()
        report = ctx.shared["tls"][0]
        out.set(changed=plans[0].changes_something, **report.to_json())
    finally:
        out.set(events=printer.events)
        close_all(handles)
    return 0


def _check(args, out) -> int:
    password = SecretRef("env", args.password_env, "--password-env").resolve() if args.password_env else None
    report = check_certificate(args.domain, args.cert, args.key, args.chain, args.pkcs12, args.ca, password)
    out.set(**report.to_json())
    _say_findings(report, out)
    if not report.ok:
        out.say(T("The certificate for {domain} is NOT fit to install: {n} problem(s).",
                  "{domain} 的证书不能安装：{n} 个问题。", domain=args.domain, n=len(report.problems)))
        return 1
    _say_fit(report, out)
    return 0


def _say_findings(report: CertReport, out) -> None:
    for problem in report.problems:
        out.error(problem)
    for warning in report.warnings:
        out.warn(T("Warning: {w}", "警告：{w}", w=warning))
    for note in report.notes:
        out.say(note)


def _say_fit(report: CertReport, out) -> None:
    out.say(T("The certificate for {domain} is fit to install.", "{domain} 的证书可以安装。", domain=report.domain))
    rows = [(T("Subject", "使用者"), report.subject), (T("Issuer", "颁发者"), report.issuer),
            (T("Valid until", "有效期至"), report.not_after.strftime("%Y-%m-%d %H:%M UTC")),
            (T("SHA-256", "SHA-256 指纹"), report.fingerprint_sha256),
            (T("Chain", "证书链"), T("{n} certificate(s), trusted through {source}", "{n} 张证书，信任来源：{source}",
                                   n=len(report.certs), source=report.trusted_by))]
    for label, value in rows:
        out.say(f"  {label}: {value}")
