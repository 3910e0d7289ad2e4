"""What the chain must end at: the CA file the user gave (a private CA), or the public roots that
browsers trust. For the public roots the workstation's own store is used together with certifi's
copy of the Mozilla list, because a Windows workstation has no CA file and fills its store lazily.
SSL_CERT_FILE, the usual OpenSSL variable, replaces both with one bundle (an organisation's roots)."""
from __future__ import annotations

import functools
import os
import ssl
import sys
from dataclasses import dataclass, field

from cryptography import x509

from ..i18n import T, Text
from . import formats
from .problems import TlsProblem


@dataclass
class Trust:
    certs: list
    source: Text
    private: bool = False                 # True for --ca: only that CA counts
    problems: list = field(default_factory=list)


def trust_for(ca_path: str | None) -> Trust:
    if not ca_path:
        return Trust(public_roots(), T("the public root certificates", "公共根证书"))
    source = T("the CA certificate in {path}", "{path} 中的 CA 证书", path=ca_path)
    try:
        contents = formats.parse(formats.read(ca_path), ca_path, None)
    except TlsProblem as problem:
        return Trust([], source, True, [problem])
    if not contents.certs:
        return Trust([], source, True, [TlsProblem(
            T("{path} (--ca) holds no certificate.", "{path}（--ca）中没有证书。", path=ca_path),
            T("Give the certificate of the CA that clients trust with --ca, not a key.",
              "请用 --ca 指定客户端信任的 CA 证书，而不是私钥。"), code="tls.ca_unreadable")])
    return Trust(contents.certs, source, True)


def public_roots() -> list:
    override = os.environ.get("SSL_CERT_FILE")
    paths = [override] if override else [ssl.get_default_verify_paths().cafile, _certifi_bundle()]
    roots = [cert for path in paths if path for cert in _bundle(path)]
    if not override:
        roots += _windows_roots()
    return list(dict.fromkeys(roots))


def _certifi_bundle() -> str | None:
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


@functools.lru_cache(maxsize=8)
def _bundle(path: str) -> tuple:
    """Every certificate of a PEM bundle; one this library cannot parse is skipped, not fatal."""
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError:
        return ()
    return tuple(cert for cert in map(_certificate, formats.PEM_BLOCK.finditer(text)) if cert is not None)


def _certificate(match):
    return _loaded(x509.load_pem_x509_certificate, match.group(0))


def _loaded(loader, data: bytes):
    try:
        return formats.quietly(loader, data)
    except ValueError:
        return None


def _windows_roots() -> list:
    if sys.platform != "win32":
        return []
    found = (_loaded(x509.load_der_x509_certificate, der) for der, encoding, _trust in ssl.enum_certificates("ROOT")
             if encoding == "x509_asn")
    return [cert for cert in found if cert is not None]
