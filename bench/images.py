"""Image loading benchmarks: fresh install, upgrade bytes, transfer throughput, memory. Each prints a
ratio against a baseline measured in the same run on the same target (see bench/README.md)."""
from __future__ import annotations

import os
import subprocess
import threading
import time

from bench.common import Bench, mb, median, timed
from installer.bundle import Bundle
from installer.engine.connect import session_for
from installer.engine.questions import HeadlessAsker
from installer.images.facts import TargetFacts
from installer.images.plan import work_for
from installer.images.wire import build_ops, chunks, receive_script, wire_bytes
from installer.remote import transfer
from tests.integration.images_kit import answers_for


def docker_save_tar(bench: Bench, bundle: Bundle):
    """The manual path's tarball: `docker save` of the same images, from a target that holds them."""
    path = bench.work / f"jobfirst-{bundle.version}-images.tar"
    if not path.exists():
        bench.empty_docker()
        bench.install_images(bundle.root)
        subprocess.run(["docker", "-H", bench.target.docker_host, "save", "-o", str(path),
                        *[i.name for i in bundle.images]], check=True)
    return path


def gzip_tar(tar):
    """The same tarball gzip-compressed (`docker save | gzip`): the manual path at its best on a slow link."""
    path = tar.with_suffix(".tar.gz")
    if not path.exists():
        with open(tar, "rb") as src, open(path, "wb") as out:
            subprocess.run(["gzip", "-6", "-n"], stdin=src, stdout=out, check=True)
    return path


def fresh_install(bench: Bench, bundle: Bundle, rounds: int = 3, link: str = "") -> float:
    """Ours against `scp` + `docker load -i` of the docker save tarball (the target) and, for the
    record, of that tarball gzip-compressed, interleaved, so a busy moment hits every path alike."""
    tar = docker_save_tar(bench, bundle)
    manuals = {"tar": tar, "tar.gz": gzip_tar(tar)}
    times = {"ours": [], "tar": [], "tar.gz": [], "staged first": []}

    def manual(path):
        remote = f"{bench.target.dir}/manual.{path.name.split('.', 1)[1]}"
        bench.scp(path, remote)
        bench.docker(f"load -i {remote}")
    for _ in range(rounds):
        for name, path in manuals.items():
            bench.empty_docker()
            times[name].append(timed(lambda: manual(path)))
        bench.empty_docker()
        times["ours"].append(timed(lambda: bench.install_images(bundle.root)))
        bench.empty_docker()
        times["staged first"].append(timed(lambda: stage_then_load(bench, bundle)))
    ours = median(times["ours"])
    ratio = ours / median(times["tar"])
    print(f"fresh install {bundle.version}{link}: installer {ours:.2f} s (connect, read target, plan, send+load, "
          f"confirm; {mb(bench.last_sent)} on the wire) vs scp + ssh docker load -i of the docker save tar "
          f"({mb(os.path.getsize(tar))}) {median(times['tar']):.2f} s -> ratio {ratio:.2f} (target <= 1.0); "
          f"of that tar gzip-compressed ({mb(os.path.getsize(manuals['tar.gz']))}) {median(times['tar.gz']):.2f} s "
          f"-> ratio {ours / median(times['tar.gz']):.2f}; ours staging every blob first, then loading from the "
          f"staged files {median(times['staged first']):.2f} s -> streaming/staging {ours / median(times['staged first']):.2f}; "
          f"rounds ours {_list(times['ours'])}, tar {_list(times['tar'])}, tar.gz {_list(times['tar.gz'])}, "
          f"staged first {_list(times['staged first'])}")
    return ratio


def stage_then_load(bench: Bench, bundle: Bundle) -> None:
    """The other way the issue asks to measure: send every blob into the staging folder first (one
    command, `head -c` per blob), then load from there (the same receiver, nothing on the wire but
    tar headers). Connect, send, load; no verify, plan or check: the staging path's best case."""
    staging = f"{bench.target.install_dir}/stage-first"
    plan = bundle.layers_missing()
    names = [(b.path.rsplit("/", 1)[1], b.size) for b in plan.blobs]
    session = _session(bench, bundle)
    try:
        receive = f"mkdir -p {staging} && cd {staging} && " + " && ".join(f"head -c {n} > {h}" for h, n in names)
        transfer.stream(session, receive, (c for b in plan.blobs for c in _read(bundle.root / b.path)))
        ops = build_ops(bundle.root, bundle.manifest, plan.images, plan.skip_layers, {h: (h, n) for h, n in names})
        result = transfer.stream(session, receive_script(ops, staging, bench.target.docker_host), chunks(bundle.root, ops))
        assert result.rc == 0 and "Loaded image" in result.out, result.err
    finally:
        session.close()


