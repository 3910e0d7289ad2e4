"""Work on a running deployment: certificate renewal (ssl import) with restore, SaaS client
onboarding (client add) with tenants kept apart, and a hybrid install without the local AI service."""
from __future__ import annotations

import hashlib
import json
import ssl
import urllib.error
import urllib.request

import pytest
import yaml

from installer.cli.main import main
from tests.install_kit import CLIENT, DOMAIN, containers, install_answers, licence_file, started_target
from tests.targets import requires_root, run_cli, run_json
from tests.unit.tls.tls_testkit import make_pki, pem

pytestmark = [requires_root]
SAAS = dict(kind="saas", edition="professional", users=500, expires="2027-12-31")


@pytest.fixture(scope="module")
def saas_site(ssh_key, demo_bundles, dev_trust, tmp_path_factory):
    with started_target(ssh_key) as target:
        directory = tmp_path_factory.mktemp("saas")
        lic = licence_file(directory, **SAAS)
        answers = install_answers(directory, [target], ssh_key, demo_bundles["1.0.0"], mode="saas", licence=str(lic))
        rc, body, _ = run_json("install", "--answers", answers, "--yes", timeout=900)
        assert rc == 0, body.get("errors")
        yield {"target": target, "answers": answers, "dir": directory}


def _served_fingerprint(site, ca):
    ctx = ssl.create_default_context(cafile=str(ca))
    import socket
    with socket.create_connection((site["target"].address, 443), 5) as raw:
        with ctx.wrap_socket(raw, server_hostname=DOMAIN) as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


