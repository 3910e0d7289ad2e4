"""The ufw back end with the real ufw, on a namespace target whose admins use ufw. ufw keeps its state in
/etc/ufw, which namespace targets share with this workstation, so the target gets a second sshd in a
private mount namespace where /etc/ufw and /etc/default/ufw are copies: everything ufw writes stays in
the test's directory, and the rules it loads are the target's own."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from installer.answers import load_answers
from installer.engine.connect import connect_all
from installer.engine.questions import HeadlessAsker
from installer.errors import InstallerError
from installer.firewall.apply import apply_target
from installer.firewall.plan import plan_target

from tests.integration.test_firewall import add_customer_table, chains, customer_table, open_ports, outsider, publish
from tests.targets import requires_root, run_json, target_entry, write_answers

pytestmark = [requires_root, pytest.mark.skipif(shutil.which("ufw") is None,
                                                reason="ufw is not installed here (apt-get install ufw; it stays off)")]
SSH_PORT = 2222


def in_ufw_world(target, *argv, check=True):
    """Run a command in the target's network namespace with the test's own /etc/ufw."""
    etc, default = target.dir / "etc-ufw", target.dir / "default-ufw"
    script = ('mount --bind "$1" /etc/ufw && mount --bind "$2" /etc/default/ufw && shift 2 && '
              f'exec nsenter --net=/var/run/netns/{target.netns} "$@"')
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", etc, default,
                           *map(str, argv)], capture_output=True, text=True, check=check)


@pytest.fixture
def ufw_target(make_target):
    """A target with ufw active (default deny, the customer's own `allow 2222/tcp`) and sshd on 2222."""
    target = make_target()
    shutil.copytree("/etc/ufw", target.dir / "etc-ufw")
    shutil.copy("/etc/default/ufw", target.dir / "default-ufw")
    in_ufw_world(target, "/usr/sbin/sshd", "-f", target.dir / "sshd_config", "-o", f"Port={SSH_PORT}",
                 "-o", f"PidFile={target.dir}/sshd-ufw.pid", "-E", target.dir / "sshd-ufw.log")
    in_ufw_world(target, "ufw", "allow", f"{SSH_PORT}/tcp")
    in_ufw_world(target, "ufw", "--force", "enable")
    return target


def assert_lock_out_is_undone(answers_path) -> None:
    """Apply rules that shut out our own address (past the plan's guard): the server must undo them."""
    answers = load_answers(str(answers_path))
    handle = connect_all(answers, HeadlessAsker(assume_yes=True))[0]
    try:
        plan = plan_target(handle.session, handle.target, answers)
        bad = dataclasses.replace(plan.policy, management=("10.0.0.0/8",))
        plan = dataclasses.replace(plan, policy=bad, rendered=plan.backend.render(bad, plan.facts))
        with pytest.raises(InstallerError) as caught:
            apply_target(handle, plan, answers, HeadlessAsker(assume_yes=True), timeout=6)
        assert caught.value.code == "firewall.not_confirmed"
    finally:
        handle.session.close()


def ufw_added(target) -> str:
    return in_ufw_world(target, "ufw", "show", "added").stdout


def test_ufw_target_gets_only_80_from_outside_and_revert_keeps_the_admins_rules(ufw_target, ssh_key, tmp_path):
    target = ufw_target
    customer = add_customer_table(target)
    publish(target, tmp_path, {"web80": 80, "internal": 8080})
    before, before_added = chains(target), ufw_added(target)
    answers = write_answers(tmp_path / "a.yaml", [target_entry(target, str(ssh_key), port=SSH_PORT)],
                            firewall={"management": [f"{target.gateway}/32"]})

    rc, body, _ = run_json("firewall", "apply", "--answers", answers, "--yes")

    assert rc == 0 and body["targets"][0]["backend"] == "ufw", body
    assert open_ports(target, [22, SSH_PORT, 80, 443, 8080]) == {SSH_PORT, 80}
    assert open_ports(target, [SSH_PORT, 80, 8080], source=outsider(target)) == {80}   # despite `allow 2222/tcp`
    added = ufw_added(target)
    assert f"ufw allow from {target.gateway} to any port {SSH_PORT} proto tcp comment 'jobfirst'" in added
    assert f"ufw allow {SSH_PORT}/tcp\n" in added and "Status: active" in in_ufw_world(target, "ufw", "status").stdout
    assert run_json("firewall", "plan", "--answers", answers)[1]["targets"][0]["up_to_date"] is True
    applied = ufw_added(target), chains(target)
    assert_lock_out_is_undone(answers)
    assert (ufw_added(target), chains(target)) == applied   # the earlier JobFirst rules are back, no more

    rc, body, _ = run_json("firewall", "revert", "--answers", answers, "--yes")
    assert rc == 0 and body["reverted"][0]["removed"] is True
    assert ufw_added(target) == before_added and chains(target) == before and customer_table(target) == customer
    assert "Status: active" in in_ufw_world(target, "ufw", "status").stdout   # it was on before: stays on
