"""What goes over the wire to load images, and the shell script that receives it.

The target gets one stream: the `docker save`-format tar's headers and padding (a few KB) and only
those blob bytes it does not have staged yet. A generated `sh` script on the target rebuilds the
whole tar from that stream and its staging folder and pipes it into `docker load`, writing every
arriving blob byte into `<blob>.partial` on the way. So the load runs while the bytes arrive (no
second pass), and a cut connection leaves each blob's bytes staged for the next run to continue
from. On the target, one Python process (RECEIVE_PY) reads the stream and writes the tar; without
Python, one shell command per member, each reading exactly its bytes (`head -c N`). Layers go as the
bundle stores them (gzip) and are inflated on the target; the small members made here (tar headers,
padding, image configs) go gzip-packed."""
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
    on their way into the tar: docker gets the layer as `docker save` gives it. parts: the sizes of
    its gzip members, which the receiver unpacks side by side."""
    ops: tuple
    parts: tuple = ()


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
        ops.extend([Unpack(tuple(blob), member.parts)] if member.gzip else blob)
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


# The receiver, when the target has Python 3.6+ (python3, or RHEL 8's platform-python): one process
# reads the whole stream and hands the whole tar to Docker, one line of argv[1] per op (see
# _receiver_line). One process instead of a head | gzip | tee pipeline per member (each process
# started is a pause while docker load waits); straight into the daemon's socket (POST /images/load,
# as `docker load` does), so the tar is not copied once more through the docker CLI; a layer's gzip
# members are inflated on all cores (zlib lets go of the GIL), in order, a few at a time
# (bench/README.md has what each saved). No socket (tcp:// DOCKER_HOST, no access): argv[3], i.e.
# `docker load`, reads the tar instead. Once Docker stops reading or a layer does not inflate
# (damaged staged bytes), nothing more goes to Docker, but every byte from the wire is still staged,
# so the sha256 check after the failed load finds the damage and a resumed run keeps what arrived.
RECEIVE_PY = r"""import collections, json, os, socket, subprocess, sys, zlib
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
MB = 1 << 20
WORKERS = max(1, min(8, os.cpu_count() or 1))
state = {"out": True, "ok": True}
try:
    import fcntl
    fcntl.fcntl(0, 1031, MB)
except (ImportError, OSError):
    pass
class Docker:
    def __init__(self, path, command):
        self.conn = self.proc = None
        try:
            conn = HTTPConnection("docker")
            conn.sock = socket.socket(socket.AF_UNIX)
            conn.sock.connect(path)
            conn.putrequest("POST", "/images/load?quiet=1", skip_accept_encoding=True)
            conn.putheader("Content-Type", "application/x-tar")
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            self.conn = conn
        except OSError:
            self.proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
    def write(self, data):
        if self.conn:
            self.conn.sock.sendall(b"%x\r\n" % len(data))
            self.conn.sock.sendall(data)
            self.conn.sock.sendall(b"\r\n")
        else:
            view = memoryview(data)
            while view:
                view = view[os.write(self.proc.stdin.fileno(), view):]
    def finish(self, whole):
        if self.proc:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            return self.proc.wait()
        try:  # an unfinished tar: Docker says what it makes of it, as when it stopped reading itself
            if whole:
                self.conn.sock.sendall(b"0\r\n\r\n")
            else:
                self.conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            reply = self.conn.getresponse()
            lines, rc = reply.read().decode("utf-8", "replace").splitlines(), 0 if reply.status == 200 else 1
        except (OSError, ValueError) as error:
            sys.stderr.write("jobfirst-receive: docker load: %s\n" % error)
            return 1
        for line in lines:
            try:
                said = json.loads(line)
            except ValueError:
                said = {"error": line}
            sys.stdout.write(said.get("stream") or "")
            if said.get("error") or said.get("message"):
                sys.stderr.write((said.get("error") or said.get("message")) + "\n")
                rc = 1
        return rc
def emit(data):
    if state["out"] and data:
        try:
            docker.write(data)
        except OSError:
            state["out"] = False
def fail():
    state["ok"] = state["out"] = False
def wire(n):
    while n:
        data = os.read(0, min(n, MB))
        if not data:
            raise EOFError("the stream ended early")
        n -= len(data)
        yield data
def staged(name):
    with open(name, "rb") as f:
        for data in iter(lambda: f.read(MB), b""):
            yield data
def kept(source, name, mode):
    with open(name, mode + "b") as f:
        for data in source:
            f.write(data)
            yield data
def unpacked(source):
    return [zlib.decompress(b"".join(source), 31)]
def layer(first, n, name, mode):
    if first != "-":
        for data in staged(first):
            yield data
    if n:
        for data in kept(wire(n), name, mode):
            yield data
def members(source, sizes):
    buf = bytearray()
    for data in source:
        buf += data
        while sizes and len(buf) >= sizes[0]:
            yield bytes(buf[:sizes[0]])
            del buf[:sizes.pop(0)]
    if buf or sizes:
        fail()
def inflated(source, sizes):
    pool, pending = ThreadPoolExecutor(WORKERS), collections.deque()
    def done(future):
        try:
            return future.result()
        except zlib.error:
            fail()
            return b""
    try:
        for member in members(source, sizes):
            if state["ok"]:
                pending.append(pool.submit(zlib.decompress, member, 31))
            while len(pending) > WORKERS:
                yield done(pending.popleft())
        while pending:
            yield done(pending.popleft())
    finally:
        pool.shutdown()
