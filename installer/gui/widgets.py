"""Small building blocks the pages share: texts that re-render on a language switch, a coloured box
for results and problems (each with its fix), a file picker, and a debounce timer."""
from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from .. import logs
from ..errors import InstallerError
from ..i18n import T, Text
from .look import FAIL, MUTED, OK, WARN

log = logging.getLogger(__name__)
BROWSE = T("Browse…", "浏览…")
COLOURS = {"ok": OK, "warn": WARN, "fail": FAIL, "info": MUTED}


def render(text) -> str:
    """Text, a callable giving one (re-evaluated on every language switch), or a plain string."""
    if callable(text) and not isinstance(text, Text):
        text = text()
    return text.render() if isinstance(text, Text) else ("" if text is None else str(text))


class Texts:
    """Every visible string of a page with its source, so that a language switch re-renders them all."""

    def __init__(self):
        self._bound: list = []

    def bind(self, setter, text) -> None:
        self._bound.append((setter, text))
        setter(render(text))

    def refresh(self) -> None:
        for setter, text in self._bound:
            setter(render(text))


def unexpected(err: BaseException) -> Text:
    """A bug, not a user error: full detail to the log file, words and the log's path to the user."""
    log.error("unexpected error in the wizard", exc_info=(type(err), err, err.__traceback__))
    return T("Unexpected internal error ({kind}). Details are in the log file {log}; send it to JobFirst support.",
             "发生内部错误（{kind}）。详细信息见日志文件 {log}，请将其发送给 JobFirst 技术支持。",
             kind=type(err).__name__, log=str(logs.current_log()))


def fix_text(fix) -> str:
    return T("Fix: {fix}", "解决办法：{fix}", fix=render(fix)).render()


def item_html(item) -> str:
    """One problem, error, finding or message as HTML: what is wrong, then how to fix it."""
    if isinstance(item, InstallerError):
        where = f"{item.where}: " if item.where else ""
        text, fix = where + item.text.render(), item.fix
    elif isinstance(item, BaseException):
        text, fix = unexpected(item).render(), None
    else:
        text = render(getattr(item, "message", item))
        fix = getattr(item, "fix", None)
    out = html.escape(text).replace("\n", "<br>")
    if fix is not None:
        out += f"<br><span style='color:{MUTED}'>{html.escape(fix_text(fix))}</span>"
    return out


class Banner(QFrame):
    """A coloured box: ok / warn / fail / info, with a headline and any number of items."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.RichText)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        QVBoxLayout(self).addWidget(self.label)
        self.level, self.headline, self.items = "info", None, []
        self.hide()

    def show_items(self, level: str, headline, items=()) -> None:
        if level != self.property("level"):  # re-polishing is costly: only when the colour changes
            self.setProperty("level", level)
            self.style().unpolish(self)
            self.style().polish(self)
        self.level, self.headline, self.items = level, headline, list(items)
        self.refresh()
        self.show()

    def clear(self) -> None:
        self.items, self.headline = [], None
        self.hide()

    def refresh(self) -> None:
        if self.headline is None and not self.items:
            return
        colour = COLOURS.get(self.level, MUTED)
        parts = [f"<b style='color:{colour}'>{html.escape(render(self.headline))}</b>"] if self.headline else []
        parts += [f"<div style='margin-top:6px'>{item_html(i)}</div>" for i in self.items]
        text = "".join(parts)
        if text != self.label.text():
            self.label.setText(text)


class FilePicker(QWidget):
    """A path typed in or chosen with Browse…; `changed` fires on every edit."""
    changed = Signal(str)

    def __init__(self, texts: Texts, caption, folder: bool = False, filters: str = "", parent=None):
        super().__init__(parent)
        self.caption, self.folder, self.filters = caption, folder, filters
        self.edit, button = QLineEdit(), QPushButton()
        texts.bind(button.setText, BROWSE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)
        button.clicked.connect(self.browse)
        self.edit.textChanged.connect(self.changed)

    def browse(self) -> None:
        start = self.edit.text() or ""
        if self.folder:
            path = QFileDialog.getExistingDirectory(self, render(self.caption), start)
        else:
            path, _ = QFileDialog.getOpenFileName(self, render(self.caption), start, self.filters)
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()

    def set_path(self, path: str | None) -> None:
        self.edit.setText(path or "")


def debounce(parent, ms: int, fn) -> QTimer:
    """A single-shot timer: start() it on every edit, fn runs once the typing stops."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(fn)
    return timer


class Line(QLabel):
    """A label whose text may change and still follows the language (pages refresh every Line)."""

    def __init__(self, text=None, parent=None, rich: bool = False):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText if rich else Qt.PlainText)  # plain: messages hold <version> and paths
        self.say(text)

    def say(self, text) -> None:
        self.source = text
        self.refresh()

    def refresh(self) -> None:
        text = render(self.source)
        self.setText(text)
        self.setVisible(bool(text))  # an empty line takes no room


def muted(text=None) -> Line:
    line = Line(text)
    line.setObjectName("muted")
    return line
