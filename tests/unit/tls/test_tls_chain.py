"""The chain: complete up to the CA given (or a public root), in order, nothing foreign, every link
signed by the next certificate's key."""
from tests.unit.tls.tls_testkit import chain_of, codes, ec_key, make_cert, pem


def test_incomplete_chain_asks_for_the_full_chain(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert], key=[key])
    assert codes(report) == ["tls.chain_incomplete"]
    text = report.problems[0].render()
    assert "CN=Test Intermediate CA" in text and "full chain" in text


def test_chain_in_the_wrong_order_is_reordered_and_said(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[pki.inter, cert], key=[key])
    assert report.ok
    assert chain_of(report) == [cert, pki.inter]
    assert any("out of order" in str(w) for w in report.warnings)


def test_chain_in_the_right_order_is_not_reported_as_reordered(files, pki):
    cert, key = pki.leaf()
    assert files.check_leaf(cert, key).warnings == []


def test_unrelated_certificate_is_refused(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter, pki.other], key=[key])
    assert codes(report) == ["tls.chain_foreign"]
    assert "CN=Unrelated CA" in str(report.problems[0])


def test_root_included_with_the_chain_is_left_out_and_said(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter, pki.root], key=[key])
    assert report.ok
    assert chain_of(report) == [cert, pki.inter]
    assert any("left out" in str(note) for note in report.notes)


def test_intermediate_with_the_right_name_but_another_key(files, pki):
    """The classic re-keyed intermediate: names match, the signature does not."""
    impostor_key = ec_key()
    impostor = make_cert("Test Intermediate CA", impostor_key.public_key(), pki.root, pki.root_key, ca=True, san=None)
    cert, key = pki.leaf()
    report = files.check(cert=[cert, impostor], key=[key])
    assert "tls.chain_signature" in codes(report)
    assert "does not verify" in str(report.problems[0])


def test_chain_to_a_private_root_without_ca_points_to_ca_option(files, pki):
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key, ca=None)
    assert codes(report) == ["tls.chain_incomplete"]
    assert "--ca" in report.problems[0].render()


def test_chain_ending_at_an_untrusted_self_signed_root(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter, pki.root], key=[key], ca=None)
    assert codes(report) == ["tls.untrusted_root"]
    assert "not the public root certificates" in str(report.problems[0])


def test_chain_not_leading_to_the_ca_given(files, pki):
    cert, key = pki.leaf()
    report = files.check(cert=[cert, pki.inter, pki.root], key=[key], ca=files.write("other.pem", pem(pki.other)))
    assert codes(report) == ["tls.untrusted_root"]


def test_public_roots_are_the_default_trust(files, pki, monkeypatch):
    """No --ca: the chain must reach a root of the workstation's store (here one made for the test)."""
    monkeypatch.setenv("SSL_CERT_FILE", files.write("store.pem", pem(pki.other, pki.root)))
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key, ca=None)
    assert report.ok and str(report.trusted_by) == "the public root certificates"


def test_a_real_public_store_does_not_trust_a_test_root(files, pki):
    cert, key = pki.leaf()
    assert "tls.untrusted_root" in codes(files.check(cert=[cert, pki.inter, pki.root], key=[key], ca=None))


def test_self_signed_certificate_trusted_through_ca(files, pki):
    key = ec_key()
    cert = make_cert("jobs.example.com", key.public_key(), None, key)
    report = files.check(cert=[cert], key=[key], ca=files.write("self.pem", pem(cert)))
    assert report.ok and chain_of(report) == [cert]


def test_self_signed_certificate_without_ca_is_refused(files, pki):
    key = ec_key()
    cert = make_cert("jobs.example.com", key.public_key(), None, key)
    assert codes(files.check(cert=[cert], key=[key], ca=None)) == ["tls.untrusted_root"]
