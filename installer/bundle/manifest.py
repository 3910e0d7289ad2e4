"""The signed manifest: what a bundle contains, pinned by sha256. Parsing refuses anything that is not
exactly the documented shape (bundles/README.md), so later code can trust the fields it reads."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..i18n import T
from .errors import bad_manifest

FORMAT = "jobfirst-bundle/3"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.sig"
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
SAFE_PATH = re.compile(r"(compose|blobs/sha256)/[A-Za-z0-9._-]+")


def blob_path(digest: str) -> str:
    """Where a blob named by its sha256 digest lives inside the bundle."""
    return "blobs/sha256/" + digest.split(":", 1)[1]


@dataclass(frozen=True)
class FileEntry:
    path: str
    sha256: str  # hex, no prefix
    size: int


@dataclass(frozen=True)
class Layer:
    digest: str  # the DiffID: sha256 of the uncompressed layer tar (what Docker checks and keys it by)
    size: int    # bytes of the uncompressed layer tar (what it takes unpacked)
    blob: str    # sha256 of the file as stored: the gzip-compressed tar, or the tar itself when that is smaller
    parts: tuple[int, ...] = ()  # gzip'd: sizes of its gzip members, each a fixed slice of the tar, so a
    #                              server with several cores can unpack them side by side; () when stored as is

    @property
    def path(self) -> str:
        return blob_path(self.blob)


@dataclass(frozen=True)
class Image:
    name: str      # repo:tag as the compose file names it
    service: str   # the compose service that runs it
    id: str        # sha256 of the config JSON (= docker image ID)
    layers: tuple[Layer, ...]

    @property
    def diff_ids(self) -> list[str]:
        return [layer.digest for layer in self.layers]

    @property
    def config_path(self) -> str:
        return blob_path(self.id)


@dataclass(frozen=True)
class Manifest:
    product: str
    version: str
    architecture: str
    created: str
    compose: dict                    # {"path": ..., "variables": {NAME: description}}
    requirements: dict               # {"cores": int, "memory_mib": int, "disk_gib": int}
    ports: tuple[dict, ...]          # {"port", "protocol", "service", "public"}
    images: tuple[Image, ...]
    files: tuple[FileEntry, ...]
    signed_by: str = ""              # key id hint for messages; the signature is what counts
    format: str = FORMAT

    def to_bytes(self) -> bytes:
        return (json.dumps(_to_json(self), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes, where: str = MANIFEST_NAME) -> "Manifest":
        try:
            return _from_json(json.loads(data.decode("utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise bad_manifest(where, str(err) or type(err).__name__) from None

    def file(self, path: str) -> FileEntry:
        return next(f for f in self.files if f.path == path)

    def layer(self, diff_id: str) -> Layer:
        return next(layer for image in self.images for layer in image.layers if layer.digest == diff_id)

    def image(self, name: str) -> Image:
        for image in self.images:
            if name in (image.name, image.service):
                return image
        raise KeyError(name)


def _to_json(m: Manifest) -> dict:
    return {"format": m.format, "product": m.product, "version": m.version, "architecture": m.architecture,
            "created": m.created, "signed_by": m.signed_by, "compose": m.compose,
            "requirements": m.requirements, "ports": list(m.ports),
            "images": [{"name": i.name, "service": i.service, "id": i.id,
                        "layers": [_layer_json(l) for l in i.layers]} for i in m.images],
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in m.files]}


def _layer_json(layer: Layer) -> dict:
    doc = {"digest": layer.digest, "size": layer.size, "blob": layer.blob}
    return {**doc, "parts": list(layer.parts)} if layer.parts else doc


def _from_json(doc: dict) -> Manifest:
    if doc.get("format") != FORMAT:
        raise ValueError(f"format is {doc.get('format')!r}, this installer reads {FORMAT!r}")
    manifest = Manifest(
        product=_str(doc, "product"), version=_str(doc, "version"), architecture=_str(doc, "architecture"),
        created=_str(doc, "created"), signed_by=str(doc.get("signed_by", "")),
        compose=_compose(doc["compose"]), requirements=_requirements(doc["requirements"]),
        ports=tuple(_port(p) for p in doc["ports"]),
        images=tuple(_image(i) for i in doc["images"]), files=tuple(_file(f) for f in doc["files"]))
    _check_references(manifest)
    return manifest


def _str(doc: dict, key: str) -> str:
    value = doc[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value


def _int(doc: dict, key: str) -> int:
    value = doc[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{key} must be a whole number >= 0")
    return value


def _digest(value) -> str:
    if not isinstance(value, str) or not DIGEST.fullmatch(value):
        raise ValueError(f"{value!r} is not a sha256:<64 hex> digest")
    return value


def _compose(doc: dict) -> dict:
    variables = doc.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError("compose.variables must be a mapping")
    return {"path": _str(doc, "path"), "variables": {str(k): str(v) for k, v in variables.items()}}


def _requirements(doc: dict) -> dict:
    return {key: _int(doc, key) for key in ("cores", "memory_mib", "disk_gib")}


def _port(doc: dict) -> dict:
    return {"port": _int(doc, "port"), "protocol": _str(doc, "protocol"), "service": _str(doc, "service"),
            "public": bool(doc["public"])}


def _image(doc: dict) -> Image:
    layers = tuple(Layer(_digest(l["digest"]), _int(l, "size"), _digest(l["blob"]), _parts(l)) for l in doc["layers"])
    return Image(name=_str(doc, "name"), service=_str(doc, "service"), id=_digest(doc["id"]), layers=layers)


def _parts(layer: dict) -> tuple[int, ...]:
    parts = layer.get("parts", [])
    if not isinstance(parts, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in parts):
        raise ValueError("layer parts must be a list of whole numbers > 0")
    if bool(parts) == (layer.get("blob") == layer.get("digest")):
        raise ValueError("layer parts (the sizes of its gzip members) belong to a gzip'd layer, and only to one")
    return tuple(parts)


def _file(doc: dict) -> FileEntry:
    path, sha = _str(doc, "path"), _str(doc, "sha256")
    if not SAFE_PATH.fullmatch(path) or ".." in path:
        raise ValueError(f"file path {path!r} is outside compose/ and blobs/sha256/")
    _digest("sha256:" + sha)
    return FileEntry(path, sha, _int(doc, "size"))


def _check_references(m: Manifest) -> None:
    """Every blob an image needs, and the compose file, must be a pinned file of the bundle."""
    pinned = {f.path: f for f in m.files}
    if len(pinned) != len(m.files):
        raise ValueError("a file is listed twice")
    wanted = [m.compose["path"]] + [p for i in m.images for p in [i.config_path, *(l.path for l in i.layers)]]
    for path in wanted:
        if path not in pinned:
            raise ValueError(f"{path} is used but not pinned in files")
    for layer in (l for i in m.images for l in i.layers if l.parts):
        if sum(layer.parts) != pinned[layer.path].size:
            raise ValueError(f"the parts of {layer.path} do not add up to its size")
    for path, entry in pinned.items():
        if path.startswith("blobs/") and path != blob_path("sha256:" + entry.sha256):
            raise ValueError(f"{path} is not named by its sha256")


def describe_requirements(req: dict):
    return T("{cores} CPU cores, {mem} MiB memory, {disk} GiB free disk",
             "{cores} 个 CPU 核、{mem} MiB 内存、{disk} GiB 可用磁盘",
             cores=req["cores"], mem=req["memory_mib"], disk=req["disk_gib"])
