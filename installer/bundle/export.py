"""Vendor side: images out of a Docker engine into content-addressed blobs. One `docker save` of all the
images together, read as a stream; every file is hashed as it is written, so shared layers land once.
Each layer is then stored gzip-compressed (once, at build): a third of the bytes to carry, verify and
send; the target unpacks it on its way into `docker load` (images/wire.py)."""
from __future__ import annotations

import io
import json
import os
import posixpath
import tarfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import InstallerError
from ..i18n import T
from .hashing import HashingWriter
from .manifest import Image, Layer


@dataclass
class SavedTar:
    """Where each member of the save tar ended up: name -> sha256 hex; the small index read whole."""
    stored: dict
    index: list


class IterReader(io.RawIOBase):
    """A file-like view of an iterator of byte chunks (an HTTP response body)."""

    def __init__(self, chunks):
        self._chunks, self._pending = iter(chunks), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n], self._pending = self._pending[:n], self._pending[n:]
        return n


def save_stream(client, names: list[str]):
    """`docker save NAMES...` from the engine, as chunks (docker-py saves one image per call only)."""
    url = f"{client.api.base_url}/v{client.api.api_version}/images/get"
    response = client.api.get(url, params={"names": names}, stream=True)
    if response.status_code != 200:
        raise export_failed(names, response.text)
    return response.iter_content(chunk_size=1024 * 1024)


def export_failed(names, why: str) -> InstallerError:
    return InstallerError(T("The Docker engine could not export {names}: {why}", "Docker 引擎无法导出 {names}：{why}",
                            names=", ".join(names), why=why.strip()),
                          T("Build or tag the images in that engine first (docker images lists them).",
                            "请先在该引擎中构建或标记这些镜像（可用 docker images 查看）。"), code="bundle.export")


def store_save_tar(stream, blobs: Path) -> SavedTar:
    """Write every regular file of the stream to blobs/<sha256>; resolve links; keep manifest.json."""
    blobs.mkdir(parents=True, exist_ok=True)
    stored, links, index = {}, {}, []
    with tarfile.open(fileobj=io.BufferedReader(IterReader(stream), 1024 * 1024), mode="r|") as tar:
        for member in tar:
            if member.name == "manifest.json":
                index = json.load(tar.extractfile(member))
            elif member.isfile():
                stored[member.name] = _store_member(tar, member, blobs)
            elif member.issym() or member.islnk():
                links[member.name] = _link_target(member)
    stored.update({name: stored[target] for name, target in links.items() if target in stored})
    return SavedTar(stored, index)


def _link_target(member: tarfile.TarInfo) -> str:
    if member.islnk():
        return member.linkname
    return posixpath.normpath(posixpath.join(posixpath.dirname(member.name), member.linkname))


def _store_member(tar, member, blobs: Path) -> str:
    partial = blobs / ".partial"
    writer = HashingWriter(partial)
    source = tar.extractfile(member)
    while chunk := source.read(1024 * 1024):
        writer.write(chunk)
    digest = writer.close()
    os.replace(partial, blobs / digest)  # same content twice: the second simply replaces the first
    return digest


def images_from_save(saved: SavedTar, blobs: Path, services: dict) -> list[Image]:
    """One Image per compose service, from the save index; checks each layer is the uncompressed DiffID."""
    by_tag = {tag: entry for entry in saved.index for tag in entry.get("RepoTags") or []}
    images, stored_as = [], {}  # DiffID hex -> its Layer
    for service, name in services.items():
        entry = by_tag.get(name)
        if entry is None:
            raise export_failed([name], "not in the engine's export (is the image tagged exactly so?)")
        config_hex = saved.stored[entry["Config"]]
        diff_ids = json.loads((blobs / config_hex).read_bytes())["rootfs"]["diff_ids"]
        layer_hexes = [saved.stored[path] for path in entry["Layers"]]
        if ["sha256:" + h for h in layer_hexes] != diff_ids:
            raise not_classic_store(name)
        for h in layer_hexes:
            if h not in stored_as:  # a layer shared by several images is compressed once
                size = (blobs / h).stat().st_size
                stored, parts = compress_layer(blobs, h)
                stored_as[h] = Layer("sha256:" + h, size, "sha256:" + stored, parts)
        layers = tuple(stored_as[h] for h in layer_hexes)
        images.append(Image(name=name, service=service, id="sha256:" + config_hex, layers=layers))
    return images


GZIP_LEVEL = 6  # zlib's default: level 9 saves ~1 % more for twice the build time; unpacking is as fast
PART = 8 * 1024 * 1024  # of the tar per gzip member: a server unpacks members on all its cores; costs < 0.1 %


def compress_layer(blobs: Path, hexname: str, part: int = PART) -> tuple[str, tuple[int, ...]]:
    """blobs/<DiffID> -> blobs/<sha256 of its gzip>; returns the stored blob's hex and the sizes of its
    gzip members (each the gzip of `part` bytes of the tar; together one valid gzip file). The members
    are independent, so they are compressed on all cores, in order, a few at a time. mtime 0, so the
    same layer makes the same blob in every build. Kept as it is, with no parts, when gzip does not
    make it smaller."""
    source, partial = blobs / hexname, blobs / ".partial"
    writer, parts, workers = HashingWriter(partial), [], max(1, min(os.cpu_count() or 1, 8))

    def keep(member: bytes) -> None:
        writer.write(member)
        parts.append(len(member))
    with open(source, "rb") as f, ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for chunk in iter(lambda: f.read(part), b""):
            pending.append(pool.submit(_gzip_member, chunk))
            if len(pending) > workers:
                keep(pending.popleft().result())
        while pending:
            keep(pending.popleft().result())
    digest = writer.close()
    if writer.size >= source.stat().st_size:
        os.remove(partial)
        return hexname, ()
    os.replace(partial, blobs / digest)
    os.remove(source)
    return digest, tuple(parts)


def _gzip_member(data: bytes) -> bytes:
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def not_classic_store(name: str) -> InstallerError:
    return InstallerError(T("{name}: the engine exported compressed layers (containerd image store); the build "
                            "needs the uncompressed layers, named by their DiffID, of the classic store.",
                            "{name}：该引擎导出的是压缩层（containerd 镜像存储）；构建需要经典存储导出的、以 DiffID 命名的未压缩层。",
                            name=name),
                          T("Build bundles with an engine that uses the classic overlay2 store "
                            "(dockerd --storage-driver overlay2, without the containerd-snapshotter feature).",
                            "请使用经典 overlay2 存储的引擎构建（dockerd --storage-driver overlay2，不启用 "
                            "containerd-snapshotter）。"), code="bundle.export")
