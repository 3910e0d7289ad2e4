"""What customers really have is accepted: PEM in every layout, DER, PKCS#7, PKCS#12, encrypted
keys, RSA and EC. Whatever came in, the report hands out the same thing to install."""
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs7, pkcs12

from tests.unit.tls.tls_testkit import DOMAIN, chain_of, codes, pem, rsa_key

PASSWORD = "s3cret-Passw0rd"


def der(item) -> bytes:
    if isinstance(item, x509.Certificate):
        return item.public_bytes(serialization.Encoding.DER)
    return item.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())


def encrypted_key(key, fmt=serialization.PrivateFormat.PKCS8, encoding=serialization.Encoding.PEM) -> bytes:
    return key.private_bytes(encoding, fmt, BestAvailableEncryption(PASSWORD.encode()))


def pfx(files, cert, key, password=PASSWORD, extra=None, encryption=None) -> str:
    if encryption is None:
        encryption = BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    data = pkcs12.serialize_key_and_certificates(b"site", key, cert, extra or [files.pki.inter], encryption)
    return files.write("site.pfx", data)


def assert_installable(report, cert, key, pki):
    """Fit, and ready to install: leaf then intermediate as PEM, the key as unencrypted PKCS#8."""
    assert report.ok, [str(p) for p in report.problems]
    assert chain_of(report) == [cert, pki.inter]
    assert report.key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = serialization.load_pem_private_key(report.key_pem, None)
    assert loaded.private_numbers() == key.private_numbers()


def test_pem_with_full_chain_in_one_file(files, pki):
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key)
    assert_installable(report, cert, key, pki)
    assert report.subject == f"CN={DOMAIN}" and report.issuer == "CN=Test Intermediate CA"
    assert report.not_after == cert.not_valid_after_utc and len(report.fingerprint_sha256) == 95


def test_pem_with_separate_chain_file(files, pki):
    cert, key = pki.leaf()
    assert_installable(files.check(cert=[cert], key=[key], chain=[pki.inter]), cert, key, pki)


def test_chain_given_twice_is_used_once(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter], key=[key], chain=[pki.inter])
    assert_installable(report, cert, key, pki)


def test_der_certificate_and_der_key(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=files.write("site.cer", der(cert)), key=files.write("site.key", der(key)),
                         chain=[pki.inter])
    assert_installable(report, cert, key, pki)


def test_pkcs7_chain_file(files, pki):
    cert, key = pki.leaf()
    p7b = files.write("chain.p7b", pkcs7.serialize_certificates([pki.inter, pki.root], serialization.Encoding.DER))
    assert_installable(files.check(cert=[cert], key=[key], chain=p7b), cert, key, pki)


def test_pkcs12_with_password(files, pki):
    cert, key = pki.leaf()
    report = files.check(pkcs12_path=pfx(files, cert, key), password=PASSWORD)
    assert_installable(report, cert, key, pki)


def test_pkcs12_given_as_cert_is_recognised_by_content(files, pki):
    cert, key = pki.leaf()
    assert_installable(files.check(cert=pfx(files, cert, key), password=PASSWORD), cert, key, pki)


def test_pkcs12_without_password(files, pki):
    cert, key = pki.leaf()
    assert_installable(files.check(pkcs12_path=pfx(files, cert, key, password=None)), cert, key, pki)


def test_pkcs12_with_legacy_windows_encryption(files, pki):
    """Older Windows servers export with 3DES and SHA-1 MACs."""
    cert, key = pki.leaf(key=rsa_key())
    legacy = (serialization.PrivateFormat.PKCS12.encryption_builder()
              .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).build(PASSWORD.encode()))
    path = pfx(files, cert, key, encryption=legacy)
    assert_installable(files.check(pkcs12_path=path, password=PASSWORD), cert, key, pki)


@pytest.mark.parametrize("fmt", [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL])
def test_encrypted_pem_key(files, pki, fmt):
    cert, key = pki.leaf(key=rsa_key())
    path = files.write("key.pem", encrypted_key(key, fmt))
    assert_installable(files.check(cert=[cert, pki.inter], key=path, password=PASSWORD), cert, key, pki)


def test_encrypted_der_key(files, pki):
    cert, key = pki.leaf()
    path = files.write("key.der", encrypted_key(key, encoding=serialization.Encoding.DER))
    assert_installable(files.check(cert=[cert, pki.inter], key=path, password=PASSWORD), cert, key, pki)


def test_rsa_leaf(files, pki):
    cert, key = pki.leaf(key=rsa_key())
    assert_installable(files.check_leaf(cert, key), cert, key, pki)


def test_key_in_the_certificate_file(files, pki):
    cert, key = pki.leaf()
    assert_installable(files.check(cert=[cert, pki.inter, key]), cert, key, pki)


def test_pem_with_text_around_and_windows_line_ends(files, pki):
    cert, key = pki.leaf()
    text = b"Bag Attributes\n    friendlyName: site\nsubject=/CN=x\n" + pem(cert, pki.inter)
    path = files.write("cert.pem", text.replace(b"\n", b"\r\n"))
    assert_installable(files.check(cert=path, key=[key]), cert, key, pki)


def test_pem_saved_as_utf16_by_a_windows_editor(files, pki):
    cert, key = pki.leaf()
    path = files.write("cert.pem", pem(cert, pki.inter).decode().encode("utf-16"))
    assert_installable(files.check(cert=path, key=[key]), cert, key, pki)


def test_unencrypted_key_with_a_password_given_anyway(files, pki):
    cert, key = pki.leaf()
    assert_installable(files.check_leaf(cert, key, password=PASSWORD), cert, key, pki)


def test_every_file_of_a_failing_check_is_still_read(files, pki):
    """A wrong key password does not hide that the chain file is garbage."""
    cert, key = pki.leaf()
    report = files.check(cert=[cert], key=files.write("key.pem", encrypted_key(key)),
                         chain=files.write("chain.pem", b"not a chain"), password="wrong")
    assert codes(report) == ["tls.unreadable", "tls.password_wrong"]


def test_key_option_wins_over_a_stale_key_in_the_certificate_file(files, pki):
    cert, key = pki.leaf()
    _, stale = pki.leaf()
    assert_installable(files.check(cert=[cert, pki.inter, stale], key=[key]), cert, key, pki)
