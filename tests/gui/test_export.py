"""'Save these answers': the exported file replays headless, validates with the command line, and
holds references only, never a secret the admin typed in."""
from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from installer.answers.export import export_answers
from installer.errors import InstallerError
from installer.gui.model import WizardModel
from tests.targets import CLI, run_cli, run_json


def test_export_validates_and_holds_no_secret(tmp_path, demo_licence):
    model = WizardModel({"version": 1, "licence": demo_licence, "targets": []})
    model.add_target()
    entry = model.targets[0]
    model.set(entry, "host", "198.18.250.2")
    model.set(entry, "user", "jfadmin")
    model.put_secret(entry, ("targets", 0, "password"), "typed-Passw0rd-1")
    model.put_secret(entry, ("targets", 0, "sudo_password"), "typed-Passw0rd-2")
    model.data["tls"] = {"domain": "jobs.example.test", "generate_eval": True}
    path = tmp_path / "answers.yaml"
    names = export_answers(model.data, str(path))
    text = path.read_text()
    assert names == ["JF_TARGET_1_PASSWORD", "JF_TARGET_1_SUDO_PASSWORD"]
    assert "typed-Passw0rd" not in text and "export JF_TARGET_1_PASSWORD=" in text
    assert yaml.safe_load(text)["targets"][0]["password"] == {"env": "JF_TARGET_1_PASSWORD"}
    rc, body, _ = run_json("validate", path)
    assert rc == 0 and body["ok"] is True, body


def test_a_secret_value_is_never_written(tmp_path):
    data = {"version": 1, "targets": [{"host": "198.18.250.2", "password": "inline-value"}]}
    with pytest.raises(InstallerError) as err:
        export_answers(data, str(tmp_path / "a.yaml"))
    assert "targets[0].password" in err.value.render() and not (tmp_path / "a.yaml").exists()


def test_removing_a_server_moves_the_later_secrets_with_it():
    model = WizardModel()
    for i in range(3):
        model.put_secret(model.targets[model.add_target()], ("targets", i, "password"), f"pw-{i}-xyz")
    model.remove_target(0)
    model.put_secret(model.targets[model.add_target()], ("targets", 2, "password"), "pw-new-xyz")
    values = [os.environ[t["password"]["env"]] for t in model.targets]
    assert values == ["pw-1-xyz", "pw-2-xyz", "pw-new-xyz"]


def test_gui_command_says_what_is_wrong_instead_of_a_traceback(tmp_path):
    proc = run_cli("gui", "--answers", tmp_path / "missing.yaml", env={"QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "missing.yaml" in proc.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(CLI + ["gui"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1 and "graphical display" in proc.stderr and "Traceback" not in proc.stderr
