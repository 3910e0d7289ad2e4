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
    times = {"ours": [], "tar": [], "tar.gz": []}

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
    ours = median(times["ours"])
    ratio = ours / median(times["tar"])
    print(f"fresh install {bundle.version}{link}: installer {ours:.2f} s (connect, read target, plan, send+load, "
          f"confirm; {mb(bench.last_sent)} on the wire) vs scp + ssh docker load -i of the docker save tar "
          f"({mb(os.path.getsize(tar))}) {median(times['tar']):.2f} s -> ratio {ratio:.2f} (target <= 1.0); "
          f"of that tar gzip-compressed ({mb(os.path.getsize(manuals['tar.gz']))}) {median(times['tar.gz']):.2f} s "
          f"-> ratio {ours / median(times['tar.gz']):.2f}; rounds ours {_list(times['ours'])}, tar "
          f"{_list(times['tar'])}, tar.gz {_list(times['tar.gz'])}")
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
