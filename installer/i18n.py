"""Bilingual text. Messages carry both languages and are rendered when shown, so a front end
can switch language after the fact (the wizard's first page) and old messages follow."""
from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field

LANGUAGES = ("en", "zh")
_current = None


def detect_language() -> str:
    for var in ("JOBFIRST_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def language() -> str:
    global _current
    if _current is None:
        _current = detect_language()
    return _current


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _current = lang


@dataclass(frozen=True)
class Text:
    """A message in English and Chinese with named arguments, rendered on demand."""
    en: str
    zh: str
    args: dict = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        template = self.zh if (lang or language()) == "zh" else self.en
        args = {k: (v.render(lang) if isinstance(v, Text) else v) for k, v in self.args.items()}
        return template.format(**args)

    def __str__(self) -> str:
        return self.render()

    def both(self) -> dict:
        return {"en": self.render("en"), "zh": self.render("zh")}


def T(en: str, zh: str, **args) -> Text:
    return Text(en, zh, args)


def plain(value: str) -> Text:
    """Text that reads the same in both languages (a value, a path, a command's output)."""
    return Text("{v}", "{v}", {"v": value})
