"""The plan's decisions: refusing a lock-out before anything changes, and when there is nothing to do."""
from __future__ import annotations

from dataclasses import replace

import pytest

from installer.errors import InstallerError
from installer.firewall.backend import BACKENDS
from installer.firewall.facts import Facts, connection
from installer.firewall.persist import Persistence
from installer.firewall.plan import TargetPlan, _refuse_lockout, _refuse_pending
from installer.firewall.policy import Policy
from installer.i18n import T

POLICY = Policy(public_ports=(80, 443), ssh_port=22, management=("198.18.9.0/24",))


TEST_HOST = Persistence(unavailable=T("a test host", "测试主机"))


def plan_for(facts: Facts, backend="nftables", persistence=TEST_HOST) -> TargetPlan:
    b = BACKENDS[backend]
    return TargetPlan("198.18.9.2", "/opt/jobfirst/.jobfirst/firewall", b, POLICY, facts, persistence,
                      b.render(POLICY, facts))


def test_a_plan_that_shuts_out_the_installer_is_refused_naming_the_address_to_add():
    with pytest.raises(InstallerError) as caught:
        _refuse_lockout(POLICY, Facts("10.1.2.3", 22), "198.18.9.2")
    text = caught.value.render("en")
    assert caught.value.code == "firewall.lockout" and "10.1.2.3/32" in text and "firewall.management" in text
    assert "Nothing was changed" in text
    _refuse_lockout(POLICY, Facts("198.18.9.1", 22), "198.18.9.2")   # inside the management network


def test_a_change_still_waiting_for_its_revert_blocks_a_new_one():
    with pytest.raises(InstallerError) as caught:
        _refuse_pending(Facts("198.18.9.1", 22, pending=True), "h")
    assert caught.value.code == "firewall.pending"


def test_ssh_connection_variable_gives_our_address_and_sshd_port():
    assert connection("::ffff:198.18.9.1 51234 198.18.9.2 2222\n", "h") == ("198.18.9.1", 2222)
    with pytest.raises(InstallerError):
        connection("\n", "h")


def test_nothing_to_do_only_when_the_live_rules_and_the_boot_copy_match():
    fresh = plan_for(Facts("198.18.9.1", 22))
    assert not fresh.up_to_date and "table inet jobfirst {" in fresh.changes(60)[-1].render("en")
    tag = fresh.rendered.tag
    assert plan_for(Facts("198.18.9.1", 22, live=tag)).up_to_date
    kept = Persistence(enable=True)
    assert not plan_for(Facts("198.18.9.1", 22, live=tag), persistence=kept).up_to_date
    assert plan_for(Facts("198.18.9.1", 22, live=tag, persisted=tag), persistence=kept).changes(60) == []


def test_files_for_the_target_carry_backend_digest_and_boot_scripts():
    files = plan_for(Facts("198.18.9.1", 22)).files()
    assert files["backend"] == "nftables\n" and "replaces" in files
    ufw_files = plan_for(replace(Facts("198.18.9.1", 22), sections={"ufw": ""}), "ufw").files()
    assert "replaces" not in ufw_files and "ufw-wanted" in ufw_files and "base-remove.sh" in ufw_files
