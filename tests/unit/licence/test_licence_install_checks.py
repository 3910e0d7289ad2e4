"""What the install asks of a licence: dates, bindings, client, mode, and clocks that were turned back."""
from datetime import datetime, timedelta, timezone

import pytest

from installer.answers import load_answers_text
from installer.licence import check_for_install, errors_in, raise_first_error, stack_settings, LicenceError
from installer.licence.validity import validity_findings
from tests.unit.licence.licence_testkit import vendor_licence

UTC = timezone.utc
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def answers(targets=1, mode="private", domain="jobs.client.example.com", client="client001",
            name="北京示例科技有限公司"):
    hosts = "\n".join(f"  - {{host: 198.18.0.{i + 2}, password: {{env: JF_PW}}}}" for i in range(targets))
    client_yaml = f"client: {{id: {client}, name: {name}}}\n" if client else ""
    return load_answers_text(f"version: 1\nmode: {mode}\n{client_yaml}targets:\n{hosts}\n"
                             f"tls: {{domain: {domain}, generate_eval: true}}\n")


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def test_valid_licence_and_matching_answer_file_pass():
    assert check_for_install(vendor_licence(), answers(), NOW) == []


def test_expired_licence_is_refused_with_renewal_fix():
    found = check_for_install(vendor_licence(expires="2026-05-31"), answers(), NOW)
    assert codes(found) == ["licence.expired"]
    assert "expired at the end of 2026-05-31" in found[0].render("en") and "renew" in found[0].render("en")
    with pytest.raises(LicenceError):
        raise_first_error(found)


def test_licence_is_valid_through_its_last_day():
    lic = vendor_licence(expires="2026-06-01")
    assert codes(validity_findings(lic, NOW)) == ["licence.expiring"]
    assert codes(validity_findings(lic, NOW + timedelta(hours=12))) == ["licence.expired"]


def test_not_yet_valid_licence_is_refused():
    found = check_for_install(vendor_licence(valid_from="2026-07-01"), answers(), NOW)
    assert codes(found) == ["licence.not_yet_valid"]
    assert "valid only from 2026-07-01" in found[0].render("en")


def test_licence_expiring_within_30_days_is_a_warning_only():
    found = check_for_install(vendor_licence(expires="2026-06-20"), answers(), NOW)
    assert codes(found, "warning") == ["licence.expiring"] and not errors_in(found)
    assert "in 19 day(s) 12 hour(s)" in found[0].render("en")
    assert check_for_install(vendor_licence(expires="2026-07-15"), answers(), NOW) == []


def test_perpetual_private_licence_never_expires():
    lic = vendor_licence(expires="never")
    assert check_for_install(lic, answers(), NOW + timedelta(days=365 * 50)) == []


def test_domain_binding_mismatch_is_refused():
    found = check_for_install(vendor_licence(), answers(domain="jobs.other.example.com"), NOW)
    assert codes(found) == ["licence.domain_mismatch"]
    text = found[0].render("en")
    assert "jobs.client.example.com" in text and "tls.domain: jobs.other.example.com" in text


@pytest.mark.parametrize("binding, domain, ok", [
    ("jobs.client.example.com", "JOBS.client.example.com.", True), ("*.client.example.com", "hr.client.example.com", True),
    ("*.client.example.com", "client.example.com", False), ("*.client.example.com", "a.b.client.example.com", False),
])
def test_domain_binding_matches_like_a_certificate(binding, domain, ok):
    lic = vendor_licence(bindings={"domain": binding, "max_servers": 3})
    assert (check_for_install(lic, answers(domain=domain), NOW) == []) is ok


def test_more_servers_than_licensed_is_refused():
    found = check_for_install(vendor_licence(), answers(targets=4), NOW)
    assert codes(found) == ["licence.too_many_servers"]
    assert "lists 4 servers, but the licence allows 3" in found[0].render("en")


