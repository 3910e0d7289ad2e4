import pytest

from installer.bundle import Bundle
from tests.unit.bundle.bundle_testkit import TEST_PUBLIC_KEY, make_bundle


@pytest.fixture
def bundle(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBFIRST_DEV_TRUST", str(TEST_PUBLIC_KEY))
    return Bundle.open(make_bundle(tmp_path / "jobfirst-1.0.0.bundle"))
