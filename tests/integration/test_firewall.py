"""`firewall plan|apply|revert` against real namespace targets with their own nftables/iptables tables,
a real dockerd publishing real ports, and scans from the workstation side of the veth."""
from __future__ import annotations

import subprocess
import time

import pytest

from installer.firewall.exposure import scan
from tests.targets import requires_root, run_cli, run_json, target_entry, write_answers

pytestmark = [requires_root]
BACKENDS = ["nftables", "iptables"]   # iptables: Debian's default flavour, iptables-nft, as dockerd uses it
CUSTOMER = ("table inet customer {\n\tchain input {\n\t\ttype filter hook input priority 10; policy accept;\n"
            "\t\ttcp dport 9999 counter accept\n\t}\n}\n")
PORTS = [22, 80, 443, 8080]


# -- helpers shared with test_firewall_faults.py ------------------------------------------------------
def answers_for(tmp_path, target, ssh_key, **firewall):
    firewall.setdefault("management", [f"{target.gateway}/32"])
    return write_answers(tmp_path / "answers.yaml", [target_entry(target, str(ssh_key))], firewall=firewall)


def docker(target, *args, check=True):
    return subprocess.run(["docker", "-H", target.docker_host, *args], capture_output=True, text=True, check=check)


def busybox_image(target, tmp_path) -> str:
    """A tiny image built offline: busybox-static in an empty root, `docker import`ed."""
    root = tmp_path / "rootfs"
    (root / "bin").mkdir(parents=True)
    subprocess.run(["cp", "/bin/busybox", root / "bin" / "busybox"], check=True)
    tar = subprocess.run(["tar", "-C", root, "-c", "."], capture_output=True, check=True).stdout
    subprocess.run(["docker", "-H", target.docker_host, "import", "-", "jf-busybox:fw"], input=tar, check=True,
                   capture_output=True)
    return "jf-busybox:fw"


def publish(target, tmp_path, ports: dict) -> None:
    """name -> host port, each an httpd in a container on 8080; restarted with dockerd."""
    image = busybox_image(target, tmp_path)
    for name, port in ports.items():
        docker(target, "run", "-d", "--restart", "always", "--stop-timeout", "1", "--name", name,
               "-p", f"{port}:8080", image, "/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/")
    wait_open(target, set(ports.values()))


def open_ports(target, ports=PORTS, source=None) -> set:
    return scan(target.address, ports, timeout=0.7, source=source)


def wait_open(target, ports: set, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not ports <= open_ports(target, sorted(ports)) and time.monotonic() < deadline:
        time.sleep(0.3)


def outsider(target) -> str:
    """A second workstation-side address, outside the management network (on the test's own veth)."""
    address = f"198.18.{target.index}.3"
    subprocess.run(["ip", "addr", "add", f"{address}/32", "dev", f"{target.netns}h"], check=True)
    return address


def tables(target) -> str:
    return target.exec("nft", "list", "tables").stdout


def iptables_save(target) -> str:
    return "".join(line for line in target.exec("iptables-save").stdout.splitlines(True) if not line.startswith("#"))


def customer_table(target) -> str:
    return target.exec("nft", "list", "table", "inet", "customer").stdout


def add_customer_table(target) -> str:
    subprocess.run(["nsenter", f"--net=/var/run/netns/{target.netns}", "nft", "-f", "-"], input=CUSTOMER, text=True,
                   check=True)
    return customer_table(target)


def chains(target) -> str:
    return "".join(target.exec(f, "-S", c, check=False).stdout
                   for f in ("iptables", "ip6tables") for c in ("INPUT", "DOCKER-USER"))


def ours_present(target) -> bool:
    return "jobfirst" in tables(target) or "JOBFIRST" in iptables_save(target)


# -- tests ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_only_80_and_443_reach_the_target_from_outside(make_target, ssh_key, tmp_path, backend):
    target = make_target()
    customer = add_customer_table(target)
    publish(target, tmp_path, {"web80": 80, "web443": 443, "internal": 8080})
    assert open_ports(target) == {22, 80, 443, 8080}   # Docker publishes 8080 to everyone before
    answers = answers_for(tmp_path, target, ssh_key, backend=backend)

    rc, body, _ = run_json("firewall", "apply", "--answers", answers, "--yes")

    assert rc == 0 and body["applied"][0]["status"] == "applied", body
    assert body["applied"][0]["open"] == [22, 80, 443] and body["applied"][0]["unexpected"] == []
    assert open_ports(target) == {22, 80, 443}                       # 8080 published, but closed
    assert open_ports(target, source=outsider(target)) == {80, 443}  # SSH only from management
    assert customer_table(target) == customer
    rc, body, _ = run_json("firewall", "plan", "--answers", answers)
    assert rc == 0 and body["targets"][0]["up_to_date"] is True and body["targets"][0]["changes"] == []
    again = run_cli("firewall", "apply", "--answers", answers, "--yes")
    assert again.returncode == 0 and "Nothing to do" in again.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_rules_hold_after_dockerd_restart_and_revert_restores_the_target(make_target, ssh_key, tmp_path, backend):
    target = make_target()
    customer = add_customer_table(target)
    publish(target, tmp_path, {"web443": 443, "internal": 8080})
    before = chains(target)
    answers = answers_for(tmp_path, target, ssh_key, backend=backend)
    assert run_json("firewall", "apply", "--answers", answers, "--yes")[0] == 0

    target.restart_docker()
    wait_open(target, {443})
    assert open_ports(target) == {22, 443}
    rc, body, _ = run_json("firewall", "plan", "--answers", answers)
    assert body["targets"][0]["up_to_date"] is True

    rc, body, _ = run_json("firewall", "revert", "--answers", answers, "--yes")
    assert rc == 0 and body["reverted"] == [{"host": target.address, "removed": True}]
    assert not ours_present(target) and customer_table(target) == customer
    assert open_ports(target) == {22, 443, 8080}
    assert chains(target) == before   # INPUT and DOCKER-USER as they were (Docker's own RETURN kept)


def test_plan_refuses_a_rule_set_that_would_lock_out_our_ssh(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    add_customer_table(target)
    ruleset = target.exec("nft", "list", "ruleset").stdout
    answers = answers_for(tmp_path, target, ssh_key, management=["10.0.0.0/8"])

    for action in ("plan", "apply"):
        rc, body, _ = run_json("firewall", action, "--answers", answers, "--yes")
        assert rc == 1 and body["errors"][0]["code"] == "firewall.lockout"
        assert f"{target.gateway}/32" in body["errors"][0]["message"]   # names the address to add
    assert target.exec("nft", "list", "ruleset").stdout == ruleset
    assert not (target.dir / "opt-jobfirst" / ".jobfirst" / "firewall").exists()


def test_plan_shows_rules_in_words_and_the_exact_ruleset(make_target, ssh_key, tmp_path):
    target = make_target(docker=False)
    answers = answers_for(tmp_path, target, ssh_key, backend="nftables")
    text = run_cli("firewall", "plan", "--answers", answers)
    assert text.returncode == 0, text.stderr
    assert "Accept SSH (TCP 22) and ping only from the management networks: " f"{target.gateway}/32" in text.stdout
    assert "table inet jobfirst {" in text.stdout and "policy drop;" in text.stdout
    assert "not be kept for the next boot" in text.stderr   # a namespace target: said, not hidden
    assert "jobfirst" not in tables(target)
