from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@dataclass
class Problem:
    """One thing wrong in an answer file, where it is and what to do."""
    path: tuple
    message: Text
    line: int | None = None
    column: int | None = None
    code: str = "answers.invalid"

    def __str__(self) -> str:
        where = f"{self.line}:{self.column} " if self.line else ""
        return f"{where}{dotted(self.path)}: {self.message}"

    def to_json(self) -> dict:
        return {"code": self.code, "key": dotted(self.path), "line": self.line, "column": self.column,
                "message": self.message.render(), "message_en": self.message.render("en"),
                "message_zh": self.message.render("zh")}
