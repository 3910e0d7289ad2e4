"""Every way a licence file can be wrong is refused with a message that says which and what to do."""
import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from installer.licence import LicenceError, read_licence_file, read_licence_text
from installer.licence.model import FORMAT
from tests.unit.licence.licence_testkit import signed_body, signed_text, vendor_licence

END = "-----END JOBFIRST LICENCE-----"


@pytest.fixture(autouse=True)
def _trust_test_key(dev_trust):
    pass


def refused(text: str) -> LicenceError:
    with pytest.raises(LicenceError) as err:
        read_licence_text(text)
    assert err.value.fix is not None, "every refusal says what to do"
    return err.value


def edit_body(text: str, change) -> str:
    """Decode the signed body, change it, encode it again, keep the old signature."""
    lines = text.splitlines()
    end = lines.index(END)
    body = json.loads(base64.b64decode("".join(lines[1:end])))
    change(body)
    encoded = base64.b64encode(json.dumps(body, ensure_ascii=False).encode()).decode()
    return "\n".join([lines[0], encoded, *lines[end:]])


def test_signature_from_another_key_is_refused():
    err = refused(signed_text(key=Ed25519PrivateKey.generate()))
    assert err.code == "licence.untrusted"
    assert "not signed by JobFirst" in err.render("en")


@pytest.mark.parametrize("field, value", [
    ("users", 100000), ("expires", "2099-12-31"), ("edition", "custom"), ("features", ["multi-node", "hybrid-ai"]),
    ("client", {"id": "client001", "name": "北京示例科技有限公司2"}), ("bindings", {"max_servers": 3}),
])
def test_any_field_changed_after_signing_is_refused(field, value):
    err = refused(edit_body(signed_text(), lambda body: body.__setitem__(field, value)))
    assert err.code == "licence.tampered"
    assert "changed after JobFirst signed it" in err.render("en")


def test_re_serialised_body_with_same_fields_is_refused():
    """The signature covers bytes, not meaning: the same fields written differently are not the signed file."""
    assert refused(edit_body(signed_text(), lambda body: None)).code == "licence.tampered"


@pytest.mark.parametrize("cut", [lambda t: t[:len(t) // 2], lambda t: t[:t.index("Key-Id")],
                                 lambda t: t[:t.rindex("-----END")]])
def test_truncated_licence_is_refused(cut):
    err = refused(cut(signed_text()))
    assert err.code in ("licence.truncated", "licence.damaged")
    assert "incomplete" in err.render("en") or "damaged" in err.render("en")


def test_truncated_signature_is_refused():
    text = signed_text()
    sig_line = text.splitlines()[-3]
    assert refused(text.replace(sig_line, sig_line[:20])).code == "licence.damaged"


@pytest.mark.parametrize("text", ["", "   \r\n\n\t "])
def test_empty_licence_is_refused(text):
    err = refused(text)
    assert err.code == "licence.empty"
    assert "empty" in err.render("en") and "空" in err.render("zh")


@pytest.mark.parametrize("text", ["hello world", "licence_id: JF-1\nclient: demo\n", '{"licence_id": "JF-1"}',
                                  "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAmIS/ICW0xRbv\n-----END PUBLIC KEY-----"])
def test_garbage_is_refused(text):
    err = refused(text)
    assert err.code == "licence.not_a_licence"
    assert "not a JobFirst licence" in err.render("en")


def test_binary_garbage_file_is_refused(write):
    with pytest.raises(LicenceError) as err:
        read_licence_file(write(bytes(range(256)) * 8))
    assert err.value.code == "licence.not_a_licence"


def test_huge_file_is_refused_without_reading_it_all(write):
    with pytest.raises(LicenceError) as err:
        read_licence_file(write(b"A" * 10_000_000))
    assert "too large" in err.value.render("en")


def test_missing_file_says_which(tmp_path):
    with pytest.raises(LicenceError) as err:
        read_licence_file(str(tmp_path / "nope.lic"))
    assert err.value.code == "licence.unreadable" and "nope.lic" in err.value.render("en")


def test_non_base64_body_is_refused():
    text = signed_text()
    line = text.splitlines()[1]
    assert refused(text.replace(line, "!!" + line[2:])).code == "licence.damaged"


def test_two_licences_in_one_paste_are_refused():
    assert refused(signed_text() + signed_text(licence_id="JF-TEST-0002")).code == "licence.several"


def test_wrong_product_is_refused():
    body = vendor_licence().to_json() | {"product": "otherapp"}
    err = refused(signed_body(body))
    assert err.code == "licence.wrong_product"
    assert "otherapp" in err.render("en")


def test_signed_body_breaking_the_rules_is_refused_with_every_problem():
    body = vendor_licence().to_json() | {"edition": "basic", "users": 0}
    err = refused(signed_body(body))
    assert err.code == "licence.format"
    assert "edition: 'basic' is not one of" in err.render("en") and "users: '0'" in err.render("en")


def test_newer_format_asks_for_a_newer_installer():
    err = refused(signed_body(vendor_licence().to_json() | {"format": FORMAT + 1}))
    assert "format 2 is not understood by this version" in err.render("en")


def test_repeated_key_in_signed_json_is_refused():
    """Two JSON readers could pick different values for a repeated key; the installer picks none."""
    err = refused(signed_body(b'{"product":"jobfirst","product":"other"}'))
    assert err.code == "licence.format" and "appears twice" in err.render("en")
