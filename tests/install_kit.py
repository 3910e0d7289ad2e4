"""Helpers for whole-install tests: a licence signed by the test vendor key, an answer file for a
namespace target and a demo bundle, and a look at the running stack."""
from __future__ import annotations

import contextlib
import json
import subprocess
from pathlib import Path

from installer.demo.netns import NamespaceTarget

from tests.targets import target_entry, write_answers
from tests.unit.licence.licence_testkit import signed_text

DOMAIN = "jobs.client.example.com"
CLIENT = {"id": "client001", "name": "北京示例科技有限公司"}


def licence_file(directory: Path, **changes) -> Path:
    changes.setdefault("bindings", {"domain": DOMAIN, "max_servers": 3})
    path = directory / "licence.lic"
    path.write_text(signed_text(**changes))
    return path


def install_answers(directory: Path, targets: list, key, bundle: Path, **sections) -> Path:
    entries = [target_entry(t, str(key)) for t in targets]
    if "licence" not in sections:
        sections["licence"] = str(licence_file(directory))
    sections.setdefault("client", CLIENT)
    sections.setdefault("tls", {"domain": DOMAIN, "generate_eval": True})
    sections.setdefault("verify", {"requests": 200, "concurrency": 20, "p95_ms": 2000})
    sections.setdefault("firewall", {"management": [f"{t.gateway}/32" for t in targets]})
    return write_answers(directory / "answers.yaml", entries, bundle=str(bundle), **sections)


def containers(target) -> dict:
    """service -> (image, state) of the jobfirst project on a target."""
    out = subprocess.run(["docker", "-H", target.docker_host, "ps", "-a", "--filter",
                          "label=com.docker.compose.project=jobfirst", "--format", "{{json .}}"],
                         capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    return {r["Labels"].split("com.docker.compose.service=")[1].split(",")[0]: (r["Image"], r["State"]) for r in rows}


def finished(body: dict) -> dict:
    return {e["step"]: e["status"] for e in body.get("events", []) if e["type"] == "StepFinished"}


@contextlib.contextmanager
def started_target(ssh_key):
    """A target for a whole test module (fixtures of module scope cannot use make_target)."""
    target = NamespaceTarget.allocate()
    try:
        yield target.start(ssh_key.with_suffix(".pub").read_text())
    finally:
        target.stop()
