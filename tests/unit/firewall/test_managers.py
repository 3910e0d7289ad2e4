"""ufw and firewalld decisions from their real output (tests/unit/firewall/data/README.md says how it
was captured): is the manager on, which of our rules are there, and which back end a target gets."""
from __future__ import annotations

from pathlib import Path

import pytest

from installer.errors import InstallerError
from installer.firewall import firewalld, ufw
from installer.firewall.backend import choose
from installer.firewall.facts import Facts, parse
from installer.firewall.policy import Policy

DATA = Path(__file__).with_name("data")
POLICY = Policy(public_ports=(80, 443), ssh_port=22, management=("198.18.150.1/32", "2001:db8::/32"))


def data(name: str) -> str:
    return (DATA / name).read_text()


def test_ufw_status_says_whether_ufw_is_on():
    assert ufw.active(data("ufw_status_verbose_active.txt").splitlines()[0])
    assert not ufw.active(data("ufw_status_verbose_inactive.txt").splitlines()[0])


def test_our_ufw_rules_are_written_exactly_as_ufw_prints_them():
    wanted = ufw.UfwManager().wanted(POLICY)
    assert set(wanted) <= ufw.present(data("ufw_show_added_jobfirst.txt"))
    assert "allow from 198.18.150.1 to any port 22 proto tcp" in wanted   # a /32 is printed bare


def test_ufw_rules_of_the_admin_are_seen_and_ours_missing():
    assert ufw.present(data("ufw_show_added_customer.txt")) == {"allow 22/tcp"}
    backend = ufw.UfwBackend()
    facts = Facts("198.18.150.1", 22, sections={"ufw": data("ufw_show_added_customer.txt")})
    assert backend.missing(POLICY, facts) == backend.manager.wanted(POLICY)
    done = Facts("198.18.150.1", 22, sections={"ufw": data("ufw_show_added_jobfirst.txt")})
    assert backend.missing(POLICY, done) == []


def test_firewalld_state_and_zone_listing():
    assert firewalld.running(data("firewalld_state_running.txt"))
    assert not firewalld.running(data("firewalld_state_not_running.txt"))
    zone = firewalld.zone_settings(data("firewalld_list_all_public.txt"))
    assert zone["ports"] == ["8443/tcp", "80/tcp"] and zone["services"] == ["dhcpv6-client", "ssh"]
    assert zone["rich rules"][0] == firewalld.rich_rule("198.18.150.1/32", 22)
    assert firewalld.zone_settings(data("firewalld_list_all_public_permanent.txt"))["rich rules"] == []


def test_firewalld_rich_rules_match_the_listing_so_only_443_is_missing():
    facts = Facts("198.18.150.1", 22, zone=data("firewalld_default_zone.txt").strip(),
                  sections={"firewalld": data("firewalld_list_all_public.txt")})
    backend = firewalld.FirewalldBackend()
    assert backend.missing(POLICY, facts) == ["port\t443/tcp"]
    assert backend.manager.command("port\t443/tcp", facts) == "firewall-cmd --zone=public --add-port='443/tcp'"


def test_facts_from_the_probe_output():
    out = ("tool=nft\ntool=ufw\nown_netns=1\nfirewalld_state=" + data("firewalld_state_not_running.txt") +
           "ufw_status=Status: active\nzone=public\npending=1\nactive=ufw\n"
           "==ufw==\nufw allow 22/tcp\n==end==\nlive=ab12\n")
    found = parse(out)
    assert found["tools"] == {"nft", "ufw"} and found["own_netns"] and found["pending"]
    assert found["ufw"] is True and found["firewalld"] is False and found["active"] == "ufw"
    assert found["sections"] == {"ufw": "ufw allow 22/tcp\n"} and found["live"] == "ab12"


@pytest.mark.parametrize("flags, tools, expected", [
    ({"firewalld": True, "ufw": True}, {"nft", "iptables", "iptables-restore"}, "firewalld"),
    ({"ufw": True}, {"nft", "iptables", "iptables-restore", "ufw"}, "ufw"),
    ({}, {"nft", "iptables", "iptables-restore"}, "nftables"),
    ({}, {"iptables", "iptables-restore"}, "iptables"),
])
def test_auto_takes_what_the_admins_use_then_nftables_then_iptables(flags, tools, expected):
    assert choose("auto", Facts("10.0.0.1", 22, tools=frozenset(tools), **flags), "h").name == expected


def test_forced_back_end_the_target_lacks_is_refused_with_the_fix():
    with pytest.raises(InstallerError) as caught:
        choose("ufw", Facts("10.0.0.1", 22, tools=frozenset({"nft"})), "h")
    assert caught.value.code == "firewall.backend_unavailable" and "firewall.backend: auto" in caught.value.render("en")
    with pytest.raises(InstallerError) as caught:
        choose("auto", Facts("10.0.0.1", 22), "h")
    assert caught.value.code == "firewall.no_tool"
