"""A bundle on the workstation: the API the loading and deploy steps use.

    bundle = Bundle.open(path)            # signature checked; the manifest can be trusted
    report = bundle.verify()              # every file, every hash (before anything is sent)
    plan = bundle.layers_missing(chains)  # what a target still needs
    for chunk in bundle.stream_load_tar(plan.images, plan.skip_layers): ...
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from .errors import bad_signature
from .layers import SendPlan, plan_send
from .loadtar import docker_load_manifest, load_tar_size, stream_load_tar
from .manifest import Image, Manifest, blob_path
from .verify import VerifyReport, read_signed_manifest, verify_bundle


class Bundle:
    def __init__(self, root: Path, manifest: Manifest):
        self.root, self.manifest = root, manifest

    @classmethod
    def open(cls, path: str | Path) -> "Bundle":
        root = Path(path).expanduser().resolve()
        return cls(root, read_signed_manifest(root))

    def verify(self, progress=None) -> VerifyReport:
        """Signature, file set, every hash. progress(done, total) in bytes, called from hashing threads."""
        manifest, report = verify_bundle(self.root, progress)
        if manifest != self.manifest:  # replaced on disk since open(): trust neither
            raise bad_signature(str(self.root))
        return report

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def images(self) -> tuple[Image, ...]:
        return self.manifest.images

    @property
    def compose_path(self) -> Path:
        return self.root / self.manifest.compose["path"]

    def compose_text(self) -> str:
        return self.compose_path.read_text(encoding="utf-8")

    def blob(self, digest: str) -> Path:
        """The file of a blob named by its own sha256 (an image config, a stored layer: Layer.blob)."""
        return self.root / blob_path(digest)

    def layers_missing(self, present_chains: Iterable[str] = (),
                       present_images: Iterable[tuple[str, str]] = ()) -> SendPlan:
        """present_chains / present_images: see layers.present_from_inspect."""
        return plan_send(self.manifest, present_chains, present_images)

    def load_manifest_json(self, images: Iterable[Image] | None = None) -> bytes:
        return docker_load_manifest(self.images if images is None else images)

    def load_tar_size(self, images: Iterable[Image] | None = None, skip_layers: Iterable[str] = ()) -> int:
        return load_tar_size(self.manifest, self.images if images is None else images, skip_layers)

    def stream_load_tar(self, images: Iterable[Image] | None = None,
                        skip_layers: Iterable[str] = ()) -> Iterator[bytes]:
        return stream_load_tar(self.root, self.manifest, self.images if images is None else images, skip_layers)
