"""Fixtures for the TLS tests; the certificate factory itself is in tls_testkit.py."""
from __future__ import annotations

import pytest

from installer import i18n
from tests.unit.tls.tls_testkit import Files, Pki, make_pki


@pytest.fixture(autouse=True)
def _english_and_real_roots(monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def pki() -> Pki:
    return make_pki()


@pytest.fixture
def files(tmp_path, pki) -> Files:
    return Files(tmp_path, pki)
