"""From a heap of certificates to the chain a server must send: the leaf first, then each issuer,
every link checked by its signature, up to a trusted certificate (which is not sent). What is
missing, foreign, or given out of order is said in words an administrator can act on."""
from __future__ import annotations

from dataclasses import dataclass, field

from cryptography import x509

from ..i18n import T
from .certinfo import is_ca, is_self_signed, matches_key, name_of, signed_by
from .inputs import CA
from .problems import ASK_FULL_CHAIN, TlsProblem
from .roots import Trust


@dataclass
class Chain:
    certs: list                      # leaf first, each followed by its issuer; the trusted root is not in it
    anchor: x509.Certificate | None  # the trusted certificate the chain ends at, None when it ends nowhere
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def pick_leaf(certs: list, key) -> x509.Certificate:
    """The certificate of the key; without a key, the first that is not a CA."""
    for cert in certs:
        if key is not None and matches_key(cert, key):
            return cert
    return next((cert for cert in certs if not is_ca(cert)), certs[0])


def build_chain(leaf: x509.Certificate, certs: list, trust: Trust, order: dict) -> Chain:
    chain = _walk(leaf, certs, trust)
    for cert in certs:
        if cert not in chain.certs:
            _not_in_chain(cert, chain, leaf)
    if _out_of_order(chain.certs, order):
        chain.warnings.append(T("The chain was given out of order; it will be installed in the right order: {order}.",
                                "证书链的顺序不正确，将按正确顺序安装：{order}。", order=_arrow(chain.certs)))
    return chain


def _walk(leaf: x509.Certificate, certs: list, trust: Trust) -> Chain:
    path = [leaf]
    while True:
        cert = path[-1]
        if cert in trust.certs:  # only the leaf can be: a self-signed certificate also given as --ca
            return Chain(path, cert)
        anchor = _issuer_among(cert, trust.certs)
        if anchor is not None:
            return Chain(path, anchor)
        if is_self_signed(cert):
            return Chain(path, None, [_untrusted_root(cert, trust)])
        issuer = _issuer_among(cert, [c for c in certs if c not in path])
        if issuer is None:
            return Chain(path, None, [_missing_issuer(cert, certs, trust)])
        path.append(issuer)


def _issuer_among(cert: x509.Certificate, candidates: list) -> x509.Certificate | None:
    return next((c for c in candidates if signed_by(cert, c)), None)


def _not_in_chain(cert: x509.Certificate, chain: Chain, leaf: x509.Certificate) -> None:
    if cert == chain.anchor:  # the root itself, included by the user: harmless, clients have it
        chain.notes.append(T("The root certificate '{name}' is left out of the installed chain: clients already "
                             "have it.", "根证书“{name}”不会被安装到证书链中：客户端本身已有该证书。", name=name_of(cert)))
        return
    chain.problems.append(TlsProblem(
        T("Certificate '{name}' (issued by '{issuer}') does not belong to the chain of '{leaf}'.",
          "证书“{name}”（颁发者“{issuer}”）不属于“{leaf}”的证书链。",
          name=name_of(cert), issuer=cert.issuer.rfc4514_string(), leaf=name_of(leaf)),
        T("Remove it from the files given, or ask the certificate authority for the chain of this certificate.",
          "请从所给文件中删除该证书，或向证书颁发机构索取本证书对应的证书链。"), code="tls.chain_foreign"))


def _out_of_order(path: list, order: dict) -> bool:
    positions = [order[cert] for cert in path if cert in order]
    return positions != sorted(positions)


def _arrow(path: list) -> str:
    return " -> ".join(f"'{name_of(cert)}'" for cert in path)


def _untrusted_root(cert: x509.Certificate, trust: Trust) -> TlsProblem:
    if trust.private:
        fix = T("Give the CA certificate your clients trust ({ca}), or ask that CA for a certificate.",
                "请指定客户端信任的 CA 证书（{ca}），或向该 CA 申请证书。", ca=CA)
    else:
        fix = T("Ask a public certificate authority for the certificate, or, for a private CA your clients trust, "
                "give its certificate ({ca}).",
                "请向公共证书颁发机构申请证书；如果使用客户端信任的私有 CA，请指定其 CA 证书（{ca}）。", ca=CA)
    return TlsProblem(T("The chain ends at the self-signed certificate '{name}', which is not {source}.",
                        "证书链止于自签名证书“{name}”，它不是{source}。", name=name_of(cert), source=trust.source),
                      fix, code="tls.untrusted_root")


def _missing_issuer(cert: x509.Certificate, certs: list, trust: Trust) -> TlsProblem:
    if any(c.subject == cert.issuer for c in certs + trust.certs):  # usually an old, re-keyed intermediate
        return TlsProblem(T("'{name}' names '{issuer}' as its issuer, but the certificate given under that name did "
                            "not sign it (its signature does not verify).",
                            "“{name}”的颁发者是“{issuer}”，但所给的同名证书并未签发它（签名校验失败）。",
                            name=name_of(cert), issuer=cert.issuer.rfc4514_string()),
                          ASK_FULL_CHAIN, code="tls.chain_signature")
    fix = ASK_FULL_CHAIN if trust.private else T(
        "{ask} If '{issuer}' is your organisation's own CA, give its certificate instead ({ca}).",
        "{ask}如果“{issuer}”是贵单位自己的 CA，请改为指定其证书（{ca}）。", ask=ASK_FULL_CHAIN, ca=CA,
        issuer=cert.issuer.rfc4514_string())
    return TlsProblem(T("The chain is incomplete: the certificate that issued '{name}' ('{issuer}') was not given.",
                        "证书链不完整：缺少签发“{name}”的证书（“{issuer}”）。",
                        name=name_of(cert), issuer=cert.issuer.rfc4514_string()),
                      fix, code="tls.chain_incomplete")