def stream_alone(bench: Bench, bundle: Bundle, rounds: int = 3) -> float:
    """The part before Docker unpacks anything, which is where the two paths differ: into a Docker that
    already has every layer (so the load only takes the tar in), ours (connect, stream, inflate, into the
    socket) against scp of the docker save tar + docker load -i of it."""
    tar = docker_save_tar(bench, bundle)  # leaves the images loaded
    staging = f"{bench.target.dir}/stream-alone"
    work = work_for(bundle, TargetFacts(None, False, [], None, None), staging)
    script = receive_script(work.ops, staging, bench.target.docker_host, then=f"rm -rf {staging}\n")

    def ours():
        session = _session(bench, bundle)
        try:
            result = transfer.stream(session, script, chunks(bundle.root, work.ops))
            assert result.rc == 0 and "Loaded image" in result.out, result.err
        finally:
            session.close()
    times = {"ours": [], "manual": []}
    for _ in range(rounds):
        times["manual"].append(timed(lambda: (bench.scp(tar, f"{bench.target.dir}/alone.tar"),
                                               bench.docker(f"load -i {bench.target.dir}/alone.tar"))))
        times["ours"].append(timed(ours))
    ratio = median(times["ours"]) / median(times["manual"])
    print(f"stream alone (Docker has the layers already: no unpacking): installer {median(times['ours']):.2f} s "
          f"(connect, {mb(wire_bytes(work.ops))} inflated on the target into Docker's socket) vs scp + docker load -i "
          f"of the tar {median(times['manual']):.2f} s -> ratio {ratio:.2f}; rounds ours {_list(times['ours'])}, "
          f"manual {_list(times['manual'])}")
    return ratio


def upgrade(bench: Bench, old: Bundle, new: Bundle) -> float:
    bench.empty_docker()
    bench.install_images(old.root)
    sent = bench.install_images(new.root).sent()
    had = {d for i in old.images for d in i.diff_ids}
    changed = {l.digest: l.size for i in new.images for l in i.layers if l.digest not in had}
    stored = sum(new.manifest.file(l.path).size for i in new.images for l in i.layers if l.digest in changed)
    configs = sum(new.manifest.file(f"blobs/sha256/{i.id[7:]}").size for i in new.images if i.id not in
                  {o.id for o in old.images})
    whole = sum(f.size for f in new.manifest.files)
    ratio = sent / sum(changed.values())
    print(f"upgrade {old.version} -> {new.version}: {sent} bytes sent; changed layers {sum(changed.values())} bytes "
          f"({len(changed)} layer; {stored} bytes as stored, gzip), new image config {configs} bytes, uncompressed "
          f"tar framing {new.load_tar_size(*_plan(new, old)) - sum(changed.values()) - configs} bytes -> ratio "
          f"sent/changed layers {ratio:.2f} (target <= 1.05); vs sending the whole bundle again ({mb(whole)}): "
          f"{sent / whole:.6f}")
    return ratio


def _plan(new: Bundle, old: Bundle):
    present = [{"Id": i.id, "RepoTags": [i.name], "RootFS": {"Layers": i.diff_ids}} for i in old.images]
    from installer.bundle import present_from_inspect
    plan = new.layers_missing(*present_from_inspect(present))
    return plan.images, plan.skip_layers


def throughput(bench: Bench, bundle: Bundle, rounds: int = 3) -> float:
    blob = max(bundle.manifest.files, key=lambda f: f.size)
    path, remote = bundle.root / blob.path, f"{bench.target.dir}/throughput.bin"
    session = _session(bench, bundle)
    try:
        cipher = transfer.cipher(session)
        ours, scp = [], []
        for _ in range(rounds):
            scp.append(timed(lambda: bench.scp(path, remote)))
            ours.append(timed(lambda: transfer.stream(session, f"cat > {remote}", _read(path))))
    finally:
        session.close()
    ratio = (blob.size / median(ours)) / (blob.size / median(scp))
    print(f"transfer of one {mb(blob.size)} blob into a file: installer ({cipher}) "
          f"{blob.size / median(ours) / 1e6:.0f} MB/s vs OpenSSH scp -c aes128-gcm "
          f"{blob.size / median(scp) / 1e6:.0f} MB/s -> ratio {ratio:.2f} (below 0.5 is a defect)")
    return ratio


def memory(bench: Bench, bundle: Bundle) -> float:
    bench.empty_docker()
    sampler = RssSampler()
    baseline = sampler.rss()
    with sampler:
        bench.install_images(bundle.root)
    ratio = sampler.peak / baseline
    print(f"memory while moving {bundle.version} ({mb(bench.last_sent)} on the wire, {mb(bundle.load_tar_size())} "
          f"into docker load): installer process RSS "
          f"{baseline / 2**20:.0f} MiB before, peak {sampler.peak / 2**20:.0f} MiB during -> ratio {ratio:.2f} "
          f"(flat: independent of the bundle size)")
    return ratio


def shaped_fresh_install(bench: Bench, bundle: Bundle, rounds: int = 3) -> float:
    veth = f"{bench.target.netns}h"
    subprocess.run(["tc", "qdisc", "add", "dev", veth, "root", "tbf", "rate", "1gbit", "burst", "1mb",
                    "latency", "50ms"], check=True)
    try:
        return fresh_install(bench, bundle, rounds, " over a link shaped to 1 Gbit/s (a LAN)")
    finally:
        subprocess.run(["tc", "qdisc", "del", "dev", veth, "root"], check=False)


class RssSampler:
    """Peak resident memory of this process, sampled every 5 ms while the with-block runs."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)


def _session(bench: Bench, bundle: Bundle):
    answers = answers_for(bench.work, [bench.target], bench.key, bundle.root, name="throughput.yaml")
    return session_for(answers.targets[0], answers, HeadlessAsker()).connect()


def _read(path, size=1 << 20):
    with open(path, "rb") as f:
        while data := f.read(size):
            yield data


def _list(values) -> str:
    return "/".join(f"{v:.2f}" for v in values)
