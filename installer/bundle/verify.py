"""Verify a bundle before anything is sent: signature first, then the exact file set, then sizes, then
every sha256. Each check is cheaper than the next, so the common faults are named in milliseconds."""
from __future__ import annotations

import json
import os
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import trust
from ..i18n import T
from .errors import bad_signature, corrupt_file, extra_file, missing_file, not_a_bundle, untrusted_signer
from .hashing import sha256_file
from .manifest import MANIFEST_NAME, SIGNATURE_NAME, FileEntry, Manifest
from .signing import is_trusted


@dataclass(frozen=True)
class VerifyReport:
    files: int
    bytes: int
    seconds: float

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / max(self.seconds, 1e-6)


def read_signed_manifest(root: Path) -> Manifest:
    """The manifest, only once its signature is known to come from a trusted key."""
    if not root.is_dir():
        raise not_a_bundle(str(root), T("no such folder", "文件夹不存在") if not root.exists()
                           else T("it is a file, not a folder", "它是文件而不是文件夹"))
    manifest_bytes, signature = _read(root, MANIFEST_NAME), _read(root, SIGNATURE_NAME)
    if not is_trusted(manifest_bytes, signature):
        raise _signature_problem(root / MANIFEST_NAME, manifest_bytes)
    return Manifest.from_bytes(manifest_bytes, str(root / MANIFEST_NAME))


def _signature_problem(path: Path, manifest_bytes: bytes):
    """Which refusal to give: the manifest names its signer (a hint only; the signature decides)."""
    try:
        signer = str(json.loads(manifest_bytes)["signed_by"])
    except (ValueError, KeyError, TypeError):
        signer = ""
    if signer and signer not in trust.trusted_key_ids():
        return untrusted_signer(str(path), signer)
    return bad_signature(str(path))


def _read(root: Path, name: str) -> bytes:
    path = root / name
    if not path.is_file() or path.is_symlink():
        raise missing_file(str(path))
    return path.read_bytes()


def check_file_set(root: Path, manifest: Manifest) -> None:
    """Exactly the pinned files, as regular files of the pinned sizes: nothing added, nothing lost."""
    present = set(_files_under(root)) - {MANIFEST_NAME, SIGNATURE_NAME}
    for entry in manifest.files:
        if entry.path not in present:
            raise missing_file(str(root / entry.path))
    for name in sorted(present - {f.path for f in manifest.files}):
        raise extra_file(str(root / name))
    for entry in manifest.files:
        _check_size(root / entry.path, entry.size)


def _check_size(path: Path, want: int) -> None:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise corrupt_file(str(path), T("it is a link or device, not a plain file", "它是链接或设备，不是普通文件"))
    if info.st_size != want:
        raise corrupt_file(str(path), T("{got} bytes instead of {want}", "大小为 {got} 字节，应为 {want}",
                                        got=info.st_size, want=want))


def _files_under(root: Path):
    """Relative paths of everything that is not a real directory (a linked folder counts, and is refused)."""
    for folder, dirs, files in os.walk(root):
        linked_dirs = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in files + linked_dirs:
            yield os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")


def check_hashes(root: Path, files: tuple[FileEntry, ...], progress=None) -> VerifyReport:
    """sha256 of every file, several at once; the first mismatch in manifest order is the one named.
    progress(done, total): bytes hashed so far, from the hashing threads, every 4 MiB."""
    started, total, done, lock = time.perf_counter(), sum(f.size for f in files), [0], threading.Lock()

    def on_read(n: int) -> None:
        with lock:
            done[0] += n
            progress(done[0], total)
    workers = max(1, min(len(files), os.cpu_count() or 1, 8))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(sha256_file, root / entry.path, on_read if progress else (lambda n: None))
                   for entry in files]
        try:
            for entry, future in zip(files, futures):
                if future.result()[0] != entry.sha256:
                    raise corrupt_file(str(root / entry.path), T("its sha256 does not match the signed manifest",
                                                                 "其 sha256 与已签名清单不符"))
        finally:
            for future in futures:
                future.cancel()
    return VerifyReport(len(files), total, time.perf_counter() - started)


def verify_bundle(root: Path, progress=None) -> tuple[Manifest, VerifyReport]:
    manifest = read_signed_manifest(root)
    check_file_set(root, manifest)
    return manifest, check_hashes(root, manifest.files, progress)
