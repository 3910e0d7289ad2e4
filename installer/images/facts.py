"""What a target already has, read in one round trip (as root: Docker's socket needs it): its images,
its Docker root and image store, free space where the bytes will land, and the staged blobs of an
interrupted earlier run. Parsing is pure and unit-tested."""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

from ..checks.facts import df_free_kib, split_sections

BLOB_FILE = re.compile(r"([0-9a-f]{64})(\.partial)?")

SCRIPT = r"""
S() { printf '\n@@%s\n' "$1"; }
free_at() { d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" | tail -n 1; }
export DOCKER_HOST=@DOCKER_HOST@
info=$(docker info --format '{{.DockerRootDir}}|{{json .DriverStatus}}' 2>&1)
S info; printf '%s\n' "$info"
S inspect; ids=$(docker image ls -q --no-trunc 2>/dev/null | sort -u); [ -z "$ids" ] || docker image inspect $ids
S root_df; case "$info" in /*) free_at "${info%%|*}";; esac
S stage_df; free_at @STAGING@
S staged; cd @STAGING@ 2>/dev/null && { [ ! -e .lock ] || flock -w @WAIT@ .lock true 2>/dev/null; stat -c '%s %n' -- * 2>/dev/null; }
"""


@dataclass(frozen=True)
class Disk:
    free: int        # bytes available to root
    mount: str       # mount point: two paths on one mount share their free space

    @classmethod
    def parse(cls, text: str) -> "Disk | None":
        parsed = df_free_kib(text.strip().splitlines()[-1]) if text.strip() else None
        return cls(parsed[0] * 1024, parsed[1]) if parsed else None


@dataclass
class TargetFacts:
    docker_root: str | None
    containerd_store: bool
    images: list[dict]                                  # `docker image inspect` documents
    root_disk: Disk | None
    staging_disk: Disk | None
    staged: dict[str, tuple[str, int]] = field(default_factory=dict)   # hex -> (file name, size)
    raw_info: str = ""

    @property
    def docker_ok(self) -> bool:
        return self.docker_root is not None


def script_for(docker_host: str, staging: str, lock_wait: int = 120) -> str:
    return (SCRIPT.replace("@DOCKER_HOST@", shlex.quote(docker_host)).replace("@STAGING@", shlex.quote(staging))
            .replace("@WAIT@", str(lock_wait)))


def parse(output: str) -> TargetFacts:
    sections = split_sections(output)
    root, containerd = _info(sections.get("info", ""))
    return TargetFacts(root, containerd, _inspect(sections.get("inspect", "")), Disk.parse(sections.get("root_df", "")),
                       Disk.parse(sections.get("stage_df", "")), staged_files(sections.get("staged", "")),
                       sections.get("info", ""))


def _info(text: str) -> tuple[str | None, bool]:
    root, sep, status = text.strip().partition("|")
    if not sep or not root.startswith("/"):
        return None, False
    return root, "io.containerd.snapshotter" in status


def _inspect(text: str) -> list[dict]:
    try:
        docs = json.loads(text) if text.strip() else []
    except json.JSONDecodeError:
        return []
    return [d for d in docs if isinstance(d, dict) and d.get("Id")]


def staged_files(listing: str) -> dict[str, tuple[str, int]]:
    """hex -> (file, size) of staged blobs, from `stat -c '%s %n'`. A blob both complete and partial
    (a run that ended between the two) counts as its larger file."""
    found: dict[str, tuple[str, int]] = {}
    for line in listing.splitlines():
        size, _, name = line.strip().partition(" ")
        match = BLOB_FILE.fullmatch(name)
        if match and size.isdigit() and int(size) >= found.get(match[1], ("", -1))[1]:
            found[match[1]] = (name, int(size))
    return found


def usable_staged(staged: dict[str, tuple[str, int]], sizes: dict[str, int]) -> tuple[dict, list[str]]:
    """(usable, to_delete): a .partial is usable when it is no longer than its blob (a prefix of it); a
    complete file (renamed only after its sha256 was checked) when its size is exact. Blobs of other
    bundles are left alone here and go with the clean-up after a successful load."""
    usable, bad = {}, []
    for hexname, (name, size) in staged.items():
        if hexname not in sizes:
            continue
        fits = size <= sizes[hexname] if name.endswith(".partial") else size == sizes[hexname]
        if fits:
            usable[hexname] = (name, size)
        else:
            bad.append(name)
    return usable, bad
