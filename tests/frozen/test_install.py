"""The frozen program passes the same headless install test as the source tree: the very test functions of
tests/integration/test_install.py (fresh install and verify, a second run that changes nothing, an upgrade
that keeps the data, a broken upgrade that rolls back), with run_cli/run_json running the built program."""
from __future__ import annotations

import pytest

from tests.integration import test_install as in_source
from tests.targets import requires_root

pytestmark = [requires_root, pytest.mark.usefixtures("as_shipped")]

site = in_source.site  # a target of this module's own
# Every test of that module, in its order (each builds on the one before; pytest keeps this order).
globals().update({name: test for name, test in vars(in_source).items() if name.startswith("test_")})
