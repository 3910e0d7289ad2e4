"""Reading what customers really have: PEM (one or many blocks, keys in the same file), DER,
PKCS#7 (.p7b), PKCS#12 (.pfx/.p12) and encrypted private keys. The format is found from the
content, never from the file name, because files are often renamed."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from ..i18n import T
from .inputs import PASSWORD
from .problems import TlsProblem

MAX_BYTES = 1 << 20  # far above any chain; stops a wrong file (a bundle, an image) from being read whole
PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 #]+)-----.*?-----END \1-----", re.DOTALL)
CERT_LABELS = {b"CERTIFICATE", b"X509 CERTIFICATE"}
KEY_LABELS = {b"PRIVATE KEY", b"RSA PRIVATE KEY", b"EC PRIVATE KEY", b"DSA PRIVATE KEY", b"ENCRYPTED PRIVATE KEY"}
CSR_LABELS = {b"CERTIFICATE REQUEST", b"NEW CERTIFICATE REQUEST"}
PEM_HINT = T("Ask the certificate authority for the certificate in PEM format (text that starts with "
             "-----BEGIN CERTIFICATE-----), or export it with its private key as a .pfx file.",
             "请向证书颁发机构索取 PEM 格式的证书（以 -----BEGIN CERTIFICATE----- 开头的文本），"
             "或将证书连同私钥导出为 .pfx 文件。")


@dataclass
class Contents:
    certs: list = field(default_factory=list)
    keys: list = field(default_factory=list)
    kind: str = "PEM"       # PEM, DER, PKCS#7, PKCS#12
    ordered: bool = True    # PKCS#7 and PKCS#12 hold a set of certificates: their order means nothing


def read(path: str) -> bytes:
    """The file's bytes; a missing, unreadable, empty or huge file is a problem for the user."""
    data = _read_bytes(path)
    if len(data) > MAX_BYTES or not data.strip():
        size = T("empty", "是空文件") if not data.strip() else T("larger than 1 MiB", "大于 1 MiB")
        raise TlsProblem(T("{path} is {size}: it cannot be a certificate or key.",
                           "{path} {size}，不可能是证书或私钥。", path=path, size=size), PEM_HINT, code="tls.unreadable")
    return data


def _read_bytes(path: str) -> bytes:
    try:
        if Path(path).is_dir():
            raise IsADirectoryError(path)
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as err:
        why = (T("it does not exist", "文件不存在") if isinstance(err, FileNotFoundError) else
               T("it is a folder", "这是一个文件夹") if isinstance(err, IsADirectoryError) else err.strerror or str(err))
        raise TlsProblem(T("Cannot read {path}: {why}.", "无法读取 {path}：{why}。", path=path, why=why),
                         T("Check the path and that this user may read the file.", "请检查路径以及当前用户是否有读取权限。"),
                         code="tls.unreadable") from None


def parse(data: bytes, path: str, password: bytes | None) -> Contents:
    text = _as_ascii(data)
    if b"-----BEGIN " in text:
        return _parse_pem(text, path, password)
    for attempt in (_der_certificate, _der_pkcs12, _der_pkcs7, _der_key):
        contents = attempt(data, path, password)
        if contents is not None:
            return contents
    raise TlsProblem(T("{path} is not a certificate or key that can be read (not PEM, DER, PKCS#7 or PKCS#12/PFX).",
                       "{path} 不是可读取的证书或私钥（不是 PEM、DER、PKCS#7 或 PKCS#12/PFX 格式）。", path=path),
                     PEM_HINT, code="tls.unreadable")


def quietly(loader, data: bytes):
    """Loads without the deprecation warnings cryptography prints for odd but usable certificates
    (negative serial numbers, common in old roots): the user would see them as noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loader(data)


def _as_ascii(data: bytes) -> bytes:
    """PEM saved by Windows tools is sometimes UTF-16 (with a byte-order mark)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "ignore").encode("ascii", "ignore")
    return data


def _parse_pem(text: bytes, path: str, password) -> Contents:
    contents, labels = Contents(), []
    for number, match in enumerate(PEM_BLOCK.finditer(text), 1):
        labels.append(match.group(1).decode())
        _add_block(contents, match.group(1), match.group(0), path, number, password)
    if not contents.certs and not contents.keys:
        raise TlsProblem(T("{path} holds no certificate and no private key (found: {labels}).",
                           "{path} 中没有证书也没有私钥（找到的是：{labels}）。",
                           path=path, labels=", ".join(labels) or "-"), PEM_HINT, code="tls.unreadable")
    return contents


def _add_block(contents: Contents, label: bytes, block: bytes, path: str, number: int, password) -> None:
    """Other blocks (EC PARAMETERS, PUBLIC KEY...) are passed over: they often sit next to a key."""
    if label in CERT_LABELS:
        contents.certs.append(_pem_certificate(block, path, number))
    elif label in KEY_LABELS:
        contents.keys.append(_load_key(serialization.load_pem_private_key, block, path, password))
    elif label == b"PKCS7":
        contents.certs.extend(_pem_pkcs7(block, path))
    elif label in CSR_LABELS:
        raise _csr_problem(path)


