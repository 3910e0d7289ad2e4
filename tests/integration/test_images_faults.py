"""Faults while loading images, each against a real target: the SSH connection cut mid-transfer,
a staged blob damaged on the server's disk, a Docker root too small from the start, and a Docker
root that fills up during the load (docker's own words are the only sign)."""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from installer.bundle import Bundle
from installer.demo.netns import NamespaceTarget
from installer.engine.events import Progress
from tests.integration.images_kit import Run, answers_for, expected_ids, staged_files, staging, tagged_ids
from tests.targets import requires_root

pytestmark = [requires_root]


def cut_ssh_sessions(target) -> int:
    """Kill the sshd processes serving connections to this target (never its listener, never anything
    outside its namespace): to the installer, the connection is simply gone."""
    listener = int((target.dir / "sshd.pid").read_text())
    pids = subprocess.run(["ip", "netns", "pids", target.netns], capture_output=True, text=True).stdout.split()
    killed = 0
    for pid in map(int, pids):
        if pid != listener and _comm(pid) == "sshd":
            os.kill(pid, signal.SIGKILL)
            killed += 1
    return killed


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def when_sent(nbytes: int, action):
    """An event hook that runs action(run) once, as soon as nbytes have gone out."""
    fired = []

    def hook(run, event):
        if isinstance(event, Progress) and event.done >= nbytes and not fired:
            fired.append(action(run))
    return hook


@pytest.fixture
def small_docker_target(ssh_key):
    """A target whose dockerd keeps its data on a tmpfs of the size asked for."""
    started = []

    def make(size: str) -> NamespaceTarget:
        target = NamespaceTarget.allocate()
        started.append(target)
        (target.dir / "docker").mkdir(parents=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target.dir / "docker")], check=True)
        return target.start(ssh_key.with_suffix(".pub").read_text())
    yield make
    for target in started:
        target.stop()


def test_cut_connection_resumes_without_resending_what_arrived(target, ssh_key, tmp_path, demo_bundle_1_0_0):
    bundle = Bundle.open(demo_bundle_1_0_0)
    stored = bundle.manifest.file(bundle.images[0].layers[0].path).size  # the base layer, gzip: ~89 MB
    answers = answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0)
    first = Run(answers, when_sent(stored // 2, lambda run: cut_ssh_sessions(target)))()
    assert first.error is not None and first.error.code == "ssh.lost", first.error
    assert tagged_ids(target) == {}  # a truncated tar loads nothing
    arrived = sum(staged_files(target).values())
    assert arrived >= stored // 3  # what arrived is kept on the server

    second = Run(answers)()
    assert second.error is None, second.error
    assert second.sent() <= stored - arrived + 100_000  # not sent again
    assert tagged_ids(target) == expected_ids(bundle)  # and what was loaded is exactly the bundle's images
    assert staged_files(target) == {}


def test_damaged_staged_blob_is_named_removed_and_sent_again(target, ssh_key, tmp_path, demo_bundle_1_0_0):
    bundle = Bundle.open(demo_bundle_1_0_0)
    base = bundle.images[0].layers[0]
    stored = bundle.manifest.file(base.path).size
    answers = answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0)
    stopped = Run(answers, when_sent(stored * 2 // 3, lambda run: run.ctx.cancel_event.set()))()
    assert stopped.error is not None and stopped.error.code == "cancelled"
    staged = Path(staging(target)) / f"{base.blob[7:]}.partial"
    arrived = staged.stat().st_size
    assert stored * 2 // 3 - 1_000_000 <= arrived < stored
    with open(staged, "r+b") as f:  # the server's disk changes one byte of what arrived
        f.seek(arrived // 2)
        byte = f.read(1)
        f.seek(arrived // 2)
        f.write(bytes([byte[0] ^ 0xFF]))

    broken = Run(answers)()
    assert broken.error is not None and broken.error.code == "images.damaged", broken.error
    assert base.blob in broken.error.render("en") and "Run the same install again" in broken.error.render("en")
    assert broken.sent() < stored - arrived + 100_000  # it resumed: the staged part was not resent
    assert not staged.exists() and tagged_ids(target) == {}

    repaired = Run(answers)()
    assert repaired.error is None, repaired.error
    assert stored < repaired.sent() < stored + 1_000_000  # that layer again, the rest was kept
    assert tagged_ids(target) == expected_ids(bundle)


def test_docker_root_too_small_is_refused_before_sending(small_docker_target, ssh_key, tmp_path, demo_bundle_1_0_0):
    target = small_docker_target("300m")
    run = Run(answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0))()
    assert run.error is not None and run.error.code == "images.disk_space"
    text = run.error.render("en")
    assert f"{target.dir}/docker (on {target.dir}/docker) needs 605.0 MB" in text, text
    assert run.progress() == [] and staged_files(target) == {}


def test_docker_root_filling_during_the_load_is_caught_from_its_output(small_docker_target, ssh_key, tmp_path,
                                                                       demo_bundle_1_0_0):
    target = small_docker_target("700m")
    filler = target.dir / "docker" / "filler"

    def fill_the_disk(run):
        """Docker writes while this runs: take what is free in pieces until less than 8 MiB is left."""
        for piece in range(20):
            free = os.statvfs(filler.parent).f_bavail * os.statvfs(filler.parent).f_frsize
            if free < 8 * 1024 * 1024:
                return
            subprocess.run(["fallocate", "-l", str(free - 4 * 1024 * 1024), f"{filler}{piece}"], check=False)
        raise AssertionError("the disk did not fill")
    answers = answers_for(tmp_path, [target], ssh_key, demo_bundle_1_0_0)
    full = Run(answers, when_sent(50_000_000, fill_the_disk))()
    assert full.error is not None and full.error.code == "images.disk_full", full.error
    assert "no space left on device" in full.error.render("en").lower()
    for piece in filler.parent.glob("filler*"):
        piece.unlink()

    again = Run(answers)()
    assert again.error is None, again.error
    assert again.sent() < 1_000_000 and tagged_ids(target) == expected_ids(Bundle.open(demo_bundle_1_0_0))
