"""Typed events: the engine says what happens, front ends only render it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import Text


@dataclass(frozen=True)
class Event:
    step: str


@dataclass(frozen=True)
class PlanReady(Event):
    """The whole plan, shown before the commit point."""
    plan: tuple = ()


@dataclass(frozen=True)
class StepStarted(Event):
    title: Text = None


@dataclass(frozen=True)
class Progress(Event):
    done: int = 0
    total: int | None = None
    unit: str = "bytes"
    rate: float | None = None   # units per second
    eta: float | None = None    # seconds left
    target: str | None = None


@dataclass(frozen=True)
class Message(Event):
    level: str = "info"         # info | warn | error
    text: Text = None
    target: str | None = None


@dataclass(frozen=True)
class StepFinished(Event):
    status: str = "done"        # done | unchanged | failed | undone | cancelled
    detail: Text | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class CheckReported(Event):
    target: str = ""
    result: object = None       # checks.result.CheckResult


@dataclass
class Change:
    """One thing the plan would change on one target, in words."""
    target: str
    what: Text


@dataclass
class StepPlan:
    step: str
    title: Text
    changes: list = field(default_factory=list)
    unchanged_reason: Text | None = None  # set when the target is already in the desired state

    @property
    def changes_something(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class Artifact(Event):
    """A file the install wrote for the user: the acceptance report, the evaluation CA to trust."""
    path: str = ""
    title: Text = None
    kind: str = "file"
