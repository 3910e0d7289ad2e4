"""Every refusal a browser would make, made before the install: names, dates, key strength,
signature hashes, the key; and all of them reported in one run."""
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.unit.tls.tls_testkit import NOW, codes, ec_key, make_cert, pem, rsa_key


# --- the domain: SANs only, wildcards one label deep, IPs through IP SANs ---

def test_certificate_without_san_is_refused_even_if_cn_matches(files, pki):
    cert, key = pki.leaf(san=None)
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.no_san"]
    assert "ignore its Common Name (jobs.example.com)" in str(report.problems[0])
    assert "Subject Alternative Name" in report.problems[0].render()


def test_other_domain_is_refused_and_the_covered_names_listed(files, pki):
    cert, key = pki.leaf(san=("www.example.com", "example.com"))
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.domain_not_covered"]
    assert "it covers: www.example.com, example.com" in str(report.problems[0])


@pytest.mark.parametrize("domain", ["jobs.example.com", "JOBS.Example.com.", "a.example.com"])
def test_wildcard_covers_one_label(files, pki, domain):
    cert, key = pki.leaf(san=("*.example.com",))
    assert files.check_leaf(cert, key, domain=domain).ok


@pytest.mark.parametrize("domain", ["a.jobs.example.com", "example.com"])
def test_wildcard_does_not_cover_two_labels_or_the_bare_domain(files, pki, domain):
    cert, key = pki.leaf(san=("*.example.com",))
    report = files.check_leaf(cert, key, domain=domain)
    assert codes(report) == ["tls.domain_not_covered"]


def test_wildcard_two_labels_deep_says_why(files, pki):
    cert, key = pki.leaf(san=("*.example.com",))
    report = files.check_leaf(cert, key, domain="a.jobs.example.com")
    assert "A wildcard covers one label only" in str(report.problems[0])


def test_ip_address_through_ip_san(files, pki):
    cert, key = pki.leaf(san=("jobs.example.com", "198.18.0.2"))
    assert files.check_leaf(cert, key, domain="198.18.0.2").ok


def test_ip_address_written_as_dns_name_is_refused(files, pki):
    key = ec_key()
    cert = make_cert("198.18.0.2", key.public_key(), pki.inter, pki.inter_key, san=("jobs.example.com",))
    report = files.check_leaf(cert, key, domain="198.18.0.2")
    assert codes(report) == ["tls.domain_not_covered"]
    assert "IP address SAN" in str(report.problems[0])


def test_internationalised_domain_matches_its_punycode_san(files, pki):
    cert, key = pki.leaf(san=("xn--otu796d.example.cn",))
    assert files.check_leaf(cert, key, domain="招聘.example.cn").ok


# --- the validity window ---

def test_expired_certificate(files, pki):
    cert, key = pki.leaf(days=(-400, -1))
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.expired"]
    assert "The certificate expired on" in str(report.problems[0])


def test_not_yet_valid_certificate(files, pki):
    cert, key = pki.leaf(days=(2, 90))
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.not_yet_valid"]
    assert "clock" in report.problems[0].render()


def test_expiring_within_30_days_is_installable_with_a_warning(files, pki):
    cert, key = pki.leaf(days=(-300, 10))
    report = files.check_leaf(cert, key)
    assert report.ok
    assert [str(w) for w in report.warnings] == [
        f"The certificate expires on {cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC, in 10 day(s): ask the certificate "
        "authority for its renewal now."]


def test_expiring_after_30_days_has_no_warning(files, pki):
    cert, key = pki.leaf(days=(-1, 31))
    assert files.check_leaf(cert, key).warnings == []


def test_the_clock_of_the_check_can_be_set(files, pki):
    cert, key = pki.leaf(days=(-1, 90))
    assert codes(files.check_leaf(cert, key, now=NOW + timedelta(days=100))) == ["tls.expired"]


def test_expired_intermediate_is_named(files, pki):
    inter = make_cert("Old Intermediate", pki.inter_key.public_key(), pki.root, pki.root_key, ca=True, san=None,
                      days=(-900, -2))
    cert, key = pki.leaf(issuer=inter)
    report = files.check(cert=[cert, inter], key=[key])
    assert codes(report) == ["tls.expired"]
    assert "Intermediate certificate 'CN=Old Intermediate' expired" in str(report.problems[0])


