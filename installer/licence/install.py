"""What the install asks of the licence: may it install this answer file now (findings), and which
licence values go into the deployed stack's configuration."""
from __future__ import annotations

from datetime import datetime

from ..i18n import T
from .clock import Clocks, clock_findings, latest_time
from .findings import Finding, error, warning
from .model import NEVER, UNLIMITED, Licence
from .timespan import utc
from .validity import validity_findings


def check_for_install(lic: Licence, answers, now: datetime, target_clocks: dict | None = None,
                      last_installs: dict | None = None) -> list[Finding]:
    """Every finding for installing `answers` with this licence. `now` is the workstation's clock;
    target_clocks and last_installs map each host to its clock and to its recorded last install."""
    clocks = Clocks(now, dict(target_clocks or {}), dict(last_installs or {}))
    moment, source = latest_time(clocks)
    judged_by = source if moment > utc(now) else None
    return (validity_findings(lic, moment, judged_by) + clock_findings(clocks) + _mode(lic, answers)
            + _client(lic, answers) + _domain(lic, answers) + _servers(lic, answers))


def _mode(lic: Licence, answers) -> list[Finding]:
    mode = answers.get("mode") or "private"
    if mode == lic.kind:
        return []
    return [error("licence.mode_mismatch", T("The answer file asks for mode: {mode}, but the licence is for a {kind} "
                                             "deployment.", "应答文件要求 mode: {mode}，但授权适用于 {kind} 部署。",
                                             mode=mode, kind=lic.kind),
                  T("Set mode: {kind} in the answer file, or ask JobFirst for a {mode} licence.",
                    "请在应答文件中设置 mode: {kind}，或向 JobFirst 申请 {mode} 授权。", mode=mode, kind=lic.kind))]


def _client(lic: Licence, answers) -> list[Finding]:
    client = answers.get("client") or {}
    args = dict(lid=lic.client_id, lname=lic.client_name, aid=client.get("id"), aname=client.get("name"))
    if client and client.get("id") != lic.client_id:
        return [error("licence.client_mismatch", T("The answer file is for client '{aid}', but the licence is for "
                      "'{lid}' ({lname}).", "应答文件的客户是 '{aid}'，但授权属于 '{lid}'（{lname}）。", **args),
                      T("Set client.id: {lid} in the answer file, or use the licence issued for '{aid}'.",
                        "请在应答文件中设置 client.id: {lid}，或使用为 '{aid}' 签发的授权。", **args))]
    if client and client.get("name") != lic.client_name:
        return [warning("licence.client_name", T("The answer file names the client '{aname}'; the licence's name "
                        "'{lname}' will be used.", "应答文件中的客户名称为 '{aname}'；将使用授权中的名称 '{lname}'。", **args),
                        T("Set client.name: {lname} in the answer file to silence this.",
                          "在应答文件中设置 client.name: {lname} 即可消除此提示。", **args))]
    return []


def domain_matches(binding: str, domain: str) -> bool:
    """Case-insensitive; '*.example.com' covers one label below example.com, like a certificate."""
    binding, domain = binding.lower().rstrip("."), domain.lower().rstrip(".")
    if binding.startswith("*."):
        head, _, rest = domain.partition(".")
        return bool(head) and rest == binding[2:]
    return domain == binding


def _domain(lic: Licence, answers) -> list[Finding]:
    domain = (answers.get("tls") or {}).get("domain")
    if lic.domain is None or (domain and domain_matches(lic.domain, domain)):
        return []
    return [error("licence.domain_mismatch", T("The licence is bound to the domain {bound}, but the answer file sets "
                  "tls.domain: {domain}.", "授权绑定的域名是 {bound}，但应答文件设置的是 tls.domain: {domain}。",
                  bound=lic.domain, domain=domain or "-"),
                  T("Set tls.domain: {bound} (and a certificate for it), or ask JobFirst to bind the licence to "
                    "{domain}.", "请设置 tls.domain: {bound}（并使用该域名的证书），或请 JobFirst 将授权绑定到 {domain}。",
                    bound=lic.domain, domain=domain or "-"))]


def server_limit(lic: Licence) -> int | None:
    """How many servers the licence allows: its binding, else one unless it has multi-node."""
    if lic.max_servers is not None:
        return lic.max_servers
    return None if "multi-node" in lic.features else 1


def _servers(lic: Licence, answers) -> list[Finding]:
    count, limit = len(answers.get("targets") or []), server_limit(lic)
    if limit is None or count <= limit:
        return []
    return [error("licence.too_many_servers", T("The answer file lists {n} servers, but the licence allows {limit}.",
                                                "应答文件列出了 {n} 台服务器，但授权只允许 {limit} 台。",
                                                n=count, limit=limit),
                  T("Remove servers from targets: in the answer file, or ask JobFirst for a licence with more "
                    "servers.", "请从应答文件的 targets: 中删除服务器，或向 JobFirst 申请允许更多服务器的授权。"))]


def stack_settings(lic: Licence) -> dict[str, str]:
    """Values for the deployed stack's configuration (environment-style, all text)."""
    return {"JOBFIRST_LICENCE_ID": lic.licence_id, "JOBFIRST_CLIENT_ID": lic.client_id,
            "JOBFIRST_CLIENT_NAME": lic.client_name, "JOBFIRST_DEPLOYMENT_KIND": lic.kind,
            "JOBFIRST_EDITION": lic.edition,
            "JOBFIRST_USER_LIMIT": UNLIMITED if lic.users is None else str(lic.users),
            "JOBFIRST_FEATURES": ",".join(lic.features), "JOBFIRST_SUPPORT": lic.support,
            "JOBFIRST_LICENCE_EXPIRES": NEVER if lic.expires is None else lic.expires.isoformat()}