docker = Docker(sys.argv[2], sys.argv[3])
try:
    for line in sys.argv[1].splitlines():
        op = line.split(" ")
        parts = {"w": lambda: wire(int(op[1])), "z": lambda: unpacked(wire(int(op[1]))),
                 "c": lambda: staged(op[1]), "t": lambda: kept(wire(int(op[1])), op[2], op[3]),
                 "tz": lambda: kept(unpacked(wire(int(op[1]))), op[2], op[3]),
                 "u": lambda: inflated(layer(op[1], int(op[2]), op[3], op[4]), [int(n) for n in op[5].split(",")])}
        for data in parts[op[0]]():
            emit(data)
except (OSError, EOFError, zlib.error) as error:
    sys.stderr.write("jobfirst-receive: %s\n" % error)
    fail()
rc = docker.finish(state["ok"] and state["out"])
sys.exit(rc or (0 if state["ok"] and state["out"] else 1))
"""
# Without Python, each member is its own command reading exactly its bytes (head -c), which is what
# lets sequential commands share one stdin. A layer: head | tee | gzip; gzip stopping early must not
# stop tee, so the rest is still staged.
UNPACK_SH = ('{ if [ -n "$1" ]; then cat -- "$1"; fi; if [ "$2" -gt 0 ]; then if [ "$4" = a ]; then head -c "$2" | '
             'tee -a -- "$3"; else head -c "$2" | tee -- "$3"; fi; fi; } | { gzip -dc; cat >/dev/null; }')
FIND_PYTHON = "PY=$(command -v python3 || command -v /usr/libexec/platform-python)"


FINISHED = "@@jobfirst: load finished@@"  # splits docker load's output from what `then` prints


def receive_script(ops, staging: str, docker_host: str, space=(), python: bool = True, discard=(),
                   then: str = "") -> str:
    """The target's side: wait for an earlier, dying run to let go of the staging folder (flock), remove
    staged files that cannot be used (discard), check the free space the plan counted on is still there
    (space: (mount, bytes needed) pairs; a disk can fill between the plan and the yes), rebuild the tar
    from the stream and the staged files and hand it to Docker, then run `then` (the tags and the
    check: one round trip for the whole load). Exits with docker load's status (1 when the receiver
    could not give Docker the whole tar).
    python=False: never look for Python (tests of the fallback)."""
    lines = [_member_command(op) for op in ops]
    checks = "".join(f"need {shlex.quote(mount)} {-(-need // 1024)} || exit {NO_SPACE_EXIT}\n" for mount, need in space)
    remove = f"rm -f -- {' '.join(shlex.quote(f) for f in discard)}\n" if discard else ""
    receiver = "\n".join(_receiver_line(op) for op in ops)
    socket = docker_host[len("unix://"):] if docker_host.startswith("unix://") else ""
    load = f"DOCKER_HOST={shlex.quote(docker_host)} docker load"
    return (f"mkdir -p {shlex.quote(staging)} && cd {shlex.quote(staging)} || exit 1\n"
            f"exec 9>.lock; if command -v flock >/dev/null 2>&1; then flock -w {LOCK_WAIT_SECONDS} 9; fi\n" + remove +
            f"need() {{ f=$(df -Pk \"$1\" | awk 'NR==2 {{print $4}}'); [ \"${{f:-0}}\" -ge \"$2\" ] || "
            f"{{ echo \"{NO_SPACE} $1 $f $2\" >&2; return 1; }}; }}\n" + checks +
            (FIND_PYTHON if python else "PY=") + "\n"
            f"unpack() {{ {UNPACK_SH}; }}\n"
            f"if [ -n \"$PY\" ]; then \"$PY\" -c {shlex.quote(RECEIVE_PY)} {shlex.quote(receiver)} "
            f"{shlex.quote(socket)} {shlex.quote(load)}; else\n{{\n" + "\n".join(lines) + f"\n}} | {load}; fi\n"
            f"rc=$?\necho '{FINISHED}'\n{then}exit $rc\n")


def space_shortfalls(err: str) -> dict[str, int]:
    """mount -> free bytes, from the receive script's refusal (see NO_SPACE)."""
    found = {}
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == NO_SPACE and parts[2].isdigit():
            found[parts[1]] = int(parts[2]) * 1024
    return found


def _receiver_line(op) -> str:
    """One op for RECEIVE_PY: w|z N (wire bytes, z: gzip-packed), c FILE (staged), t|tz N FILE MODE (wire
    bytes kept in FILE as they pass), u STAGED N FILE MODE PARTS (a layer: STAGED or -, then N wire bytes
    kept in FILE, all inflated; PARTS: its gzip members' sizes, comma-separated). File names are blob
    hex names: no spaces, never "-"."""
    if isinstance(op, Unpack):
        staged = next((o.file for o in op.ops if isinstance(o, Staged)), "") or "-"
        tee = next((o for o in op.ops if isinstance(o, Tee)), None)
        parts = ",".join(map(str, op.parts))
        if tee is None:
            return f"u {staged} 0 - w {parts}"
        return f"u {staged} {tee.length} {tee.file} {'a' if tee.offset else 'w'} {parts}"
    if isinstance(op, Staged):
        return f"c {op.file}"
    if isinstance(op, Wire):
        return f"{'z' if op.packed else 'w'} {op.size}"
    return f"{'tz' if op.packed else 't'} {op.size} {op.file} {'a' if op.offset else 'w'}"


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
