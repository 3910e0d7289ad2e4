"""nftables back end: our own `table inet jobfirst`, replaced whole in one `nft -f` transaction;
no other table is read or touched (never `flush ruleset`, which would also wipe Docker's tables).

Docker-published ports are filtered by a chain of our table on the forward hook rather than in
iptables' DOCKER-USER: Docker DNATs a published port in prerouting, so the packet never reaches
input. In nftables a drop in any base chain is final, whichever table it is in, so the forward chain
holds whether Docker drives iptables-nft or iptables-legacy, and dockerd never rewrites our table
when it restarts. `ct original proto-dst` is the port the client asked for, before Docker's DNAT."""
from __future__ import annotations

from ..i18n import T
from .policy import DOCKER_BRIDGE_PREFIX, DOCKER_BRIDGES, TAG, Policy, Rendered, digest

TABLE = "inet jobfirst"
# `add` then `delete` in the same transaction: replaces the table, and no error when it is absent.
RESET = f"add table {TABLE}\ndelete table {TABLE}\n"


def _set(name: str, kind: str, elements, interval: bool = True) -> list[str]:
    lines = [f"\tset {name} {{", f"\t\ttype {kind}"] + (["\t\tflags interval"] if interval else [])
    if elements:
        lines.append("\t\telements = { " + ", ".join(map(str, elements)) + " }")
    return lines + ["\t}"]


def _sets(policy: Policy) -> list[str]:
    lines = _set("public_ports", "inet_service", policy.public_ports, interval=False)
    for which in ("management", "peers"):
        lines += _set(f"{which}_v4", "ipv4_addr", policy.nets(4, which))
        lines += _set(f"{which}_v6", "ipv6_addr", policy.nets(6, which))
    return lines


def _from_docker(rule_end: str) -> list[str]:
    bridges = ", ".join(f'"{b}"' for b in DOCKER_BRIDGES)
    return [f"\t\tiifname {{ {bridges} }} {rule_end}", f'\t\tiifname "{DOCKER_BRIDGE_PREFIX}*" {rule_end}']


def _input(policy: Policy) -> list[str]:
    ssh = policy.ssh_port
    return (["\tchain input {", "\t\ttype filter hook input priority filter - 10; policy drop;",
             '\t\tiifname "lo" accept', "\t\tct state established,related accept"] + _from_docker("accept") +
            ["\t\ttcp dport @public_ports accept",
             f"\t\tip saddr @management_v4 tcp dport {ssh} accept",
             f"\t\tip6 saddr @management_v6 tcp dport {ssh} accept",
             "\t\tip saddr @management_v4 icmp type echo-request accept",
             "\t\tip6 saddr @management_v6 icmpv6 type echo-request accept",
             "\t\tip saddr @peers_v4 accept", "\t\tip6 saddr @peers_v6 accept",
             "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept",
             "\t}"])


def _forward(policy: Policy) -> list[str]:
    bridges = ", ".join(f'"{b}"' for b in DOCKER_BRIDGES)
    # Only new connections from outside to containers are ours to judge; other forwarding is left alone.
    return (["\tchain forward {", "\t\ttype filter hook forward priority filter - 10; policy accept;",
             "\t\tct state established,related accept"] + _from_docker("accept") +
            [f'\t\toifname != {{ {bridges} }} oifname != "{DOCKER_BRIDGE_PREFIX}*" accept',
             "\t\tip saddr @peers_v4 accept", "\t\tip6 saddr @peers_v6 accept",
             "\t\tct status dnat meta l4proto tcp ct original proto-dst @public_ports accept",
             "\t\tdrop", "\t}"])


def ruleset(policy: Policy) -> tuple[str, str]:
    """(digest, the exact file given to `nft -f`): the table replaced whole, its digest in its comment."""
    body = "\n".join(_sets(policy) + _input(policy) + _forward(policy)) + "\n"
    tag = digest(body)
    return tag, RESET + f'table {TABLE} {{\n\tcomment "{TAG} {tag}"\n' + body + "}\n"


APPLY = """#!/bin/sh
# Replace table inet jobfirst in one transaction; nothing else is touched. Run at apply time and at boot.
exec nft -f "$(dirname "$0")/jobfirst.nft"
"""
REMOVE = """#!/bin/sh
# Remove table inet jobfirst (no error when it is already gone).
printf 'add table inet jobfirst\\ndelete table inet jobfirst\\n' | nft -f -
"""


class NftablesBackend:
    name = "nftables"
    tools = ("nft",)
    summary = T("nftables: table inet jobfirst, replaced whole in one transaction; no other table is touched",
                "nftables：表 inet jobfirst，在一个事务中整体替换；不触及其他任何表")

    def render(self, policy: Policy, facts=None) -> Rendered:
        tag, text = ruleset(policy)
        return Rendered(tag, text, {"jobfirst.nft": text, "boot.sh": APPLY, "apply.sh": APPLY, "remove.sh": REMOVE})

    def missing(self, policy, facts) -> list:
        return []

    def probe(self, policy=None, facts=None) -> str:
        """Prints `live=<digest>` of the table that is loaded now (empty when there is none)."""
        return (f"printf 'live=%s\\n' \"$(nft list table {TABLE} 2>/dev/null | "
                f"sed -n 's/.*comment \"{TAG} \\([0-9a-f]*\\)\".*/\\1/p' | head -n 1)\"")
