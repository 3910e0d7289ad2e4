"""The log file: full detail for support, never a secret. Every secret the installer resolves is
registered here and masked in every record, whatever code path logs it."""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

_secrets: set[str] = set()
_log_path: Path | None = None


def register_secret(value: str) -> None:
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class _RedactingFormatter(logging.Formatter):
    def format(self, record):
        return redact(super().format(record))


def log_dir() -> Path:
    base = os.environ.get("JOBFIRST_LOG_DIR") or os.path.join(
        os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state"), "jobfirst-installer", "logs")
    return Path(base)


def setup(name: str = "installer") -> Path:
    """Open a fresh log file for this run; returns its path (front ends show it to the user)."""
    global _log_path
    if _log_path is not None:
        return _log_path
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _log_path = directory / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    handler = logging.FileHandler(_log_path, encoding="utf-8")
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("paramiko").setLevel(logging.WARNING)
    return _log_path


def current_log() -> Path | None:
    return _log_path
