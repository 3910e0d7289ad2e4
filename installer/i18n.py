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


FRONT_ENDS = ("flags", "answers", "wizard")
_front_end = ["answers"]


def set_front_end(name: str) -> None:
    """Who the admin is talking to, for Input names: command-line flags (ssl check/import), an answer
    file (install, validate, ...: the default), or the wizard's fields."""
    if name not in FRONT_ENDS:
        raise ValueError(f"unknown front end {name!r}")
    _front_end[0] = name


@dataclass(frozen=True)
class Input(Text):
    """A value the admin gives, named as their front end names it: a flag, an answer-file key, or a
    wizard field (en/zh). A fix such as "give the CA certificate ({ca})" then reads right in all three."""
    flag: str = ""
    key: str = ""

    def render(self, lang: str | None = None) -> str:
        front = _front_end[0]
        return super().render(lang) if front == "wizard" else self.flag if front == "flags" else self.key


def T(en: str, zh: str, **args) -> Text:
    return Text(en, zh, args)


def plain(value: str) -> Text:
    """Text that reads the same in both languages (a value, a path, a command's output)."""
    return Text("{v}", "{v}", {"v": value})
