"""The README's main job: `jobfirst-installer demo` installs JobFirst on a local demo target."""
from __future__ import annotations

import os

from tests.targets import requires_root, run_cli, run_json

pytestmark = [requires_root]


def test_demo_installs_verifies_and_goes_down(tmp_path):
    env = {"JOBFIRST_DEMO_DIR": str(tmp_path / "demo"), "JOBFIRST_DEMO_INDEX": "197"}
    try:
        rc, body, _ = run_json("demo", env=env, timeout=1200)
        assert "verification" in body, body.get("errors")
        assert body["target"] == "198.18.197.2"
        (verification,) = body["verification"]
        checks = {c["id"]: c for c in verification["checks"]}
        # latency is reported, not asserted here: bench/ and the report carry the figures
        assert all(c["ok"] for c in checks.values() if c["id"] != "load"), checks
        assert checks["load"]["figures"]["requests"] == 300 and rc == (0 if checks["load"]["ok"] else 1)
        assert os.path.exists(body["report"]["html"])
        again = run_cli("demo", env=env, timeout=600)  # a second run changes nothing
        assert again.returncode == 0 and "Traceback" not in again.stderr
        assert "unchanged: JobFirst 1.0.0 is running and healthy." in again.stdout
    finally:
        down = run_cli("demo", "--down", env=env)
    assert down.returncode == 0
    assert not os.path.exists("/var/run/netns/jft197")
