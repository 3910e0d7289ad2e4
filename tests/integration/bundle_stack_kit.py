"""Helpers for the demo-bundle integration tests: load a bundle into an engine the way the installer
will (ask what is there, send only what is missing, stream into docker load), run compose v1, curl
from inside the engine's network namespace."""
from __future__ import annotations

import datetime
import os
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from installer.bundle import Bundle, present_from_inspect


def target_facts(client):
    return present_from_inspect(client.api.inspect_image(i.id) for i in client.images.list())


def load_bundle(client, bundle: Bundle) -> dict:
    """Send what the engine lacks into docker load; returns the plan, bytes sent, seconds, load output."""
    plan = bundle.layers_missing(*target_facts(client))
    sent, started = [0], time.monotonic()

    def counted(chunks):
        for chunk in chunks:
            sent[0] += len(chunk)
            yield chunk

    output = list(client.api.load_image(counted(bundle.stream_load_tar(plan.images, plan.skip_layers))))
    for image in plan.retag:
        client.api.tag(image.id, *image.name.rsplit(":", 1))
    errors = [line["error"] for line in output if "error" in line]
    assert not errors, f"docker load reported: {errors}"
    return {"plan": plan, "bytes": sent[0], "seconds": time.monotonic() - started, "output": output}


def self_signed(directory: Path, domain: str) -> Path:
    """fullchain.pem + privkey.pem for domain, as a customer's certificate would be laid out."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                              serialization.PrivateFormat.PKCS8,
                                                              serialization.NoEncryption()))
    return directory / "fullchain.pem"


def write_install_dir(install: Path, bundle: Bundle, settings: dict) -> None:
    """What the deploy step will write: the compose file, its .env, secrets.env (0600), tls/."""
    install.mkdir(parents=True, exist_ok=True)
    (install / "docker-compose.yml").write_text(bundle.compose_text())
    env = {"JOBFIRST_INSTALL_DIR": str(install), **settings}
    (install / ".env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    fd = os.open(install / "secrets.env", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("POSTGRES_PASSWORD=Pg-test-0nly-secret\nREDIS_PASSWORD=Rd-test-0nly-secret\n")


def compose(engine_url: str, install: Path, project: str, *args, check=True, timeout=300):
    return subprocess.run(["docker-compose", "-p", project, "-f", str(install / "docker-compose.yml"), *args],
                          cwd=install, env={**os.environ, "DOCKER_HOST": engine_url}, capture_output=True,
                          text=True, check=check, timeout=timeout)


def curl_in(netns: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(["nsenter", f"--net=/var/run/netns/{netns}", "curl", "-sS", "--max-time", "10", *args],
                          capture_output=True, text=True)


def port_open_in(netns: str, port: int) -> bool:
    probe = f"import socket; s=socket.socket(); s.settimeout(2); exit(s.connect_ex(('127.0.0.1', {port})))"
    return subprocess.run(["nsenter", f"--net=/var/run/netns/{netns}", "python3", "-c", probe]).returncode == 0
