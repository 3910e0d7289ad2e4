"""The wizard under pytest-qt, offscreen: a fresh wizard per test, its background jobs stopped after."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the QApplication

import pytest  # noqa: E402

from installer import logs  # noqa: E402

DEMO_LICENCE = os.path.join(os.path.dirname(__file__), "..", "..", "assets", "demo", "licence.lic")


@pytest.fixture
def make_wizard(qtbot):
    """make_wizard(answers=None) -> a shown wizard; stopped at the end of the test."""
    from installer.gui.app import make_wizard as make
    made = []

    def factory(answers=None):
        logs.setup("gui-tests")
        _, wizard = make(answers)
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield factory
    for wizard in made:
        wizard.shared.asker.closing = True
        wizard.shared.tasks.stop_all()


@pytest.fixture
def wizard(make_wizard):
    return make_wizard()


@pytest.fixture
def demo_licence():
    return os.path.abspath(DEMO_LICENCE)
