"""Small real bundles for unit tests: layers are genuine tars, configs genuine image configs, the
manifest is written and signed by the product code, so only Docker itself is left out."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from installer.bundle.build import COMPOSE_NAME, make_manifest
from installer.bundle.export import compress_layer
from installer.bundle.manifest import MANIFEST_NAME, SIGNATURE_NAME, Image, Layer
from installer.bundle.signing import key_id_of, load_private_key, sign

REPO = Path(__file__).resolve().parents[3]
TEST_KEY = REPO / "tests" / "keys" / "TEST-ONLY_vendor_signing_key.pem"
TEST_PUBLIC_KEY = REPO / "tests" / "keys" / "TEST-ONLY_vendor_public_key.pem"
COMPOSE = {"version": "2.4", "x-jobfirst": {"variables": {"JOBFIRST_DOMAIN": "the domain"}},
           "services": {"web": {"image": "demo/web:1", "ports": ["${JOBFIRST_HTTPS_PORT:-443}:443", "80:80"]},
                        "db": {"image": "demo/db:1", "expose": ["5432"]}}}


def layer_tar(files: dict) -> bytes:
    """A layer: a tar of the given {path: text} files (fixed mtime, so the same files give the same DiffID)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def put_blob(root: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    (root / "blobs" / "sha256").mkdir(parents=True, exist_ok=True)
    (root / "blobs" / "sha256" / digest).write_bytes(data)
    return "sha256:" + digest


def put_image(root: Path, name: str, service: str, layers: list[bytes]) -> Image:
    diff_ids = [put_blob(root, layer) for layer in layers]
    config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/true"]},
              "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    image_id = put_blob(root, json.dumps(config).encode())
    blobs = root / "blobs" / "sha256"
    # as the vendor build stores them, in parts small enough that the base layer has several
    stored = {d: compress_layer(blobs, d[7:], part=PART) for d in dict.fromkeys(diff_ids)}
    return Image(name, service, image_id, tuple(Layer(d, len(l), "sha256:" + stored[d][0], stored[d][1])
                                                for d, l in zip(diff_ids, layers)))


PART = 8192


# hex text: compresses to about half, so the stored base layer is still some KB (partial-transfer tests)
BASE = layer_tar({"etc/os-release": "ID=demo\n",
                  "bin/tool": "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(600))})


def make_bundle(root: Path, version: str = "1.0.0", web_text: str = "hello", key_file: Path = TEST_KEY) -> Path:
    """Two images sharing a base layer; web_text changes the web image only (a new release)."""
    (root / "compose").mkdir(parents=True, exist_ok=True)
    (root / COMPOSE_NAME).write_text(json.dumps(COMPOSE))  # JSON is YAML: the deploy step reads either
    images = [put_image(root, "demo/web:1", "web", [BASE, layer_tar({"srv/index.html": web_text})]),
              put_image(root, "demo/db:1", "db", [BASE, layer_tar({"srv/db.conf": "port=5432\n"})])]
    key = load_private_key(key_file)
    data = make_manifest(COMPOSE, version, images, root, key_id_of(key)).to_bytes()
    (root / MANIFEST_NAME).write_bytes(data)
    (root / SIGNATURE_NAME).write_bytes(sign(data, key))
    return root


def other_key(directory: Path) -> Path:
    path = directory / "other.pem"
    path.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return path
