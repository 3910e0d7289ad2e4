"""Keeping the nftables and iptables rules for the next boot: a copy of the applied files in
/etc/jobfirst/firewall and our own systemd unit that loads them early (before the network and
Docker), on every systemd distribution alike. ufw and firewalld keep rules themselves.

Written only after the change was confirmed, so a rule set that locked us out never comes back at boot."""
from __future__ import annotations

import shlex
from dataclasses import dataclass

from ..i18n import T, Text

UNIT = "jobfirst-firewall.service"
BOOT_DIR = "/etc/jobfirst/firewall"
UNIT_DIR = "/etc/systemd/system"

# After= and PartOf= the distributions' own loaders and managers: when an admin restarts nftables.service
# (which flushes the whole ruleset), netfilter-persistent, ufw or firewalld, systemd loads ours again after it.
UNIT_TEXT = """[Unit]
Description=JobFirst firewall: public ports from anywhere, SSH only from the management networks
DefaultDependencies=no
Wants=network-pre.target
Before=network-pre.target shutdown.target docker.service
After=local-fs.target nftables.service netfilter-persistent.service ufw.service firewalld.service
PartOf=nftables.service netfilter-persistent.service ufw.service firewalld.service
Conflicts=shutdown.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh {boot_dir}/boot.sh

[Install]
WantedBy=sysinit.target
"""


@dataclass(frozen=True)
class Persistence:
    root: str = ""                  # prefix of /etc: "" on a real server, a test directory otherwise
    enable: bool = False            # tell the running systemd (daemon-reload, start)
    unavailable: Text | None = None  # why the rules cannot be kept for the next boot

    @property
    def boot_dir(self) -> str:
        return self.root + BOOT_DIR

    @property
    def digest_path(self) -> str | None:
        return None if self.unavailable else self.boot_dir + "/digest"


def persistence_for(facts, system_root: str | None = None) -> Persistence:
    """system_root puts the files below a directory and leaves systemd alone (tests, image builds)."""
    if system_root:
        return Persistence(root=system_root.rstrip("/"))
    if facts.own_netns:
        return Persistence(unavailable=T(
            "this server runs our commands in a network namespace other than the system's (a container or a test "
            "host), so a boot-time unit would filter the wrong network", "该服务器在与系统不同的网络命名空间中执行命令（容器或测试主机），"
            "开机单元会作用于错误的网络"))
    if not facts.systemd:
        return Persistence(unavailable=T("systemd does not run on this server", "该服务器未运行 systemd"))
    return Persistence(enable=True)


def files(p: Persistence) -> dict[str, str]:
    """persist.sh and unpersist.sh (run from the applied directory) and the unit they install."""
    if p.unavailable:
        note = "#!/bin/sh\n# Not kept for the next boot: {}.\n".format(p.unavailable.render("en"))
        return {"persist.sh": note, "unpersist.sh": note}
    boot, units = shlex.quote(p.boot_dir), shlex.quote(p.root + UNIT_DIR)
    wants = f"{units}/sysinit.target.wants"
    persist = ["#!/bin/sh", "# Keep the applied JobFirst rules for the next boot.", "set -e",
               'here=$(cd "$(dirname "$0")" && pwd)', f"mkdir -p {units} {wants} $(dirname {boot})",
               f'rm -rf {boot}.new && cp -R "$here" {boot}.new && rm -rf {boot} && mv {boot}.new {boot}',
               f"cp {boot}/{UNIT} {units}/{UNIT}", f"ln -sf ../{UNIT} {wants}/{UNIT}"]
    unpersist = ["#!/bin/sh", "# Forget the JobFirst rules at boot.", f"rm -f {wants}/{UNIT} {units}/{UNIT}",
                 f"rm -rf {boot}"]
    if p.enable:
        persist.append(f"systemctl daemon-reload && systemctl start {UNIT}")
        unpersist.append("systemctl daemon-reload")
    return {"persist.sh": "\n".join(persist) + "\n", "unpersist.sh": "\n".join(unpersist) + "\n",
            UNIT: UNIT_TEXT.format(boot_dir=p.boot_dir)}
