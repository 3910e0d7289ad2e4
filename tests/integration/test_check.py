"""`check` against real namespace targets, two at once, one of them prepared to fail."""
from __future__ import annotations

import os
import subprocess

from tests.targets import requires_root, run_cli, run_json, target_entry, tree, write_answers

pytestmark = [requires_root]


def _by_id(report):
    return {c["id"]: c for c in report["checks"]}


def test_two_targets_checked_in_parallel_with_real_values(make_target, ssh_key, tmp_path):
    a, b = make_target(), make_target()
    answers = write_answers(tmp_path / "answers.yaml", [target_entry(a, str(ssh_key)), target_entry(b, str(ssh_key))])
    before = tree(a.install_dir) + tree(b.install_dir)
    rc, body, _ = run_json("check", "--answers", answers)
    assert rc == 0 and body["ok"] is True, body
    hosts = [t["host"] for t in body["targets"]]
    assert hosts == [a.address, b.address]
    checks = _by_id(body["targets"][0])
    assert checks["docker"]["status"] == "pass" and checks["docker"]["value"].startswith("20.10")
    assert checks["cores"]["value"] == str(os.cpu_count())
    assert checks["compose"]["value"].startswith("docker-compose 1.")
    assert checks["port_443"]["value"] == "free"
    assert checks["route"]["status"] == "warn"  # the targets are air-gapped: no default route
    assert tree(a.install_dir) + tree(b.install_dir) == before  # checks change nothing


def test_target_prepared_to_fail_names_the_fix(make_target, ssh_key, tmp_path):
    good, bad = make_target(), make_target()
    os.makedirs(bad.install_dir)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", bad.install_dir], check=True)
    holder = subprocess.Popen(["nsenter", f"--net=/var/run/netns/{bad.netns}", "python3", "-c",
                               "import socket,time; s=socket.socket(); s.bind(('0.0.0.0',443)); s.listen(); "
                               "time.sleep(120)"])
    try:
        bundle = tmp_path / "big.bundle"
        with open(bundle, "wb") as fh:
            fh.truncate(100 * 1024 * 1024)  # 100 MiB bundle -> needs 200 MiB free, the tmpfs has 32
        answers = write_answers(tmp_path / "answers.yaml",
                                [target_entry(good, str(ssh_key)), target_entry(bad, str(ssh_key))],
                                bundle=str(bundle))
        _wait_listening(bad, 443)
        rc, body, _ = run_json("check", "--answers", answers)
        text = run_cli("check", "--answers", answers)
    finally:
        holder.kill()
        holder.wait()
    assert rc == 1 and body["ok"] is False
    good_report, bad_report = body["targets"]
    assert good_report["status"] != "fail"
    checks = _by_id(bad_report)
    assert checks["port_443"]["status"] == "fail" and "python3" in checks["port_443"]["value"]
    assert "443" in checks["port_443"]["fix"]
    disk = checks["disk_install"]
    assert disk["status"] == "fail" and "200.0 MiB" in disk["requirement"] and "MiB" in disk["fix"]
    assert "[FAIL] Port 443 free" in text.stdout and "Traceback" not in text.stderr


def _wait_listening(target, port):
    import time
    for _ in range(50):
        if f":{port:04X} " in target.exec("cat", "/proc/net/tcp").stdout:
            return
        time.sleep(0.1)


def test_unreachable_target_fails_without_traceback(make_target, ssh_key, tmp_path):
    live = make_target(docker=False)
    dead = target_entry(live, str(ssh_key), host=live.address.rsplit(".", 1)[0] + ".99")
    answers = write_answers(tmp_path / "a.yaml", [dead], ssh={"connect_timeout": 2})
    rc, body, _ = run_json("check", "--answers", answers)
    assert rc == 1
    assert body["targets"][0]["error"]["code"] == "ssh.unreachable"
    assert any(e["code"] == "ssh.unreachable" for e in body["errors"])


def test_changed_host_key_refused_and_nothing_checked(target, ssh_key, tmp_path):
    entry = target_entry(target, str(ssh_key), host_key="SHA256:" + "B" * 43)
    answers = write_answers(tmp_path / "a.yaml", [entry])
    proc = run_cli("check", "--answers", answers)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert target.host_key_fingerprint() in proc.stdout + proc.stderr


def test_sudo_user_with_wrong_password_fails_the_sudo_check(target, test_users, tmp_path):
    entry = target_entry(target, None, user=test_users["sudo"], password={"env": "JF_PW"},
                         sudo_password={"env": "JF_SUDO"})
    answers = write_answers(tmp_path / "a.yaml", [entry])
    rc, body, _ = run_json("check", "--answers", answers,
                           env={"JF_PW": test_users["password"], "JF_SUDO": "wrong"})
    checks = _by_id(body["targets"][0])
    assert rc == 1 and checks["sudo"]["status"] == "fail" and "sudo_password" in checks["sudo"]["fix"]
    assert checks["docker"]["status"] == "fail" and checks["docker"]["value"] == "not checked"


def test_sudo_user_with_right_password_passes(target, test_users, tmp_path):
    entry = target_entry(target, None, user=test_users["sudo"], password={"env": "JF_PW"},
                         sudo_password={"env": "JF_PW"})
    answers = write_answers(tmp_path / "a.yaml", [entry])
    rc, body, _ = run_json("check", "--answers", answers, env={"JF_PW": test_users["password"]})
    checks = _by_id(body["targets"][0])
    assert checks["sudo"]["value"] == "sudo (password)" and checks["docker"]["status"] == "pass", body
    log_text = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log")) if (tmp_path / "logs").exists() else ""
    assert test_users["password"] not in log_text
