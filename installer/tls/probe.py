"""Connecting to a gateway as a browser would: TLS handshake with the site's name, the chain checked
against the CA (the customer's, the evaluation CA, or the public roots)."""
from __future__ import annotations

import hashlib
import socket
import ssl

from ..errors import InstallerError
from ..i18n import T
from cryptography.hazmat.primitives import serialization

from .roots import public_roots


def client_context(ca_path: str | None) -> ssl.SSLContext:
    """Trusts exactly what `ssl check` trusts: the given CA, or the same public roots."""
    if ca_path:
        return ssl.create_default_context(cafile=ca_path)
    context = ssl.create_default_context(cafile=None, capath=None, cadata=None)
    pem = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in public_roots())
    if pem:
        context.load_verify_locations(cadata=pem)
    return context


def served_fingerprint(address: str, domain: str, port: int = 443, timeout: float = 5) -> str | None:
    """SHA-256 of the certificate served now, trusted or not; None when nothing answers with TLS."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # only to see which one it is
    try:
        with socket.create_connection((address, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=domain) as tls:
                return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()
    except (OSError, ssl.SSLError):
        return None


def handshake(address: str, domain: str, ca_path: str | None, port: int = 443, timeout: float = 10) -> dict:
    """The served certificate's SHA-256 fingerprint and TLS version, or an error saying what a client sees."""
    try:
        with socket.create_connection((address, port), timeout=timeout) as raw:
            with client_context(ca_path).wrap_socket(raw, server_hostname=domain) as tls:
                der = tls.getpeercert(binary_form=True)
                return {"fingerprint_sha256": hashlib.sha256(der).hexdigest(), "version": tls.version()}
    except ssl.SSLCertVerificationError as err:
        raise InstallerError(T("{addr}:{port} serves a certificate clients will refuse for {domain}: {why}.",
                               "{addr}:{port} 提供的证书对于 {domain} 会被客户端拒绝：{why}。",
                               addr=address, port=port, domain=domain, why=err.verify_message or str(err)),
                             T("Install the full chain for this domain (ssl import), and give the CA with tls.ca if "
                               "it is a private one.", "请为该域名安装完整证书链（ssl import），若为私有 CA 请在 tls.ca 中给出。"),
                             code="tls.handshake", where=address) from None
    except (OSError, ssl.SSLError) as err:
        raise InstallerError(T("No TLS handshake with {addr}:{port}: {why}.", "无法与 {addr}:{port} 完成 TLS 握手：{why}。",
                               addr=address, port=port, why=str(err)),
                             T("Check that the gateway runs and port {port} is open to this workstation.",
                               "请确认网关正在运行，且本机可以访问端口 {port}。", port=port),
                             code="tls.unreachable", where=address) from None
