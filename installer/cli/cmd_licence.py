"""`licence verify FILE`: is this licence genuine and valid now, and what does it grant."""
from __future__ import annotations

from datetime import datetime, timezone

from ..i18n import T
from ..licence import describe_lines, raise_first_error, read_licence_file, validity_findings
from ..licence.validity import days_left


def register(sub):
    p = sub.add_parser("licence", help="licence files from JobFirst")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="check a licence file and say what it grants")
    verify.add_argument("file")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run)


def run(args, out) -> int:
    lic = read_licence_file(args.file)
    now = datetime.now(timezone.utc)
    findings = validity_findings(lic, now)
    out.set(file=args.file, licence=lic.to_json(), days_left=days_left(lic, now),
            summary={"en": describe_lines(lic, "en"), "zh": describe_lines(lic, "zh")})
    for line in describe_lines(lic):
        out.say("  " + line)
    for finding in findings:
        if not finding.is_error:
            out.warn(T("Warning: {w}", "警告：{w}", w=finding.render()))
    out.set(valid=not any(f.is_error for f in findings))
    raise_first_error(findings)
    out.say(T("{file}: the licence is genuine and valid.", "{file}：授权真实有效。", file=args.file))
    return 0
