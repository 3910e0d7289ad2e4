"""ufw: the JobFirst iptables chains do the dropping (ufw, like Docker, leaves chains it does not own
alone unless MANAGE_BUILTINS=yes, and our unit reloads them after ufw.service), and ufw gets `allow`
rules for the public ports and for SSH from the management networks, commented `jobfirst`.

Rules are written the way `ufw show added` prints them, so what is there already is recognised."""
from __future__ import annotations

import ipaddress

from ..i18n import T
from .iptables import IptablesBackend
from .managed import ManagedBackend
from .policy import Policy

FUNCTIONS = """q() { ufw show added </dev/null | sed -n "s/^ufw //p" | sed "s/ comment '[^']*'\\$//" | grep -qxF "$1"; }
add() { ufw $1 comment jobfirst </dev/null >/dev/null; }
del() { ufw delete $1 </dev/null >/dev/null; }
qp() { q "$1"; }
addp() { :; }
delp() { :; }
running() { ufw status </dev/null | grep -q '^Status: active'; }
start() { ufw --force enable </dev/null >/dev/null; }
stop() { ufw --force disable </dev/null >/dev/null; }
"""


def _source(net: str) -> str:
    """ufw prints a single host without its prefix length."""
    network = ipaddress.ip_network(net)
    return str(network.network_address) if network.num_addresses == 1 else str(network)


def active(status_first_line: str) -> bool:
    return status_first_line.strip() == "Status: active"


def present(show_added: str) -> set[str]:
    """`ufw show added` -> the rules without `ufw ` and without their comment."""
    rules = set()
    for line in show_added.splitlines():
        if line.startswith("ufw "):
            rule = line[4:]
            rules.add(rule.split(" comment '")[0] if " comment '" in rule else rule)
    return rules


class UfwManager:
    name = "ufw"
    tools = ("ufw",)
    summary = T("ufw: JobFirst iptables chains (JOBFIRST-INPUT first in INPUT, JOBFIRST-FORWARD first in "
                "DOCKER-USER) plus ufw allow rules commented 'jobfirst'",
                "ufw：JobFirst iptables 链（JOBFIRST-INPUT 位于 INPUT 首位，JOBFIRST-FORWARD 位于 DOCKER-USER 首位），"
                "以及注释为 'jobfirst' 的 ufw allow 规则")

    def wanted(self, policy: Policy, facts=None) -> list[str]:
        rules = [f"allow {port}/tcp" for port in policy.public_ports]
        ssh = policy.ssh_port
        return rules + [f"allow from {_source(net)} to any port {ssh} proto tcp" for net in policy.management]

    def command(self, rule: str, facts=None) -> str:
        return f"ufw {rule} comment jobfirst"

    def functions(self, facts=None) -> str:
        return FUNCTIONS

    def listing(self, facts=None) -> str:
        return "ufw show added 2>/dev/null"

    def present(self, show_added: str) -> set[str]:
        return present(show_added)


class UfwBackend(ManagedBackend):
    def __init__(self):
        super().__init__(IptablesBackend(), UfwManager())
