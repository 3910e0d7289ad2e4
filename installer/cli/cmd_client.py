"""`client add --client-id ID --client-name NAME --answers F`: a new tenant on a running SaaS
deployment (the seed's setup-client.sh), its data in a schema of its own, within the licence."""
from __future__ import annotations

import json
import re
import shlex

from ..answers import load_answers
from ..answers.schema import CLIENT_ID
from ..deploy.compose import Compose
from ..engine.connect import close_all, connect_all
from ..engine.questions import HeadlessAsker
from ..errors import InstallerError
from ..i18n import T
from ..licence import read_licence_file


def register(sub):
    p = sub.add_parser("client", help="SaaS: manage the tenants of a running deployment")
    actions = p.add_subparsers(dest="client_command", metavar="ACTION", required=True, parser_class=type(p))
    add = actions.add_parser("add", help="add a client (tenant)")
    add.add_argument("--client-id", required=True)
    add.add_argument("--client-name", required=True)
    add.add_argument("--answers", required=True, metavar="FILE")
    add.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _refuse(message, fix, code):
    raise InstallerError(message, fix, code=code)


def run(args, out) -> int:
    if not re.fullmatch(CLIENT_ID, args.client_id):
        _refuse(T("'{id}' is not a valid client id.", "'{id}' 不是有效的客户 ID。", id=args.client_id),
                T("Use lower-case letters, digits and '-', up to 32 characters, e.g. client002.",
                  "请使用小写字母、数字和“-”，最多 32 个字符，例如 client002。"), "client.bad_id")
    answers = load_answers(args.answers)
    if not answers.licence:
        _refuse(T("The answer file has no licence:.", "应答文件中没有 licence:。"),
                T("Use the answer file of the install.", "请使用安装时的应答文件。"), "licence.missing")
    lic = read_licence_file(answers.licence)
    if lic.kind != "saas":
        _refuse(T("This deployment's licence is {kind}: it covers one client ({client}).",
                  "该部署的授权类型为 {kind}：只覆盖一个客户（{client}）。", kind=lic.kind, client=lic.client_name),
                T("Adding clients needs a SaaS licence; ask JobFirst.", "添加客户需要 SaaS 授权，请联系 JobFirst。"),
                "client.not_saas")
    handles = connect_all(answers, HeadlessAsker(trust_new_host_keys=answers.ssh.trust_new_host_keys))
    try:
        results = [_add(h, answers, args) for h in handles]
    finally:
        close_all(handles)
    changed = any(r.get("changed") for r in results)
    out.set(client_id=args.client_id, changed=changed)
    out.say(T("Client {id} ({name}) added.", "已添加客户 {id}（{name}）。", id=args.client_id, name=args.client_name)
            if changed else T("Client {id} already exists; nothing changed.", "客户 {id} 已存在；无变化。", id=args.client_id))
    return 0


def _add(h, answers, args) -> dict:
    command = (f"exec -T user python3 -m jobfirst_app.admin tenant-add {shlex.quote(args.client_id)} "
               f"{shlex.quote(args.client_name)}")
    result = Compose(h, answers.deploy.project).run(command, check=False)
    try:
        body = json.loads(result.out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        _refuse(T("Could not add the client on {host}: {why}", "无法在 {host} 上添加客户：{why}", host=h.host,
                  why=(result.err or result.out).strip()[-500:]),
                T("Check that JobFirst runs there (jobfirst-installer verify).", "请确认 JobFirst 正在该服务器上运行（jobfirst-installer verify）。"),
                "client.failed")
    if body.get("error") == "licence_client_limit":
        _refuse(T("The licence allows {n} clients on this deployment, and they are all in use.",
                  "该授权在此部署上允许 {n} 个客户，均已使用。", n=body.get("limit")),
                T("Ask JobFirst for a licence with more clients.", "请向 JobFirst 申请更多客户数的授权。"), "client.limit")
    if not body.get("ok"):
        _refuse(T("The deployment refused the client: {e}", "部署拒绝了该客户：{e}", e=body.get("error")),
                None, "client.refused")
    return body
