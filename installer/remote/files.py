"""Small files on a target (configuration, certificates, the licence): read, compare, and replace
atomically with the previous content kept for undo. Never for secrets' values in a log: the data
goes over the channel's stdin, not the command line."""
from __future__ import annotations

import base64
import hashlib
import shlex

from ..i18n import T


def sha256_of(session, path: str) -> str | None:
    out = session.run(f"sha256sum {shlex.quote(path)} 2>/dev/null || true", sudo=True).out.split()
    return out[0] if out else None


def read(session, path: str) -> bytes | None:
    result = session.run(f"test -f {shlex.quote(path)} && base64 -w0 {shlex.quote(path)}", sudo=True, check=False)
    if not result.ok:
        return None
    return base64.b64decode(result.out.strip() or b"")


def write(session, path: str, data: bytes, mode: str = "0640") -> None:
    """Atomic: written beside the target file, then renamed over it."""
    q, tmp = shlex.quote(path), shlex.quote(path + ".jobfirst-new")
    session.run(f"umask 077 && mkdir -p \"$(dirname {q})\" && cat > {tmp} && chown root:root {tmp} && "
                f"chmod {mode} {tmp} && mv -f {tmp} {q}", sudo=True, input=data)


def remove(session, path: str) -> None:
    session.run(f"rm -f {shlex.quote(path)}", sudo=True)


def same(session, path: str, data: bytes) -> bool:
    return sha256_of(session, path) == hashlib.sha256(data).hexdigest()


def replace(session, path: str, data: bytes, mode: str, undo) -> bool:
    """Put `data` at `path` unless it is already there; registers the undo first. True if changed."""
    if same(session, path, data):
        return False
    previous = read(session, path)
    if previous is None:
        undo.register(T("remove {path}", "删除 {path}", path=path), lambda: remove(session, path))
    else:
        undo.register(T("restore the previous {path}", "恢复原来的 {path}", path=path),
                      lambda: write(session, path, previous, mode))
    write(session, path, data, mode)
    return True
