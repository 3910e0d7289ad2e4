import pytest

from tests.unit.bundle.bundle_testkit import TEST_PUBLIC_KEY, make_bundle


@pytest.fixture(autouse=True)
def trust_test_key(monkeypatch):
    monkeypatch.setenv("JOBFIRST_DEV_TRUST", str(TEST_PUBLIC_KEY))


@pytest.fixture
def bundle_dir(tmp_path):
    return make_bundle(tmp_path / "jobfirst-1.0.0.bundle")
