"""The manifest's detached Ed25519 signature: base64 of the 64 signature bytes over the exact bytes of
manifest.json. Which keys are trusted is decided in one place, installer.trust."""
from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import trust
from ..licence.signing import load_private_key  # noqa: F401  one vendor key signs licences and bundles


def sign(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    return base64.b64encode(key.sign(manifest_bytes)) + b"\n"


def key_id_of(key: Ed25519PrivateKey) -> str:
    return trust.key_id(key.public_key())


def is_trusted(manifest_bytes: bytes, signature_file: bytes) -> bool:
    try:
        signature = base64.b64decode(signature_file.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(signature) == 64 and trust.verify_signature(manifest_bytes, signature)
