"""The checks on each certificate of the chain and on the key. Each returns problems (the
certificate must not be installed) and the validity check also warnings (install, but act soon)."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from ..i18n import T, Text
from .certinfo import matches_key, name_of, signature_hash_name
from . import inputs
from .problems import ASK_CURRENT_INTERMEDIATE, ASK_REISSUE, TlsProblem

WARN_BEFORE = timedelta(days=30)
MIN_RSA_BITS = 2048
GOOD_CURVES = {"secp256r1", "secp384r1", "secp521r1"}   # what browsers accept: P-256, P-384, P-521
GOOD_HASHES = {"sha256", "sha384", "sha512", None}      # None: Ed25519/Ed448 signatures carry no hash


LEAF, INTERMEDIATE, CA = "leaf", "intermediate", "ca"


def subject_of(cert: x509.Certificate, role: str) -> tuple[Text, Text]:
    """How messages name a certificate, and what to ask for when it is the one at fault."""
    if role == LEAF:
        return T("The certificate", "证书"), ASK_REISSUE
    if role == CA:
        return T("The CA certificate '{name}' ({ca})", "CA 证书“{name}”（{ca}）", name=name_of(cert), ca=inputs.CA), T(
            "Renew the private CA and give its new certificate ({ca}); clients must trust the new one too.",
            "请更新私有 CA，并指定其新证书（{ca}）；客户端也需要信任新的 CA 证书。", ca=inputs.CA)
    return T("Intermediate certificate '{name}'", "中间证书“{name}”", name=name_of(cert)), ASK_CURRENT_INTERMEDIATE


def validity(cert: x509.Certificate, role: str, now: datetime) -> tuple[list, list]:
    what, fix = subject_of(cert, role)
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now < start:
        return [_not_yet_valid(what, start)], []
    if now > end:
        return [TlsProblem(T("{what} expired on {date}.", "{what}已于 {date} 过期。", what=what, date=_day(end)), fix,
                           code="tls.expired")], []
    if end - now < WARN_BEFORE:
        return [], [T("{what} expires on {date}, in {days} day(s): ask the certificate authority for its renewal now.",
                      "{what}将于 {date} 过期（{days} 天后）：请立即向证书颁发机构申请续期。",
                      what=what, date=_day(end), days=math.ceil((end - now) / timedelta(days=1)))]
    return [], []


def _not_yet_valid(what: Text, start: datetime) -> TlsProblem:
    return TlsProblem(T("{what} is not valid before {date}.", "{what}在 {date} 之前无效。", what=what, date=_day(start)),
                      T("Check this computer's clock. If it is right, wait until then or ask the certificate "
                        "authority to issue it again valid from today.",
                        "请检查本机时钟；如果时钟正确，请等到该时间，或请证书颁发机构重新签发从今天起生效的证书。"),
                      code="tls.not_yet_valid")


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def key_strength(cert: x509.Certificate, role: str) -> list:
    what, fix = subject_of(cert, role)
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        found = T("an RSA key of {bits} bits; clients require at least 2048", "{bits} 位的 RSA 密钥，客户端要求至少 2048 位",
                  bits=key.key_size)
    elif isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name not in GOOD_CURVES:
        found = T("the elliptic curve {curve}; clients accept P-256, P-384 and P-521",
                  "椭圆曲线 {curve}；客户端只接受 P-256、P-384 和 P-521", curve=key.curve.name)
    elif not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        found = T("a {kind} key, which browsers do not accept for web sites; use RSA or EC",
                  "{kind} 密钥，浏览器不接受用于网站；请使用 RSA 或 EC", kind=type(key).__name__.replace("PublicKey", ""))
    else:
        return []
    return [TlsProblem(T("{what} uses {found}.", "{what}使用的是{found}。", what=what, found=found), fix,
                       code="tls.weak_key")]


def signature_hash(cert: x509.Certificate, role: str) -> list:
    name = signature_hash_name(cert)
    if name in GOOD_HASHES:
        return []
    what, _ = subject_of(cert, role)
    fix = (T("Ask the certificate authority to issue the certificate again signed with SHA-256.",
             "请证书颁发机构使用 SHA-256 签名重新签发证书。") if role == LEAF else
           T("Ask the certificate authority for its current intermediate certificate (signed with SHA-256) and a "
             "certificate issued under it.", "请向证书颁发机构索取其当前（SHA-256 签名）的中间证书及由其签发的证书。"))
    return [TlsProblem(T("{what} is signed with {hash}, which clients reject.", "{what}使用 {hash} 签名，客户端会拒绝。",
                         what=what, hash=name.upper()), fix, code="tls.weak_signature")]


def key_match(leaf: x509.Certificate, key) -> list:
    if key is None or matches_key(leaf, key):
        return []
    return [TlsProblem(T("The private key does not belong to the certificate '{name}'.", "私钥与证书“{name}”不匹配。",
                         name=name_of(leaf)),
                       T("Give the private key that was created together with the CSR of this certificate. If it is "
                         "lost, create a new key and CSR and ask the certificate authority to re-key the certificate.",
                         "请提供与本证书 CSR 一同生成的私钥。如果私钥已丢失，请新建私钥和 CSR，并请证书颁发机构重新签发（re-key）证书。"),
                       code="tls.key_mismatch")]


def server_usage(leaf: x509.Certificate) -> list:
    """A code-signing or e-mail certificate has an Extended Key Usage without serverAuth."""
    try:
        usages = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return []
    if {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE} & set(usages):
        return []
    return [TlsProblem(T("The certificate is not meant for web servers: its Extended Key Usage lacks "
                         "'TLS Web Server Authentication'.",
                         "该证书不能用于网站服务器：其“增强型密钥用法”中没有“服务器身份验证”。"),
                       T("Ask the certificate authority for a TLS/SSL server certificate.",
                         "请向证书颁发机构申请 TLS/SSL 服务器证书。"),
                       code="tls.not_for_servers")]
