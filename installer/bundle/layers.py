"""Which blobs a target still needs. Docker keys a stored layer by its chain ID (the layer plus every
layer below it), not by its DiffID alone, so "present" is a set of chain IDs, computed from the
RootFS.Layers of the images the target already has (`docker image inspect`)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from .manifest import FileEntry, Image, Manifest


def chain_ids(diff_ids: Sequence[str]) -> list[str]:
    """Docker's ChainID of each layer in an image: sha256 of "parent-chain diff-id" (the first is its DiffID)."""
    chains: list[str] = []
    for diff_id in diff_ids:
        chain = diff_id if not chains else "sha256:" + hashlib.sha256(f"{chains[-1]} {diff_id}".encode()).hexdigest()
        chains.append(chain)
    return chains


def present_chain_ids(rootfs_layer_lists: Iterable[Sequence[str]]) -> frozenset[str]:
    """Chain IDs a target holds, from the RootFS.Layers list of each of its images."""
    return frozenset(chain for layers in rootfs_layer_lists for chain in chain_ids(layers))


def present_from_inspect(inspect_docs: Iterable[dict]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(chain IDs, (tag, image ID) pairs) a target holds, from its `docker image inspect` output."""
    docs = list(inspect_docs)
    chains = present_chain_ids(d.get("RootFS", {}).get("Layers") or [] for d in docs)
    return chains, frozenset((tag, d["Id"]) for d in docs for tag in d.get("RepoTags") or ["<none>"])


@dataclass(frozen=True)
class SendPlan:
    images: tuple[Image, ...]      # images the target lacks: to load
    blobs: tuple[FileEntry, ...]   # bundle files to send: those images' configs, then their missing layers
    skip_layers: frozenset[str]    # DiffIDs the target already holds: left out of the docker-load tar
    retag: tuple[Image, ...] = ()  # images the target has under another tag: `docker tag ID NAME`, no bytes

    @property
    def bytes_to_send(self) -> int:
        return sum(blob.size for blob in self.blobs)


def plan_send(manifest: Manifest, present_chains: Iterable[str] = (),
              present_images: Iterable[tuple[str, str]] = ()) -> SendPlan:
    """Pure decision: what to send so that every image of the bundle ends up on the target, tagged.
    present_images are (tag, image ID) pairs, ("<none>", ID) for an untagged image."""
    have_chains, have_images = frozenset(present_chains), frozenset(present_images)
    have_ids = {image_id for _, image_id in have_images}
    untagged = [i for i in manifest.images if (i.name, i.id) not in have_images]
    images = tuple(i for i in untagged if i.id not in have_ids)
    needed = _needed_layers(images, have_chains)
    blob_paths = _unique([i.config_path for i in images] + [manifest.layer(d).path for d in needed])
    skip = frozenset(d for i in images for d in i.diff_ids) - set(needed)
    retag = tuple(i for i in untagged if i.id in have_ids)
    return SendPlan(images, tuple(manifest.file(p) for p in blob_paths), skip, retag)


def _needed_layers(images: Iterable[Image], have_chains: frozenset[str]) -> list[str]:
    """DiffIDs some image needs whose chain the target lacks; a layer on another parent is still needed."""
    return _unique(diff for image in images
                   for diff, chain in zip(image.diff_ids, chain_ids(image.diff_ids)) if chain not in have_chains)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
