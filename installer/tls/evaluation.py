"""Evaluation installs only: a private CA and a certificate for the domain, both marked NOT FOR
PRODUCTION. The CA's private key is never written: no one can issue another certificate under the
CA users were asked to trust, and its name constraints limit it to this one domain anyway."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .hostnames import normalise

LEAF_DAYS = 397  # the longest validity browsers accept for a server certificate
MARK = "JobFirst evaluation - NOT FOR PRODUCTION"


@dataclass(frozen=True)
class EvalFiles:
    ca: Path      # eval-ca.crt: hand it to the users, who add it to their trusted roots
    cert: Path    # fullchain.pem: the certificate for the gateway (its issuer is the root, so just one)
    key: Path     # privkey.pem, mode 0600
    reused: bool = False


def generate_eval(domain: str, out_dir, now: datetime | None = None) -> EvalFiles:
    """Writes the three files; files from an earlier run that still pass the check are kept, so a
    second run changes nothing and users need not trust a new CA."""
    from .checker import check_certificate  # the checker imports this package's modules too
    out = Path(out_dir)
    files = EvalFiles(out / "eval-ca.crt", out / "fullchain.pem", out / "privkey.pem")
    if all(p.exists() for p in (files.ca, files.cert, files.key)) and check_certificate(
            domain, str(files.cert), str(files.key), ca_path=str(files.ca), now=now).ok:
        return EvalFiles(files.ca, files.cert, files.key, reused=True)
    _write(files, *_issue(normalise(domain), now or datetime.now(timezone.utc)))
    return files


def _issue(name, now: datetime):
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _ca_certificate(ca_key, name, now)
    leaf = (_builder(_name(str(name)), ca.subject, leaf_key.public_key(), now, LEAF_DAYS)
            .add_extension(x509.SubjectAlternativeName([_general_name(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return ca, leaf, leaf_key


def _ca_certificate(ca_key, name, now: datetime) -> x509.Certificate:
    subject = _name(f"JobFirst evaluation CA for {name}")
    return (_builder(subject, subject, ca_key.public_key(), now, LEAF_DAYS + 1)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.NameConstraints(permitted_subtrees=[_subtree(name)], excluded_subtrees=None),
                           critical=True)
            .sign(ca_key, hashes.SHA256()))


def _builder(subject, issuer, public_key, now: datetime, days: int) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))  # tolerate a client clock slightly behind
            .not_valid_after(now + timedelta(days=days) - timedelta(hours=1))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, MARK),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])


def _key_usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not cert_sign, key_cert_sign=cert_sign, crl_sign=cert_sign,
                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                         key_agreement=False, encipher_only=False, decipher_only=False)


def _general_name(name) -> x509.GeneralName:
    return x509.DNSName(name) if isinstance(name, str) else x509.IPAddress(name)


def _subtree(name) -> x509.GeneralName:
    if isinstance(name, str):
        return x509.DNSName(name[2:] if name.startswith("*.") else name)
    return x509.IPAddress(ipaddress.ip_network(name))  # a single address: /32 or /128


def _write(files: EvalFiles, ca: x509.Certificate, leaf: x509.Certificate, key) -> None:
    files.ca.parent.mkdir(parents=True, exist_ok=True)
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    descriptor = os.open(files.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    os.chmod(files.key, 0o600)  # O_CREAT's mode does not apply to a file that already existed
