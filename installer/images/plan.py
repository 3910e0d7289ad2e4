"""Pure decisions for one target: what to send, what is already staged, and whether it fits."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..bundle import SendPlan, present_from_inspect
from .facts import Disk, TargetFacts, usable_staged
from .wire import build_ops, staged_bytes_written, wire_bytes

HEADROOM = 64 * 1024 * 1024  # overlay2 metadata, small-file rounding, docker's own bookkeeping


@dataclass(frozen=True)
class SpaceNeed:
    where: str      # the folder(s) the bytes land in, as the admin would look for them
    mount: str
    need: int
    free: int

    @property
    def fits(self) -> bool:
        return self.free >= self.need


@dataclass
class TargetWork:
    send: SendPlan
    ops: list = field(default_factory=list)
    discard: list[str] = field(default_factory=list)   # staged files that cannot be part of a blob
    already_staged: int = 0                             # bytes of this load an earlier run left staged
    space: list[SpaceNeed] = field(default_factory=list)

    @property
    def wire_bytes(self) -> int:
        return wire_bytes(self.ops)

    @property
    def nothing_to_do(self) -> bool:
        return not self.send.images and not self.send.retag

    @property
    def space_problems(self) -> list[SpaceNeed]:
        return [s for s in self.space if not s.fits]


def work_for(bundle, facts: TargetFacts, staging: str) -> TargetWork:
    chains, tagged = present_from_inspect(facts.images)
    if facts.containerd_store:  # it loads differently: layer reuse by chain ID does not apply, send whole images
        chains = frozenset()
    send = bundle.layers_missing(chains, tagged)
    if not send.images:
        return TargetWork(send)
    sizes = {f.path.rsplit("/", 1)[1]: f.size for f in bundle.manifest.files if f.path.startswith("blobs/")}
    usable, discard = usable_staged(facts.staged, sizes)
    ops = build_ops(bundle.root, bundle.manifest, send.images, send.skip_layers, usable)
    work = TargetWork(send, ops, discard, _reused(send, usable))
    work.space = space_needs(bundle, send, facts, staging, staged_bytes_written(ops))
    return work


def _reused(send: SendPlan, usable: dict) -> int:
    wanted = {b.path.rsplit("/", 1)[1] for b in send.blobs}
    return sum(size for hexname, (_, size) in usable.items() if hexname in wanted)


def docker_need(bundle, send: SendPlan) -> int:
    """docker load first copies the whole tar into <root>/tmp, then unpacks each layer next to it."""
    unique = {l.digest: l.size for i in send.images for l in i.layers if l.digest not in send.skip_layers}
    layers = sum(unique.values())
    return bundle.load_tar_size(send.images, send.skip_layers) + layers + HEADROOM


def space_needs(bundle, send: SendPlan, facts: TargetFacts, staging: str, staging_bytes: int) -> list[SpaceNeed]:
    root, stage = facts.root_disk, facts.staging_disk
    docker = docker_need(bundle, send)
    if root and stage and root.mount == stage.mount:
        return [SpaceNeed(f"{facts.docker_root} + {staging}", root.mount, docker + staging_bytes, root.free)]
    needs = [_need(facts.docker_root or "Docker root", root, docker), _need(staging, stage, staging_bytes)]
    return [n for n in needs if n is not None]


def _need(where: str, disk: Disk | None, need: int) -> SpaceNeed | None:
    return SpaceNeed(where, disk.mount, need, disk.free) if disk else None
