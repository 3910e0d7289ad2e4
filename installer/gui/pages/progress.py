"""The install's steps as rows, driven only by engine events: pending, running (with bytes, rate and
time left when the step reports progress), done, unchanged, failed, cancelled."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from ...i18n import T
from ...units import human_bytes, human_seconds
from ..look import ACCENT, FAIL, MUTED, OK, WARN
from ..widgets import Line, render

MARKS = {"pending": ("○", MUTED), "running": ("◐", ACCENT), "done": ("✔", OK), "unchanged": ("✔", MUTED),
         "failed": ("✖", FAIL), "undone": ("✖", FAIL), "cancelled": ("■", WARN)}
WORDS = {"done": T("done", "完成"), "unchanged": T("already in place", "已就绪，无需更改"),
         "failed": T("failed", "失败"), "undone": T("failed, undone", "失败，已撤销"), "cancelled": T("cancelled", "已取消")}


def progress_text(e):
    """'120.0 MB of 400.0 MB · 95.0 MB/s · 3s left' (or items for other units), in the current language."""
    if e.unit == "bytes":
        done, total = human_bytes(e.done), human_bytes(e.total) if e.total else "?"
        rate = f" · {human_bytes(e.rate)}/s" if e.rate else ""
    else:
        done, total, rate = str(e.done), str(e.total or "?"), ""
    eta = T(" · {t} left", " · 剩余 {t}", t=human_seconds(e.eta)).render() if e.eta is not None else ""
    where = f"{e.target}: " if e.target else ""
    return T("{where}{done} of {total}{rate}{eta}", "{where}{done} / {total}{rate}{eta}", where=where, done=done,
             total=total, rate=rate, eta=eta)


class StepRows(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)
        self.rows: dict = {}     # step id -> (mark, title, detail, bar)
        self.state: dict = {}    # step id -> (status, Text title, detail source)

    def set_plan(self, plans) -> None:
        for widgets in self.rows.values():
            for w in widgets:
                w.deleteLater()
        self.rows, self.state = {}, {}
        for i, plan in enumerate(plans):
            mark, title, detail, bar = QLabel(), QLabel(), Line(), QProgressBar()
            detail.setObjectName("muted")
            bar.setMaximumWidth(220)
            bar.hide()
            for col, widget in enumerate((mark, title, bar)):
                self.grid.addWidget(widget, 2 * i, col)
            self.grid.addWidget(detail, 2 * i + 1, 1, 1, 2)
            self.rows[plan.step] = (mark, title, detail, bar)
            self.update_step(plan.step, "pending", plan.title, None)

    def update_step(self, step: str, status: str, title=None, detail=None) -> None:
        if step not in self.rows:
            return
        old = self.state.get(step, ("pending", None, None))
        self.state[step] = (status, title or old[1], detail)
        self._show(step)

    def progress(self, e) -> None:
        if e.step not in self.rows:
            return
        bar = self.rows[e.step][3]
        bar.setVisible(True)
        bar.setRange(0, 1000 if e.total else 0)
        if e.total:
            bar.setValue(int(1000 * min(e.done, e.total) / e.total))
        self.state[e.step] = (self.state[e.step][0], self.state[e.step][1], progress_text(e))
        self._show(e.step)

    def _show(self, step: str) -> None:
        mark, title, detail, bar = self.rows[step]
        status, text, extra = self.state[step]
        symbol, colour = MARKS.get(status, MARKS["pending"])
        mark.setText(f"<span style='color:{colour}; font-size:15px'>{symbol}</span>")
        weight = "700" if status == "running" else "400"
        title.setText(f"<span style='font-weight:{weight}'>{html.escape(render(text))}</span>")
        word = WORDS.get(status)
        parts = [render(word) if word else "", render(extra)]
        detail.say(" — ".join(p for p in parts if p))
        if status not in ("running", "pending"):
            bar.hide()

    def refresh(self) -> None:
        for step in self.rows:
            self._show(step)
