"""A `docker save`-format tar stream for `docker load`, assembled from the bundle's blobs as it is read:
nothing is built in memory or on disk. Layers the target already has are left out; Docker's classic
image store then takes them from its own layer store (it looks a layer up by chain ID before it opens
the layer.tar). Docker checks every layer it does read against the DiffID in the image config."""
from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Iterable, Iterator

from ..i18n import T
from .errors import corrupt_file
from .manifest import Image, Manifest, blob_path

BLOCK = tarfile.BLOCKSIZE
CHUNK = 1024 * 1024
INDEX_NAME = "manifest.json"
FOLDERS = ("blobs/", "blobs/sha256/")


def docker_load_manifest(images: Iterable[Image]) -> bytes:
    """The manifest.json that `docker load` reads: config and layer paths of each image, with its tag."""
    entries = [{"Config": blob_path(i.id), "RepoTags": [i.name], "Layers": [blob_path(d) for d in i.diff_ids]}
               for i in images]
    return json.dumps(entries).encode()


def blobs_in_tar(manifest: Manifest, images: Iterable[Image], skip_layers: Iterable[str] = ()) -> list[str]:
    """Bundle paths of the blobs the tar carries: each config, each layer not skipped, each once."""
    images, skip = list(images), set(skip_layers)
    digests = [i.id for i in images] + [d for i in images for d in i.diff_ids if d not in skip]
    return list(dict.fromkeys(blob_path(d) for d in digests))


def load_tar_size(manifest: Manifest, images: Iterable[Image], skip_layers: Iterable[str] = ()) -> int:
    """Exact length of the stream, for progress as bytes, rate and time left."""
    images = list(images)
    blobs = blobs_in_tar(manifest, images, skip_layers)
    payload = [len(docker_load_manifest(images))] + [manifest.file(p).size for p in blobs]
    return BLOCK * len(FOLDERS) + sum(BLOCK + _padded(n) for n in payload) + 2 * BLOCK


def stream_load_tar(root: Path, manifest: Manifest, images: Iterable[Image],
                    skip_layers: Iterable[str] = ()) -> Iterator[bytes]:
    """Yield the tar in chunks of at most 1 MiB (plus headers); memory stays flat whatever the size."""
    images = list(images)
    for folder in FOLDERS:
        yield tar_header(folder, 0, tarfile.DIRTYPE)
    index = docker_load_manifest(images)
    yield tar_header(INDEX_NAME, len(index)) + index + tar_padding(len(index))
    for path in blobs_in_tar(manifest, images, skip_layers):
        size = manifest.file(path).size
        yield tar_header(path, size)
        yield from _read_exactly(root / path, size)
        yield tar_padding(size)
    yield b"\0" * (2 * BLOCK)


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
