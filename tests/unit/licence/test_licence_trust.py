"""Which vendor keys the installer trusts: the product key always, a test key only in a development
build that names it in JOBFIRST_DEV_TRUST."""
import os

import pytest

from installer import _build, trust
from installer.errors import InstallerError
from installer.licence import LicenceError, read_licence_file, read_licence_text
from tests.unit.licence.licence_testkit import TEST_PUBLIC, signed_text

DEMO = trust.assets_dir() / "demo" / "licence.lic"


def test_product_trusts_exactly_its_shipped_key():
    assert trust.trusted_key_ids() == {trust.key_id(trust.product_key())}


def test_test_key_is_not_the_product_key():
    assert trust.key_id(trust.load_public_key(TEST_PUBLIC)) != trust.key_id(trust.product_key())


def test_licence_signed_with_the_test_key_is_refused_by_default():
    with pytest.raises(LicenceError) as err:
        read_licence_text(signed_text())
    assert err.value.code == "licence.untrusted"


def test_dev_trust_adds_the_test_key_in_a_development_build(dev_trust):
    assert read_licence_text(signed_text()).licence_id == "JF-TEST-0001"


def test_release_build_ignores_dev_trust(dev_trust, monkeypatch):
    monkeypatch.setattr(_build, "RELEASE", True)
    assert trust.dev_trust_paths() == []
    with pytest.raises(LicenceError):
        read_licence_text(signed_text())


def test_dev_trust_takes_a_path_list_and_skips_empty_entries(monkeypatch, tmp_path):
    monkeypatch.setenv(trust.DEV_TRUST_ENV, os.pathsep.join(["", str(TEST_PUBLIC), str(trust.assets_dir() /
                                                                                      trust.PRODUCT_KEY_FILE)]))
    assert len(trust.trusted_vendor_keys()) == 3


@pytest.mark.parametrize("content", [None, b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"])
def test_bad_dev_trust_entry_is_a_clear_error(monkeypatch, tmp_path, content):
    path = tmp_path / "key.pem"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv(trust.DEV_TRUST_ENV, str(path))
    with pytest.raises(InstallerError) as err:
        trust.trusted_vendor_keys()
    assert str(path) in err.value.render("en") and err.value.code.startswith("trust.")


def test_verify_signature_is_over_exact_bytes(test_key, dev_trust):
    signature = test_key.sign(b"bundle manifest")
    assert trust.verify_signature(b"bundle manifest", signature)
    assert not trust.verify_signature(b"bundle manifest ", signature)


def test_demo_licence_is_signed_with_the_product_key():
    lic = read_licence_file(str(DEMO))
    assert (lic.client_id, lic.client_name, lic.kind, lic.edition, lic.users) == (
        "demo", "演示客户 Demo", "private", "standard", 50)
    assert (lic.perpetual, lic.domain, lic.max_servers, lic.support) == (True, "jobs.demo.jobfirst.test", 1, "basic")
