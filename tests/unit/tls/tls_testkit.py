"""Certificates made on the spot with `cryptography` (and the openssl command for SHA-1/MD5
signatures, which cryptography refuses to make): a root, an intermediate, and leaves with exactly
the defect a test needs. A plain module rather than conftest, so that test files can import it."""
from __future__ import annotations

import ipaddress
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from installer.tls import check_certificate

NOW = datetime.now(timezone.utc)
DOMAIN = "jobs.example.com"


def name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def ec_key(curve=ec.SECP256R1):
    return ec.generate_private_key(curve())


def rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def make_cert(cn, public_key, issuer=None, issuer_key=None, *, ca=False, san=(DOMAIN,), days=(-1, 90),
              eku=(ExtendedKeyUsageOID.SERVER_AUTH,), subject=None):
    """A certificate; issuer None means self-signed with issuer_key. san=None leaves the SAN out;
    an IP address in san becomes an IP SAN."""
    subject = subject or name(cn)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.subject if issuer else subject).public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW + timedelta(days=days[0])).not_valid_after(NOW + timedelta(days=days[1]))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if san is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName([_general_name(n) for n in san]), critical=False)
    if eku and not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _general_name(value: str):
    try:
        return x509.IPAddress(ipaddress.ip_address(value))
    except ValueError:
        return x509.DNSName(value)


def pem(*items) -> bytes:
    out = b""
    for item in items:
        if isinstance(item, x509.Certificate):
            out += item.public_bytes(serialization.Encoding.PEM)
        else:
            out += item.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    return out


@dataclass
class Pki:
    """A root and an intermediate (RSA, so that openssl can also sign with MD5), plus an unrelated CA."""
    root_key: object
    root: x509.Certificate
    inter_key: object
    inter: x509.Certificate
    other_key: object
    other: x509.Certificate

    def leaf(self, key=None, issuer=None, issuer_key=None, **options):
        key = key or ec_key()
        cert = make_cert(options.pop("cn", DOMAIN), key.public_key(), issuer or self.inter,
                         issuer_key or self.inter_key, **options)
        return cert, key


def make_pki() -> Pki:
    root_key, inter_key, other_key = rsa_key(), rsa_key(), ec_key()
    root = make_cert("Test Root CA", root_key.public_key(), None, root_key, ca=True, san=None, days=(-10, 3650))
    inter = make_cert("Test Intermediate CA", inter_key.public_key(), root, root_key, ca=True, san=None,
                      days=(-10, 1800))
    other = make_cert("Unrelated CA", other_key.public_key(), None, other_key, ca=True, san=None, days=(-10, 3650))
    return Pki(root_key, root, inter_key, inter, other_key, other)


class Files:
    """Writes test inputs into tmp_path and runs the check on them."""

    def __init__(self, directory, pki: Pki):
        self.dir, self.pki = directory, pki

    def write(self, filename: str, data: bytes) -> str:
        path = self.dir / filename
        path.write_bytes(data)
        return str(path)

    def ca(self) -> str:
        return self.write("root.pem", pem(self.pki.root))

    def check(self, cert=None, key=None, chain=None, domain=DOMAIN, ca="root", **kwargs):
        """check_certificate on PEM files made from objects (paths are passed through as they are)."""
        def path(value, filename):
            return value if isinstance(value, str) or value is None else self.write(filename, pem(*value))
        return check_certificate(domain, path(cert, "cert.pem"), path(key, "key.pem"), path(chain, "chain.pem"),
                                 ca_path=self.ca() if ca == "root" else ca, **kwargs)

    def check_leaf(self, cert, key, **kwargs):
        """The usual layout: leaf and intermediate in one file, the key apart, the test root as --ca."""
        return self.check(cert=[cert, self.pki.inter], key=[key], **kwargs)

    def resign(self, cert: x509.Certificate, key, digest: str, issuer=None, issuer_key=None) -> x509.Certificate:
        """The same certificate signed again with an old hash, which only the openssl command still does.
        `openssl x509 -CA` re-signs only a self-signed, currently valid input: hence the copy first."""
        if shutil.which("openssl") is None:
            pytest.skip("the openssl command is needed to make SHA-1/MD5 signatures")
        issuer, issuer_key = issuer or self.pki.inter, issuer_key or self.pki.inter_key
        self.write("in.pem", pem(self_signed_copy(cert, key)))
        self.write("issuer.pem", pem(issuer))
        self.write("issuer.key", pem(issuer_key))
        subprocess.run(["openssl", "x509", "-in", "in.pem", "-CA", "issuer.pem", "-CAkey", "issuer.key",
                        f"-{digest}", "-preserve_dates", "-out", "out.pem"], cwd=self.dir, check=True,
                       capture_output=True)
        return x509.load_pem_x509_certificate((self.dir / "out.pem").read_bytes())


def self_signed_copy(cert: x509.Certificate, key) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(cert.subject).issuer_name(cert.subject)
               .public_key(cert.public_key()).serial_number(cert.serial_number)
               .not_valid_before(cert.not_valid_before_utc).not_valid_after(cert.not_valid_after_utc))
    for extension in cert.extensions:
        builder = builder.add_extension(extension.value, extension.critical)
    return builder.sign(key, hashes.SHA256())


def chain_of(report) -> list:
    """The certificates the import step would install, in the order it would install them."""
    return x509.load_pem_x509_certificates(report.chain)


def codes(report) -> list[str]:
    return [problem.code for problem in report.problems]