def _pem_certificate(block: bytes, path: str, number: int):
    try:
        return quietly(x509.load_pem_x509_certificate, block)
    except ValueError:
        raise TlsProblem(T("Block {n} of {path} says CERTIFICATE but is damaged (cut off or edited).",
                           "{path} 的第 {n} 段标为 CERTIFICATE，但内容已损坏（被截断或被修改）。", n=number, path=path),
                         T("Copy the certificate again from what the certificate authority sent, without changes.",
                           "请从证书颁发机构发来的原始文件重新复制证书，不要做任何修改。"), code="tls.damaged") from None


def _pem_pkcs7(block: bytes, path: str) -> list:
    try:
        return pkcs7.load_pem_pkcs7_certificates(block)
    except ValueError:
        raise TlsProblem(T("{path} holds a damaged PKCS#7 block.", "{path} 中的 PKCS#7 内容已损坏。", path=path),
                         PEM_HINT, code="tls.damaged") from None


def _csr_problem(path: str) -> TlsProblem:
    return TlsProblem(T("{path} is a certificate request (CSR), not a certificate.",
                        "{path} 是证书签名请求（CSR），不是证书。", path=path),
                      T("Send this CSR to the certificate authority and use the certificate it sends back.",
                        "请将该 CSR 提交给证书颁发机构，并使用其签发回来的证书。"), code="tls.csr")


def _load_key(loader, data: bytes, path: str, password: bytes | None):
    """Loading without a password first tells 'encrypted' (TypeError) from 'damaged' (ValueError)."""
    try:
        return loader(data, None)
    except TypeError:
        if password is None:
            raise _password_missing(path) from None
    except (ValueError, UnsupportedAlgorithm):
        raise TlsProblem(T("The private key in {path} is damaged or of an unknown kind.",
                           "{path} 中的私钥已损坏或类型未知。", path=path),
                         T("Use the private key file that was created together with the CSR.",
                           "请使用与 CSR 一同生成的私钥文件。"), code="tls.damaged") from None
    try:
        return loader(data, password)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise _password_wrong(path) from None


def _password_missing(path: str) -> TlsProblem:
    return TlsProblem(T("{path} is protected by a password, and none was given.", "{path} 受密码保护，但未提供密码。",
                        path=path),
                      T("Give the password: {password}.", "请提供密码：{password}。", password=PASSWORD),
                      code="tls.password_missing")


def _password_wrong(path: str) -> TlsProblem:
    return TlsProblem(T("The password for {path} is wrong (or the file is damaged).",
                        "{path} 的密码不正确（或文件已损坏）。", path=path),
                      T("Check the password ({password}); it is the one chosen when the key or .pfx file was "
                        "exported.", "请检查密码（{password}），它是导出私钥或 .pfx 文件时设置的密码。", password=PASSWORD),
                      code="tls.password_wrong")


def _der_certificate(data: bytes, path: str, password) -> Contents | None:
    try:
        return Contents(certs=[quietly(x509.load_der_x509_certificate, data)], kind="DER")
    except ValueError:
        return None


def _der_pkcs7(data: bytes, path: str, password) -> Contents | None:
    try:
        return Contents(certs=pkcs7.load_der_pkcs7_certificates(data), kind="PKCS#7", ordered=False)
    except (ValueError, UnsupportedAlgorithm):
        return None


def _der_key(data: bytes, path: str, password) -> Contents | None:
    if not data.startswith(b"\x30"):
        return None
    try:
        key = _load_key(serialization.load_der_private_key, data, path, password)
    except TlsProblem as problem:
        if problem.code != "tls.damaged":
            raise
        return None  # not a key either: the caller says what the file is not
    return Contents(keys=[key], kind="DER")


def _der_pkcs12(data: bytes, path: str, password) -> Contents | None:
    if not _looks_like_pkcs12(data):
        return None
    for attempt in dict.fromkeys([password, None, b""]):  # a PFX exported "without password" may use ""
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, attempt)
        except ValueError:
            continue
        except UnsupportedAlgorithm:
            raise _pkcs12_legacy(path) from None
        return Contents(certs=([cert] if cert else []) + list(extra), keys=[key] if key else [], kind="PKCS#12",
                        ordered=False)
    raise _password_missing(path) if password is None else _password_wrong(path)


def _looks_like_pkcs12(data: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER 3, ... }: certificates and keys never start with version 3."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    header = 2 + (data[1] & 0x7F if data[1] > 0x80 else 0)
    return data[header:header + 3] == b"\x02\x01\x03"


def _pkcs12_legacy(path: str) -> TlsProblem:
    return TlsProblem(T("{path} uses an old encryption this installer cannot read.", "{path} 使用了本安装程序无法读取的旧加密算法。",
                        path=path),
                      T("Export the .pfx again choosing AES-256 encryption (Windows: 'AES256-SHA256'), "
                        "or convert it: openssl pkcs12 -in old.pfx -legacy -out site.pem",
                        "请重新导出 .pfx 并选择 AES-256 加密（Windows 中为 AES256-SHA256），"
                        "或用 openssl pkcs12 -in old.pfx -legacy -out site.pem 转换。"), code="tls.pkcs12_legacy")
