"""The install itself: the engine runs on a worker thread; this page only renders its events (steps,
progress, messages) and offers Cancel. A cancelled or failed run leaves the servers resumable: Resume
runs the same install again and the engine continues where it stopped."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout

from ... import logs
from ...engine.events import CheckReported, Message, PlanReady, Progress, StepFinished, StepStarted
from ...errors import Cancelled
from ...i18n import T
from ...units import human_seconds
from ..jobs import run_install
from ..look import monospace
from ..pump import EventPump
from ..widgets import Banner, Line, muted, render
from .base import Page
from .progress import StepRows

LEVELS = {"warn": T("warning", "警告"), "error": T("error", "错误")}


class InstallPage(Page):
    nav = T("Install", "安装")
    heading = T("Installing", "正在安装")
    intro = T("You can keep this window open and watch, or cancel: a cancelled install continues where it stopped "
              "when you run it again.", "您可以保持窗口打开查看进度，也可以取消：取消后再次运行安装，会从中断处继续。")

    def __init__(self, shared):
        super().__init__(shared)
        self.state, self.cancel_event, self.log_lines = "idle", None, []
        self.pump = EventPump(self._event, parent=self)
        self.rows, self.status = StepRows(), Line()
        steps = QGroupBox()
        self.texts.bind(steps.setTitle, T("Steps", "步骤"))
        layout = QVBoxLayout(steps)
        layout.addWidget(self.status)
        layout.addWidget(self.rows)
        self.result = Banner()
        self.body.addWidget(steps)
        self.body.addWidget(self.result)
        self.body.addLayout(self._buttons())
        self.body.addWidget(self._log_box(), 1)

    def title_text(self):
        return {"done": T("JobFirst is installed", "JobFirst 已安装"), "failed": T("The install stopped", "安装已停止"),
                "cancelled": T("The install was cancelled", "安装已取消")}.get(getattr(self, "state", None), self.heading)

    def intro_text(self):
        if getattr(self, "state", None) == "done":
            return T("Every step finished. Next shows what the install checked on the servers.",
                     "所有步骤均已完成。下一步查看安装过程在服务器上检查的结果。")
        return self.intro

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.cancel_button, self.resume_button, self.back_button = QPushButton(), QPushButton(), QPushButton()
        self.texts.bind(self.cancel_button.setText, T("Cancel the install", "取消安装"))
        self.texts.bind(self.resume_button.setText, lambda: T("Try again", "重试") if self.state == "failed"
                        else T("Resume", "继续安装"))
        self.texts.bind(self.back_button.setText, T("Change the answers", "修改选择"))
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(self.start)
        self.back_button.clicked.connect(lambda: self.wizard().back())
        for button in (self.cancel_button, self.resume_button, self.back_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _log_box(self) -> QGroupBox:
        box, self.log = QGroupBox(), QPlainTextEdit()
        self.texts.bind(box.setTitle, T("Log", "日志"))
        self.log.setReadOnly(True)
        self.log.setFont(monospace())
        self.log.setMaximumBlockCount(5000)
        self.log.setMinimumHeight(140)
        path = muted(lambda: T("Full detail: {path}", "完整日志：{path}", path=str(logs.current_log())))
        path.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(box)
        layout.addWidget(self.log)
        layout.addWidget(path)
        return box

    # -- running -----------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        self.cancel_event = threading.Event()
        self.shared.results.clear()
        self.shared.artifacts.clear()
        self._set_state("running")
        self.result.clear()
        self.status.say(T("Connecting to the servers and reading them…", "正在连接并读取服务器…"))
        self.pump.start()
        answers, cancel = self.shared.run_answers, self.cancel_event
        self.shared.tasks.start(lambda: run_install(answers, self.pump.emit, self.shared.asker, cancel),
                                self._finished, self._failed, cancel.set)

    def cancel(self) -> None:
        if self.state == "running":
            self.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.status.say(T("Stopping after the current piece of work…", "正在停止（完成当前这一小步后停止）…"))

    def running(self) -> bool:
        return self.state == "running"

    def _finished(self, plans) -> None:
        self.pump.stop()
        self._set_state("done")
        self.result.show_items("ok", T("JobFirst is installed.", "JobFirst 已安装完成。"))

    def _failed(self, err) -> None:
        self.pump.stop()
        if isinstance(err, Cancelled):
            self._set_state("cancelled")
            return self.result.show_items("warn", T("The install was cancelled.", "安装已取消。"), [
                T("The servers were left so that the install continues where it stopped: press Resume now, or run "
                  "the same install later.", "服务器保持在可继续的状态：现在点击“继续安装”，或稍后再次运行同样的安装即可从中断处继续。")])
        self._set_state("failed")
        self.result.show_items("fail", T("The install stopped.", "安装已停止。"), [err])

    def _set_state(self, state: str) -> None:
        self.state = state
        self.shared.install_running = state == "running"
        self.status.say(None)
        self.cancel_button.setVisible(state == "running")
        self.cancel_button.setEnabled(True)
        self.resume_button.setVisible(state in ("cancelled", "failed"))
        self.back_button.setVisible(state in ("cancelled", "failed"))
        self.texts.refresh()
        self.changed()

    # -- events ------------------------------------------------------------------------------
    def _event(self, event) -> None:
        if isinstance(event, PlanReady):
            self.status.say(None)
            self.rows.set_plan(event.plan)
            self.shared.step_titles.update({p.step: p.title for p in event.plan})
        elif isinstance(event, StepStarted):
            self.rows.update_step(event.step, "running", event.title)
            self._log("info", None, event.title)
        elif isinstance(event, Progress):
            self.rows.progress(event)
        elif isinstance(event, StepFinished):
            took = T("{t}", "用时 {t}", t=human_seconds(event.seconds)) if event.status == "done" else None
            self.rows.update_step(event.step, event.status, None, event.detail, took)
        elif isinstance(event, Message):
            self._log(event.level, event.target, event.text)
        self._collect(event)

    def _collect(self, event) -> None:
        """What the results page shows: check results and files the install produced (reports)."""
        if isinstance(event, CheckReported):
            self.shared.results.append(event)
        elif getattr(event, "path", None):
            self.shared.artifacts.append(event)

    def _log(self, level: str, target, text) -> None:
        entry = (time.strftime("%H:%M:%S"), level, target, text)
        self.log_lines.append(entry)
        self.log.appendPlainText(self._line(entry))

    @staticmethod
    def _line(entry) -> str:
        stamp, level, target, text = entry
        tag = f"[{render(LEVELS[level])}] " if level in LEVELS else ""
        return f"{stamp}  {tag}{target + ': ' if target else ''}{render(text)}"

    def isComplete(self) -> bool:
        return self.state == "done"

    def retranslate(self) -> None:
        super().retranslate()
        self.rows.refresh()
        self.log.setPlainText("\n".join(self._line(e) for e in self.log_lines))
