"""Host keys: accepted only when pinned in the answer file or recorded in the installer's own
known-hosts file (OpenSSH format, so an admin can compare it). Never AutoAddPolicy."""
from __future__ import annotations

import base64
import hashlib
import os
import threading
from pathlib import Path

import paramiko

from ..errors import HostKeyError
from ..i18n import T

_lock = threading.Lock()


def fingerprint(key: paramiko.PKey) -> str:
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def default_known_hosts() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return Path(base) / "jobfirst-installer" / "known_hosts"


def _entry(host: str, port: int) -> str:
    return host if port == 22 else f"[{host}]:{port}"


class KnownHosts:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_known_hosts()

    def _load(self) -> paramiko.HostKeys:
        keys = paramiko.HostKeys()
        if self.path.exists():
            keys.load(str(self.path))
        return keys

    def recorded(self, host: str, port: int) -> list[str]:
        found = self._load().lookup(_entry(host, port)) or {}
        return [fingerprint(k) for k in found.values()]

    def record(self, host: str, port: int, key: paramiko.PKey) -> None:
        with _lock:
            keys = self._load()
            keys.add(_entry(host, port), key.get_name(), key)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys.save(str(self.path))


class PinnedPolicy(paramiko.MissingHostKeyPolicy):
    """Decides on the key a server presents: pinned fingerprint, then our known-hosts, then ask."""

    def __init__(self, port: int, pinned: str | None, known: KnownHosts, asker):
        self.port, self.pinned, self.known, self.asker = port, pinned, known, asker

    def missing_host_key(self, client, hostname, key):
        seen = fingerprint(key)
        expected = [self.pinned] if self.pinned else self.known.recorded(hostname, self.port)
        if seen in expected:
            return
        if expected:
            raise _changed(hostname, self.port, seen, expected[0], pinned=bool(self.pinned),
                           file=str(self.known.path))
        if self.asker.trust_host_key(hostname, self.port, seen):
            self.known.record(hostname, self.port, key)
            return
        raise _changed(hostname, self.port, seen, None, pinned=False, file=str(self.known.path))


def _changed(host, port, seen, expected, pinned, file):
    if expected is None:
        return HostKeyError(T("Host key {fp} of {host}:{port} was not accepted.",
                              "未接受 {host}:{port} 的主机密钥 {fp}。", fp=seen, host=host, port=port),
                            code="ssh.host_key_unknown", where=host)
    source = T("pinned in the answer file", "应答文件中固定的") if pinned else T(
        "recorded in {file}", "记录在 {file} 中的", file=file)
    return HostKeyError(
        T("SSH host key of {host}:{port} does not match: the server presented {seen}, but {expected} is {source}. "
          "This can mean someone is intercepting the connection.",
          "{host}:{port} 的 SSH 主机密钥不匹配：服务器出示的是 {seen}，而{source}是 {expected}。这可能意味着连接被劫持。",
          host=host, port=port, seen=seen, expected=expected, source=source),
        T("Check the server's key on its console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Only if the "
          "server was really reinstalled, update host_key in the answer file or remove its line from {file}.",
          "请在服务器控制台核对密钥（ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub）。只有确认服务器确实重装过，"
          "才更新应答文件中的 host_key，或从 {file} 删除对应行。", file=file),
        code="ssh.host_key_changed", where=host)
