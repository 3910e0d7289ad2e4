"""`jobfirst-installer licence verify` and `jobfirst-vendor licence keygen|sign`, as a user runs them."""
import base64
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from installer import trust
from installer.cli.main import main
from installer.cli.vendor import main as vendor_main
from tests.unit.licence.licence_testkit import TEST_PRIVATE, TEST_PUBLIC, description, signed_body, signed_text, \
    vendor_licence

TODAY = date.today()


def run(capsys, *argv, tool=main):
    status = tool(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def run_json(capsys, *argv, tool=main):
    status, out, _ = run(capsys, *argv, "--json", tool=tool)
    return status, json.loads(out)


def expiring_in(days: int) -> str:
    return signed_text(expires=str(TODAY + timedelta(days=days)), issued=str(TODAY - timedelta(days=300)))


def test_verify_prints_what_the_licence_grants(capsys, dev_trust, write):
    status, out, _ = run(capsys, "licence", "verify", write(signed_text()))
    assert status == 0
    for expected in ["Client: 北京示例科技有限公司 (id client001)", "private deployment, Enterprise edition",
                     "Users: up to 500", "to the end of 2027-12-31", "professional support",
                     "jobs.client.example.com; at most 3 server(s)", "genuine and valid"]:
        assert expected in out


def test_verify_speaks_chinese_with_lang_zh(capsys, dev_trust, write):
    status, out, _ = run(capsys, "--lang", "zh", "licence", "verify", write(signed_text(expires="never")))
    assert status == 0
    assert "部署方式：私有部署，企业版" in out and "永久有效" in out and "授权真实有效" in out


def test_verify_json_carries_the_fields(capsys, dev_trust, write):
    status, body = run_json(capsys, "licence", "verify", write(signed_text()))
    assert status == 0 and body["ok"] is True and body["valid"] is True
    assert body["licence"]["client"] == {"id": "client001", "name": "北京示例科技有限公司"}
    assert body["licence"]["bindings"] == {"domain": "jobs.client.example.com", "max_servers": 3}
    assert body["summary"]["zh"][0] == "授权编号：JF-TEST-0001"


def test_licence_expiring_within_30_days_warns_but_passes(capsys, dev_trust, write):
    status, out, err = run(capsys, "licence", "verify", write(expiring_in(10)))
    assert status == 0 and "Warning: The licence JF-TEST-0001 expires at the end of" in err
    status, body = run_json(capsys, "licence", "verify", write(expiring_in(10)))
    assert status == 0 and body["days_left"] == 10 and "expires at the end of" in body["warnings"][0]


def test_expired_licence_fails_and_still_says_what_it_was(capsys, dev_trust, write):
    status, body = run_json(capsys, "licence", "verify", write(expiring_in(-1)))
    assert status == 1 and body["ok"] is False and body["valid"] is False
    assert body["errors"][0]["code"] == "licence.expired" and body["licence"]["licence_id"] == "JF-TEST-0001"


def _changed_field(text: str) -> str:
    lines = text.splitlines()
    end = lines.index("-----END JOBFIRST LICENCE-----")
    body = json.loads(base64.b64decode("".join(lines[1:end])))
    body["users"] = 99999
    return "\n".join([lines[0], base64.b64encode(json.dumps(body).encode()).decode(), *lines[end:]])


BAD = {
    "licence.untrusted": lambda: signed_text(key=Ed25519PrivateKey.generate()),
    "licence.tampered": lambda: _changed_field(signed_text()),
    "licence.truncated": lambda: signed_text()[:300],
    "licence.empty": lambda: "",
    "licence.not_a_licence": lambda: "this is not a licence\n",
    "licence.wrong_product": lambda: signed_body(vendor_licence().to_json() | {"product": "otherapp"}),
    "licence.not_yet_valid": lambda: signed_text(valid_from=str(TODAY + timedelta(days=5)),
                                                 expires=str(TODAY + timedelta(days=400))),
}


@pytest.mark.parametrize("code", sorted(BAD))
def test_bad_licence_fails_with_a_message_and_a_fix(capsys, dev_trust, write, code):
    path = write(BAD[code]())
    status, out, err = run(capsys, "licence", "verify", path)
    assert status == 1 and "Fix:" in err and "genuine and valid" not in out
    status, body = run_json(capsys, "licence", "verify", path)
    assert status == 1 and body["ok"] is False and body["errors"][0]["code"] == code
    assert body["errors"][0]["message_zh"]


def test_missing_file_fails_cleanly(capsys, tmp_path):
    status, body = run_json(capsys, "licence", "verify", str(tmp_path / "missing.lic"))
    assert status == 1 and body["errors"][0]["code"] == "licence.unreadable"


def test_installed_command_runs_with_dev_trust_from_the_environment(tmp_path):
    path = tmp_path / "client.lic"
    path.write_text(signed_text())
    env = dict(os.environ, JOBFIRST_DEV_TRUST=str(TEST_PUBLIC), JOBFIRST_LOG_DIR=str(tmp_path), JOBFIRST_LANG="en")
    command = [str(Path(sys.executable).parent / "jobfirst-installer"), "licence", "verify", str(path), "--json"]
    good = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and json.loads(good.stdout)["licence"]["client"]["id"] == "client001"
    env.pop("JOBFIRST_DEV_TRUST")
    bad = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert json.loads(bad.stdout)["errors"][0]["code"] == "licence.untrusted"


# The vendor's side --------------------------------------------------------------------------------

def test_keygen_writes_a_pair_and_never_overwrites(capsys, tmp_path):
    status, _, _ = run(capsys, "licence", "keygen", "--out", str(tmp_path), tool=vendor_main)
    private = tmp_path / "vendor_signing_key.pem"
    assert status == 0 and private.stat().st_mode & 0o077 == 0
    trust.load_public_key(tmp_path / "vendor_public_key.pem")
    before = private.read_bytes()
    status, body = run_json(capsys, "licence", "keygen", "--out", str(tmp_path), tool=vendor_main)
    assert status == 1 and body["errors"][0]["code"] == "licence.key_exists" and private.read_bytes() == before


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_sign_then_verify(capsys, tmp_path, dev_trust, suffix):
    desc = tmp_path / f"desc{suffix}"
    data = description(client={"id": "acme", "name": "阿克米（中国）有限公司"})
    desc.write_text(json.dumps(data, ensure_ascii=False) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8")
    out_file = tmp_path / "acme.lic"
    status, _, err = run(capsys, "licence", "sign", "--key", str(TEST_PRIVATE), "--in", str(desc), "--out",
                         str(out_file), tool=vendor_main)
    assert status == 0 and "is not the product's key" in err
    status, body = run_json(capsys, "licence", "verify", str(out_file))
    assert status == 0 and body["licence"]["client"]["name"] == "阿克米（中国）有限公司"


def test_sign_with_an_encrypted_key_needs_its_passphrase(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("JF_KEY_PASS", "s3cret-pass")
    run(capsys, "licence", "keygen", "--out", str(tmp_path / "k"), "--passphrase-env", "JF_KEY_PASS", tool=vendor_main)
    desc = tmp_path / "d.yaml"
    desc.write_text(yaml.safe_dump(description(), allow_unicode=True), encoding="utf-8")
    args = ["licence", "sign", "--key", str(tmp_path / "k" / "vendor_signing_key.pem"), "--in", str(desc),
            "--out", str(tmp_path / "x.lic")]
    status, body = run_json(capsys, *args, tool=vendor_main)
    assert status == 1 and body["errors"][0]["code"] == "licence.signing_key"
    assert run(capsys, *args, "--passphrase-env", "JF_KEY_PASS", tool=vendor_main)[0] == 0


def test_sign_refuses_an_invalid_description_and_lists_the_problems(capsys, tmp_path):
    desc = tmp_path / "bad.yaml"
    desc.write_text(yaml.safe_dump(description(kind="saas", edition="standard", expires="never")), encoding="utf-8")
    status, _, err = run(capsys, "licence", "sign", "--key", str(TEST_PRIVATE), "--in", str(desc), "--out",
                         str(tmp_path / "x.lic"), tool=vendor_main)
    assert status == 1 and "edition: 'standard' is not one of" in err
    assert not (tmp_path / "x.lic").exists()
