"""The shared base image: Debian bookworm from debootstrap (its default package source, no registry),
trimmed, `docker import`-ed. The root file system tar is kept in a machine-wide cache, so a fresh clone
or a wiped build engine imports it again in seconds instead of bootstrapping again."""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE / "base"
IMAGE_ENV = ["ENV LANG=C.UTF-8", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]


def packages() -> list[str]:
    lines = (BASE_DIR / "packages.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def base_key() -> str:
    digest = hashlib.sha256()
    for name in ("packages.txt", "trim.sh"):
        digest.update((BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def machine_cache() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jobfirst-build"
    return Path(os.environ.get("JOBFIRST_BASE_CACHE") or default)


def rootfs_tar(log) -> Path:
    """The trimmed root file system as a tar, bootstrapped once per machine."""
    tar = machine_cache() / f"base-{base_key()}.tar"
    if tar.exists():
        return tar
    tar.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tar.parent) as work:
        root = Path(work) / "root"
        started = time.monotonic()
        _run(["debootstrap", "--variant=minbase", "--include=" + ",".join(packages()), "bookworm", str(root)])
        _run(["sh", str(BASE_DIR / "trim.sh"), str(root)])
        _run(["tar", "--numeric-owner", "--xattrs", "-C", str(root), "-cf", str(tar) + ".partial", "."])
        os.replace(str(tar) + ".partial", tar)
        log(f"base: debootstrap + trim + tar in {time.monotonic() - started:.0f} s")
    return tar


def ensure_base_image(client, log) -> str:
    """Tag of the base image in the engine, importing it when the engine does not have it."""
    tag = f"jobfirst/base:{base_key()}"
    if not client.images.list(name=tag):
        tar = rootfs_tar(log)
        started = time.monotonic()
        client.api.import_image_from_file(str(tar), repository="jobfirst/base", tag=base_key(),
                                          changes=IMAGE_ENV)
        log(f"base: imported {tag} in {time.monotonic() - started:.0f} s")
    return tag


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({result.returncode}):\n{result.stderr[-3000:]}")
