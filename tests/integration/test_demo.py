"""The README's main job: `jobfirst-installer demo` brings up a local target and checks it."""
from __future__ import annotations

import os

from tests.targets import requires_root, run_cli, run_json

pytestmark = [requires_root]


def test_demo_up_check_and_down(tmp_path):
    env = {"JOBFIRST_DEMO_DIR": str(tmp_path / "demo"), "JOBFIRST_DEMO_INDEX": "197"}
    try:
        rc, body, err = run_json("demo", env=env)
        assert rc == 0, body
        assert body["target"] == "198.18.197.2"
        (report,) = body["targets"]
        assert report["status"] in ("pass", "warn")
        assert {c["id"] for c in report["checks"]} >= {"os", "docker", "compose", "port_80", "port_443", "sudo"}
        again = run_cli("demo", env=env)  # a second run reuses the running target
        assert again.returncode == 0 and "Traceback" not in again.stderr
    finally:
        down = run_cli("demo", "--down", env=env)
    assert down.returncode == 0
    assert not os.path.exists("/var/run/netns/jft197")
