"""The vendor's private build engine: a dockerd with its own data root, exec root, pid file and socket,
in its own network namespace so the host's iptables and the host's Docker are never touched. Whoever
starts it stops it (by the pid it started); a second user of a running engine just connects."""
from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import time
from pathlib import Path

import docker

from .. import proc
from ..errors import InstallerError
from ..i18n import T


class BuilderEngine:
    def __init__(self, cache_dir: str | Path, netns: str | None = None):
        self.cache_dir = Path(cache_dir).resolve()
        self.data_root = self.cache_dir / "builder" / "docker"
        tag = hashlib.sha256(str(self.data_root).encode()).hexdigest()[:8]
        self.run_dir = Path("/run") / f"jobfirst-builder-{tag}"  # short: socket paths are limited to 108 bytes
        # One namespace per data root: two checkouts building at once must not share a docker0 bridge.
        self.netns, self.pidfile = netns or f"jfbuild-{tag}", self.run_dir / "dockerd.pid"
        self.url = f"unix://{self.run_dir / 'docker.sock'}"
        self.log_path = self.cache_dir / "builder" / "dockerd.log"
        self.started_pid: int | None = None
        self.created_netns = False

    def client(self, timeout: int = 600) -> docker.DockerClient:
        return docker.DockerClient(base_url=self.url, timeout=timeout)

    def running_pid(self) -> int | None:
        """The pid of our dockerd (the pid file names a live dockerd on our data root), else None."""
        try:
            pid = int(self.pidfile.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return None
        return pid if str(self.data_root).encode() in cmdline else None

    def ensure_started(self) -> bool:
        """Start the engine unless it runs already; True when this call started it (and must stop it)."""
        self.data_root.mkdir(parents=True, exist_ok=True)
        with open(self.cache_dir / "builder" / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.running_pid() and self._answers():
                return False
            self._start()
            return True

    def _start(self) -> None:
        self._ensure_netns()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            process = subprocess.Popen(
                ["nsenter", f"--net=/var/run/netns/{self.netns}", "dockerd", "--data-root", str(self.data_root),
                 "--exec-root", str(self.run_dir / "exec"), "--pidfile", str(self.pidfile), "--host", self.url,
                 "--storage-driver", "overlay2", "--containerd-namespace", "jfbuild",
                 "--containerd-plugins-namespace", "jfbuild-plugins"],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        self.started_pid = process.pid
        self._wait_ready(process)

    def _ensure_netns(self) -> None:
        if not Path(f"/var/run/netns/{self.netns}").exists():
            subprocess.run(["ip", "netns", "add", self.netns], check=True, capture_output=True)
            self.created_netns = True
        subprocess.run(["ip", "-n", self.netns, "link", "set", "lo", "up"], check=True, capture_output=True)

    def _answers(self) -> bool:
        try:
            return self.client(timeout=5).ping()
        except docker.errors.DockerException:
            return False

    def _wait_ready(self, process: subprocess.Popen, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while not self._answers():
            if process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise InstallerError(T("The build engine (dockerd) did not start; its log is {log}.",
                                       "构建引擎（dockerd）未能启动；日志见 {log}。", log=str(self.log_path)),
                                     code="bundle.engine")
            time.sleep(0.3)

    def stop(self) -> None:
        """Stop the dockerd this object started, and only that one."""
        pid, self.started_pid = self.started_pid, None
        if pid is None:
            return
        proc.stop(pid, grace=60)
        shutil.rmtree(self.run_dir, ignore_errors=True)  # our socket, pid file and exec root
        self._remove_netns()

    def _remove_netns(self) -> None:
        """Delete the namespace if this object made it and nothing else runs in it any more."""
        pids = subprocess.run(["ip", "netns", "pids", self.netns], capture_output=True, text=True).stdout.split()
        if self.created_netns and not pids:
            subprocess.run(["ip", "netns", "del", self.netns], capture_output=True)
            self.created_netns = False


