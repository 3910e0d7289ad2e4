"""The shell that runs on the target: every generated script parses, the revert timer is chosen for
where it runs, and the boot-time files (unit, copy of the rules) say what systemd will do."""
from __future__ import annotations

import io
import subprocess
import tarfile

import pytest

from installer.firewall import persist, transaction
from installer.firewall.backend import BACKENDS
from installer.firewall.facts import Facts
from installer.firewall.policy import Policy

POLICY = Policy(public_ports=(80, 443), ssh_port=22, management=("198.18.7.1/32",))
FACTS = Facts("198.18.7.1", 22, zone="public")
STATE = "/opt/jobfirst/.jobfirst/firewall"


def parses(script: str) -> bool:
    return subprocess.run(["sh", "-n"], input=script, text=True, capture_output=True).returncode == 0


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_every_script_of_every_back_end_parses(name):
    backend = BACKENDS[name]
    files = backend.render(POLICY, FACTS).files
    scripts = [text for file, text in files.items() if file.endswith(".sh")]
    scripts += list(getattr(backend, "persist_scripts", lambda f: ())(FACTS))
    assert len(scripts) >= 3 and all(parses(s) for s in scripts)


def test_guard_scripts_parse():
    token = "0123456789ab"
    for script in (transaction.UNDO, transaction.JOB.format(token=token, state=STATE),
                   transaction.apply_script(STATE, token, 60, "setsid"),
                   transaction.apply_script(STATE, token, 60, "systemd-run"),
                   transaction.confirm_script(STATE, token), transaction.undo_now_script(STATE, token),
                   transaction.revert_script(STATE)):
        assert parses(script), script


def test_timer_runs_detached_on_the_target_and_systemd_only_in_its_own_namespace():
    systemd = Facts("a", 22, tools=frozenset({"systemd-run"}), systemd=True)
    assert transaction.timer_kind(systemd) == "systemd-run"
    assert transaction.timer_kind(Facts("a", 22, tools=frozenset({"systemd-run"}), systemd=True,
                                        own_netns=True)) == "setsid"
    assert transaction.timer_kind(Facts("a", 22)) == "setsid"
    script = transaction.apply_script(STATE, "t0", 45, "setsid")
    assert 'setsid nohup sh "$S/revert-t0.sh" 45 </dev/null' in script
    assert script.index(': > "pending-t0"') < script.index("setsid") < script.index("sh active/apply.sh")


def test_payload_carries_the_rules_the_undo_and_the_timer():
    data = transaction.payload({"apply.sh": "echo hi\n"}, STATE, "t1")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = set(tar.getnames())
        job = tar.extractfile("revert-t1.sh").read().decode()
    assert names == {"new/apply.sh", "undo.sh", "revert-t1.sh"}
    assert 'mv "$S/pending-t1" "$S/fired-t1" 2>/dev/null || exit 0' in job   # loses cleanly to a confirmation


def test_boot_unit_loads_our_copy_early_and_again_after_the_distros_loaders():
    files = persist.files(persist.Persistence(enable=True))
    unit = files[persist.UNIT]
    assert "ExecStart=/bin/sh /etc/jobfirst/firewall/boot.sh" in unit
    assert "Before=network-pre.target" in unit and "WantedBy=sysinit.target" in unit
    assert "PartOf=nftables.service" in unit and "After=local-fs.target nftables.service" in unit
    assert "systemctl daemon-reload && systemctl start jobfirst-firewall.service" in files["persist.sh"]
    assert "ln -sf ../jobfirst-firewall.service /etc/systemd/system/sysinit.target.wants/" in files["persist.sh"]
    assert parses(files["persist.sh"]) and parses(files["unpersist.sh"])


def test_persistence_is_skipped_where_a_boot_unit_would_filter_the_wrong_network():
    assert persist.persistence_for(Facts("a", 22, systemd=True)).enable
    assert persist.persistence_for(Facts("a", 22, systemd=True, own_netns=True)).unavailable is not None
    assert persist.persistence_for(Facts("a", 22)).unavailable is not None            # no systemd
    test_root = persist.persistence_for(Facts("a", 22, own_netns=True), system_root="/var/tmp/x/")
    assert test_root.boot_dir == "/var/tmp/x/etc/jobfirst/firewall" and not test_root.enable
    assert "systemctl" not in persist.files(test_root)["persist.sh"]
