"""Reading a server's facts in one round trip: a shell script prints sections, Python parses them.
Parsing is pure so that it is unit-tested on output recorded from real distributions."""
from __future__ import annotations

import json

from ..netfacts import listening_ports, published_ports  # noqa: F401 (facts of the checks)
import shlex
import time

SCRIPT = r"""
S() { printf '\n@@%s\n' "$1"; }
free_at() { d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" | tail -n 1; }
S os_release; cat /etc/os-release 2>/dev/null
S kernel; uname -r
S arch; uname -m
S cores; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN
S meminfo; cat /proc/meminfo
S install_df; free_at @INSTALL_DIR@
S docker_info; DOCKER_HOST=@DOCKER_HOST@ docker info --format '{{json .}}' 2>&1
S docker_root_df; r=$(DOCKER_HOST=@DOCKER_HOST@ docker info --format '{{.DockerRootDir}}' 2>/dev/null) && [ -n "$r" ] && free_at "$r"
S our_ports; DOCKER_HOST=@DOCKER_HOST@ docker ps --filter label=com.docker.compose.project=@PROJECT@ --format '{{.Ports}}' 2>/dev/null
S compose_v2; DOCKER_HOST=@DOCKER_HOST@ docker compose version --short 2>/dev/null
S compose_v1; docker-compose version --short 2>/dev/null
S tcp; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null
S listeners; ss -Hltnp 2>/dev/null
S selinux; getenforce 2>/dev/null || cat /sys/fs/selinux/enforce 2>/dev/null
S route; cat /proc/net/route 2>/dev/null; cat /proc/net/ipv6_route 2>/dev/null | awk '$1=="00000000000000000000000000000000" && $2=="00" && $10!="lo" {print "v6default"}'
S hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
S resolve; getent hosts "$(hostname)" 2>/dev/null
S swaps; cat /proc/swaps
S nofile; ulimit -n
"""


def script_for(install_dir: str, docker_host: str, project: str = "jobfirst") -> str:
    q = shlex.quote
    return (SCRIPT.replace("@INSTALL_DIR@", q(install_dir)).replace("@DOCKER_HOST@", q(docker_host))
            .replace("@PROJECT@", q(project)))


def split_sections(output: str) -> dict[str, str]:
    sections, name, lines = {}, None, []
    for line in output.splitlines():
        if line.startswith("@@"):
            if name:
                sections[name] = "\n".join(lines).strip()
            name, lines = line[2:].strip(), []
        elif name:
            lines.append(line)
    if name:
        sections[name] = "\n".join(lines).strip()
    return sections


def os_release(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip().strip('"').strip("'")
    return out


def meminfo_kib(text: str, key: str = "MemTotal") -> int | None:
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def df_free_kib(line: str) -> tuple[int, str] | None:
    """(available KiB, mount point) from one `df -Pk` line."""
    parts = line.split()
    if len(parts) >= 6 and parts[3].isdigit():
        return int(parts[3]), parts[5]
    return None


def has_default_route(route_text: str) -> bool:
    for line in route_text.splitlines():
        parts = line.split()
        if line.strip() == "v6default" or (len(parts) > 2 and parts[1] == "00000000" and parts[0] != "Iface"):
            return True
    return False


def docker_info(text: str) -> dict | None:
    try:
        info = json.loads(text.splitlines()[0]) if text else None
    except (json.JSONDecodeError, IndexError):
        return None
    if not isinstance(info, dict) or not info.get("ServerVersion"):
        return None
    return info


def image_store(info: dict) -> str:
    """'containerd' when Docker uses the containerd image store (layer reuse falls back), else 'classic'."""
    status = json.dumps(info.get("DriverStatus") or [])
    return "containerd" if "io.containerd.snapshotter" in status else "classic"


def swap_kib(text: str) -> int:
    total = 0
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and parts[2].isdigit():
            total += int(parts[2])
    return total


def gather(session, target) -> dict:
    """Facts of one target. Privileged (docker) facts need sudo; without it they are simply absent."""
    privileged = session.sudo_error is None
    result = session.run(script_for(target.install_dir, target.docker_host), sudo=privileged, check=False,
                         timeout=60)
    facts = split_sections(result.out)
    facts["_privileged"] = privileged
    facts["clock_skew"] = clock_skew(session)
    return facts


def clock_skew(session) -> float:
    """Seconds the target's clock is ahead of this workstation's (negative: behind)."""
    before = time.time()
    remote = float(session.run("date +%s.%N", timeout=20).out.strip().replace("N", "0") or 0)
    after = time.time()
    return remote - (before + after) / 2


def process_on_port(ss_output: str, port: int) -> str | None:
    """Name of the program listening on a port, from `ss -Hltnp` (root only shows every program)."""
    for line in ss_output.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3].rsplit(":", 1)[-1] == str(port):
            if 'users:(("' in line:
                return line.split('users:(("', 1)[1].split('"', 1)[0]
            return "?"
    return None
