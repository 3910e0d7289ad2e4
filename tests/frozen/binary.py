"""The built installer, for the tests of the shipped binary and bench/startup.py: scripts/build-binary runs
only when what goes into the binary changed (a hash of installer/, assets/, build.spec, pyproject.toml,
scripts/build-binary and the installed packages); results are kept under .cache/frozen/<variant>-<hash>/.

    program("dev")      trusts JOBFIRST_DEV_TRUST, so it installs test-signed bundles (what CI tests)
    program("release")  the customer build: the same but installer._build.RELEASE = True

JOBFIRST_TEST_PROGRAM=/path/to/jobfirst-installer tests a development build made elsewhere instead (e.g. on
a glibc-2.28 build host, docs/packaging.md): it is not rebuilt here.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".cache" / "frozen"
INPUTS = ("installer", "assets", "build.spec", "pyproject.toml", "scripts/build-binary")
KEEP = 3  # builds kept per variant: a parallel session may still be using an older one
NAME = "jobfirst-installer"
ELSEWHERE = "JOBFIRST_TEST_PROGRAM"


class BuildFailed(RuntimeError):
    pass


def program(variant: str = "dev") -> Path:
    """The built program of this variant, built first when its inputs changed."""
    if variant == "dev" and os.environ.get(ELSEWHERE):
        return Path(os.environ[ELSEWHERE]).resolve()
    folder = CACHE / f"{variant}-{inputs_hash(variant)[:16]}"
    with _locked():
        if not (folder / NAME / NAME).exists():
            _build(variant, folder)
        os.utime(folder)  # marks it recently used, so _prune keeps it
        _prune(variant)
    return folder / NAME / NAME


def inputs_hash(variant: str) -> str:
    digest = hashlib.sha256(f"{variant}\n{sys.version}\n".encode())
    for path in _input_files():
        digest.update(f"{path.relative_to(REPO)}\n".encode())
        digest.update(path.read_bytes())
    digest.update("\n".join(sorted(_installed_packages())).encode())
    return digest.hexdigest()


def _input_files() -> list[Path]:
    found = []
    for name in INPUTS:
        path = REPO / name
        found += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return sorted(p for p in found if "__pycache__" not in p.parts and p.suffix != ".pyc")


def _installed_packages() -> list[str]:
    """Names with versions of what the venv holds (PySide6, PyInstaller, ...): an upgrade means a rebuild."""
    return [n for n in os.listdir(sysconfig.get_paths()["purelib"]) if n.endswith(".dist-info")]


@contextmanager
def _locked():
    """One build at a time: parallel test sessions share the cache and PyInstaller's work folder."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build(variant: str, folder: Path) -> None:
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    command = [str(REPO / "scripts" / "build-binary"), "--dist", str(partial), "--work", str(CACHE / "work")]
    done = subprocess.run(command + (["--release"] if variant == "release" else []), capture_output=True,
                          text=True, timeout=1200, env={**os.environ, "JOBFIRST_RELEASE": "", "JOBFIRST_ONEFILE": ""})
    if done.returncode != 0:
        raise BuildFailed(f"scripts/build-binary failed ({done.returncode}):\n{done.stderr[-4000:]}")
    partial.rename(folder)  # only a complete build ever has the final name


def _prune(variant: str) -> None:
    builds = sorted(CACHE.glob(f"{variant}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def folder_bytes(folder: Path) -> int:
    """What the folder takes on disk as a customer copies it (links counted as links)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def shipped_assets() -> list[Path]:
    """assets/ as build.spec ships it: everything but the developers' notes and scripts."""
    files = [p for p in (REPO / "assets").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(p.relative_to(REPO) for p in files if p.suffix not in (".py", ".pyc") and p.name != "README.md")