def test_expired_private_ca(files, pki):
    ca = make_cert("Test Root CA", pki.root_key.public_key(), None, pki.root_key, ca=True, san=None, days=(-900, -1))
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key, ca=files.write("old-ca.pem", pem(ca)))
    assert codes(report) == ["tls.expired"] and "--ca" in str(report.problems[0])


# --- key strength ---

def test_rsa_1024_is_refused(files, pki):
    cert, key = pki.leaf(key=rsa_key(1024))
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.weak_key"]
    assert "RSA key of 1024 bits" in str(report.problems[0]) and "RSA 2048" in report.problems[0].render()


def test_ec_p192_is_refused(files, pki):
    cert, key = pki.leaf(key=ec_key(ec.SECP192R1))
    report = files.check_leaf(cert, key)
    assert codes(report) == ["tls.weak_key"] and "secp192r1" in str(report.problems[0])


@pytest.mark.parametrize("curve", [ec.SECP256R1, ec.SECP384R1])
def test_ec_p256_and_p384_are_accepted(files, pki, curve):
    cert, key = pki.leaf(key=ec_key(curve))
    assert files.check_leaf(cert, key).ok


def test_weak_intermediate_key_is_refused(files, pki):
    weak_key = rsa_key(1024)
    inter = make_cert("Weak Intermediate", weak_key.public_key(), pki.root, pki.root_key, ca=True, san=None)
    cert, key = pki.leaf(issuer=inter, issuer_key=weak_key)
    report = files.check(cert=[cert, inter], key=[key])
    assert codes(report) == ["tls.weak_key"] and "Weak Intermediate" in str(report.problems[0])


# --- signature hashes (SHA-1 and MD5 signatures are made with the openssl command) ---

@pytest.mark.parametrize("digest", ["sha1", "md5"])
def test_leaf_signed_with_an_old_hash(files, pki, digest):
    cert, key = pki.leaf()
    report = files.check_leaf(files.resign(cert, key, digest), key)
    assert codes(report) == ["tls.weak_signature"]
    assert f"signed with {digest.upper()}" in str(report.problems[0])
    assert "SHA-256" in report.problems[0].render()


def test_intermediate_signed_with_sha1(files, pki):
    inter = files.resign(pki.inter, pki.inter_key, "sha1", pki.root, pki.root_key)
    cert, key = pki.leaf()
    report = files.check(cert=[cert, inter], key=[key])
    assert codes(report) == ["tls.weak_signature"] and "Test Intermediate CA" in str(report.problems[0])


# --- the key and the purpose ---

def test_key_that_does_not_match(files, pki):
    cert, _ = pki.leaf()
    report = files.check_leaf(cert, ec_key())
    assert codes(report) == ["tls.key_mismatch"]
    assert "created together with the CSR" in report.problems[0].render()


def test_certificate_for_clients_only_is_refused(files, pki):
    cert, key = pki.leaf(eku=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    assert codes(files.check_leaf(cert, key)) == ["tls.not_for_servers"]


# --- everything at once ---

def test_all_problems_are_reported_in_one_run(files, pki):
    sha1_inter = files.resign(pki.inter, pki.inter_key, "sha1", pki.root, pki.root_key)
    cert, _ = pki.leaf(key=rsa_key(1024), san=None, days=(-400, -1))
    report = files.check(cert=[cert, sha1_inter, pki.other], key=[ec_key()])
    assert sorted(codes(report)) == sorted(["tls.chain_foreign", "tls.key_mismatch", "tls.no_san", "tls.expired",
                                            "tls.weak_key", "tls.weak_signature"])
    assert not report.ok


def test_raise_for_problems_carries_every_problem(files, pki):
    from installer.tls import CertificateRefused
    cert, key = pki.leaf(san=None, days=(-400, -1))
    with pytest.raises(CertificateRefused) as caught:
        files.check_leaf(cert, key).raise_for_problems()
    assert caught.value.code == "tls.refused"
    assert [p["code"] for p in caught.value.to_json()["problems"]] == ["tls.no_san", "tls.expired"]
