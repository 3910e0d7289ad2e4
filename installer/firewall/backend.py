"""Which back end a target gets: the one its admins already use (firewalld, then ufw), else nftables,
else plain iptables; or the one the answer file forces, when the target has it."""
from __future__ import annotations

from ..errors import InstallerError
from ..i18n import T
from .firewalld import FirewalldBackend
from .iptables import IptablesBackend
from .nftables import NftablesBackend
from .ufw import UfwBackend

BACKENDS = {b.name: b for b in (NftablesBackend(), IptablesBackend(), UfwBackend(), FirewalldBackend())}


def choose(setting: str, facts, host: str):
    if setting != "auto":
        return _forced(BACKENDS[setting], facts, host)
    if facts.firewalld:
        return BACKENDS["firewalld"]
    if facts.ufw:
        return BACKENDS["ufw"]
    for name in ("nftables", "iptables"):
        if set(BACKENDS[name].tools) <= facts.tools:
            return BACKENDS[name]
    raise InstallerError(T("No firewall tool on {host}: neither nft nor iptables is installed.",
                           "{host} 上没有防火墙工具：既没有 nft 也没有 iptables。", host=host),
                         T("Install the nftables package (or iptables) on the server, then plan again.",
                           "请在服务器上安装 nftables（或 iptables）软件包，然后重新生成计划。"),
                         code="firewall.no_tool", where=host)


def _forced(backend, facts, host: str):
    missing = [t for t in backend.tools if t not in facts.tools]
    not_running = backend.name == "firewalld" and not facts.firewalld
    if missing or not_running:
        what = ", ".join(missing) if missing else T("firewalld is not running", "firewalld 未运行")
        raise InstallerError(T("firewall.backend is {name}, but {host} cannot use it ({what}).",
                               "firewall.backend 为 {name}，但 {host} 无法使用（{what}）。",
                               name=backend.name, host=host, what=what),
                             T("Install or start {name} on the server, or set firewall.backend: auto.",
                               "请在服务器上安装或启动 {name}，或设置 firewall.backend: auto。", name=backend.name),
                             code="firewall.backend_unavailable", where=host)
    return backend
