"""Judging recorded facts: distributions, ports, disks, Docker, limits (the parsing and decisions;
the same code runs against real targets in tests/integration/test_check.py)."""
from __future__ import annotations

import json

import pytest

from installer.checks import facts as F
from installer.checks import host_rules as H
from installer.checks import runtime_rules as R

OS_RELEASES = {
    "rhel8": ('NAME="Red Hat Enterprise Linux"\nVERSION="8.9 (Ootpa)"\nID="rhel"\nID_LIKE="fedora"\n'
              'VERSION_ID="8.9"\nPRETTY_NAME="Red Hat Enterprise Linux 8.9 (Ootpa)"\n', "pass"),
    "rocky9": ('NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n'
               'PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n', "pass"),
    "openeuler": ('NAME="openEuler"\nVERSION="22.03 (LTS-SP2)"\nID="openEuler"\nVERSION_ID="22.03"\n'
                  'PRETTY_NAME="openEuler 22.03 (LTS-SP2)"\n', "pass"),
    "kylin": ('NAME="Kylin Linux Advanced Server"\nVERSION="V10 (Lance)"\nID="kylin"\nVERSION_ID="V10"\n'
              'PRETTY_NAME="Kylin Linux Advanced Server V10 (Lance)"\n', "pass"),
    "uos": ('PRETTY_NAME="UnionTech OS Server 20"\nNAME="UnionTech OS Server 20"\nVERSION_ID="20"\nID=uos\n', "pass"),
    "ubuntu": ('PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\n', "pass"),
    "debian": ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n', "pass"),
    "centos7": ('NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nVERSION_ID="7"\n'
                'PRETTY_NAME="CentOS Linux 7 (Core)"\n', "warn"),
    "ubuntu_old": ('PRETTY_NAME="Ubuntu 16.04 LTS"\nVERSION_ID="16.04"\nID=ubuntu\n', "warn"),
    "arch": ('NAME="Arch Linux"\nID=arch\n', "warn"),
}


@pytest.mark.parametrize("name", OS_RELEASES)
def test_distributions_recognised(name):
    text, expected = OS_RELEASES[name]
    result = H.check_os({"os_release": text}, H.Needs())
    assert result.status == expected
    assert result.value == F.os_release(text).get("PRETTY_NAME", result.value)


def test_listening_ports_from_proc_net_tcp():
    text = ("  sl  local_address rem_address   st\n"
            "   0: 0200C6C6:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 1\n"
            "   1: 00000000:01BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 0 2\n"
            "   2: 0200C6C6:0050 0100C6C6:D431 01 00000000:00000000 00:00000000 00000000     0 0 3\n")
    assert F.listening_ports(text) == {22, 443}  # port 80 there is an established connection, not a listener


def test_port_in_use_names_the_program_and_our_own_gateway_passes():
    tcp = "0: 00000000:01BB 00000000:0000 0A x\n1: 00000000:0050 00000000:0000 0A x\n"
    ss = 'LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=812,fd=6))\n'
    ours = "0.0.0.0:443->443/tcp, :::443->443/tcp"
    p80, p443 = R.check_ports({"tcp": tcp, "listeners": ss, "our_ports": ours}, H.Needs())
    assert (p80.status, p80.value) == ("fail", "in use by nginx") and "nginx" in p80.fix.render("en")
    assert (p443.status, p443.value) == ("pass", "JobFirst gateway")


def test_disk_needs_twice_the_bundle():
    needs = H.Needs(disk_bytes=2 * 300 * 1024 ** 2)
    small = "tmpfs 65536 0 65536 0% /opt/jobfirst"
    target = type("T", (), {"install_dir": "/opt/jobfirst"})
    r = H.check_install_disk({"install_df": small}, needs, target)
    assert r.status == "fail" and "536.0 MiB" in r.fix.render("en") and "/opt/jobfirst" in r.fix.render("en")
    big = "/dev/sda1 104857600 0 104857600 0% /"
    assert H.check_install_disk({"install_df": big}, needs, target).status == "pass"


def test_docker_version_driver_and_containerd_store():
    info = {"ServerVersion": "27.3.1", "Driver": "overlayfs",
            "DriverStatus": [["driver-type", "io.containerd.snapshotter.v1"]]}
    fx = {"docker_info": json.dumps(info), "_privileged": True}
    assert R.check_docker(fx, H.Needs()).status == "pass"
    storage = R.check_storage(fx, H.Needs())
    assert storage.status == "pass" and "containerd image store" in storage.value
    old = {"docker_info": json.dumps({"ServerVersion": "19.03.15", "Driver": "overlay2"}), "_privileged": True}
    assert R.check_docker(old, H.Needs()).status == "fail"
    missing = {"docker_info": "bash: docker: command not found", "_privileged": True}
    assert R.check_docker(missing, H.Needs()).status == "fail"
    vfs = {"docker_info": json.dumps({"ServerVersion": "24.0.7", "Driver": "vfs"}), "_privileged": True}
    assert R.check_storage(vfs, H.Needs()).status == "fail"


@pytest.mark.parametrize("skew,status", [(0.4, "pass"), (-30, "warn"), (900, "fail")])
def test_clock_skew(skew, status):
    assert R.check_clock({"clock_skew": skew}, H.Needs()).status == status


def test_selinux_enforcing_warns_with_the_fix():
    r = R.check_selinux({"selinux": "Enforcing"}, H.Needs())
    assert r.status == "warn" and "container-selinux" in r.fix.render("en")


def test_no_default_route_is_a_warning_that_explains():
    route = "Iface\tDestination\tGateway\neth0\t0000A8C0\t00000000\n"
    assert R.check_route({"route": route}, H.Needs()).status == "warn"
    assert R.check_route({"route": route + "eth0\t00000000\t0100A8C0\n"}, H.Needs()).status == "pass"


def test_resources_and_limits():
    mem = "MemTotal:        2000000 kB\n"
    assert H.check_memory({"meminfo": mem}, H.Needs()).status == "fail"
    assert H.check_cores({"cores": "1"}, H.Needs()).status == "fail"
    assert H.check_arch({"arch": "aarch64"}, H.Needs()).status == "fail"
    assert R.check_nofile({"nofile": "1024"}, H.Needs()).status == "warn"
    assert R.check_nofile({"nofile": "unlimited"}, H.Needs()).status == "pass"
    assert R.check_swap({"swaps": "Filename Type Size Used Priority\n", "meminfo": mem}, H.Needs()).status == "warn"


def test_sections_split():
    out = "\n@@kernel\n6.1.0\n@@arch\nx86_64\n@@empty\n"
    assert F.split_sections(out) == {"kernel": "6.1.0", "arch": "x86_64", "empty": ""}
