"""A `docker save`-format tar stream for `docker load`, assembled from the bundle's blobs as it is read:
nothing is built in memory or on disk. Layers are stored gzip-compressed and go into the tar unpacked,
named by their DiffID, exactly as `docker save` writes them (Docker 20.10 can unpack gzip layers, but in
Go and only after the whole tar arrived: bench/README.md). Layers the target already has are left out; Docker's classic
image store then takes them from its own layer store (it looks a layer up by chain ID before it opens
the layer.tar). Docker checks every layer it does read against the DiffID in the image config."""
from __future__ import annotations

import json
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..i18n import T
from .errors import corrupt_file
from .manifest import Image, Manifest, blob_path

BLOCK = tarfile.BLOCKSIZE
CHUNK = 1024 * 1024
INDEX_NAME = "manifest.json"
FOLDERS = ("blobs/", "blobs/sha256/")


@dataclass(frozen=True)
class Member:
    """One blob of the tar: its name and size there, the bundle file it comes from, and whether that
    file is the gzip of it (a layer: the tar carries it unpacked, as `docker save` does), in parts."""
    name: str
    size: int
    source: str
    gzip: bool = False
    parts: tuple[int, ...] = ()


def docker_load_manifest(images: Iterable[Image]) -> bytes:
    """The manifest.json that `docker load` reads: config and layer paths of each image, with its tag."""
    entries = [{"Config": i.config_path, "RepoTags": [i.name], "Layers": [blob_path(d) for d in i.diff_ids]}
               for i in images]
    return json.dumps(entries).encode()


def members_in_tar(manifest: Manifest, images: Iterable[Image], skip_layers: Iterable[str] = ()) -> list[Member]:
    """The blobs the tar carries: each config, each layer not skipped, each once."""
    images, skip = list(images), set(skip_layers)
    members = [Member(i.config_path, manifest.file(i.config_path).size, i.config_path) for i in images]
    members += [Member(blob_path(l.digest), l.size, l.path, l.blob != l.digest, l.parts)
                for i in images for l in i.layers if l.digest not in skip]
    return list({m.name: m for m in members}.values())


def load_tar_size(manifest: Manifest, images: Iterable[Image], skip_layers: Iterable[str] = ()) -> int:
    """Exact length of the tar docker load reads (layers unpacked): what its copy takes on disk."""
    images = list(images)
    payload = [len(docker_load_manifest(images))] + [m.size for m in members_in_tar(manifest, images, skip_layers)]
    return BLOCK * len(FOLDERS) + sum(BLOCK + _padded(n) for n in payload) + 2 * BLOCK


def stream_load_tar(root: Path, manifest: Manifest, images: Iterable[Image],
                    skip_layers: Iterable[str] = ()) -> Iterator[bytes]:
    """Yield the tar in chunks of at most 1 MiB (plus headers); memory stays flat whatever the size."""
    images = list(images)
    for folder in FOLDERS:
        yield tar_header(folder, 0, tarfile.DIRTYPE)
    index = docker_load_manifest(images)
    yield tar_header(INDEX_NAME, len(index)) + index + tar_padding(len(index))
    for member in members_in_tar(manifest, images, skip_layers):
        yield tar_header(member.name, member.size)
        data = _read_exactly(root / member.source, manifest.file(member.source).size)
        yield from _gunzip(data, root / member.source) if member.gzip else data
        yield tar_padding(member.size)
    yield b"\0" * (2 * BLOCK)


def _gunzip(chunks: Iterator[bytes], path: Path) -> Iterator[bytes]:
    """A gzip file of one or more members (a layer's parts), unpacked."""
    unpacker = zlib.decompressobj(31)
    for chunk in chunks:
        while chunk:
            if unpacker.eof:  # the next member starts here
                unpacker = zlib.decompressobj(31)
            yield unpacker.decompress(chunk, CHUNK)
            chunk = unpacker.unconsumed_tail or unpacker.unused_data
    if not unpacker.eof:
        raise corrupt_file(str(path), T("it is not a whole gzip stream", "它不是完整的 gzip 数据"))


def tar_header(name: str, size: int, kind=tarfile.REGTYPE) -> bytes:
    info = tarfile.TarInfo(name)
    info.size, info.type, info.mode = size, kind, 0o755 if kind == tarfile.DIRTYPE else 0o644
    return info.tobuf(tarfile.GNU_FORMAT)


def _padded(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


def tar_padding(size: int) -> bytes:
    return b"\0" * (_padded(size) - size)


def _read_exactly(path: Path, size: int) -> Iterator[bytes]:
    with open(path, "rb") as f:
        left = size
        while left:
            chunk = f.read(min(CHUNK, left))
            if not chunk:
                raise corrupt_file(str(path), T("it became shorter after the bundle was verified",
                                                "它在校验之后变短了"))
            left -= len(chunk)
            yield chunk
