"""`jobfirst-installer ssl check` as scripts and administrators run it: exit status, text, --json."""
import json
import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from installer.answers import load_answers_text
from installer.cli.main import main
from installer.tls import check_answers_tls
from tests.unit.tls.tls_testkit import DOMAIN, pem

INSTALLER = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "jobfirst-installer"


def run(capsys, *argv):
    status = main(["ssl", "check", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def run_json(capsys, *argv):
    status, out, _ = run(capsys, *argv, "--json")
    return status, json.loads(out)  # exactly one JSON object, nothing else on stdout


@pytest.fixture
def good(files, pki):
    """Paths of a certificate that is fit to install: leaf+intermediate, key, the test root."""
    cert, key = pki.leaf()
    return ["--domain", DOMAIN, "--cert", files.write("fullchain.pem", pem(cert, pki.inter)),
            "--key", files.write("privkey.pem", pem(key)), "--ca", files.ca()]


def test_fit_certificate_exits_0_and_says_what_it_is(capsys, good):
    status, out, _ = run(capsys, *good)
    assert status == 0
    assert f"The certificate for {DOMAIN} is fit to install." in out
    assert f"Subject: CN={DOMAIN}" in out and "Issuer: CN=Test Intermediate CA" in out
    assert "Chain: 2 certificate(s), trusted through the CA certificate in" in out


def test_fit_certificate_json(capsys, good):
    status, body = run_json(capsys, *good)
    assert status == 0 and body["ok"] is True and "errors" not in body
    assert body["subject"] == f"CN={DOMAIN}"
    assert [c["subject"] for c in body["chain"]] == [f"CN={DOMAIN}", "CN=Test Intermediate CA"]


def test_refused_certificate_lists_every_problem_with_its_fix(capsys, files, pki):
    cert, key = pki.leaf(san=None, days=(-400, -1))
    status, out, err = run(capsys, "--domain", DOMAIN, "--cert", files.write("c.pem", pem(cert)),
                           "--key", files.write("k.pem", pem(key)), "--ca", files.ca())
    assert status == 1
    assert "NOT fit to install: 3 problem(s)" in out
    assert "no Subject Alternative Name" in err and "expired on" in err and "chain is incomplete" in err
    assert err.count("Fix: ") == 3


def test_refused_certificate_json_has_codes(capsys, files, pki):
    cert, key = pki.leaf(san=None)
    status, body = run_json(capsys, "--domain", DOMAIN, "--cert", files.write("c.pem", pem(cert, pki.inter)),
                            "--key", files.write("k.pem", pem(key)), "--ca", files.ca())
    assert status == 1 and body["ok"] is False
    assert [e["code"] for e in body["errors"]] == ["tls.no_san"]
    assert "Subject Alternative Name" in body["errors"][0]["message"]


def test_expiring_soon_warns_on_stderr_and_in_json(capsys, files, pki):
    cert, key = pki.leaf(days=(-300, 5))
    argv = ["--domain", DOMAIN, "--cert", files.write("c.pem", pem(cert, pki.inter)),
            "--key", files.write("k.pem", pem(key)), "--ca", files.ca()]
    status, _, err = run(capsys, *argv)
    assert status == 0 and "Warning: The certificate expires on" in err
    status, body = run_json(capsys, *argv)
    assert status == 0 and "expires on" in body["warnings"][0]


def test_pfx_with_password_from_the_environment(capsys, files, pki, monkeypatch):
    cert, key = pki.leaf()
    data = pkcs12.serialize_key_and_certificates(b"site", key, cert, [pki.inter], BestAvailableEncryption(b"pfx-pw"))
    path = files.write("site.pfx", data)
    monkeypatch.setenv("JF_PFX_PASSWORD", "pfx-pw")
    status, _, _ = run(capsys, "--domain", DOMAIN, "--pkcs12", path, "--password-env", "JF_PFX_PASSWORD",
                       "--ca", files.ca())
    assert status == 0
    monkeypatch.delenv("JF_PFX_PASSWORD")
    status, body = run_json(capsys, "--domain", DOMAIN, "--pkcs12", path, "--password-env", "JF_PFX_PASSWORD",
                            "--ca", files.ca())
    assert status == 1 and "JF_PFX_PASSWORD is not set" in body["errors"][0]["message"]


def test_messages_in_chinese(capsys, files, pki):
    cert, key = pki.leaf(days=(-400, -1))
    status = main(["--lang", "zh", "ssl", "check", "--domain", DOMAIN, "--cert",
                   files.write("c.pem", pem(cert, pki.inter)), "--key", files.write("k.pem", pem(key)),
                   "--ca", files.ca()])
    out, err = capsys.readouterr()
    assert status == 1 and "证书已于" in err and "过期" in err and "的证书不能安装" in out


def test_ssl_without_an_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["ssl"])
    assert caught.value.code == 2 and "ACTION" in capsys.readouterr().err


def test_answer_file_tls_section(files, pki, monkeypatch):
    cert, key = pki.leaf()
    data = pkcs12.serialize_key_and_certificates(b"site", key, cert, [pki.inter], BestAvailableEncryption(b"pw12"))
    files.write("site.pfx", data)
    files.ca()
    monkeypatch.setenv("JF_PFX", "pw12")
    answers = load_answers_text(f"""version: 1
targets: [{{host: 198.18.0.2, password: {{env: JF_SSH}}}}]
tls: {{domain: {DOMAIN}, pkcs12: ./site.pfx, ca: ./root.pem, password: {{env: JF_PFX}}}}
""", base_dir=str(files.dir))
    report = check_answers_tls(answers.tls)
    assert report.ok and report.key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")


# --- once for real, as a separate process: exit codes and no traceback, whatever the input ---

def run_installer(tmp_path, *argv):
    env = {**os.environ, "JOBFIRST_LOG_DIR": str(tmp_path / "logs"), "JOBFIRST_LANG": "en"}
    env.pop("SSL_CERT_FILE", None)
    done = subprocess.run([str(INSTALLER), "ssl", "check", *argv], capture_output=True, text=True, env=env,
                          timeout=60)
    assert "Traceback" not in done.stdout + done.stderr
    return done


@pytest.mark.skipif(not INSTALLER.exists(), reason="needs the installed .venv/bin/jobfirst-installer")
def test_installed_command(tmp_path, files, good):
    ok = run_installer(tmp_path, *good, "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    garbage = run_installer(tmp_path, "--domain", DOMAIN, "--cert", files.write("junk.pem", os.urandom(300)),
                            "--json")
    body = json.loads(garbage.stdout)
    assert garbage.returncode == 1 and body["ok"] is False and body["errors"][0]["code"] == "tls.unreadable"
    missing = run_installer(tmp_path, "--domain", DOMAIN, "--cert", str(tmp_path / "nope.pem"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    usage = run_installer(tmp_path, "--cert", "x.pem", "--json")
    assert usage.returncode == 2 and json.loads(usage.stdout)["errors"][0]["code"] == "usage"


def test_key_pem_is_unencrypted_pkcs8(files, pki):
    """What the import step writes as the key (mode 0600 on the server): no password prompt in nginx."""
    cert, key = pki.leaf()
    encrypted = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  BestAvailableEncryption(b"pw-pw-pw"))
    report = files.check(cert=[cert, pki.inter], key=files.write("enc.pem", encrypted), password="pw-pw-pw")
    assert report.ok and b"ENCRYPTED" not in report.key_pem
