"""`jobfirst-installer bundle verify PATH [--json]` as a user and a script see it."""
import json
import os

from installer.cli.main import main
from installer.bundle.manifest import MANIFEST_NAME, Manifest


def run_json(capsys, *argv):
    status = main([*argv, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_verify_prints_the_version_and_speed(bundle_dir, capsys):
    assert main(["--lang", "en", "bundle", "verify", str(bundle_dir)]) == 0
    out = capsys.readouterr().out
    assert "1.0.0" in out and "signature valid" in out and "MB/s" in out


def test_verify_json_ok(bundle_dir, capsys):
    status, body = run_json(capsys, "bundle", "verify", str(bundle_dir))
    assert status == 0 and body["ok"] is True and body["version"] == "1.0.0" and body["mb_per_s"] > 0


def test_verify_json_names_the_first_bad_file(bundle_dir, capsys):
    first = Manifest.from_bytes((bundle_dir / MANIFEST_NAME).read_bytes()).files[0].path
    os.remove(bundle_dir / first)
    status, body = run_json(capsys, "bundle", "verify", str(bundle_dir))
    assert status == 1 and body["ok"] is False
    assert body["errors"][0]["code"] == "bundle.missing_file" and first in body["errors"][0]["message"]


def test_a_path_that_is_no_bundle_is_explained(tmp_path, capsys):
    status, body = run_json(capsys, "bundle", "verify", str(tmp_path / "nothing"))
    assert status == 1 and body["errors"][0]["code"] == "bundle.not_found"
    assert "Traceback" not in json.dumps(body)
