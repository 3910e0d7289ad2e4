"""What goes over the wire to load images, and the shell script that receives it.

The target gets one stream: the `docker save`-format tar's headers and padding (a few KB) and only
those blob bytes it does not have staged yet. A generated `sh` script on the target rebuilds the
whole tar from that stream and its staging folder and pipes it into `docker load`, writing every
arriving blob byte into `<blob>.partial` on the way. So the load runs while the bytes arrive (no
second pass), and a cut connection leaves each blob's bytes staged for the next run to continue
from. Each command reads exactly its bytes (`head -c N`, os.read), which is what lets sequential
commands share one stdin. Layers go as the bundle stores them (gzip) and are unpacked on the target
(`unpack`); the small members made here (tar headers, padding, image configs) go gzip-packed and are
unpacked by `gzip -dc`."""
from __future__ import annotations

import shlex
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..bundle.loadtar import (BLOCK, CHUNK, FOLDERS, INDEX_NAME, docker_load_manifest, members_in_tar,
                              tar_header, tar_padding)
from ..bundle.manifest import Manifest

LOCK_WAIT_SECONDS = 120
PACK_BELOW = 256 * 1024


@dataclass(frozen=True)
class Wire:
    """Bytes made here (tar headers, padding, the tar's manifest.json) passed through, gzip-packed."""
    data: bytes
    packed: bytes = b""

    @property
    def size(self) -> int:
        return len(self.packed or self.data)


@dataclass(frozen=True)
class Staged:
    """A staged file already on the target, fed into the load from there."""
    file: str


@dataclass(frozen=True)
class Tee:
    """`size` bytes of a blob from the wire, from `offset` on, appended to its .partial as they pass."""
    path: str      # the blob's path in the bundle
    offset: int
    length: int    # bytes of the blob this run adds
    packed: bytes = b""  # those bytes gzip-compressed, for a small blob

    @property
    def size(self) -> int:
        return len(self.packed) if self.packed else self.length

    @property
    def file(self) -> str:
        return self.path.rsplit("/", 1)[1] + ".partial"


@dataclass(frozen=True)
class Unpack:
    """A layer's bytes as stored (gzip), from the staged file and/or the wire, unpacked on the target
    on their way into the tar (the script's `unpack`): docker gets the layer as `docker save` gives it."""
    ops: tuple


def flat(ops) -> Iterator:
    for op in ops:
        yield from op.ops if isinstance(op, Unpack) else [op]


def build_ops(root: Path, manifest: Manifest, images, skip_layers, staged: dict[str, tuple[str, int]]) -> list:
    """The stream, member by member. staged: blob hex -> (file name, size) already on the target.
    Image configs always come over the wire (a few KB): a damaged staged config would load an image
    under the wrong ID, while a damaged staged layer is refused by Docker's DiffID check."""
    images = list(images)
    configs = {i.id.split(":", 1)[1] for i in images}
    ops = [Wire(b"".join(tar_header(f, 0, tarfile.DIRTYPE) for f in FOLDERS))]
    index = docker_load_manifest(images)
    ops.append(Wire(tar_header(INDEX_NAME, len(index)) + index + tar_padding(len(index))))
    for member in members_in_tar(manifest, images, skip_layers):
        hexname = member.source.rsplit("/", 1)[1]
        ops.append(Wire(tar_header(member.name, member.size)))
        blob = _blob_ops(root, member.source, manifest.file(member.source).size,
                         None if hexname in configs else staged.get(hexname), pack=not member.gzip)
        ops.extend([Unpack(tuple(blob))] if member.gzip else blob)
        ops.append(Wire(tar_padding(member.size)))
    ops.append(Wire(b"\0" * (2 * BLOCK)))
    return [Wire(op.data, _pack(op.data)) if isinstance(op, Wire) else op for op in _merge_wire(ops)]


def _blob_ops(root: Path, path: str, size: int, have: tuple[str, int] | None, pack: bool = True) -> list:
    file, done = have if have else ("", 0)
    if done >= size:
        return [Staged(file)]
    tee = Tee(path, done, size - done, _pack(b"".join(_file_range(root / path, done, size - done)))
              if pack and size - done < PACK_BELOW else b"")
    return [Staged(file), tee] if done else [tee]


