"""iptables back end (legacy or nft flavour, whichever `iptables` is on the target): two chains of
our own, JOBFIRST-INPUT (jumped to first from INPUT) and JOBFIRST-FORWARD (jumped to first from
DOCKER-USER, the chain Docker keeps across restarts and jumps to before its own rules). Allowed
traffic RETURNs, so the customer's later rules still apply; everything else is dropped.

Loaded with `iptables-restore --noflush`, one transaction per address family. Declaring a chain in
such a file flushes it, so DOCKER-USER is declared only when it does not exist yet."""
from __future__ import annotations

from ..i18n import T
from .policy import DOCKER_BRIDGE_PREFIX, DOCKER_BRIDGES, TAG, Policy, Rendered, digest

INPUT, FORWARD = "JOBFIRST-INPUT", "JOBFIRST-FORWARD"
FAMILIES = {4: "iptables", 6: "ip6tables"}
ND_TYPES = ("neighbour-solicitation", "neighbour-advertisement", "router-advertisement")


def _docker_ifaces() -> list[str]:
    return list(DOCKER_BRIDGES) + [DOCKER_BRIDGE_PREFIX + "+"]


def _icmp(version: int, kind: str) -> str:
    return f"-p icmp --icmp-type {kind}" if version == 4 else f"-p ipv6-icmp --icmpv6-type {kind}"


def _input_rules(policy: Policy, version: int) -> list[str]:
    rules = ["-i lo", "-m conntrack --ctstate RELATED,ESTABLISHED"] + [f"-i {i}" for i in _docker_ifaces()]
    ports = list(policy.public_ports)
    rules += [f"-p tcp -m multiport --dports {','.join(map(str, ports[i:i + 15]))}" for i in range(0, len(ports), 15)]
    for net in policy.nets(version):
        rules += [f"-s {net} -p tcp --dport {policy.ssh_port}", f"-s {net} {_icmp(version, 'echo-request')}"]
    rules += [f"-s {net}" for net in policy.nets(version, "peers")]
    rules += [_icmp(6, t) for t in ND_TYPES] if version == 6 else []
    return [f"-A {INPUT} {r} -j RETURN" for r in rules] + [f"-A {INPUT} -j DROP"]


def _forward_rules(policy: Policy, version: int) -> list[str]:
    rules = ["-m conntrack --ctstate RELATED,ESTABLISHED"] + [f"-i {i}" for i in _docker_ifaces()]
    rules += [f"-s {net}" for net in policy.nets(version, "peers")]
    rules += [f"-p tcp -m conntrack --ctstate DNAT --ctorigdstport {p}" for p in policy.public_ports]
    return ([f"-A {FORWARD} {r} -j RETURN" for r in rules] +
            [f"-A {FORWARD} -o {i} -j DROP" for i in _docker_ifaces()])


def chain_rules(policy: Policy) -> tuple[str, dict[int, str]]:
    """(digest, per family the lines appended to our two chains); the first line carries the digest."""
    body = {v: _input_rules(policy, v) + _forward_rules(policy, v) for v in FAMILIES}
    tag = digest("\n".join(body[4] + body[6]))
    return tag, {v: "\n".join([f'-A {INPUT} -m comment --comment "{TAG} {tag}"'] + lines) + "\n"
                 for v, lines in body.items()}


# One transaction per family: our chains declared (so emptied) and filled, the jumps added if missing.
APPLY = r"""#!/bin/sh
# Load the JobFirst chains; run at apply time and at boot. Safe to run again.
set -e
d=$(dirname "$0")
load() {
  {
    echo '*filter'
    echo ':JOBFIRST-INPUT - [0:0]'
    echo ':JOBFIRST-FORWARD - [0:0]'
    if ! $1 -n -L DOCKER-USER >/dev/null 2>&1; then echo ':DOCKER-USER - [0:0]'; : > "$d/created-docker-user-$1"; fi
    cat "$2"
    $1 -C INPUT -j JOBFIRST-INPUT 2>/dev/null || echo '-I INPUT 1 -j JOBFIRST-INPUT'
    $1 -C DOCKER-USER -j JOBFIRST-FORWARD 2>/dev/null || echo '-I DOCKER-USER 1 -j JOBFIRST-FORWARD'
    echo COMMIT
  } | $1-restore --noflush
}
load iptables "$d/rules.v4"
if [ -e /proc/net/if_inet6 ] && command -v ip6tables-restore >/dev/null; then load ip6tables "$d/rules.v6"; fi
"""

REMOVE = r"""#!/bin/sh
# Remove the JobFirst chains and the jumps to them; DOCKER-USER only if we created it and it is unused.
d=$(dirname "$0")
unload() {
  {
    echo '*filter'
    $1 -C INPUT -j JOBFIRST-INPUT 2>/dev/null && echo '-D INPUT -j JOBFIRST-INPUT'
    $1 -C DOCKER-USER -j JOBFIRST-FORWARD 2>/dev/null && echo '-D DOCKER-USER -j JOBFIRST-FORWARD'
    for c in JOBFIRST-INPUT JOBFIRST-FORWARD; do
      $1 -n -L $c >/dev/null 2>&1 && printf -- '-F %s\n-X %s\n' $c $c
    done
    if [ -e "$d/created-docker-user-$1" ] && [ "$($1 -S DOCKER-USER 2>/dev/null | grep -vc -- '-j JOBFIRST-FORWARD')" = 1 ] \
       && ! $1 -S FORWARD | grep -q -- '-j DOCKER-USER'; then echo '-X DOCKER-USER'; fi
    echo COMMIT
  } | $1-restore --noflush
}
unload iptables
if [ -e /proc/net/if_inet6 ] && command -v ip6tables-restore >/dev/null; then unload ip6tables; fi
exit 0
"""

# Prints `live=<digest>` only when our chain is loaded and jumped to, for every family in use.
PROBE = r"""live=
for f in iptables ip6tables; do
  [ $f = ip6tables ] && { [ -e /proc/net/if_inet6 ] && command -v ip6tables-restore >/dev/null || continue; }
  tag=$($f -S JOBFIRST-INPUT 2>/dev/null | sed -n 's/.*jobfirst-policy \([0-9a-f]*\).*/\1/p' | head -n 1)
  $f -C INPUT -j JOBFIRST-INPUT 2>/dev/null && $f -C DOCKER-USER -j JOBFIRST-FORWARD 2>/dev/null || tag=
  if [ $f = iptables ]; then live=$tag; elif [ "$tag" != "$live" ]; then live=; fi
done
echo "live=$live"
"""


class IptablesBackend:
    name = "iptables"
    tools = ("iptables", "iptables-restore")
    summary = T("iptables: chains JOBFIRST-INPUT (first in INPUT) and JOBFIRST-FORWARD (first in DOCKER-USER), "
                "loaded with iptables-restore --noflush, one transaction per address family",
                "iptables：链 JOBFIRST-INPUT（INPUT 中第一条）和 JOBFIRST-FORWARD（DOCKER-USER 中第一条），"
                "用 iptables-restore --noflush 加载，每个地址族一个事务")

    def render(self, policy: Policy, facts=None) -> Rendered:
        tag, rules = chain_rules(policy)
        text = "# iptables-restore --noflush (IPv4)\n" + rules[4] + "# ip6tables-restore --noflush (IPv6)\n" + rules[6]
        return Rendered(tag, text, {"rules.v4": rules[4], "rules.v6": rules[6], "boot.sh": APPLY, "apply.sh": APPLY,
                                    "remove.sh": REMOVE})

    def missing(self, policy, facts) -> list:
        return []

    def probe(self, policy=None, facts=None) -> str:
        return PROBE
