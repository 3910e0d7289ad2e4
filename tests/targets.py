"""Helpers for tests that run the installer against real namespace targets."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
requires_root = pytest.mark.skipif(os.geteuid() != 0, reason="namespace targets need root")
CLI = [str(Path(sys.executable).with_name("jobfirst-installer"))]


def target_entry(target, key: str, **overrides) -> dict:
    entry = {"name": target.netns, "host": target.address, "user": "root", "key": key,
             "host_key": target.host_key_fingerprint(), "install_dir": target.install_dir,
             "docker_host": target.docker_host}
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def write_answers(path: Path, targets: list[dict], **sections) -> Path:
    doc = {"version": 1, "targets": targets, **sections}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    return path


def run_cli(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, env=full_env,
                          timeout=timeout)


def run_json(*args, **kw) -> tuple[int, dict, str]:
    proc = run_cli(*args, "--json", **kw)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def tree(path: str) -> list[str]:
    """Everything below a directory, to prove that a refused run changed nothing."""
    if not os.path.exists(path):
        return []
    return sorted(os.path.join(d, f) for d, dirs, files in os.walk(path) for f in dirs + files)
