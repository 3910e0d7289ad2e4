"""The built program on the command line: what a customer's IT admin runs first after copying the folder."""
from __future__ import annotations

import os
import subprocess
from importlib import metadata

import pytest

from tests.frozen.binary import REPO
from tests.targets import CLI as SOURCE_CLI
from tests.targets import run_cli, run_json
from tests.unit.licence.licence_testkit import TEST_PUBLIC, signed_text

pytestmark = pytest.mark.usefixtures("as_shipped")
EXAMPLE = str(REPO / "examples" / "answers.example.yaml")
DEMO_LICENCE = REPO / "assets" / "demo" / "licence.lic"


def test_version_is_the_package_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"jobfirst-installer {metadata.version('jobfirst-installer')}"


def test_validate_reports_each_problem_with_line_and_column_as_the_source_tree_does():
    proc = run_cli("validate", EXAMPLE)
    source = subprocess.run(SOURCE_CLI + ["validate", EXAMPLE], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (source.returncode, source.stdout, source.stderr)
    assert proc.returncode == 1
    assert f"{EXAMPLE}:11:1 licence:" in proc.stdout and f"{EXAMPLE}:12:1 bundle:" in proc.stdout


def test_validate_json_names_key_line_and_column():
    rc, body, _ = run_json("validate", EXAMPLE)
    assert rc == 1 and body["ok"] is False
    assert {(p["key"], p["line"], p["column"]) for p in body["problems"]} >= {("licence", 11, 1), ("bundle", 12, 1)}


def test_shipped_vendor_key_verifies_the_demo_licence():
    rc, body, _ = run_json("licence", "verify", DEMO_LICENCE)
    assert rc == 0 and body["licence"]["licence_id"] == "JF-DEMO-0001"


def test_development_build_trusts_the_test_key_named_in_dev_trust(tmp_path, dev_trust):
    licence = tmp_path / "test.lic"
    licence.write_text(signed_text())
    rc, body, _ = run_json("licence", "verify", licence)
    assert rc == 0 and body["licence"]["licence_id"] == "JF-TEST-0001"


def test_release_build_ignores_dev_trust(shipped_release, tmp_path):
    """No environment can make a customer build trust another signing key."""
    licence = tmp_path / "test.lic"
    licence.write_text(signed_text())
    refused = subprocess.run([shipped_release, "licence", "verify", licence, "--json"], capture_output=True,
                             text=True, env={**os.environ, "JOBFIRST_DEV_TRUST": str(TEST_PUBLIC)})
    assert refused.returncode == 1 and '"licence.untrusted"' in refused.stdout
    demo = subprocess.run([shipped_release, "licence", "verify", DEMO_LICENCE], capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr


def test_without_a_display_the_wizard_points_to_headless_install():
    proc = run_cli(env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert proc.returncode == 1 and "install --answers" in proc.stderr
    assert "Traceback" not in proc.stderr
