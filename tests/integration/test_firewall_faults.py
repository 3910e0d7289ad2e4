"""The faults of issue 6 on real namespace targets: an installer that dies after the switch, a lock-out
that gets past the plan, the rules at boot, and the firewall as a step of the install."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import time

import pytest

from installer.answers import load_answers
from installer.engine.connect import close_all, connect_all
from installer.engine.context import Context
from installer.engine.events import StepFinished
from installer.engine.questions import HeadlessAsker
from installer.engine.runner import Runner
from installer.errors import InstallerError
from installer.firewall.apply import apply_target, revert_target
from installer.firewall.exposure import scan
from installer.firewall.plan import plan_target
from installer.firewall.step import FirewallStep
from tests.integration.test_firewall import answers_for, ours_present, tables
from tests.targets import requires_root, run_json

pytestmark = [requires_root]
TIMEOUT = 6   # the revert timer in these tests (the answer file's minimum is 10)

# Runs in a child process: switch to rules that shut out our own address, then die without confirming.
DIE_AFTER_SWITCH = """
import dataclasses, os, signal, sys
from installer.answers import load_answers
from installer.engine.connect import connect_all
from installer.engine.questions import HeadlessAsker
from installer.firewall.apply import apply_target
from installer.firewall.plan import plan_target
answers = load_answers(sys.argv[1]); asker = HeadlessAsker(assume_yes=True)
handle = connect_all(answers, asker)[0]
plan = plan_target(handle.session, handle.target, answers)
bad = dataclasses.replace(plan.policy, management=("10.0.0.0/8",))
plan = dataclasses.replace(plan, policy=bad, rendered=plan.backend.render(bad, plan.facts))
apply_target(handle, plan, answers, asker, timeout=int(sys.argv[2]), confirm=False)
print("switched", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _connect(target) -> bool:
    """Does a new TCP connection to the target's sshd get through?"""
    return scan(target.address, [22], timeout=0.5) == {22}


def _rules(target) -> str:
    """Every iptables rule and chain policy (listing empty built-in chains is the same before and after)."""
    return target.exec("iptables", "-S").stdout + target.exec("ip6tables", "-S").stdout


def _handles(answers_path):
    answers = load_answers(str(answers_path))
    return answers, connect_all(answers, HeadlessAsker(assume_yes=True))


def _live_tag(target) -> str:
    listing = target.exec("nft", "list", "table", "inet", "jobfirst", check=False).stdout
    return listing.split("jobfirst-policy ")[-1][:16]


def test_installer_dying_after_the_switch_leaves_the_target_to_revert_itself(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    answers = answers_for(tmp_path, target, ssh_key, backend="nftables")
    assert run_json("firewall", "apply", "--answers", answers, "--yes")[0] == 0
    good = _live_tag(target)

    child = subprocess.run([sys.executable, "-c", DIE_AFTER_SWITCH, str(answers), str(TIMEOUT)],
                           capture_output=True, text=True, timeout=60)
    switched = time.monotonic()
    assert child.returncode == -9 and "switched" in child.stdout, child.stderr
    assert not _connect(target) and _live_tag(target) != good     # locked out, nobody left to confirm
    while not _connect(target) and time.monotonic() - switched < TIMEOUT + 10:
        time.sleep(0.2)
    back_after = time.monotonic() - switched
    print(f"SSH back {back_after:.1f} s after the installer died (timer {TIMEOUT} s)")
    assert back_after <= TIMEOUT + 2 and _live_tag(target) == good
    rc, body, _ = run_json("firewall", "plan", "--answers", answers)   # a new login works, earlier rules back
    assert rc == 0 and body["targets"][0]["up_to_date"] is True


def test_lock_out_that_gets_past_the_plan_is_undone_by_the_target(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    before = _rules(target)
    answers, handles = _handles(answers_for(tmp_path, target, ssh_key, backend="iptables"))
    try:
        handle = handles[0]
        plan = plan_target(handle.session, handle.target, answers)
        bad = dataclasses.replace(plan.policy, management=("10.0.0.0/8",))
        plan = dataclasses.replace(plan, policy=bad, rendered=plan.backend.render(bad, plan.facts))
        started = time.monotonic()
        with pytest.raises(InstallerError) as caught:
            apply_target(handle, plan, answers, HeadlessAsker(assume_yes=True), timeout=TIMEOUT)
        print(f"apply -> lock-out reported, server reachable again after {time.monotonic() - started:.1f} s")
    finally:
        close_all(handles)
    assert caught.value.code == "firewall.not_confirmed" and "reachable again" in caught.value.render("en")
    assert _rules(target) == before and not ours_present(target) and _connect(target)


@pytest.mark.parametrize("backend", ["nftables", "iptables"])
def test_rules_come_back_at_boot_from_the_persisted_files(make_target, ssh_key, tmp_path, backend):
    target = make_target(docker=False)
    root = target.dir / "sysroot"   # the unit and files go below it: a namespace target shares our /etc
    answers, handles = _handles(answers_for(tmp_path, target, ssh_key, backend=backend))
    try:
        h = handles[0]
        plan = plan_target(h.session, h.target, answers, system_root=str(root))
        assert apply_target(h, plan, answers, HeadlessAsker(assume_yes=True), timeout=10).status == "applied"
        unit = (root / "etc/systemd/system/jobfirst-firewall.service").read_text()
        assert (root / "etc/systemd/system/sysinit.target.wants/jobfirst-firewall.service").resolve().is_file()
        subprocess.run(["nsenter", f"--net=/var/run/netns/{target.netns}", "sh",
                        str(root / "etc/jobfirst/firewall/remove.sh")], check=True)   # the kernel after a reboot
        assert not ours_present(target)
        exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
        target.exec(*exec_start.split("=", 1)[1].split())                            # what systemd runs at boot
        assert plan_target(h.session, h.target, answers, system_root=str(root)).up_to_date
        assert revert_target(h.session, plan.state)
    finally:
        close_all(handles)
    assert not ours_present(target) and not (root / "etc/jobfirst/firewall").exists()
    assert not (root / "etc/systemd/system/jobfirst-firewall.service").exists()


def test_install_step_plans_read_only_then_applies_once(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    answers, handles = _handles(answers_for(tmp_path, target, ssh_key))
    try:
        def run(dry_run=False):
            events = []
            asker = HeadlessAsker(assume_yes=True)
            Runner([FirewallStep(timeout=10)], Context(answers, handles, events.append, asker)).run(dry_run=dry_run)
            return [e.status for e in events if isinstance(e, StepFinished)]
        assert run(dry_run=True) == [] and not ours_present(target)
        assert run() == ["done"] and "jobfirst" in tables(target)
        assert run() == ["unchanged"]
    finally:
        close_all(handles)


def test_rules_the_kernel_rejects_leave_the_earlier_rules_in_place(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    answers, handles = _handles(answers_for(tmp_path, target, ssh_key, backend="nftables"))
    try:
        h = handles[0]
        first = plan_target(h.session, h.target, answers)
        assert apply_target(h, first, answers, HeadlessAsker(), timeout=10).status == "applied"
        good = _live_tag(target)
        plan = plan_target(h.session, h.target, answers)
        broken = dict(plan.rendered.files, **{"jobfirst.nft": "table inet jobfirst { chain input { nonsense } }\n"})
        plan = dataclasses.replace(plan, rendered=dataclasses.replace(plan.rendered, tag="0" * 16, files=broken))
        with pytest.raises(InstallerError) as caught:
            apply_target(h, plan, answers, HeadlessAsker(), timeout=10)
        assert caught.value.code == "firewall.load_failed" and "nonsense" in caught.value.render("en")
        assert _live_tag(target) == good and plan_target(h.session, h.target, answers).up_to_date
    finally:
        close_all(handles)
