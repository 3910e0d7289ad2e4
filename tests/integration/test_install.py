"""The whole install headless on a real namespace target, in the order a customer lives it: fresh
install and verify, a second run that changes nothing, an upgrade that keeps the data, a broken
upgrade that rolls back by itself. One target for the module: each test builds on the one before."""
from __future__ import annotations

import json
import ssl
import urllib.request

import pytest
import yaml

from tests.install_kit import CLIENT, DOMAIN, containers, finished, install_answers, started_target
from tests.targets import requires_root, run_cli, run_json

pytestmark = [requires_root]


@pytest.fixture(scope="module")
def site(ssh_key, demo_bundles, dev_trust, tmp_path_factory):
    with started_target(ssh_key) as target:
        directory = tmp_path_factory.mktemp("site")
        answers = install_answers(directory, [target], ssh_key, demo_bundles["1.0.0"])
        yield {"target": target, "answers": answers, "dir": directory, "bundles": demo_bundles}


def _use_bundle(site, version):
    doc = yaml.safe_load(site["answers"].read_text())
    doc["bundle"] = str(site["bundles"][version])
    site["answers"].write_text(yaml.safe_dump(doc, allow_unicode=True))


def _api(site, method, path, body=None):
    ca = site["dir"] / "jobfirst-eval-tls" / "eval-ca.crt"
    ctx = ssl.create_default_context(cafile=str(ca))
    ctx.check_hostname = False  # the name is checked by the installer's own verify; here we only read data
    req = urllib.request.Request(f"https://{site['target'].address}{path}", method=method,
                                 data=json.dumps(body).encode() if body else None,
                                 headers={"Host": DOMAIN, "X-Client-Id": CLIENT["id"],
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
        return json.loads(resp.read())


def test_dry_run_changes_nothing(site):
    rc, body, _ = run_json("install", "--answers", site["answers"], "--dry-run")
    assert rc == 0 and body["changed_steps"] == ["install_dir", "licence", "tls", "firewall", "images", "deploy"]
    assert containers(site["target"]) == {}


def test_without_yes_nothing_happens(site):
    proc = run_cli("install", "--answers", site["answers"])
    assert proc.returncode == 1 and "--yes" in proc.stderr and "Traceback" not in proc.stderr
    assert containers(site["target"]) == {}


def test_fresh_install_is_verified_and_reported(site):
    rc, body, _ = run_json("install", "--answers", site["answers"], "--yes", timeout=900)
    assert rc == 0, body.get("errors")
    assert set(finished(body).values()) == {"done", "unchanged"} and finished(body)["deploy"] == "done"
    (verification,) = body["verification"]
    assert {c["id"]: c["ok"] for c in verification["checks"]} == {
        "services": True, "https": True, "redirect": True, "exposure": True, "data": True, "load": True}
    assert {s: state for s, (_, state) in containers(site["target"]).items()} == {
        s: "running" for s in ("gateway", "user", "job", "ai", "postgres", "redis")}
    report = json.loads(open(body["report"]["json"]).read())
    assert report["targets"][0]["version"] == "1.0.0" and report["targets"][0]["certificate"]["fingerprint_sha256"]
    secrets = open(f"{site['target'].install_dir}/secrets.env").read().split()
    html = open(body["report"]["html"]).read()
    for line in secrets:
        value = line.split("=", 1)[1]
        assert value not in html and value not in json.dumps(report) and value not in json.dumps(body)
    assert oct(__import__("os").stat(f"{site['target'].install_dir}/secrets.env").st_mode)[-3:] == "600"
    assert oct(__import__("os").stat(f"{site['target'].install_dir}/tls/privkey.pem").st_mode)[-3:] == "600"


def test_second_install_changes_nothing(site):
    rc, body, _ = run_json("install", "--answers", site["answers"], "--yes", timeout=900)
    assert rc == 0 and body["changed_steps"] == []
    assert set(finished(body).values()) == {"unchanged"}


def test_upgrade_keeps_data_and_sends_only_what_changed(site):
    job = _api(site, "POST", "/api/jobs", {"title": "written before the upgrade", "company": "ACME"})
    _use_bundle(site, "1.1.0")
    rc, body, _ = run_json("install", "--answers", site["answers"], "--yes", timeout=900)
    assert rc == 0, body.get("errors")
    assert containers(site["target"])["job"][0] == "jobfirst/job:1.1.0"
    assert _api(site, "GET", f"/api/jobs/{job['id']}")["title"] == "written before the upgrade"
    backups = __import__("os").listdir(f"{site['target'].install_dir}/backups")
    assert any(b.startswith("jobfirst-1.0.0-") and b.endswith(".sql.gz") for b in backups)


def test_broken_upgrade_rolls_back_by_itself(site):
    job = _api(site, "POST", "/api/jobs", {"title": "written before the broken upgrade", "company": "ACME"})
    _use_bundle(site, "1.2.0-broken")
    proc = run_cli("install", "--answers", site["answers"], "--yes", timeout=900)
    assert proc.returncode == 1 and "'job' did not become healthy" in proc.stderr
    assert "Undone: bring version 1.1.0 back up" in proc.stdout
    running = containers(site["target"])
    assert all(image.endswith(":1.1.0") and state == "running" for image, state in running.values()), running
    assert _api(site, "GET", f"/api/jobs/{job['id']}")["title"] == "written before the broken upgrade"
    _use_bundle(site, "1.1.0")
    rc, body, _ = run_json("verify", "--answers", site["answers"])
    assert rc == 0 and body["targets"][0]["ok"]
