"""Faults during an install on real targets: killed mid-deploy, a service that never gets healthy."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

from tests.install_kit import containers, finished, install_answers
from tests.targets import CLI, requires_root, run_cli, run_json

pytestmark = [requires_root]


def _reachable(address, port):
    try:
        with socket.create_connection((address, port), 1):
            return True
    except OSError:
        return False


def test_killed_mid_deploy_then_rerun_completes(make_target, ssh_key, demo_bundles, dev_trust, tmp_path):
    target = make_target()
    answers = install_answers(tmp_path, [target], ssh_key, demo_bundles["1.0.0"])
    proc = subprocess.Popen(CLI + ["install", "--answers", str(answers), "--yes"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    for line in proc.stdout:  # kill it as soon as the services start coming up
        if "Start the JobFirst services" in line and line.startswith("==>"):
            time.sleep(3)
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    rc, body, _ = run_json("install", "--answers", answers, "--yes", timeout=900)
    assert rc == 0, body.get("errors")
    assert finished(body)["deploy"] == "done" and finished(body)["images"] == "unchanged"
    assert any("stopped during step 'deploy'" in (e.get("text") or "") for e in body["events"])


def test_service_never_healthy_on_fresh_install_fails_clearly_and_exposes_nothing(make_target, ssh_key,
                                                                                   demo_bundles, dev_trust, tmp_path):
    target = make_target()
    answers = install_answers(tmp_path, [target], ssh_key, demo_bundles["1.2.0-broken"],
                              deploy={"health_timeout": 60})
    proc = run_cli("install", "--answers", answers, "--yes", timeout=900)
    assert proc.returncode == 1 and "Traceback (most recent call last):\n  File \"/work" not in proc.stderr
    assert "Service 'job' did not become healthy" in proc.stderr
    assert "Undone: stop the services that were started" in proc.stdout
    assert containers(target) == {}
    assert not _reachable(target.address, 443) and not _reachable(target.address, 80)


def test_install_refuses_without_a_valid_licence_and_changes_nothing(make_target, ssh_key, demo_bundles, dev_trust,
                                                                      tmp_path):
    from tests.install_kit import licence_file
    from tests.targets import tree
    target = make_target()
    expired = licence_file(tmp_path, issued="2024-01-01", expires="2025-01-01")
    answers = install_answers(tmp_path, [target], ssh_key, demo_bundles["1.0.0"], licence=str(expired))
    proc = run_cli("install", "--answers", answers, "--yes")
    assert proc.returncode == 1 and "expired" in proc.stderr.lower() and "Traceback" not in proc.stderr
    assert tree(target.install_dir) == [] and containers(target) == {}
    other_domain = licence_file(tmp_path, bindings={"domain": "jobs.other.example", "max_servers": 1})
    answers = install_answers(tmp_path, [target], ssh_key, demo_bundles["1.0.0"], licence=str(other_domain))
    proc = run_cli("install", "--answers", answers, "--yes")
    assert proc.returncode == 1 and "jobs.other.example" in proc.stderr
    assert tree(target.install_dir) == []
