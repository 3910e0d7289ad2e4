"""firewalld: the JobFirst nftables table does the dropping (firewalld's nftables back end keeps to its
own `table inet firewalld`), and the default zone gets the public ports and one rich rule per
management network for SSH, so firewalld's own zone lets them in and `firewall-cmd --list-all` shows
them. Added at runtime first; made --permanent only after the confirmation, so a firewalld reload or a
reboot before it brings the old configuration back."""
from __future__ import annotations

import ipaddress
import shlex

from ..i18n import T
from .managed import ManagedBackend
from .nftables import NftablesBackend
from .policy import Policy

# A wanted rule is "<kind>\t<value>": kind is firewall-cmd's option stem (port, rich-rule).
FUNCTIONS = """z={zone}
fw() {{ firewall-cmd --zone="$z" "$@" </dev/null >/dev/null 2>&1; }}
q() {{ fw "--query-${{1%%	*}}=${{1#*	}}"; }}
add() {{ fw "--add-${{1%%	*}}=${{1#*	}}"; }}
del() {{ fw "--remove-${{1%%	*}}=${{1#*	}}"; }}
qp() {{ fw --permanent "--query-${{1%%	*}}=${{1#*	}}"; }}
addp() {{ fw --permanent "--add-${{1%%	*}}=${{1#*	}}"; }}
delp() {{ fw --permanent "--remove-${{1%%	*}}=${{1#*	}}"; }}
running() {{ [ "$(firewall-cmd --state 2>/dev/null)" = running ]; }}
start() {{ false; }}
stop() {{ :; }}
"""


def running(state_output: str) -> bool:
    """`firewall-cmd --state` prints `running`, or `not running` (exit 252)."""
    return state_output.strip() == "running"


def zone_settings(list_all: str) -> dict:
    """`firewall-cmd --zone=Z --list-all` -> {"ports": [...], "services": [...], "rich rules": [...]}."""
    found, key = {}, None
    for line in list_all.splitlines():
        if line.startswith("\t") and key == "rich rules":
            found[key].append(line.strip())
        elif ":" in line and line.startswith("  "):
            key, _, value = line.strip().partition(":")
            found[key] = value.split() if key != "rich rules" else []
    return found


def rich_rule(net: str, port: int) -> str:
    family = "ipv4" if ipaddress.ip_network(net).version == 4 else "ipv6"
    return f'rule family="{family}" source address="{net}" port port="{port}" protocol="tcp" accept'


class FirewalldManager:
    name = "firewalld"
    tools = ("firewall-cmd",)
    summary = T("firewalld: JobFirst nftables table inet jobfirst (drops) plus the public ports and SSH rich rules "
                "in the default zone", "firewalld：JobFirst nftables 表 inet jobfirst（负责丢弃），并在默认区域中开放公开端口、"
                "添加 SSH 富规则")

    def wanted(self, policy: Policy, facts=None) -> list[str]:
        return ([f"port\t{p}/tcp" for p in policy.public_ports] +
                [f"rich-rule\t{rich_rule(net, policy.ssh_port)}" for net in policy.management])

    def command(self, rule: str, facts) -> str:
        kind, value = rule.split("\t")
        return f"firewall-cmd --zone={facts.zone} --add-{kind}='{value}'"

    def functions(self, facts) -> str:
        return FUNCTIONS.format(zone=shlex.quote(facts.zone))

    def listing(self, facts) -> str:
        return f"firewall-cmd --zone={shlex.quote(facts.zone)} --list-all 2>/dev/null"

    def present(self, list_all: str) -> set[str]:
        zone = zone_settings(list_all)
        return ({f"port\t{p}" for p in zone.get("ports", [])} |
                {f"rich-rule\t{r}" for r in zone.get("rich rules", [])})


class FirewalldBackend(ManagedBackend):
    def __init__(self):
        super().__init__(NftablesBackend(), FirewalldManager())
