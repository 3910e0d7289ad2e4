"""sha256 of files at disk speed: big reads into one reused buffer, no copies."""
from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 4 * 1024 * 1024


def sha256_file(path: str | Path, on_read=lambda n: None) -> tuple[str, int]:
    """(hex digest, size in bytes) of a file, read once; on_read(n) after each read (progress)."""
    digest, size = hashlib.sha256(), 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])  # hashlib drops the GIL on large updates: threads hash in parallel
            size += n
            on_read(n)
    return digest.hexdigest(), size


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class HashingWriter:
    """A file being written whose sha256 and size are known when it is closed."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._file = open(self.path, "wb")
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> None:
        self._file.write(data)
        self._digest.update(data)
        self.size += len(data)

    def close(self) -> str:
        self._file.close()
        return self._digest.hexdigest()
