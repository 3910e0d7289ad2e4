"""Facts about one certificate that the checks and the chain builder share."""
from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa


def name_of(cert: x509.Certificate) -> str:
    """The subject as an administrator sees it in other tools (openssl, Windows)."""
    return cert.subject.rfc4514_string() or "(empty subject)"


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def matches_key(cert: x509.Certificate, private_key) -> bool:
    return spki(cert.public_key()) == spki(private_key.public_key())


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def is_self_signed(cert: x509.Certificate) -> bool:
    return signed_by(cert, cert)


def signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when issuer's key made cert's signature. Checked with the primitives rather than
    verify_directly_issued_by, which refuses SHA-1/MD5: those must be found and reported by name."""
    if cert.issuer != issuer.subject:
        return False
    try:
        _verify(issuer.public_key(), cert)
    except (InvalidSignature, UnsupportedAlgorithm, TypeError, ValueError):
        return False
    return True


def _verify(key, cert: x509.Certificate) -> None:
    data, signature = cert.tbs_certificate_bytes, cert.signature
    if isinstance(key, rsa.RSAPublicKey):
        pad = cert.signature_algorithm_parameters
        key.verify(signature, data, pad if isinstance(pad, padding.AsymmetricPadding) else padding.PKCS1v15(),
                   cert.signature_hash_algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(cert.signature_hash_algorithm))
    elif isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        key.verify(signature, data)
    else:
        raise UnsupportedAlgorithm(type(key).__name__)


def signature_hash_name(cert: x509.Certificate) -> str | None:
    """'sha256', 'sha1', 'md5'...; None for schemes without a separate hash (Ed25519)."""
    try:
        algorithm = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return cert.signature_algorithm_oid.dotted_string
    return algorithm.name if algorithm else None
