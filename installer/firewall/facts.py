"""What a target runs, read before anything is planned: our SSH connection as the target sees it, the
firewall tools and services present, systemd, and the JobFirst rules applied earlier."""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace

from ..errors import InstallerError
from ..i18n import T
from . import firewalld, ufw
from .policy import normalise_address
from .transaction import pending_probe

TOOLS = ("nft", "iptables", "iptables-restore", "ip6tables", "ufw", "firewall-cmd", "systemd-run", "systemctl",
         "setsid")


@dataclass(frozen=True)
class Facts:
    client: str                 # the installer's address as the target sees it ($SSH_CONNECTION)
    ssh_port: int               # the port sshd answered us on
    tools: frozenset = frozenset()
    systemd: bool = False       # systemd runs as PID 1
    own_netns: bool = False     # this shell's network namespace is not PID 1's (container, test target)
    firewalld: bool = False     # firewalld is running
    ufw: bool = False           # ufw is active
    active: str = ""            # back end of the JobFirst rules applied earlier ("" when none)
    live: str = ""              # digest of our rules loaded now in the chosen back end
    persisted: str = ""         # digest of our rules kept for the next boot
    pending: bool = False       # an earlier change still waits for its confirmation or its revert
    zone: str = ""              # firewalld's default zone
    sections: dict = field(default_factory=dict)  # raw listings of ufw / firewalld, by name


def state_dir(target) -> str:
    return f"{target.install_dir.rstrip('/')}/.jobfirst/firewall"


def _script(state: str) -> str:
    q = shlex.quote(state)
    tools = " ".join(TOOLS)
    return (f"for c in {tools}; do command -v $c >/dev/null 2>&1 && echo tool=$c; done; "
            "[ -d /run/systemd/system ] && echo systemd=1; "
            '[ "$(readlink /proc/1/ns/net)" = "$(readlink /proc/self/ns/net)" ] || echo own_netns=1; '
            'if command -v firewall-cmd >/dev/null; then echo "firewalld_state=$(firewall-cmd --state 2>&1)"; '
            'echo "zone=$(firewall-cmd --get-default-zone 2>/dev/null)"; fi; '
            'if command -v ufw >/dev/null; then echo "ufw_status=$(ufw status 2>&1 | head -n 1)"; fi; '
            f"sed 's/^/active=/' {q}/active/backend 2>/dev/null; {pending_probe(state)}")


def parse(lines: str) -> dict:
    """key=value lines, and raw listings between `==name==` and `==end==` into sections."""
    found: dict = {"tools": set(), "sections": {}}
    section = None
    for line in lines.splitlines():
        if section is not None and line == "==end==":
            section = None
        elif section is not None:
            found["sections"][section] = found["sections"].get(section, "") + line + "\n"
        elif line.startswith("==") and line.endswith("==") and len(line) > 4:
            section = line.strip("=")
        else:
            _field(found, *line.partition("=")[::2])
    found["tools"] = frozenset(found["tools"])
    return found


def _field(found: dict, key: str, value: str) -> None:
    if key == "tool":
        found["tools"].add(value)
    elif key in ("systemd", "own_netns", "pending"):
        found[key] = value == "1"
    elif key == "firewalld_state":
        found["firewalld"] = firewalld.running(value)
    elif key == "ufw_status":
        found["ufw"] = ufw.active(value)
    elif key in ("active", "live", "persisted", "zone"):
        found[key] = value.strip()


def connection(ssh_connection: str, host: str) -> tuple[str, int]:
    """$SSH_CONNECTION is `client-ip client-port server-ip server-port`."""
    parts = ssh_connection.split()
    if len(parts) != 4:
        raise InstallerError(T("Cannot tell from which address the installer reaches {host}: $SSH_CONNECTION is "
                               "'{value}'.", "无法判断安装程序从哪个地址连接 {host}：$SSH_CONNECTION 为“{value}”。",
                               host=host, value=ssh_connection.strip()),
                             T("Log in with a normal SSH session (no ForceCommand or restricted shell) and try again.",
                               "请使用普通 SSH 会话登录（不要 ForceCommand 或受限 shell）后重试。"),
                             code="firewall.client_unknown", where=host)
    return normalise_address(parts[0]), int(parts[3])


def read_facts(session, target) -> Facts:
    # Not through sudo: sudo resets the environment and drops SSH_CONNECTION.
    client, port = connection(session.run('echo "$SSH_CONNECTION"', sudo=False).out, target.host)
    found = parse(session.run(_script(state_dir(target)), sudo=True).out)
    return Facts(client=client, ssh_port=port, **found)


def read_live(session, backend, policy, facts: Facts, persisted_path: str | None) -> Facts:
    """The digests of our rules as loaded now and as kept for the next boot; the manager's listing."""
    script = backend.probe(policy, facts)
    if persisted_path:
        script += f"\nprintf 'persisted=%s\\n' \"$(cat {shlex.quote(persisted_path)} 2>/dev/null)\""
    found = parse(session.run(script, sudo=True).out)
    return replace(facts, live=found.get("live", ""), persisted=found.get("persisted", ""),
                   sections=found["sections"])
