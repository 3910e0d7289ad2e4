"""The install's steps as rows, driven only by engine events: pending, running (with bytes, rate and
time left when the step reports progress), done, unchanged, failed, cancelled. One line per step; a
second, muted line only when it says something (progress, the reason, the error)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from ...i18n import T
from ...units import human_bytes, human_seconds
from ..look import ACCENT, FAIL, MUTED, OK, WARN
from ..widgets import Line, render

MARKS = {"pending": ("○", MUTED), "running": ("◐", ACCENT), "done": ("✔", OK), "unchanged": ("✔", MUTED),
         "failed": ("✖", FAIL), "undone": ("✖", FAIL), "cancelled": ("■", WARN)}
WORDS = {"unchanged": T("already in place", "已就绪"), "failed": T("failed", "失败"),
         "undone": T("failed, undone", "失败，已撤销"), "cancelled": T("cancelled", "已取消")}


def progress_text(e):
    """'198.18.1.2: 120.0 MB of 400.0 MB · 95.0 MB/s · 3s left', re-rendered on a language switch."""
    if e.unit == "bytes":
        done, total = human_bytes(e.done), human_bytes(e.total) if e.total else "?"
        rate = f" · {human_bytes(e.rate)}/s" if e.rate else ""
    else:
        done, total, rate = str(e.done), str(e.total or "?"), ""
    eta = T(" · {t} left", " · 剩余 {t}", t=human_seconds(e.eta)) if e.eta is not None else ""
    return T("{where}{done} of {total}{rate}{eta}", "{where}{done} / {total}{rate}{eta}",
             where=f"{e.target}: " if e.target else "", done=done, total=total, rate=rate, eta=eta)


class StepRows(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self.rows: dict = {}     # step id -> (mark, title, right, detail, bar)
        self.state: dict = {}    # step id -> [status, title Text, detail source, right source]

    def set_plan(self, plans) -> None:
        for widgets in self.rows.values():
            for w in widgets:
                w.deleteLater()
        self.rows, self.state = {}, {}
        for i, plan in enumerate(plans):
            mark, title, right, detail, bar = QLabel(), QLabel(), QLabel(), Line(), QProgressBar()
            right.setObjectName("muted")
            detail.setObjectName("muted")
            bar.setFixedWidth(180)
            bar.hide()
            for col, widget in enumerate((mark, title, right)):
                self.grid.addWidget(widget, 2 * i, col, Qt.AlignVCenter)
            self.grid.addWidget(bar, 2 * i, 2)
            self.grid.addWidget(detail, 2 * i + 1, 1, 1, 2)
            self.rows[plan.step] = (mark, title, right, detail, bar)
            self.state[plan.step] = ["pending", plan.title, None, None]
            self._show(plan.step)

    def update_step(self, step: str, status: str, title=None, detail=None, took=None) -> None:
        if step in self.rows:
            old = self.state[step]
            self.state[step] = [status, title or old[1], detail, took or WORDS.get(status)]
            self._show(step)

    def progress(self, e) -> None:
        if e.step not in self.rows:
            return
        bar = self.rows[e.step][4]
        bar.setRange(0, 1000 if e.total else 0)
        if e.total:
            bar.setValue(int(1000 * min(e.done, e.total) / e.total))
        self.state[e.step][2] = progress_text(e)
        self._show(e.step)

    def _show(self, step: str) -> None:
        mark, title, right, detail, bar = self.rows[step]
        status, text, extra, word = self.state[step]
        symbol, colour = MARKS.get(status, MARKS["pending"])
        mark.setText(f"<span style='color:{colour}; font-size:15px'>{symbol}</span>")
        weight = "700" if status == "running" else "400"
        title.setText(f"<span style='font-weight:{weight}'>{html.escape(render(text))}</span>")
        running = status == "running" and extra is not None
        bar.setVisible(running)
        right.setVisible(not running)
        right.setText(render(word))
        detail.say(extra)

    def refresh(self) -> None:
        for step in self.rows:
            self._show(step)
