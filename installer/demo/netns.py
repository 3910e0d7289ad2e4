"""A target host in a network namespace: its own address in 198.18.0.0/15, its own sshd, dockerd and
firewall tables. It shares this machine's file system and process table, so each target gets its
own directory, socket and pid files, and clean-up touches only what this target started."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from .. import proc

STATE = Path(os.environ.get("JOBFIRST_TARGETS_DIR", "/var/tmp/jft"))
TEST_PASSWORD = "jf-Test-Passw0rd"   # local throwaway accounts on a test machine, never a customer's
SUDO_USER, PLAIN_USER = "jfadmin", "jfplain"


def sh(*argv, check=True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], check=check, capture_output=True, text=True, **kw)


class NamespaceTarget:
    def __init__(self, index: int):
        self.index = index
        self.netns = f"jft{index}"
        self.address, self.gateway = f"198.18.{index}.2", f"198.18.{index}.1"
        self.dir = STATE / self.netns
        self.install_dir = str(self.dir / "opt-jobfirst")
        self.docker_sock = self.dir / "docker.sock"
        self.docker_host = f"unix://{self.docker_sock}"

    # -- allocation: the kernel's netns name is the lock, so parallel runs never share a target ----
    @classmethod
    def allocate(cls, first: int = 1, last: int = 199) -> "NamespaceTarget":
        for index in range(first, last + 1):
            target = cls(index)
            target._reclaim_if_stale()
            if sh("ip", "netns", "add", target.netns, check=False).returncode == 0:
                target.dir.mkdir(parents=True, exist_ok=True)
                (target.dir / "owner").write_text(str(os.getpid()))
                return target
        raise RuntimeError("no free namespace index for a test target")

    def _reclaim_if_stale(self) -> None:
        owner = self.dir / "owner"
        if Path(f"/var/run/netns/{self.netns}").exists() and owner.exists():
            if not proc.alive(int(owner.read_text() or 0)):
                self.stop()

    # -- bring up -------------------------------------------------------------------------------
    def start(self, authorized_keys: str, docker: bool = True) -> "NamespaceTarget":
        try:
            self._network()
            self._sshd(authorized_keys)
            if docker:
                self._dockerd()
        except Exception:
            self.stop()
            raise
        return self

    def _network(self) -> None:
        host_if, tgt_if = f"{self.netns}h", f"{self.netns}t"
        sh("ip", "link", "add", host_if, "type", "veth", "peer", "name", tgt_if)
        sh("ip", "link", "set", tgt_if, "netns", self.netns)
        sh("ip", "addr", "add", f"{self.gateway}/24", "dev", host_if)
        sh("ip", "link", "set", host_if, "up")
        for cmd in (["addr", "add", f"{self.address}/24", "dev", tgt_if], ["link", "set", tgt_if, "up"],
                    ["link", "set", "lo", "up"]):
            sh("ip", "-n", self.netns, *cmd)

    def _sshd(self, authorized_keys: str) -> None:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        key = self.dir / "ssh_host_ed25519_key"
        if not key.exists():
            sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key)
        (self.dir / "authorized_keys").write_text(authorized_keys)
        (self.dir / "sshd_config").write_text(
            f"ListenAddress {self.address}\nPort 22\nHostKey {key}\nPidFile {self.dir}/sshd.pid\n"
            f"AuthorizedKeysFile {self.dir}/authorized_keys\nStrictModes no\nPermitRootLogin prohibit-password\n"
            "PasswordAuthentication yes\nKbdInteractiveAuthentication no\nUsePAM yes\nUseDNS no\n"
            "MaxStartups 50:30:100\nSubsystem sftp internal-sftp\n"
            # A server's ~/.bashrc returns early for non-interactive shells; this host's root runs pyenv in
            # it (~90 ms), and bash reads it for every ssh command of a top-level shell (SHLVL < 2).
            # SHLVL=1 makes the demo target's commands cost what they cost on a server, for every client.
            "SetEnv SHLVL=1\n")
        # nsenter --net, not `ip netns exec`: that gives sshd a mount namespace of its own, and mounts a
        # test makes later (a small tmpfs as the install dir) would not be seen by the installer's commands.
        sh("nsenter", f"--net=/var/run/netns/{self.netns}", "/usr/sbin/sshd", "-f", self.dir / "sshd_config",
           "-E", self.dir / "sshd.log")
        self._wait_port(22, 10)

    def _dockerd(self) -> None:
        log = open(self.dir / "dockerd.log", "ab")
        subprocess.Popen(["nsenter", f"--net=/var/run/netns/{self.netns}", "dockerd",
                          "--data-root", self.dir / "docker", "--exec-root", self.dir / "exec",
                          "--pidfile", self.dir / "docker.pid", "--host", self.docker_host,
                          "--storage-driver", "overlay2"],
                         stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while sh("docker", "-H", self.docker_host, "info", check=False).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"dockerd in {self.netns} did not start; see {self.dir}/dockerd.log")
            time.sleep(0.3)

    def restart_docker(self) -> None:
        """Stop and start this target's dockerd, as a service restart or an upgrade of Docker would."""
        self._kill_pidfile(self.dir / "docker.pid")
        self._dockerd()

    def _wait_port(self, port: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with socket.socket() as s:
                s.settimeout(0.5)
                if s.connect_ex((self.address, port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.address}:{port} did not open")

    def host_key_fingerprint(self) -> str:
        out = sh("ssh-keygen", "-l", "-E", "sha256", "-f", self.dir / "ssh_host_ed25519_key.pub").stdout
        return out.split()[1]

    def exec(self, *argv, check=True) -> subprocess.CompletedProcess:
        """Run a command inside the target's network namespace (test set-up, not the installer's path)."""
        return sh("nsenter", f"--net=/var/run/netns/{self.netns}", *argv, check=check)

    # -- tear down: only what this target started -------------------------------------------------
    def stop(self) -> None:
        for name in ("docker.pid", "sshd.pid"):
            self._kill_pidfile(self.dir / name)
        for pid in sh("ip", "netns", "pids", self.netns, check=False).stdout.split():
            proc.stop(int(pid))
        self._unmount_below(self.dir)
        sh("ip", "netns", "del", self.netns, check=False)
        sh("ip", "link", "del", f"{self.netns}h", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _kill_pidfile(self, path: Path) -> None:
        try:
            proc.stop(int(path.read_text().strip()))
        except (OSError, ValueError):
            pass

    @staticmethod
    def _unmount_below(path: Path) -> None:
        prefix = str(path) + "/"
        mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        for mnt in sorted((m for m in mounts if m.startswith(prefix)), key=len, reverse=True):
            sh("umount", "-l", mnt, check=False)


def ensure_test_users() -> None:
    """Two local accounts the tests log in as: one that may sudo with a password, one that may not."""
    for user in (SUDO_USER, PLAIN_USER):
        if sh("id", user, check=False).returncode != 0:
            sh("useradd", "-m", "-s", "/bin/bash", user)
        subprocess.run(["chpasswd"], input=f"{user}:{TEST_PASSWORD}\n", text=True, check=True)
    sudoers = Path(f"/etc/sudoers.d/{SUDO_USER}")
    if not sudoers.exists():
        sudoers.write_text(f"{SUDO_USER} ALL=(ALL:ALL) ALL\n")
        sudoers.chmod(0o440)
