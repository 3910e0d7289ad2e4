"""Tests of the built installer itself (tests/frozen/binary.py builds it once per change of its inputs)."""
from __future__ import annotations

import pytest

from tests import targets
from tests.frozen import binary


def _built(variant: str):
    try:
        return binary.program(variant)
    except binary.BuildFailed as err:
        pytest.fail(str(err), pytrace=False)


@pytest.fixture(scope="session")
def shipped():
    """The development build: what CI installs test-signed bundles with."""
    return _built("dev")


@pytest.fixture(scope="session")
def shipped_release():
    """The customer build (installer._build.RELEASE = True)."""
    return _built("release")


@pytest.fixture(scope="module")
def as_shipped(shipped):
    """tests.targets.run_cli and run_json run the built program instead of the venv's console script."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(targets, "CLI", [str(shipped)])
        yield shipped
