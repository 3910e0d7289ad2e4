"""What a command prints: text for people, or with --json exactly one JSON object on stdout."""
from __future__ import annotations

import json
import sys

from ..errors import InstallerError
from ..i18n import Text


def _jsonable(value):
    if isinstance(value, Text):
        return value.render()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class Output:
    def __init__(self, json_mode: bool = False, stream=None):
        self.json_mode = json_mode
        self.stream = stream or sys.stdout
        self.data: dict = {}
        self.errors: list[dict] = []
        self.warnings: list[str] = []

    def say(self, text="") -> None:
        if not self.json_mode:
            print(str(text), file=self.stream, flush=True)

    def set(self, **data) -> None:
        self.data.update(data)

    def warn(self, text) -> None:
        self.warnings.append(str(text))
        if not self.json_mode:
            print(str(text), file=sys.stderr, flush=True)

    def error(self, err: InstallerError) -> None:
        self.errors.append(err.to_json())
        if not self.json_mode:
            print(err.render(), file=sys.stderr, flush=True)

    def finish(self, status: int) -> int:
        if self.errors and status == 0:
            status = 1
        if self.json_mode:
            body = {"ok": status == 0, **_jsonable(self.data)}
            if self.warnings:
                body["warnings"] = self.warnings
            if status != 0:
                body["errors"] = self.errors
            print(json.dumps(body, ensure_ascii=False, indent=2), file=self.stream, flush=True)
        return status
