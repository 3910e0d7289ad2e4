"""The policy and its renderings: what is allowed, and the exact nftables / iptables text (the same text
is loaded on real targets in tests/integration/test_firewall.py)."""
from __future__ import annotations

from dataclasses import replace

from installer.firewall.iptables import IptablesBackend, chain_rules
from installer.firewall.nftables import NftablesBackend, ruleset
from installer.firewall.policy import Policy, normalise_address

POLICY = Policy(public_ports=(80, 443), ssh_port=2222, management=("198.18.7.1/32", "2001:db8::/32"),
                peers=("198.18.8.2/32",))


def test_ssh_is_admitted_only_from_management_and_peers():
    assert POLICY.admits_ssh_from("198.18.7.1") and POLICY.admits_ssh_from("2001:db8::5")
    assert POLICY.admits_ssh_from("198.18.8.2")                   # another server of this installation
    assert not POLICY.admits_ssh_from("198.18.7.9")
    assert not replace(POLICY, management=(), peers=()).admits_ssh_from("198.18.7.1")


def test_ipv4_client_seen_as_mapped_ipv6_is_recognised():
    assert normalise_address("::ffff:198.18.7.1") == "198.18.7.1"
    assert normalise_address("2001:db8::5") == "2001:db8::5"


def test_words_name_ports_networks_and_docker():
    words = [w.render("en") for w in POLICY.describe()]
    assert words[0] == "Accept TCP 80, 443 from anywhere (the public ports)."
    assert "SSH (TCP 2222) and ping only from the management networks: 198.18.7.1/32, 2001:db8::/32" in words[1]
    assert any("198.18.8.2/32" in w for w in words)
    assert "also to ports Docker publishes" in words[-1]
    assert [w.render("zh") for w in POLICY.describe()][0].startswith("接受")


def test_nft_table_drops_by_default_and_filters_published_ports_by_their_original_port():
    tag, text = ruleset(POLICY)
    assert text.startswith("add table inet jobfirst\ndelete table inet jobfirst\n")   # replaced whole
    assert "flush ruleset" not in text and f'comment "jobfirst-policy {tag}"' in text
    assert "type filter hook input priority filter - 10; policy drop;" in text
    assert "ip saddr @management_v4 tcp dport 2222 accept" in text
    assert "elements = { 198.18.7.1/32 }" in text and "elements = { 2001:db8::/32 }" in text
    assert "ct status dnat meta l4proto tcp ct original proto-dst @public_ports accept\n\t\tdrop" in text
    assert 'oifname != { "docker0", "docker_gwbridge" } oifname != "br-*" accept' in text


def test_same_policy_same_digest_and_any_change_a_new_one():
    assert ruleset(POLICY)[0] == ruleset(POLICY)[0]
    assert ruleset(replace(POLICY, management=("198.18.7.0/24",)))[0] != ruleset(POLICY)[0]
    assert chain_rules(replace(POLICY, public_ports=(443,)))[0] != chain_rules(POLICY)[0]


def test_iptables_rules_are_split_by_family_and_return_instead_of_accept():
    tag, rules = chain_rules(POLICY)
    v4, v6 = rules[4].splitlines(), rules[6].splitlines()
    assert v4[0] == f'-A JOBFIRST-INPUT -m comment --comment "jobfirst-policy {tag}"'
    assert "-A JOBFIRST-INPUT -s 198.18.7.1/32 -p tcp --dport 2222 -j RETURN" in v4
    assert "-A JOBFIRST-INPUT -s 2001:db8::/32 -p tcp --dport 2222 -j RETURN" in v6
    assert not any("2001:db8" in line for line in v4) and not any("198.18.7.1" in line for line in v6)
    assert "-A JOBFIRST-INPUT -j DROP" in v4 and not any("ACCEPT" in line for line in v4 + v6)
    assert "-A JOBFIRST-FORWARD -p tcp -m conntrack --ctstate DNAT --ctorigdstport 443 -j RETURN" in v4
    assert "-A JOBFIRST-INPUT -p ipv6-icmp --icmpv6-type neighbour-solicitation -j RETURN" in v6


def test_multiport_holds_at_most_15_ports_a_rule():
    _, rules = chain_rules(replace(POLICY, public_ports=tuple(range(8000, 8020))))
    multiport = [line for line in rules[4].splitlines() if "multiport" in line]
    assert len(multiport) == 2 and multiport[1].split("--dports ")[1].startswith("8015,")


def test_backends_ship_loader_remover_and_boot_script():
    for backend in (NftablesBackend(), IptablesBackend()):
        files = backend.render(POLICY).files
        assert {"apply.sh", "remove.sh", "boot.sh"} <= set(files)
    assert "$1-restore --noflush" in IptablesBackend().render(POLICY).files["apply.sh"]
