"""Session fixtures for the demo bundles, built once (cached under .cache/, see bundles/demo/build.py).

    demo_bundles            {version: Path} for 1.0.0, 1.1.0 and 1.2.0-broken
    demo_bundle_1_0_0, demo_bundle_1_1_0, demo_bundle_broken   one Path each
    dev_trust               JOBFIRST_DEV_TRUST set to the test public key (the bundles' signer)
    fresh_engine            an empty namespaced dockerd (BuilderEngine) for loading bundles into
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installer.bundle.builder_engine import BuilderEngine

REPO = Path(__file__).resolve().parent.parent
TEST_SIGNING_KEY = REPO / "tests" / "keys" / "TEST-ONLY_vendor_signing_key.pem"
TEST_PUBLIC_KEY = REPO / "tests" / "keys" / "TEST-ONLY_vendor_public_key.pem"
DEMO_VERSIONS = ("1.0.0", "1.1.0", "1.2.0-broken")


def _needs_root():
    if os.geteuid() != 0:
        pytest.skip("building the demo bundles needs root (debootstrap, network namespaces, dockerd)")


@pytest.fixture(scope="session")
def dev_trust():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOBFIRST_DEV_TRUST", str(TEST_PUBLIC_KEY))
        yield TEST_PUBLIC_KEY


@pytest.fixture(scope="session")
def demo_bundles(dev_trust) -> dict:
    _needs_root()
    result = subprocess.run([sys.executable, str(REPO / "bundles" / "demo" / "build.py"), "--key",
                             str(TEST_SIGNING_KEY), "--versions", ",".join(DEMO_VERSIONS)],
                            capture_output=True, text=True, timeout=1500)
    if result.returncode != 0:
        pytest.fail(f"demo bundle build failed:\n{result.stderr[-4000:]}")
    return {version: Path(path) for version, path in json.loads(result.stdout)["bundles"].items()}


@pytest.fixture(scope="session")
def demo_bundle_1_0_0(demo_bundles) -> Path:
    return demo_bundles["1.0.0"]


@pytest.fixture(scope="session")
def demo_bundle_1_1_0(demo_bundles) -> Path:
    return demo_bundles["1.1.0"]


@pytest.fixture(scope="session")
def demo_bundle_broken(demo_bundles) -> Path:
    return demo_bundles["1.2.0-broken"]


@pytest.fixture(scope="session")
def fresh_engine(tmp_path_factory):
    """An empty dockerd in its own namespace (jfload), stopped and removed at the end of the session."""
    _needs_root()
    root = tmp_path_factory.mktemp("fresh-engine")
    engine = BuilderEngine(root, netns=f"jfload{os.getpid() % 10000}")
    engine.ensure_started()
    try:
        yield engine
    finally:
        engine.stop()
        shutil.rmtree(root, ignore_errors=True)
