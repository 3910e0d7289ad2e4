"""Fixtures for the licence tests; the helpers themselves are in licence_testkit.py."""
from __future__ import annotations

import pytest

from installer import trust
from installer.licence.signing import load_private_key
from tests.unit.licence.licence_testkit import TEST_PRIVATE, TEST_PUBLIC


@pytest.fixture(autouse=True)
def _without_dev_keys(monkeypatch):
    """Only the product key unless a test asks for the test key (English: the root conftest)."""
    monkeypatch.delenv("JOBFIRST_DEV_TRUST", raising=False)


@pytest.fixture
def dev_trust(monkeypatch):
    """The installer trusts the test key, as a development build with JOBFIRST_DEV_TRUST set does."""
    monkeypatch.setenv(trust.DEV_TRUST_ENV, str(TEST_PUBLIC))


@pytest.fixture
def test_key():
    return load_private_key(str(TEST_PRIVATE))


@pytest.fixture
def write(tmp_path):
    def _write(text, name="licence.lic") -> str:
        path = tmp_path / name
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
        return str(path)
    return _write