def _pack(data: bytes) -> bytes:
    """gzip (level 1: fast) of data, or b"" when that does not make it smaller."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    packed = packer.compress(data) + packer.flush()
    return packed if len(packed) < len(data) else b""


def _merge_wire(ops: list) -> list:
    merged: list = []
    for op in ops:
        if isinstance(op, Wire) and not op.data:
            continue
        if isinstance(op, Wire) and merged and isinstance(merged[-1], Wire):
            merged[-1] = Wire(merged[-1].data + op.data)
        else:
            merged.append(op)
    return merged


def wire_bytes(ops) -> int:
    """Bytes this run sends: what progress counts and the resume test compares."""
    return sum(op.size for op in flat(ops) if isinstance(op, (Wire, Tee)))


def staged_bytes_written(ops) -> int:
    """Bytes this run adds to the staging folder: its share of the free-space check."""
    return sum(op.length for op in flat(ops) if isinstance(op, Tee))


def chunks(root: Path, ops) -> Iterator[bytes]:
    """The stream itself, read from the bundle 1 MiB at a time: memory stays flat."""
    for op in flat(ops):
        if isinstance(op, Wire):
            yield op.packed or op.data
        elif isinstance(op, Tee):
            yield from [op.packed] if op.packed else _file_range(root / op.path, op.offset, op.length)


def _file_range(path: Path, offset: int, size: int) -> Iterator[bytes]:
    with open(path, "rb") as f:
        f.seek(offset)
        while size > 0:
            data = f.read(min(CHUNK, size))
            if not data:
                raise OSError(f"{path} became shorter after the bundle was verified")
            size -= len(data)
            yield data


NO_SPACE = "jobfirst-no-space"  # + mount, free KiB, needed KiB: on stderr, with exit status NO_SPACE_EXIT
NO_SPACE_EXIT = 75


# One layer through one process: the staged part (if any), then `n` bytes of stdin appended to the staged
# file, all of it inflated to stdout. os.read never takes more than asked, so the commands after this
# one still find their bytes on stdin. Once inflating fails (damaged data, docker gone), the rest is
# still staged, so the sha256 check after the failed load finds the damage. Python 3.6+ (RHEL 8's
# platform-python): zlib inflates ~40 % faster than gzip, and one process replaces head | tee | gzip.
UNPACK_PY = """import os, sys, zlib
first, n, path, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
z, out, ok = zlib.decompressobj(31), sys.stdout.buffer, [True]
def feed(data):
    if ok[0]:
        try:
            out.write(z.decompress(data))
        except (zlib.error, OSError):
            ok[0] = False
if first:
    with open(first, "rb") as f:
        for data in iter(lambda: f.read(1 << 20), b""):
            feed(data)
if n:
    with open(path, mode + "b") as f:
        while n:
            data = os.read(0, min(n, 1 << 20))
            if not data:
                break
            n -= len(data)
            f.write(data)
            feed(data)
try:
    out.flush()
except OSError:
    ok[0] = False
sys.exit(0 if ok[0] and z.eof and not n else 1)
"""
# Without Python: head | tee | gzip; gzip stopping early must not stop tee, so the rest is still staged.
UNPACK_SH = ('{ if [ -n "$1" ]; then cat -- "$1"; fi; if [ "$2" -gt 0 ]; then if [ "$4" = a ]; then head -c "$2" | '
             'tee -a -- "$3"; else head -c "$2" | tee -- "$3"; fi; fi; } | { gzip -dc; cat >/dev/null; }')
FIND_PYTHON = "PY=$(command -v python3 || command -v /usr/libexec/platform-python)"


FINISHED = "@@jobfirst: load finished@@"  # splits docker load's output from what `then` prints


def receive_script(ops, staging: str, docker_host: str, space=(), python: bool = True, discard=(),
                   then: str = "") -> str:
    """The target's side: wait for an earlier, dying run to let go of the staging folder (flock), remove
    staged files that cannot be used (discard), check the free space the plan counted on is still there
    (space: (mount, bytes needed) pairs; a disk can fill between the plan and the yes), rebuild the tar
    from the stream and the staged files and pipe it into docker load, then run `then` (the tags and
    the check: one round trip for the whole load). Exits with docker load's status.
    python=False: never look for Python (tests of the fallback)."""
    lines = [_member_command(op) for op in ops]
    checks = "".join(f"need {shlex.quote(mount)} {-(-need // 1024)} || exit {NO_SPACE_EXIT}\n" for mount, need in space)
    remove = f"rm -f -- {' '.join(shlex.quote(f) for f in discard)}\n" if discard else ""
    return (f"mkdir -p {shlex.quote(staging)} && cd {shlex.quote(staging)} || exit 1\n"
            f"exec 9>.lock; if command -v flock >/dev/null 2>&1; then flock -w {LOCK_WAIT_SECONDS} 9; fi\n" + remove +
            f"need() {{ f=$(df -Pk \"$1\" | awk 'NR==2 {{print $4}}'); [ \"${{f:-0}}\" -ge \"$2\" ] || "
            f"{{ echo \"{NO_SPACE} $1 $f $2\" >&2; return 1; }}; }}\n" + checks +
            (FIND_PYTHON if python else "PY=") + "\n"
            f"unpack() {{ if [ -n \"$PY\" ]; then \"$PY\" -c {shlex.quote(UNPACK_PY)} \"$@\"; else {UNPACK_SH}; fi; }}\n"
            "{\n" + "\n".join(lines) + f"\n}} | DOCKER_HOST={shlex.quote(docker_host)} docker load\n"
            f"rc=$?\necho '{FINISHED}'\n{then}exit $rc\n")


def space_shortfalls(err: str) -> dict[str, int]:
    """mount -> free bytes, from the receive script's refusal (see NO_SPACE)."""
    found = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == NO_SPACE and parts[2].isdigit():
            found[parts[1]] = int(parts[2]) * 1024
    return found


def _member_command(op) -> str:
    if isinstance(op, Unpack):
        staged = next((o.file for o in op.ops if isinstance(o, Staged)), "")
        tee = next((o for o in op.ops if isinstance(o, Tee)), None)
        if tee is None:
            return f"unpack {shlex.quote(staged)} 0 '' w"
        return f"unpack {shlex.quote(staged)} {tee.length} {shlex.quote(tee.file)} {'a' if tee.offset else 'w'}"
    if isinstance(op, Staged):
        return f"cat {shlex.quote(op.file)}"
    read = f"head -c {op.size}" + (" | gzip -dc" if op.packed else "")
    if isinstance(op, Wire):
        return read
    return f"{read} | tee {'-a ' if op.offset else ''}{shlex.quote(op.file)}"