def _customer_certificate(site):
    pki = make_pki()
    leaf, key = pki.leaf(cn=DOMAIN, san=(DOMAIN,))
    d = site["dir"]
    from cryptography.hazmat.primitives import serialization
    (d / "fullchain.pem").write_bytes(pem(leaf, pki.inter))
    (d / "privkey.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    (d / "root.pem").write_bytes(pem(pki.root))
    doc = yaml.safe_load(site["answers"].read_text())
    doc["tls"] = {"domain": DOMAIN, "cert": str(d / "fullchain.pem"), "key": str(d / "privkey.pem"),
                  "ca": str(d / "root.pem")}
    site["answers"].write_text(yaml.safe_dump(doc, allow_unicode=True))
    return hashlib.sha256(leaf.public_bytes(serialization.Encoding.DER)).hexdigest()


def test_ssl_import_restores_the_previous_certificate_when_the_new_one_does_not_serve(saas_site, monkeypatch):
    eval_ca = saas_site["dir"] / "jobfirst-eval-tls" / "eval-ca.crt"
    before = _served_fingerprint(saas_site, eval_ca)
    chain_before = open(f"{saas_site['target'].install_dir}/tls/fullchain.pem").read()
    original = saas_site["answers"].read_text()
    _customer_certificate(saas_site)
    from installer.errors import InstallerError
    from installer.tls import install as tls_install

    def never_served(*args, **kwargs):
        raise InstallerError("the gateway still serves the old certificate (injected)")
    monkeypatch.setattr(tls_install, "served_check", never_served)
    try:
        assert main(["ssl", "import", "--answers", str(saas_site["answers"]), "--yes"]) == 1
    finally:
        saas_site["answers"].write_text(original)
    assert open(f"{saas_site['target'].install_dir}/tls/fullchain.pem").read() == chain_before
    assert _served_fingerprint(saas_site, eval_ca) == before  # the undo waited until it serves again


def test_ssl_import_renews_the_certificate_on_the_running_gateway(saas_site):
    original = saas_site["answers"].read_text()
    new_fp = _customer_certificate(saas_site)
    try:
        rc, body, _ = run_json("ssl", "import", "--answers", saas_site["answers"], "--yes")
        assert rc == 0 and body["changed"] is True, body.get("errors")
        assert _served_fingerprint(saas_site, saas_site["dir"] / "root.pem") == new_fp
        rc, body, _ = run_json("ssl", "import", "--answers", saas_site["answers"], "--yes")
        assert rc == 0 and body["changed"] is False  # a second import changes nothing
        rc, body, _ = run_json("verify", "--answers", saas_site["answers"])
        assert rc == 0, body
    finally:
        saas_site["answers"].write_text(original)


def test_ssl_import_refuses_an_unfit_certificate_and_changes_nothing(saas_site):
    chain_before = open(f"{saas_site['target'].install_dir}/tls/fullchain.pem").read()
    doc = yaml.safe_load(saas_site["answers"].read_text())
    (saas_site["dir"] / "garbage.pem").write_text("not a certificate")
    doc["tls"] = {"domain": DOMAIN, "cert": str(saas_site["dir"] / "garbage.pem")}
    bad = saas_site["dir"] / "bad.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True))
    proc = run_cli("ssl", "import", "--answers", bad, "--yes")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "garbage.pem" in proc.stderr
    assert open(f"{saas_site['target'].install_dir}/tls/fullchain.pem").read() == chain_before


def _jobs(site, client_id, post=None):
    ctx = ssl._create_unverified_context()  # data only: the certificate tests above check TLS
    req = urllib.request.Request(f"https://{site['target'].address}/api/jobs", method="POST" if post else "GET",
                                 data=json.dumps(post).encode() if post else None,
                                 headers={"Host": DOMAIN, "X-Client-Id": client_id, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
        return json.loads(resp.read())


def test_client_add_gives_a_tenant_its_own_data(saas_site):
    rc, body, _ = run_json("client", "add", "--client-id", "client002", "--client-name", "上海客户B",
                           "--answers", saas_site["answers"])
    assert rc == 0 and body["changed"] is True
    rc, body, _ = run_json("client", "add", "--client-id", "client002", "--client-name", "上海客户B",
                           "--answers", saas_site["answers"])
    assert rc == 0 and body["changed"] is False
    _jobs(saas_site, "client002", {"title": "only for B", "company": "B"})
    _jobs(saas_site, CLIENT["id"], {"title": "only for A", "company": "A"})
    titles_b = [j["title"] for j in _jobs(saas_site, "client002")["jobs"]]
    titles_a = [j["title"] for j in _jobs(saas_site, CLIENT["id"])["jobs"]]
    assert "only for B" in titles_b and "only for A" not in titles_b
    assert "only for A" in titles_a and "only for B" not in titles_a
    with pytest.raises(urllib.error.HTTPError):
        _jobs(saas_site, "client999")  # never added: refused, not created on the fly


def test_client_add_refused_on_a_private_licence_and_for_bad_ids(saas_site, tmp_path):
    doc = yaml.safe_load(saas_site["answers"].read_text())
    doc["licence"], doc["mode"] = str(licence_file(tmp_path)), "private"
    private = tmp_path / "private.yaml"
    private.write_text(yaml.safe_dump(doc, allow_unicode=True))
    proc = run_cli("client", "add", "--client-id", "client003", "--client-name", "C", "--answers", private)
    assert proc.returncode == 1 and "SaaS licence" in proc.stderr
    proc = run_cli("client", "add", "--client-id", "Bad Id!", "--client-name", "C", "--answers", saas_site["answers"])
    assert proc.returncode == 1 and "not a valid client id" in proc.stderr


def test_hybrid_install_uses_the_vendor_ai_service(make_target, ssh_key, demo_bundles, dev_trust, tmp_path):
    target = make_target()
    lic = licence_file(tmp_path, kind="hybrid", edition="enterprise", features=["hybrid-ai", "multi-node"])
    answers = install_answers(tmp_path, [target], ssh_key, demo_bundles["1.0.0"], mode="hybrid", licence=str(lic),
                              hybrid={"ai_url": "https://ai.vendor.example", "ai_token": {"env": "JF_AI_TOKEN"}})
    rc, body, _ = run_json("install", "--answers", answers, "--yes", env={"JF_AI_TOKEN": "tok-secret-123"},
                           timeout=900)
    assert rc == 0, body.get("errors")
    running = containers(target)
    assert "ai" not in running and running["gateway"][1] == "running"
    assert "tok-secret-123" not in json.dumps(body) and "tok-secret-123" not in open(body["report"]["html"]).read()
