"""A step: check (facts, read-only) -> plan (what would change) -> apply (after the commit point)."""
from __future__ import annotations

import logging

from ..i18n import T, Text

log = logging.getLogger(__name__)


class Step:
    id: str = "step"
    title: Text = T("Step", "步骤")

    def plan(self, ctx) -> tuple[list, Text | None]:
        """Read-only. Returns (changes, reason-when-nothing-to-do)."""
        raise NotImplementedError

    def apply(self, ctx, undo: "UndoLog") -> None:
        """Make the planned changes, registering each undo *before* the change it reverts."""
        raise NotImplementedError


class UndoLog:
    """certbot's reverter, small: what to run, newest first, when a step fails half-way."""

    def __init__(self):
        self._actions: list[tuple[Text, callable]] = []

    def register(self, what: Text, action) -> None:
        self._actions.append((what, action))

    def __len__(self):
        return len(self._actions)

    def rollback(self, report) -> bool:
        """Run every undo action; returns False when one of them failed (reported, not raised)."""
        ok = True
        while self._actions:
            what, action = self._actions.pop()
            try:
                action()
                report("info", T("Undone: {what}", "已撤销：{what}", what=what))
            except Exception as err:  # noqa: BLE001 - keep undoing the rest, say what could not be undone
                log.exception("undo failed: %s", what.render("en"))
                report("error", T("Could not undo: {what} ({why})", "无法撤销：{what}（{why}）", what=what, why=str(err)))
                ok = False
        return ok
