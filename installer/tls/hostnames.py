"""Does the certificate cover the domain users type? Only the Subject Alternative Names count
(browsers ignore the Common Name since 2017); a wildcard covers exactly one label; an IP address
must be in an IP SAN."""
from __future__ import annotations

import ipaddress
import re

from cryptography import x509
from cryptography.x509.oid import NameOID

from ..i18n import T
from .inputs import DOMAIN
from .problems import TlsProblem

LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
DNS_NAME = re.compile(rf"(\*\.)?({LABEL}\.)*{LABEL}")


def normalise(domain: str) -> str | ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The domain as certificates spell it: an IP address, or a lower-case ASCII (punycode) name."""
    domain = (domain or "").strip().rstrip(".")
    try:
        return ipaddress.ip_address(domain.strip("[]"))
    except ValueError:
        pass
    ascii_name = _ascii(domain)
    if len(ascii_name) > 253 or not DNS_NAME.fullmatch(ascii_name):
        raise TlsProblem(T("'{domain}' is not a domain name or IP address.", "“{domain}” 不是域名或 IP 地址。",
                           domain=domain),
                         T("Give the name users type in the browser, like jobs.example.com ({domain}).",
                           "请指定用户在浏览器中输入的名称，例如 jobs.example.com（{domain}）。", domain=DOMAIN),
                         code="tls.domain_invalid")
    return ascii_name


def _ascii(domain: str) -> str:
    try:
        return domain.encode("idna").decode("ascii").lower()  # 招聘.example.cn -> xn--...
    except UnicodeError:
        return ""


def domain_problems(leaf: x509.Certificate, domain: str) -> list[TlsProblem]:
    target = normalise(domain)
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return [_no_san(leaf, domain)]
    if isinstance(target, str):
        names = [name.lower() for name in san.get_values_for_type(x509.DNSName)]
        covered = any(_dns_match(name, target) for name in names)
    else:
        names = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
        covered = str(target) in names
    return [] if covered else [_not_covered(san, domain, target)]


def _dns_match(name: str, target: str) -> bool:
    if name == target:
        return True
    if not name.startswith("*.") or target.startswith("*."):
        return False
    first, _, rest = target.partition(".")
    return bool(first) and rest == name[2:]


def _no_san(leaf: x509.Certificate, domain: str) -> TlsProblem:
    common = [a.value for a in leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    return TlsProblem(T("The certificate has no Subject Alternative Name; browsers ignore its Common Name ({cn}) "
                        "and would refuse it.",
                        "证书没有“使用者可选名称”（SAN）；浏览器不使用其通用名称（{cn}），会拒绝该证书。",
                        cn=", ".join(map(str, common)) or "-"),
                      T("Ask the certificate authority for a certificate with {domain} as a Subject Alternative "
                        "Name (DNS name, or IP address for an IP).",
                        "请向证书颁发机构申请把 {domain} 列为“使用者可选名称”（域名用 DNS 名称，IP 用 IP 地址）的证书。",
                        domain=domain), code="tls.no_san")


def _not_covered(san, domain: str, target) -> TlsProblem:
    listed = [str(v) for v in san.get_values_for_type(x509.DNSName) + san.get_values_for_type(x509.IPAddress)]
    deep = isinstance(target, str) and any(n.startswith("*.") and target.endswith(n[1:]) for n in listed)
    why = T(" A wildcard covers one label only: *.example.com covers a.example.com, not a.b.example.com.",
            "通配符只匹配一级：*.example.com 匹配 a.example.com，不匹配 a.b.example.com。") if deep else T("", "")
    if not isinstance(target, str):
        why = T(" An IP address must be listed as an IP address SAN.", "IP 地址必须以 IP 地址类型的 SAN 列出。")
    return TlsProblem(T("The certificate does not cover {domain}; it covers: {names}.{why}",
                        "证书不包含 {domain}，它包含的是：{names}。{why}",
                        domain=domain, names=", ".join(listed) or "-", why=why),
                      T("Ask the certificate authority for a certificate whose Subject Alternative Names include "
                        "{domain}.", "请向证书颁发机构申请“使用者可选名称”中包含 {domain} 的证书。", domain=domain),
                      code="tls.domain_not_covered")
