"""The plan/apply runner, with steps that record what they do (decisions only; the real steps have
integration tests against namespace targets)."""
from __future__ import annotations

import pytest

from installer.engine.context import Context
from installer.engine.events import Change, PlanReady, StepFinished, StepStarted
from installer.engine.questions import HeadlessAsker
from installer.engine.runner import Runner
from installer.engine.step import Step
from installer.errors import Cancelled, InstallerError, NeedsAnswer, StepFailed
from installer.i18n import T


class MemoryJournal:
    def __init__(self):
        self.lines = []

    def entries(self):
        return list(self.lines)

    def record(self, run_id, step, status, **extra):
        self.lines.append({"run": run_id, "step": step, "status": status})


class Handle:
    host = "h1"

    def __init__(self):
        self.journal = MemoryJournal()


class SetValue(Step):
    """Desired state: world[key] == value. Undo restores what was there."""

    def __init__(self, world, key, value, fail_after_change=False):
        self.world, self.key, self.value, self.fail = world, key, value, fail_after_change
        self.id, self.title = f"set_{key}", T(f"set {key}", f"设置 {key}")

    def plan(self, ctx):
        if self.world.get(self.key) == self.value:
            return [], T("already set", "已设置")
        return [Change("h1", T("set it", "设置"))], None

    def apply(self, ctx, undo):
        old = self.world.get(self.key)
        undo.register(T("restore", "恢复"), lambda: self.world.__setitem__(self.key, old))
        self.world[self.key] = self.value
        if self.fail:
            raise InstallerError("boom")


def _ctx(yes=True):
    events = []
    handle = Handle()
    return Context({}, [handle], events.append, HeadlessAsker(assume_yes=yes)), events, handle


def test_plan_then_apply_then_second_run_changes_nothing():
    world = {}
    ctx, events, handle = _ctx()
    Runner([SetValue(world, "a", 1), SetValue(world, "b", 2)], ctx).run()
    assert world == {"a": 1, "b": 2}
    assert [e.status for e in events if isinstance(e, StepFinished)] == ["done", "done"]
    ctx2, events2, _ = _ctx(yes=False)  # nothing to change: no confirmation needed either
    Runner([SetValue(world, "a", 1), SetValue(world, "b", 2)], ctx2).run()
    finished = [e for e in events2 if isinstance(e, StepFinished)]
    assert [e.status for e in finished] == ["unchanged", "unchanged"]
    assert finished[0].detail.render("en") == "already set"


def test_dry_run_changes_nothing_and_shows_the_plan():
    world = {}
    ctx, events, handle = _ctx()
    plans = Runner([SetValue(world, "a", 1)], ctx).run(dry_run=True)
    assert world == {} and handle.journal.lines == []
    assert plans[0].changes_something and isinstance(events[-1], PlanReady)


def test_nothing_happens_without_confirmation():
    world = {}
    ctx, events, handle = _ctx(yes=False)
    with pytest.raises(NeedsAnswer) as err:
        Runner([SetValue(world, "a", 1)], ctx).run()
    assert "--yes" in err.value.render("en")
    assert world == {} and handle.journal.lines == [] and not any(isinstance(e, StepStarted) for e in events)


def test_failed_step_is_undone_and_later_steps_do_not_run():
    world = {"a": 0}
    ctx, events, handle = _ctx()
    with pytest.raises(InstallerError):
        Runner([SetValue(world, "a", 1, fail_after_change=True), SetValue(world, "b", 2)], ctx).run()
    assert world == {"a": 0}
    assert [(e["step"], e["status"]) for e in handle.journal.lines] == [("set_a", "started"), ("set_a", "failed")]


def test_unexpected_error_becomes_a_step_failure_with_a_message():
    class Broken(SetValue):
        def apply(self, ctx, undo):
            raise KeyError("x")
    ctx, events, _ = _ctx()
    with pytest.raises(StepFailed) as err:
        Runner([Broken({}, "a", 1)], ctx).run()
    assert "set a" in err.value.render("en")


def test_cancel_stops_before_the_next_step_and_next_run_resumes():
    world = {}
    ctx, events, handle = _ctx()

    class CancelAfter(SetValue):
        def apply(self, ctx, undo):
            super().apply(ctx, undo)
            ctx.cancel_event.set()
    with pytest.raises(Cancelled):
        Runner([CancelAfter(world, "a", 1), SetValue(world, "b", 2)], ctx).run()
    assert world == {"a": 1}
    ctx2, events2, _ = _ctx()
    ctx2.targets = [handle]
    Runner([SetValue(world, "a", 1), SetValue(world, "b", 2)], ctx2).run()
    assert world == {"a": 1, "b": 2}
    assert [e.status for e in events2 if isinstance(e, StepFinished)] == ["unchanged", "done"]
