"""Everything the user gave for one certificate, gathered from up to four files: the certificates in
the order given, the private key, and a problem for each file that could not be used. A file that
fails does not stop the others from being read: the check reports every problem at once."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import T, Text
from . import formats
from .inputs import CERT, KEY
from .problems import TlsProblem


@dataclass
class Material:
    certs: list = field(default_factory=list)       # every certificate given, first occurrence kept
    ordered: dict = field(default_factory=dict)     # certificate -> position, for files whose order means something
    key: object = None
    problems: list = field(default_factory=list)
    failed: set = field(default_factory=set)        # roles whose file could not be used: cert, key, chain

    def add_certs(self, contents: formats.Contents) -> None:
        for cert in contents.certs:
            if cert not in self.certs:
                self.certs.append(cert)
            if contents.ordered and cert not in self.ordered:
                self.ordered[cert] = len(self.ordered)


def load_material(cert_path=None, key_path=None, chain_path=None, pkcs12_path=None, password=None) -> Material:
    material = Material()
    if isinstance(password, str):
        password = password.encode("utf-8")
    if not cert_path and not pkcs12_path:
        material.problems.append(_no_certificate())
        material.failed.add("cert")
    for role, path in (("cert", cert_path), ("cert", pkcs12_path), ("chain", chain_path), ("key", key_path)):
        if path:
            _load_one(material, role, path, password)
    if material.key is None and "key" not in material.failed and "cert" not in material.failed:
        material.problems.append(_no_key())
    return material


def _load_one(material: Material, role: str, path: str, password) -> None:
    try:
        contents = formats.parse(formats.read(path), path, password)
        _expect(role, contents, path)
    except TlsProblem as problem:
        material.problems.append(problem)
        material.failed.add(role)
        return
    material.add_certs(contents)
    if contents.keys and (role == "key" or material.key is None):
        material.key = contents.keys[0]  # --key wins over a key found next to the certificate


def _expect(role: str, contents: formats.Contents, path: str) -> None:
    """Each file must hold what its option promises; a swapped pair of files is the usual mistake."""
    if len(contents.keys) > 1:
        raise _wrong_content(path, T("more than one private key", "多个私钥"), "tls.several_keys",
                             T("Give one file with the one private key of this certificate.", "请只提供本证书对应的那一个私钥文件。"))
    if role == "key" and not contents.keys:
        raise _wrong_content(path, T("a certificate, not a private key", "证书，而不是私钥"), "tls.key_is_certificate", T(
            "Give the private key file ({key}; it starts with -----BEGIN PRIVATE KEY----- or similar); it was "
            "created on your side together with the CSR, the certificate authority does not have it.",
            "请指定私钥文件（{key}；以 -----BEGIN PRIVATE KEY----- 等开头）；私钥是您在生成 CSR 时一并生成的，证书颁发机构没有。",
            key=KEY))
    if role != "key" and not contents.certs:
        raise _wrong_content(path, T("a private key, not a certificate", "私钥，而不是证书"), "tls.certificate_is_key", T(
            "Give the certificate ({cert}) and the key ({key}) each in its place.", "请分别指定证书（{cert}）和私钥（{key}）。",
            cert=CERT, key=KEY))
    if role == "chain" and contents.keys:
        raise _wrong_content(path, T("a private key next to the chain", "与证书链放在一起的私钥"), "tls.key_in_chain", T(
            "Keep private keys out of chain files: give the chain with --chain and the key with --key.",
            "证书链文件中不应包含私钥：请用 --chain 指定证书链，用 --key 指定私钥。"))


def _wrong_content(path: str, found: Text, code: str, fix: Text) -> TlsProblem:
    return TlsProblem(T("{path} holds {found}.", "{path} 中是{found}。", path=path, found=found), fix, code=code)


def _no_certificate() -> TlsProblem:
    return TlsProblem(T("No certificate was given.", "未提供证书。"),
                      T("Give the certificate with --cert (PEM or DER) or --pkcs12 (a .pfx file).",
                        "请用 --cert（PEM 或 DER）或 --pkcs12（.pfx 文件）指定证书。"), code="tls.no_certificate")


def _no_key() -> TlsProblem:
    return TlsProblem(T("No private key was given: the certificate cannot be installed without it.",
                        "未提供私钥：没有私钥无法安装证书。"),
                      T("Give the private key with --key, or a .pfx file that contains it with --pkcs12.",
                        "请用 --key 指定私钥，或用 --pkcs12 指定包含私钥的 .pfx 文件。"), code="tls.no_key")
