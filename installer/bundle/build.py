"""Vendor side: `jobfirst-vendor bundle build`. Compose template + images in a Docker engine -> a signed
bundle folder. Written under a temporary name and renamed at the end, so a bundle folder that exists is
always complete."""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
from pathlib import Path

import docker
import yaml

from ..errors import InstallerError
from ..i18n import T
from .export import export_failed, images_from_save, save_stream, store_save_tar
from .hashing import sha256_file
from .manifest import MANIFEST_NAME, SIGNATURE_NAME, FileEntry, Image, Manifest, blob_path
from .signing import key_id_of, load_private_key, sign

COMPOSE_NAME = "compose/docker-compose.yml"
DEFAULT_REQUIREMENTS = {"cores": 2, "memory_mib": 4096, "disk_gib": 20}
PORT = re.compile(r"^(?:\$\{[A-Z0-9_]+:-(?P<default>\d+)\}|(?P<host>\d+)):(?P<container>\d+)(?:/(?P<proto>tcp|udp))?$")


def read_compose(path: Path) -> dict:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InstallerError(T("Cannot read the compose file {path}: {why}", "无法读取 compose 文件 {path}：{why}",
                               path=str(path), why=str(err)), code="bundle.compose") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict):
        raise InstallerError(T("{path} has no services: section.", "{path} 中没有 services: 段。", path=str(path)),
                             code="bundle.compose")
    return doc


def service_images(compose: dict) -> dict:
    """service -> image for every service; each must name an image with an explicit tag."""
    images = {name: svc.get("image", "") for name, svc in compose["services"].items()}
    for service, image in images.items():
        if ":" not in image.rsplit("/", 1)[-1]:
            raise InstallerError(T("Service {s} has image {i!r}: give every service an image with a tag.",
                                   "服务 {s} 的镜像为 {i!r}：每个服务都需要带标签的镜像。", s=service, i=image),
                                 code="bundle.compose")
    return images


def published_ports(compose: dict) -> list[dict]:
    """Host ports the stack publishes ("80:80" or "${VAR:-80}:80"): the only ones opened outside."""
    ports = []
    for service, svc in compose["services"].items():
        for spec in svc.get("ports", []):
            match = PORT.match(str(spec))
            if match:
                host = int(match["default"] or match["host"])
                ports.append({"port": host, "protocol": match["proto"] or "tcp", "service": service, "public": True})
    return sorted(ports, key=lambda p: p["port"])


def internal_ports(compose: dict) -> list[dict]:
    return [{"port": int(str(p).split("/")[0]), "protocol": "tcp", "service": service, "public": False}
            for service, svc in compose["services"].items() for p in svc.get("expose", [])]


def build_bundle(compose_file: Path, version: str, key_file: Path, out_dir: Path, engine: str) -> Path:
    compose, key = read_compose(compose_file), load_private_key(key_file)
    final = out_dir / f"{compose.get('x-jobfirst', {}).get('product', 'jobfirst')}-{version}.bundle"
    work = out_dir / (final.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    try:
        _write_bundle(work, compose_file, compose, version, key, engine)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # never leave half a bundle behind
        raise
    shutil.rmtree(final, ignore_errors=True)
    os.replace(work, final)
    return final


def _write_bundle(work: Path, compose_file: Path, compose: dict, version: str, key, engine: str) -> None:
    (work / "compose").mkdir(parents=True)
    shutil.copyfile(compose_file, work / COMPOSE_NAME)
    images = export_images(engine, service_images(compose), work / "blobs" / "sha256")
    data = make_manifest(compose, version, images, work, key_id_of(key)).to_bytes()
    (work / MANIFEST_NAME).write_bytes(data)
    (work / SIGNATURE_NAME).write_bytes(sign(data, key))


def export_images(engine: str, services: dict, blobs: Path) -> list[Image]:
    try:
        client = docker.DockerClient(base_url=engine, timeout=600)
        saved = store_save_tar(save_stream(client, sorted(set(services.values()))), blobs)
    except docker.errors.DockerException as err:
        raise export_failed(sorted(set(services.values())), str(err)) from None
    images = images_from_save(saved, blobs, services)
    keep = {p.rsplit("/", 1)[1] for i in images for p in [i.config_path, *(l.path for l in i.layers)]}
    for leftover in set(os.listdir(blobs)) - keep:  # OCI index and manifests: docker load does not need them
        os.remove(blobs / leftover)
    return images


def make_manifest(compose: dict, version: str, images: list[Image], root: Path, signer: str) -> Manifest:
    meta = compose.get("x-jobfirst", {})
    return Manifest(
        product=meta.get("product", "jobfirst"), version=version, architecture=_architecture(root, images),
        created=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        compose={"path": COMPOSE_NAME, "variables": meta.get("variables", {})},
        requirements={**DEFAULT_REQUIREMENTS, **meta.get("requirements", {})},
        ports=tuple(published_ports(compose) + internal_ports(compose)), images=tuple(images),
        files=tuple(pin_files(root)), signed_by=signer)


def _architecture(root: Path, images: list[Image]) -> str:
    arches = {json.loads((root / blob_path(i.id)).read_bytes()).get("architecture", "amd64") for i in images}
    return ",".join(sorted(arches))


def pin_files(root: Path) -> list[FileEntry]:
    paths = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return [FileEntry(path, *sha256_file(root / path)) for path in paths]
