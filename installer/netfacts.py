"""Parsing what Linux and Docker say about ports: /proc/net/tcp listeners and `docker ps` published ports.
Shared by the server checks (is 80/443 free?) and the firewall's scan (what should answer?)."""
from __future__ import annotations

import ipaddress
import re

LISTEN = "0A"   # TCP_LISTEN in /proc/net/tcp
PUBLISHED = re.compile(r"(?:^|[\s,])(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]*\]):(\d+)(?:-(\d+))?->")


def _hex_address(text: str) -> ipaddress._BaseAddress:
    raw = bytes.fromhex(text)
    # the kernel prints each 32-bit word in host (little-endian) order
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(words)
    return getattr(ip, "ipv4_mapped", None) or ip


def listening_ports(proc_net_tcp: str, include_loopback: bool = False) -> set[int]:
    """Ports in LISTEN state in /proc/net/tcp{,6}; loopback-only ones too when asked (they still hold
    the port: nothing else can bind it on all addresses)."""
    ports = set()
    for line in proc_net_tcp.splitlines():
        fields = line.split()
        if len(fields) > 3 and fields[3] == LISTEN and ":" in fields[1]:
            address, port = fields[1].split(":")
            if include_loopback or not _hex_address(address).is_loopback:
                ports.add(int(port, 16))
    return ports


def published_ports(docker_ps_ports: str) -> set[int]:
    """Host ports from `docker ps --format {{.Ports}}`, e.g. 0.0.0.0:8080->80/tcp; loopback ones left out."""
    ports = set()
    for address, first, last in PUBLISHED.findall(docker_ps_ports):
        if not ipaddress.ip_address(address.strip("[]") or "::").is_loopback:
            ports.update(range(int(first), int(last or first) + 1))
    return ports


