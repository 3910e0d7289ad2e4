"""The licence file: what the vendor signs is what the customer reads, whatever pasting did to it."""
import base64

import pytest

from installer.licence import LicenceError, read_licence_file, read_licence_text
from tests.unit.licence.licence_testkit import signed_text


@pytest.fixture(autouse=True)
def _trust_test_key(dev_trust):
    pass


def test_signed_licence_reads_back_with_every_field():
    lic = read_licence_text(signed_text())
    assert (lic.licence_id, lic.client_id, lic.kind, lic.edition, lic.users) == (
        "JF-TEST-0001", "client001", "private", "enterprise", 500)
    assert (str(lic.issued), str(lic.valid_from), str(lic.expires)) == ("2026-01-01", "2026-01-01", "2027-12-31")
    assert (lic.support, lic.features, lic.domain, lic.max_servers) == (
        "professional", ("multi-node",), "jobs.client.example.com", 3)


def test_chinese_client_name_round_trips_through_a_file(write):
    name = "演示客户 Demo（上海）·研发部"
    text = signed_text(client={"id": "demo", "name": name})
    assert text.isascii()  # survives e-mail, chat and editors that would re-encode Chinese
    assert read_licence_file(write(text)).client_name == name


def test_file_text_is_reproduced_exactly_from_the_verified_bytes():
    text = signed_text()
    assert read_licence_text(text).armored() == text


@pytest.mark.parametrize("mangle", [
    lambda t: t.replace("\n", "\r\n"),                            # Windows line ends
    lambda t: "\n\n   " + t.replace("\n", "\n    ") + "\n\n\n",   # indented, blank lines around
    lambda t: "Dear customer, your licence:\n\n" + t + "\nRegards,\nJobFirst\n",  # pasted from an e-mail
    lambda t: t.rstrip("\n"),                                     # no final newline
    lambda t: t.replace("-----", "\u2014\u2014\u2014"),           # dashes turned into long dashes
    lambda t: t.replace("\n", "\n\n"),                            # double-spaced
])
def test_pasting_artefacts_are_tolerated(mangle):
    assert read_licence_text(mangle(signed_text())).client_name == "北京示例科技有限公司"


@pytest.mark.parametrize("encode", [lambda t: b"\xef\xbb\xbf" + t.encode(), lambda t: t.encode("utf-16")])
def test_windows_encodings_of_the_file_are_read(write, encode):
    assert read_licence_file(write(encode(signed_text()))).licence_id == "JF-TEST-0001"


def test_a_changed_character_is_not_tolerated():
    text = signed_text()
    body = text.splitlines()[1]
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(LicenceError) as err:
        read_licence_text(text.replace(body, flipped))
    assert err.value.code in ("licence.tampered", "licence.damaged")


def test_body_is_canonical_json_with_sorted_keys():
    text = signed_text()
    lines = text.splitlines()
    body = base64.b64decode("".join(lines[1:lines.index("-----END JOBFIRST LICENCE-----")]))
    assert body.startswith(b'{"bindings":{"domain":"jobs.client.example.com","max_servers":3},"client":')
    assert "北京示例科技有限公司".encode() in body