def test_without_multi_node_only_one_server_is_allowed():
    lic = vendor_licence(features=[], bindings={"domain": "jobs.client.example.com"})
    assert codes(check_for_install(lic, answers(targets=2), NOW)) == ["licence.too_many_servers"]


def test_other_client_id_is_refused_and_other_name_is_a_warning():
    assert codes(check_for_install(vendor_licence(), answers(client="client002"), NOW)) == ["licence.client_mismatch"]
    found = check_for_install(vendor_licence(), answers(name="客户A"), NOW)
    assert codes(found, "warning") == ["licence.client_name"] and "北京示例科技有限公司" in found[0].render("zh")


def test_answer_file_without_client_takes_it_from_the_licence():
    assert check_for_install(vendor_licence(), answers(client=None), NOW) == []


def test_mode_must_match_the_deployment_kind():
    found = check_for_install(vendor_licence(), answers(mode="saas"), NOW)
    assert codes(found) == ["licence.mode_mismatch"] and "Set mode: private" in found[0].render("en")


# Clock tampering -------------------------------------------------------------------------------

def test_workstation_clock_turned_back_does_not_revive_an_expired_licence():
    lic = vendor_licence(expires="2026-05-31")
    turned_back = datetime(2026, 5, 1, tzinfo=UTC)
    found = check_for_install(lic, answers(), turned_back, target_clocks={"198.18.0.2": NOW})
    assert "licence.expired" in codes(found, "error")
    expired = next(f for f in found if f.code == "licence.expired")
    assert "judged by the clock of server 198.18.0.2" in expired.render("en")
    assert "clock.target_ahead" in codes(found, "warning")


def test_every_clock_turned_back_is_caught_by_the_last_install_time():
    lic = vendor_licence(expires="2026-05-31")
    back = datetime(2026, 5, 1, tzinfo=UTC)
    found = check_for_install(lic, answers(), back, target_clocks={"198.18.0.2": back},
                              last_installs={"198.18.0.2": NOW})
    assert "licence.expired" in codes(found, "error")
    assert codes(found, "warning").count("clock.turned_back") == 2  # the server's clock and this workstation's
    assert any("earlier than the last JobFirst install on 198.18.0.2" in f.render("en") for f in found)


def test_target_clock_far_behind_the_workstation_is_reported():
    found = check_for_install(vendor_licence(), answers(), NOW, target_clocks={"198.18.0.2": NOW - timedelta(days=3)})
    assert codes(found) == ["clock.target_behind"]
    assert found[0].where == "198.18.0.2" and "3 day(s) 0 hour(s) behind" in found[0].render("en")


def test_small_clock_drift_is_not_reported():
    clocks = {"198.18.0.2": NOW - timedelta(minutes=3)}
    assert check_for_install(vendor_licence(), answers(), NOW, clocks, {"198.18.0.2": NOW + timedelta(minutes=2)}) == []


def test_naive_times_are_taken_as_utc():
    naive = NOW.replace(tzinfo=None)
    assert check_for_install(vendor_licence(), answers(), naive, {"198.18.0.2": naive}) == []


# What flows into the deployed stack -------------------------------------------------------------

def test_stack_settings_carry_client_limits_and_features():
    settings = stack_settings(vendor_licence())
    assert settings["JOBFIRST_CLIENT_ID"] == "client001"
    assert settings["JOBFIRST_CLIENT_NAME"] == "北京示例科技有限公司"
    assert (settings["JOBFIRST_USER_LIMIT"], settings["JOBFIRST_EDITION"]) == ("500", "enterprise")
    assert settings["JOBFIRST_FEATURES"] == "multi-node" and settings["JOBFIRST_LICENCE_EXPIRES"] == "2027-12-31"


def test_unlimited_saas_enterprise_is_written_as_unlimited():
    lic = vendor_licence(kind="saas", edition="enterprise", users=None, expires="2027-01-01")
    assert stack_settings(lic)["JOBFIRST_USER_LIMIT"] == "unlimited"
