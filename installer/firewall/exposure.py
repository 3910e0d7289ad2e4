"""What the outside really sees: every TCP port the target listens on (read over SSH, plus the ports
Docker publishes) is probed from this workstation with a TCP connect, only at the target's own
address, with short timeouts and a bounded number of ports and threads. Used after apply and by verify."""
from __future__ import annotations

import ipaddress
import shlex
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..i18n import T, Text
from ..netfacts import listening_ports, published_ports
from .facts import connection

MAX_PORTS = 2048


def scan(address: str, ports, timeout: float = 1.0, workers: int = 64, source: str | None = None) -> set[int]:
    """The ports that accept a TCP connection (a dropped port times out, a closed one is refused)."""
    def is_open(port: int) -> bool:
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
            s.settimeout(timeout)
            if source:
                s.bind((source, 0))
            return s.connect_ex((address, port)) == 0
    ports = sorted(ports)[:MAX_PORTS]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(ports)))) as pool:
        return {p for p, ok in zip(ports, pool.map(is_open, ports)) if ok}


@dataclass
class Exposure:
    address: str
    listening: set      # what the target listens on (including Docker-published ports)
    expected: set       # what should answer from here: the public ports it listens on, SSH from management
    open: set           # what answered

    @property
    def unexpected(self) -> set:
        return self.open - self.expected

    @property
    def blocked(self) -> set:
        return self.expected - self.open

    @property
    def ok(self) -> bool:
        return not self.unexpected and not self.blocked

    def describe(self) -> Text:
        return T("{addr}: open {open}; expected {expected}; open but should not be {bad}; blocked but should "
                 "answer {blocked}.", "{addr}：开放 {open}；应开放 {expected}；不应开放却开放 {bad}；应开放却被阻断 {blocked}。",
                 addr=self.address, open=_ports(self.open), expected=_ports(self.expected),
                 bad=_ports(self.unexpected), blocked=_ports(self.blocked))


def _ports(ports) -> str:
    return ", ".join(map(str, sorted(ports))) or "-"


def target_ports(session, target) -> set[int]:
    docker = f"docker -H {shlex.quote(target.docker_host)} ps --format '{{{{.Ports}}}}' 2>/dev/null"
    out = session.run(f"cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; echo ==docker==; {docker}; true",
                      sudo=True).out
    tcp, _, ps = out.partition("==docker==")
    return listening_ports(tcp) | published_ports(ps)


def check_exposure(session, target, answers, source: str | None = None, timeout: float = 1.0) -> Exposure:
    """Scan the target's own address from this workstation (optionally from a given local source address)."""
    client, ssh_port = connection(session.run('echo "$SSH_CONNECTION"').out, target.host)
    address = socket.getaddrinfo(target.host, None, proto=socket.IPPROTO_TCP)[0][4][0]
    listening = target_ports(session, target)
    scanner = ipaddress.ip_address(source or client)
    management = any(scanner in ipaddress.ip_network(n) for n in answers.firewall.management)
    expected = (listening & set(answers.firewall.public_ports)) | ({ssh_port} if management else set())
    return Exposure(address, listening, expected, scan(address, listening, timeout, source=source))
