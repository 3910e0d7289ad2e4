"""The frozen program passes the same headless install test as the source tree: the very test functions of
tests/integration/test_install.py (fresh install and verify, a second run that changes nothing, an upgrade
that keeps the data, a broken upgrade that rolls back), with run_cli/run_json running the built program."""
from __future__ import annotations

import pytest

# In the order they build on each other (pytest runs them in the order they are named here).
from tests.integration.test_install import (  # noqa: F401  collected here a second time, on the built program
    site,
    test_dry_run_changes_nothing,
    test_without_yes_nothing_happens,
    test_fresh_install_is_verified_and_reported,
    test_second_install_changes_nothing,
    test_upgrade_keeps_data_and_sends_only_what_changed,
    test_broken_upgrade_rolls_back_by_itself,
)
from tests.targets import requires_root

pytestmark = [requires_root, pytest.mark.usefixtures("as_shipped")]
