"""Fixtures for the TLS tests; the certificate factory itself is in tls_testkit.py."""
from __future__ import annotations

import pytest

from installer import i18n

from tests.unit.tls.tls_testkit import Files, Pki, make_pki


@pytest.fixture(autouse=True)
def _real_roots(monkeypatch):
    """The public roots as the product sees them (English: the root conftest)."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)


@pytest.fixture(autouse=True)
def _flags():
    """These checks are `ssl check`'s: fixes name its flags (see test_tls_inputs.py for the others)."""
    i18n.set_front_end("flags")
    yield
    i18n.set_front_end("answers")


@pytest.fixture(scope="session")
def pki() -> Pki:
    return make_pki()


@pytest.fixture
def files(tmp_path, pki) -> Files:
    return Files(tmp_path, pki)
