"""The vendor public keys this installer trusts, for licences and bundles alike.

The product trusts exactly one key, shipped as assets/vendor_public_key.pem. A development build
(installer._build.RELEASE is False) also trusts the PEM public keys listed in JOBFIRST_DEV_TRUST
(paths separated by os.pathsep), so tests and demos can sign with a test key. A release build
ignores that variable: no environment can make a customer build trust another key."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import _build
from .errors import InstallerError
from .i18n import T

DEV_TRUST_ENV = "JOBFIRST_DEV_TRUST"
PRODUCT_KEY_FILE = "vendor_public_key.pem"


def assets_dir() -> Path:
    """assets/ next to the package in a source tree, or inside the PyInstaller bundle when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "assets" if frozen else Path(__file__).resolve().parent.parent / "assets"


def key_id(key: Ed25519PublicKey) -> str:
    """A short stable name for a key (shown in messages, written into signatures as a hint)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_from_pem(data: bytes, where: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise InstallerError(T("{where} is not an Ed25519 public key in PEM form.",
                               "{where} 不是 PEM 格式的 Ed25519 公钥。", where=where),
                             T("Use the vendor_public_key.pem written by `jobfirst-vendor licence keygen`.",
                               "请使用 `jobfirst-vendor licence keygen` 生成的 vendor_public_key.pem。"),
                             code="trust.bad_key")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InstallerError(T("Cannot read the trusted key {path}: {why}.", "无法读取受信任的公钥 {path}：{why}。",
                               path=str(path), why=err.strerror or str(err)),
                             T("Reinstall the installer; for development keys check {var}.",
                               "请重新安装本安装程序；如为开发用公钥，请检查 {var}。", var=DEV_TRUST_ENV),
                             code="trust.unreadable") from None
    return public_key_from_pem(data, str(path))


def product_key() -> Ed25519PublicKey:
    return load_public_key(assets_dir() / PRODUCT_KEY_FILE)


def dev_trust_paths() -> list[str]:
    if _build.RELEASE:  # read at call time, so a test can flip it
        return []
    return [p for p in os.environ.get(DEV_TRUST_ENV, "").split(os.pathsep) if p.strip()]


def trusted_vendor_keys() -> list[Ed25519PublicKey]:
    return [product_key()] + [load_public_key(p) for p in dev_trust_paths()]


def trusted_key_ids() -> set[str]:
    return {key_id(k) for k in trusted_vendor_keys()}


def signing_key(data: bytes, signature: bytes) -> Ed25519PublicKey | None:
    """The trusted key whose signature over exactly these bytes this is, or None."""
    for key in trusted_vendor_keys():
        try:
            key.verify(signature, data)
            return key
        except InvalidSignature:
            continue
    return None


def verify_signature(data: bytes, signature: bytes) -> bool:
    return signing_key(data, signature) is not None
