"""HTTPS requests to a gateway by address, with the site's name for SNI, Host and certificate checks
(the servers' names often do not resolve from the admin workstation)."""
from __future__ import annotations

import http.client
import json
import socket
import ssl

from ..tls.probe import client_context


class GatewayClient:
    def __init__(self, address: str, domain: str, ca_path: str | None, timeout: float = 10,
                 context: ssl.SSLContext | None = None):
        """context: one shared by many clients (the load probe); building one parses every trusted root."""
        self.address, self.domain, self.timeout = address, domain, timeout
        self.context = context or client_context(ca_path)
        self.conn = None

    def _connect(self):
        conn = http.client.HTTPSConnection(self.address, 443, timeout=self.timeout, context=self.context)
        sock = socket.create_connection((self.address, 443), self.timeout)
        conn.sock = self.context.wrap_socket(sock, server_hostname=self.domain)
        return conn

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        """(status, parsed JSON or text); one keep-alive connection per client, reopened when dropped."""
        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Host": self.domain, "Content-Type": "application/json", **(headers or {})}
        for attempt in (1, 2):
            try:
                self.conn = self.conn or self._connect()
                self.conn.request(method, path, body=data, headers=hdrs)
                response = self.conn.getresponse()
                raw = response.read()
                return response.status, _parse(raw)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _parse(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def plain_http_get(address: str, domain: str, path: str = "/", timeout: float = 10):
    """(status, Location) of a plain-HTTP request: port 80 must redirect to https."""
    conn = http.client.HTTPConnection(address, 80, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": domain})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        conn.close()
