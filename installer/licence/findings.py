"""A finding: one thing the licence checks noticed, an error that stops the install or a warning
that is shown and let through. The install (engine) decides what to do with the list."""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text
from .errors import LicenceError

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: Text
    fix: Text | None = None
    where: str | None = None  # a target host, when the finding is about one

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def as_error(self) -> LicenceError:
        return LicenceError(self.message, self.fix, code=self.code, where=self.where)

    def render(self, lang: str | None = None) -> str:
        return self.as_error().render(lang)

    def to_json(self) -> dict:
        return {"level": self.level, **self.as_error().to_json()}


def error(code: str, message: Text, fix: Text | None = None, where: str | None = None) -> Finding:
    return Finding(ERROR, code, message, fix, where)


def warning(code: str, message: Text, fix: Text | None = None, where: str | None = None) -> Finding:
    return Finding(WARNING, code, message, fix, where)


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


def raise_first_error(findings: list[Finding]) -> None:
    """For callers that only need to stop: raises the first error finding as a LicenceError."""
    for finding in errors_in(findings):
        raise finding.as_error()
