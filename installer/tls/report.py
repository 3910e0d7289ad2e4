"""The result of a check: whether the certificate may be installed, every problem and warning,
and what the import step installs (the chain leaf-first as fullchain.pem, the key unencrypted)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .certinfo import fingerprint, name_of
from .problems import CertificateRefused


@dataclass
class CertReport:
    domain: str
    problems: list = field(default_factory=list)    # TlsProblem: each one refuses the certificate
    warnings: list = field(default_factory=list)    # Text: installable, but someone should act
    notes: list = field(default_factory=list)       # Text: what the installer did about the input
    certs: list = field(default_factory=list)       # the chain to install, leaf first, no root
    private_key: object = None
    trusted_by: object = None                       # Text naming the trust source, once the chain reaches it

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.certs) and self.private_key is not None

    @property
    def leaf(self) -> x509.Certificate | None:
        return self.certs[0] if self.certs else None

    @property
    def chain(self) -> bytes:
        return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in self.certs)

    @property
    def key_pem(self) -> bytes:
        return self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())

    @property
    def fingerprint_sha256(self) -> str | None:
        return fingerprint(self.leaf) if self.leaf else None

    @property
    def not_after(self) -> datetime | None:
        return self.leaf.not_valid_after_utc if self.leaf else None

    @property
    def subject(self) -> str | None:
        return name_of(self.leaf) if self.leaf else None

    @property
    def issuer(self) -> str | None:
        return self.leaf.issuer.rfc4514_string() if self.leaf else None

    def raise_for_problems(self) -> None:
        """For steps that must stop: one error carrying every problem."""
        if not self.ok:
            raise CertificateRefused(self.domain, self.problems)

    def to_json(self) -> dict:
        return {"domain": self.domain, "subject": self.subject, "issuer": self.issuer,
                "not_after": self.not_after.isoformat() if self.not_after else None,
                "fingerprint_sha256": self.fingerprint_sha256,
                "trusted_by": str(self.trusted_by) if self.trusted_by else None,
                "chain": [_describe(cert) for cert in self.certs],
                "notes": [str(note) for note in self.notes]}


def _describe(cert: x509.Certificate) -> dict:
    return {"subject": name_of(cert), "issuer": cert.issuer.rfc4514_string(),
            "not_after": cert.not_valid_after_utc.isoformat(), "fingerprint_sha256": fingerprint(cert)}
