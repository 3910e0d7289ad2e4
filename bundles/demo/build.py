#!/usr/bin/env python3
"""Build the demo bundles offline, cached: `.venv/bin/python bundles/demo/build.py --key PRIVATE.pem`.

The cache key is the sha256 of the recipe (this folder), of the bundle code (installer/bundle) and of the
signing key: while none of them changes, a run prints the cached bundles without starting anything.
Images are built in the private build engine (installer.bundle.builder_engine); the bundle is made by
the same code as `jobfirst-vendor bundle build`. Prints one JSON object: bundle paths and figures."""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(HERE), str(REPO)]

from recipe_base import ensure_base_image  # noqa: E402
from recipe_images import build_release, build_runtime, releases, render_compose  # noqa: E402

from installer.bundle.build import build_bundle  # noqa: E402
from installer.bundle.builder_engine import BuilderEngine  # noqa: E402
from installer.bundle.signing import key_id_of, load_private_key  # noqa: E402


def recipe_key(key_file: Path) -> str:
    digest = hashlib.sha256(key_id_of(load_private_key(key_file)).encode())
    for folder in (HERE, REPO / "installer" / "bundle"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def default_cache() -> Path:
    return Path(os.environ.get("JOBFIRST_BUILD_CACHE") or REPO / ".cache")


def log(message: str) -> None:
    print(f"[demo-build] {message}", file=sys.stderr, flush=True)


def build_all(engine: BuilderEngine, versions: list[str], key_file: Path, out: Path) -> dict:
    client, figures = engine.client(), {}
    started = time.monotonic()
    runtime = build_runtime(client, ensure_base_image(client, log))
    figures["base_and_runtime_s"] = round(time.monotonic() - started, 1)
    for version in versions:
        step = time.monotonic()
        build_release(client, version, runtime)
        compose = render_compose(version, out / f"docker-compose-{version}.yml")
        build_bundle(compose, version, key_file, out, engine.url)
        figures[f"release_{version}_s"] = round(time.monotonic() - step, 1)
        log(f"{version}: images and bundle in {figures[f'release_{version}_s']} s")
    return figures


def cached_or_build(versions: list[str], key_file: Path, cache: Path) -> dict:
    """One build at a time per cache: parallel test runs wait for the first one and then share it."""
    (cache / "demo-bundles").mkdir(parents=True, exist_ok=True)
    with open(cache / "demo-bundles.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _cached_or_build(versions, key_file, cache)


def _cached_or_build(versions: list[str], key_file: Path, cache: Path) -> dict:
    out = cache / "demo-bundles" / recipe_key(key_file)
    done = out / "done.json"
    if done.exists() and all(v in json.loads(done.read_text())["bundles"] for v in versions):
        return {**json.loads(done.read_text()), "cached": True}
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    engine = BuilderEngine(cache)
    started_here = engine.ensure_started()
    try:
        figures = build_all(engine, versions, key_file, out)
    finally:
        if started_here:
            engine.stop()
    result = {"bundles": {v: str(out / f"jobfirst-{v}.bundle") for v in versions}, "figures": figures}
    done.write_text(json.dumps(result, indent=2))
    for stale in set(out.parent.iterdir()) - {out}:  # bundles of an older recipe: ~800 MB each
        shutil.rmtree(stale, ignore_errors=True)
    return {**result, "cached": False}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--key", required=True, type=Path, help="Ed25519 private key (PEM) that signs the bundles")
    parser.add_argument("--versions", default=",".join(releases()), help="comma-separated releases")
    parser.add_argument("--cache", type=Path, default=default_cache())
    args = parser.parse_args(argv)
    result = cached_or_build(args.versions.split(","), args.key, args.cache.resolve())
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
