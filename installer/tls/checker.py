"""check_certificate(): is this certificate fit to install for this domain? Every check runs and
every problem is reported; checks that depend on a file that could not be read are skipped rather
than reported as a second, misleading problem."""
from __future__ import annotations

from datetime import datetime, timezone

from ..errors import InstallerError
from ..i18n import T
from . import checks
from .chain import build_chain, pick_leaf
from .hostnames import domain_problems, normalise
from .material import load_material
from .problems import TlsProblem
from .report import CertReport
from .roots import trust_for


def check_certificate(domain: str, cert_path=None, key_path=None, chain_path=None, pkcs12_path=None,
                      ca_path=None, password=None, now: datetime | None = None) -> CertReport:
    now = now or datetime.now(timezone.utc)
    report = CertReport(domain)
    material = load_material(cert_path, key_path, chain_path, pkcs12_path, password)
    trust = trust_for(ca_path)
    report.problems += _domain_valid(domain) + material.problems + trust.problems
    report.private_key = material.key
    if material.certs and "cert" not in material.failed:
        _check_chain(report, material, trust, now)
    return report


def _domain_valid(domain: str) -> list:
    try:
        normalise(domain)
    except TlsProblem as problem:
        return [problem]
    return []


def _check_chain(report: CertReport, material, trust, now: datetime) -> None:
    leaf = pick_leaf(material.certs, material.key)
    chain = build_chain(leaf, material.certs, trust, material.ordered)
    if not ({"cert", "chain"} & material.failed or trust.problems):  # else "incomplete" only repeats that problem
        report.problems += chain.problems
    report.certs, report.warnings, report.notes = chain.certs, report.warnings + chain.warnings, chain.notes
    report.trusted_by = trust.source if chain.anchor is not None else None
    report.problems += checks.key_match(leaf, material.key) + checks.server_usage(leaf)
    if not any(p.code == "tls.domain_invalid" for p in report.problems):
        report.problems += domain_problems(leaf, report.domain)
    for cert in _to_check(chain.certs):
        _check_one(report, cert, checks.LEAF if cert is leaf else checks.INTERMEDIATE, now)
    if trust.private and chain.anchor is not None and chain.anchor is not leaf:
        _check_validity(report, chain.anchor, checks.CA, now)  # OpenSSL clients refuse an expired private CA


def _to_check(certs: list) -> list:
    """The leaf and the intermediates; a self-signed root's own signature and key are the trust
    store's business, and its presence is already refused when it is untrusted."""
    return [cert for i, cert in enumerate(certs) if i == 0 or cert.issuer != cert.subject]


def _check_one(report: CertReport, cert, role: str, now: datetime) -> None:
    _check_validity(report, cert, role, now)
    report.problems += checks.key_strength(cert, role) + checks.signature_hash(cert, role)


def _check_validity(report: CertReport, cert, role: str, now: datetime) -> None:
    problems, warnings = checks.validity(cert, role, now)
    report.problems += problems
    report.warnings += warnings


def check_answers_tls(tls, now: datetime | None = None) -> CertReport:
    """The same check for the answer file's tls: section (cert/pkcs12 given by the customer)."""
    if tls.get("generate_eval"):
        raise InstallerError(T("tls.generate_eval is set: there is no customer certificate to check.",
                               "已设置 tls.generate_eval：没有需要检查的客户证书。"),
                             T("Call generate_eval() first and check the files it writes.",
                               "请先调用 generate_eval()，再检查其生成的文件。"), code="tls.eval")
    password = tls["password"].resolve() if tls.get("password") else None
    return check_certificate(tls["domain"], tls.get("cert"), tls.get("key"), tls.get("chain"), tls.get("pkcs12"),
                             tls.get("ca"), password, now)
