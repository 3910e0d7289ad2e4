from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text

PASS, WARN, FAIL = "pass", "warn", "fail"


@dataclass
class CheckResult:
    """One judged fact: the measured value, what is required, and the fix in one sentence."""
    id: str
    title: Text
    status: str
    value: str
    requirement: Text
    fix: Text | None = None

    def to_json(self) -> dict:
        out = {"id": self.id, "title": self.title.render(), "status": self.status, "value": self.value,
               "requirement": self.requirement.render()}
        if self.fix is not None:
            out["fix"] = self.fix.render()
        return out


@dataclass
class TargetReport:
    host: str
    name: str
    results: list
    error: object = None  # an InstallerError when the target could not be checked at all

    @property
    def status(self) -> str:
        if self.error is not None or any(r.status == FAIL for r in self.results):
            return FAIL
        return WARN if any(r.status == WARN for r in self.results) else PASS

    def to_json(self) -> dict:
        out = {"host": self.host, "name": self.name, "status": self.status,
               "checks": [r.to_json() for r in self.results]}
        if self.error is not None:
            out["error"] = self.error.to_json()
        return out
