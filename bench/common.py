"""What every benchmark shares: the demo bundles, a namespace target of its own, OpenSSH and the
installer's images step run against it. Every figure is a ratio against a baseline measured in the
same run, on the same target, interleaved, median of a few rounds."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from installer.demo.netns import NamespaceTarget  # noqa: E402
from tests.integration.images_kit import Run, answers_for  # noqa: E402

TEST_KEY = REPO / "tests" / "keys" / "TEST-ONLY_vendor_signing_key.pem"
SCP_CIPHER = "aes128-gcm@openssh.com"


def demo_bundles() -> dict[str, Path]:
    """Built once per machine and cached (bundles/demo/build.py)."""
    os.environ.setdefault("JOBFIRST_DEV_TRUST", str(REPO / "tests" / "keys" / "TEST-ONLY_vendor_public_key.pem"))
    out = subprocess.run([sys.executable, str(REPO / "bundles" / "demo" / "build.py"), "--key", str(TEST_KEY),
                          "--versions", "1.0.0,1.1.0"], capture_output=True, text=True, check=True, timeout=1800)
    return {v: Path(p) for v, p in json.loads(out.stdout)["bundles"].items()}


class Bench:
    """A target, an SSH key it accepts, and the commands both paths use."""

    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="jobfirst-bench-"))
        self.key = self.work / "id_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.key)], check=True)
        self.target = NamespaceTarget.allocate()
        self.last_sent = 0  # bytes on the wire of the last install_images

    def __enter__(self):
        self.target.start(self.key.with_suffix(".pub").read_text())
        return self

    def __exit__(self, *exc):
        self.target.stop()
        subprocess.run(["rm", "-rf", str(self.work)])

    def ssh_opts(self) -> list[str]:
        return ["-i", str(self.key), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR"]

    def ssh(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["ssh", *self.ssh_opts(), f"root@{self.target.address}", command],
                              capture_output=True, text=True, check=True)

    def scp(self, local: Path, remote: str) -> None:
        subprocess.run(["scp", "-q", "-c", SCP_CIPHER, *self.ssh_opts(), str(local),
                        f"root@{self.target.address}:{remote}"], check=True)

    def docker(self, command: str) -> subprocess.CompletedProcess:
        return self.ssh(f"DOCKER_HOST={self.target.docker_host} docker {command}")

    def empty_docker(self) -> None:
        self.docker("image rm -f $(DOCKER_HOST=%s docker image ls -aq) >/dev/null 2>&1; true" % self.target.docker_host)
        self.ssh(f"rm -rf {self.target.install_dir} {self.target.dir}/manual; sync")

    def install_images(self, bundle: Path, on_event=None) -> Run:
        run = Run(answers_for(self.work, [self.target], self.key, bundle), on_event)()
        if run.error is not None:
            raise run.error
        self.last_sent = run.sent()
        return run


def timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def median(values) -> float:
    return statistics.median(values)


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"
