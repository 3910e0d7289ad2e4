"""What the firewall allows, independent of the back end: one model, rendered to nftables, iptables,
ufw or firewalld, and described in words for the plan."""
from __future__ import annotations

import hashlib
import ipaddress
import socket
from dataclasses import dataclass

from ..i18n import T, Text

# Docker's own bridges: traffic from containers is not "from outside" and is left to Docker's rules.
DOCKER_BRIDGES = ("docker0", "docker_gwbridge")
DOCKER_BRIDGE_PREFIX = "br-"   # user-defined networks (compose) are br-<id>
TAG = "jobfirst-policy"        # marks our rule sets with their digest, so a plan can see what is live


@dataclass(frozen=True)
class Policy:
    public_ports: tuple[int, ...]   # open to everyone (80, 443)
    ssh_port: int                   # the port our sshd answers on, as the target sees it
    management: tuple[str, ...]     # CIDRs that may use SSH (and ping)
    peers: tuple[str, ...] = ()     # the other servers of this installation: everything allowed

    def nets(self, version: int, which: str = "management") -> list[str]:
        return [n for n in getattr(self, which) if ipaddress.ip_network(n).version == version]

    def admits_ssh_from(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        return self.ssh_port in self.public_ports or any(ip in ipaddress.ip_network(n)
                                                         for n in self.management + self.peers)

    def describe(self) -> list[Text]:
        """The rules in words, in the order they apply."""
        ports = ", ".join(map(str, self.public_ports))
        words = [T("Accept TCP {ports} from anywhere (the public ports).", "接受来自任何地址的 TCP {ports}（公开端口）。",
                   ports=ports),
                 T("Accept SSH (TCP {port}) and ping only from the management networks: {nets}.",
                   "仅接受来自管理网段 {nets} 的 SSH（TCP {port}）和 ping。", port=self.ssh_port,
                   nets=", ".join(self.management))]
        if self.peers:
            words.append(T("Accept everything from the other servers of this installation: {peers}.",
                           "接受来自本次安装其他服务器的全部流量：{peers}。", peers=", ".join(self.peers)))
        return words + [
            T("Accept loopback, replies to connections the server opened, traffic from Docker's own networks and "
              "IPv6 neighbour discovery.", "接受回环、服务器自身发起连接的回复、Docker 内部网络的流量以及 IPv6 邻居发现。"),
            T("Drop every other inbound connection, also to ports Docker publishes: from outside, containers are "
              "reachable only on TCP {ports}.", "丢弃其他所有入站连接，包括 Docker 发布的端口：从外部只能通过 TCP {ports} "
              "访问容器。", ports=ports)]


@dataclass(frozen=True)
class Rendered:
    """A back end's rules for one policy: their digest, the exact text shown in the plan, and the files
    put on the target (apply.sh and remove.sh with what they load)."""
    tag: str
    text: str
    files: dict


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def normalise_address(address: str) -> str:
    """SSH_CONNECTION may show an IPv4 client as ::ffff:a.b.c.d."""
    ip = ipaddress.ip_address(address)
    mapped = getattr(ip, "ipv4_mapped", None)
    return str(mapped or ip)


def peer_addresses(answers, this_host: str) -> tuple[str, ...]:
    """Addresses of the other targets (swarm and service traffic between the servers)."""
    found = []
    for t in answers.targets:
        if t.host != this_host:
            found += _resolve(t.host)
    return tuple(dict.fromkeys(str(ipaddress.ip_network(a)) for a in found))


def _resolve(host: str) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            return sorted({i[4][0] for i in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})
        except OSError:
            return []  # unknown here: that peer gets no exception; the plan still names the others


def policy_for(answers, host: str, ssh_port: int) -> Policy:
    fw = answers.firewall
    return Policy(public_ports=tuple(sorted(set(fw.public_ports))), ssh_port=ssh_port,
                  management=tuple(dict.fromkeys(fw.management)), peers=peer_addresses(answers, host))
