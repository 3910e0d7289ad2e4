"""The vendor's side: make a signing key pair, and sign a licence. The private key stays on the
vendor's signing host; only the public half ships (assets/vendor_public_key.pem)."""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import trust
from ..i18n import T
from .armor import armor
from .canonical import canonical_json
from .errors import LicenceError
from .model import Licence

PRIVATE_FILE, PUBLIC_FILE = "vendor_signing_key.pem", "vendor_public_key.pem"


def keygen(out_dir: str, passphrase: bytes | None = None) -> tuple[Path, Path]:
    """Writes a new key pair into out_dir; never overwrites a key (losing one is not undoable)."""
    key = Ed25519PrivateKey.generate()
    crypt = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, crypt)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / PRIVATE_FILE, directory / PUBLIC_FILE
    for path in paths:
        _refuse_existing(path)
    _write_new(paths[0], private, 0o600)
    _write_new(paths[1], public, 0o644)
    return paths


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise LicenceError(T("{path} already exists; a key is never overwritten.", "{path} 已存在；不会覆盖已有的密钥。",
                             path=str(path)), T("Choose another --out folder.", "请另选一个 --out 目录。"),
                           code="licence.key_exists")


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def load_private_key(path: str, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise _bad_key(path, T("cannot be read: {why}", "无法读取：{why}", why=err.strerror or str(err))) from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:  # encrypted without a passphrase, or a passphrase for a plain key
        raise _bad_key(path, T("needs a passphrase (--passphrase-env), or was given one it does not have",
                               "需要口令（--passphrase-env），或给出了它并不需要的口令")) from None
    except (ValueError, UnsupportedAlgorithm):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise _bad_key(path, T("is not an Ed25519 private key in PEM form, or the passphrase is wrong",
                               "不是 PEM 格式的 Ed25519 私钥，或口令错误"))
    return key


def _bad_key(path: str, why) -> LicenceError:
    return LicenceError(T("The signing key {path} {why}.", "签名私钥 {path} {why}。", path=path, why=why),
                        T("Give the vendor_signing_key.pem made by `jobfirst-vendor licence keygen`.",
                          "请提供由 `jobfirst-vendor licence keygen` 生成的 vendor_signing_key.pem。"),
                        code="licence.signing_key")


def sign(licence: Licence, key: Ed25519PrivateKey) -> str:
    """The licence file's text: the canonical body bytes and the signature over exactly them."""
    body = canonical_json(licence.to_json())
    return armor(body, key.sign(body), trust.key_id(key.public_key()))
