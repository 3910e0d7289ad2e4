"""What the target listens on, from /proc/net/tcp and `docker ps`, and what a scan result means."""
from __future__ import annotations

from installer.firewall.exposure import Exposure, listening_ports, published_ports

# /proc/net/tcp and tcp6 as the kernel prints them: 22 on 198.18.5.2, 80 on any, 5432 on 127.0.0.1,
# 6379 on ::1, 8443 on :: (tcp6), and one established connection.
PROC = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 020512C6:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1
   2: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1
   3: 020512C6:0016 010512C6:D2F0 01 00000000:00000000 02:00000000 00000000     0        0 4 1
  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 0
   1: 00000000000000000000000000000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000 0
   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 0
"""


def test_listening_ports_leave_out_loopback_only_services():
    assert listening_ports(PROC) == {22, 80, 8443}


def test_published_ports_from_docker_ps():
    ps = ("0.0.0.0:8080->8080/tcp, [::]:8080->8080/tcp\n127.0.0.1:5432->5432/tcp\n"
          "0.0.0.0:9000-9002->9000-9002/tcp\n\n443/tcp\n")
    assert published_ports(ps) == {8080, 9000, 9001, 9002}


def test_exposure_names_what_is_open_but_should_not_be_and_what_is_blocked():
    seen = Exposure("198.18.5.2", listening={22, 80, 443, 8080}, expected={22, 80, 443}, open={22, 80, 8080})
    assert not seen.ok and seen.unexpected == {8080} and seen.blocked == {443}
    assert "open but should not be 8080" in seen.describe().render("en")
    assert Exposure("a", {22, 80}, {22, 80}, {22, 80}).ok
