"""Evaluation certificates: marked NOT FOR PRODUCTION, accepted by our own check against their CA,
and by a real TLS client that trusts that CA."""
import socket
import ssl
import stat
import sys
import threading
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from installer.tls import check_certificate, generate_eval
from tests.unit.tls.tls_testkit import codes


def organisation(cert: x509.Certificate) -> str:
    return cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value


def load(path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


@pytest.mark.parametrize("domain", ["jobs.example.com", "198.18.0.2", "*.example.com"])
def test_generated_certificate_passes_the_check_against_its_ca(tmp_path, domain):
    files = generate_eval(domain, tmp_path)
    target = "a.example.com" if domain.startswith("*") else domain
    report = check_certificate(target, str(files.cert), str(files.key), ca_path=str(files.ca))
    assert report.ok, [str(p) for p in report.problems]
    assert report.warnings == []


def test_generated_files_are_marked_not_for_production(tmp_path):
    files = generate_eval("jobs.example.com", tmp_path)
    assert "NOT FOR PRODUCTION" in organisation(load(files.ca))
    assert "NOT FOR PRODUCTION" in organisation(load(files.cert))


def test_leaf_validity_at_most_397_days(tmp_path):
    leaf = load(generate_eval("jobs.example.com", tmp_path).cert)
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc <= timedelta(days=397)


def test_ip_domain_gets_an_ip_san(tmp_path):
    leaf = load(generate_eval("198.18.0.2", tmp_path).cert)
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["198.18.0.2"]


def test_only_the_three_files_are_written_and_the_key_is_private(tmp_path):
    files = generate_eval("jobs.example.com", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eval-ca.crt", "fullchain.pem", "privkey.pem"]
    if sys.platform != "win32":
        assert stat.S_IMODE(files.key.stat().st_mode) == 0o600


def test_second_run_keeps_the_ca_users_already_trust(tmp_path):
    first = generate_eval("jobs.example.com", tmp_path)
    ca_before = first.ca.read_bytes()
    second = generate_eval("jobs.example.com", tmp_path)
    assert second.reused and second.ca.read_bytes() == ca_before


def test_other_domain_replaces_the_files(tmp_path):
    generate_eval("jobs.example.com", tmp_path)
    files = generate_eval("hr.example.com", tmp_path)
    assert not files.reused
    assert check_certificate("hr.example.com", str(files.cert), str(files.key), ca_path=str(files.ca)).ok


def test_without_its_ca_the_evaluation_certificate_is_refused(tmp_path):
    files = generate_eval("jobs.example.com", tmp_path)
    report = check_certificate("jobs.example.com", str(files.cert), str(files.key))
    assert codes(report) == ["tls.chain_incomplete"]


def serve_once(files, context_ready: threading.Event, port_box: list):
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(files.cert, files.key)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port_box.append(listener.getsockname()[1])
        context_ready.set()
        connection, _ = listener.accept()
        with server_ctx.wrap_socket(connection, server_side=True) as tls:
            tls.sendall(b"ok")


@pytest.mark.parametrize("domain", ["jobs.example.com", "127.0.0.1"])
def test_a_real_client_trusting_the_ca_accepts_the_certificate(tmp_path, domain):
    """OpenSSL's own verification (hostname, chain, the CA's name constraints) agrees with our check."""
    files = generate_eval(domain, tmp_path)
    ready, port = threading.Event(), []
    server = threading.Thread(target=serve_once, args=(files, ready, port), daemon=True)
    server.start()
    assert ready.wait(10)
    client_ctx = ssl.create_default_context(cafile=str(files.ca))
    with socket.create_connection(("127.0.0.1", port[0]), timeout=10) as raw:
        with client_ctx.wrap_socket(raw, server_hostname=domain) as tls:
            assert tls.recv(2) == b"ok"
    server.join(10)


def test_invalid_domain_is_refused_before_anything_is_written(tmp_path):
    from installer.tls import TlsProblem
    with pytest.raises(TlsProblem) as caught:
        generate_eval("not a domain", tmp_path / "out")
    assert caught.value.code == "tls.domain_invalid" and not (tmp_path / "out").exists()
