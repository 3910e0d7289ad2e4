"""Files that are not what they should be: each gets a message that names the file, says what is
wrong and how to fix it, with a code scripts can rely on."""
import os

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509 import CertificateSigningRequestBuilder

from tests.unit.tls.tls_testkit import codes, name, pem

PASSWORD = "right-password"


def only_problem(report, code):
    assert codes(report) == [code], [str(p) for p in report.problems]
    return report.problems[0]


@pytest.mark.parametrize("content", [os.urandom(600), b"hello, this is a text file\n", b"\x30\x82\x01\x00garbage"])
def test_garbage_certificate_file(files, pki, content):
    cert, key = pki.leaf()
    path = files.write("cert.pem", content)
    problem = only_problem(files.check(cert=path, key=[key]), "tls.unreadable")
    assert path in str(problem) and "not PEM, DER, PKCS#7 or PKCS#12" in str(problem)
    assert "-----BEGIN CERTIFICATE-----" in problem.render()  # the fix says what to ask for


@pytest.mark.parametrize("content", [b"", b"\n  \r\n"])
def test_empty_file(files, pki, content):
    cert, key = pki.leaf()
    problem = only_problem(files.check(cert=[cert, pki.inter], key=files.write("key.pem", content)), "tls.unreadable")
    assert "is empty" in str(problem)


def test_file_that_does_not_exist(files, pki):
    cert, key = pki.leaf()
    missing = str(files.dir / "nowhere.pem")
    problem = only_problem(files.check(cert=[cert, pki.inter], key=missing), "tls.unreadable")
    assert f"Cannot read {missing}: it does not exist" in str(problem)


def test_folder_instead_of_file(files, pki):
    cert, key = pki.leaf()
    problem = only_problem(files.check(cert=str(files.dir), key=[key]), "tls.unreadable")
    assert "it is a folder" in str(problem)


def test_key_file_that_holds_a_certificate(files, pki):
    cert, _ = pki.leaf()
    problem = only_problem(files.check(cert=[cert, pki.inter], key=[cert]), "tls.key_is_certificate")
    assert "holds a certificate, not a private key" in str(problem) and "--key" in problem.render()


def test_certificate_file_that_holds_a_key(files, pki):
    _, key = pki.leaf()
    problem = only_problem(files.check(cert=[key], key=[key]), "tls.certificate_is_key")
    assert "holds a private key, not a certificate" in str(problem)


def test_certificate_request_instead_of_certificate(files, pki):
    _, key = pki.leaf()
    csr = CertificateSigningRequestBuilder().subject_name(name("jobs.example.com")).sign(key, hashes.SHA256())
    path = files.write("site.csr", csr.public_bytes(serialization.Encoding.PEM))
    problem = only_problem(files.check(cert=path, key=[key]), "tls.csr")
    assert "certificate request (CSR)" in str(problem) and "Send this CSR" in problem.render()


def test_damaged_pem_block(files, pki):
    cert, key = pki.leaf()
    text = pem(cert).replace(b"\n", b"")[:300] + b"\n-----END CERTIFICATE-----\n"
    problem = only_problem(files.check(cert=files.write("cert.pem", text), key=[key]), "tls.damaged")
    assert "Block 1" in str(problem)


def test_two_keys_in_the_key_file(files, pki):
    cert, key = pki.leaf()
    _, other = pki.leaf()
    only_problem(files.check(cert=[cert, pki.inter], key=[key, other]), "tls.several_keys")


def test_private_key_inside_the_chain_file(files, pki):
    cert, key = pki.leaf()
    only_problem(files.check(cert=[cert], key=[key], chain=[pki.inter, key]), "tls.key_in_chain")


def encrypted_key_file(files, key) -> str:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             BestAvailableEncryption(PASSWORD.encode()))
    return files.write("key.pem", data)


def test_wrong_key_password(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter], key=encrypted_key_file(files, key), password="guess")
    assert "password for" in str(only_problem(report, "tls.password_wrong"))


def test_missing_key_password(files, pki):
    cert, key = pki.leaf()
    problem = only_problem(files.check(cert=[cert, pki.inter], key=encrypted_key_file(files, key)),
                           "tls.password_missing")
    assert "--password-env" in problem.render()


def pfx_file(files, pki):
    cert, key = pki.leaf()
    data = pkcs12.serialize_key_and_certificates(b"site", key, cert, [pki.inter],
                                                 BestAvailableEncryption(PASSWORD.encode()))
    return files.write("site.pfx", data)


def test_wrong_pfx_password(files, pki):
    only_problem(files.check(pkcs12_path=pfx_file(files, pki), password="guess"), "tls.password_wrong")


def test_missing_pfx_password(files, pki):
    only_problem(files.check(pkcs12_path=pfx_file(files, pki)), "tls.password_missing")


def test_no_private_key_at_all(files, pki):
    cert, _ = pki.leaf()
    only_problem(files.check(cert=[cert, pki.inter]), "tls.no_key")


def test_no_certificate_at_all(files, pki):
    _, key = pki.leaf()
    only_problem(files.check(key=[key]), "tls.no_certificate")


@pytest.mark.parametrize("domain", ["", "bad_name.example.com", "a..example.com", "-x.example.com"])
def test_domain_that_is_not_a_name(files, pki, domain):
    cert, key = pki.leaf()
    only_problem(files.check_leaf(cert, key, domain=domain), "tls.domain_invalid")


def test_ca_file_that_is_garbage(files, pki):
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key, ca=files.write("ca.pem", b"nonsense"))
    assert codes(report) == ["tls.unreadable"] and "ca.pem" in str(report.problems[0])


def test_huge_file_is_not_read_whole(files, pki):
    cert, key = pki.leaf()
    problem = only_problem(files.check(cert=files.write("big.iso", b"x" * (2 << 20)), key=[key]), "tls.unreadable")
    assert "larger than 1 MiB" in str(problem)
