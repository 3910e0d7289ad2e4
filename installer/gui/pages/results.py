"""Verification results: exactly what the install's steps reported (check results, and files such as
the acceptance report, to open or save). Nothing here is assumed: no report means none was made."""
from __future__ import annotations

import os
import shutil

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from ...checks.result import FAIL, PASS
from ...install import VERIFY, VERIFY_TITLE
from ...i18n import T, plain
from ..widgets import Banner, Line, render
from .base import Page
from .checks import COLUMNS, status_cell


def status_of(result) -> str:
    """Server checks say pass/warn/fail; verification findings say ok or not."""
    return getattr(result, "status", None) or (PASS if getattr(result, "ok", False) else FAIL)


class ResultsPage(Page):
    nav = T("Results", "验证结果")
    heading = T("Verification results", "验证结果")
    intro = T("What the install measured and checked on the servers, and the reports it wrote.",
              "安装过程在服务器上检查和测量的结果，以及生成的报告。")

    def __init__(self, shared):
        super().__init__(shared)
        self.tree, self.empty = QTreeWidget(), Line()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.tree.setMinimumHeight(240)
        self.summary = Banner()
        self.files = QGroupBox()
        self.texts.bind(self.files.setTitle, T("Reports", "报告"))
        self.files_layout = QVBoxLayout(self.files)
        for widget in (self.summary, self.empty, self.tree, self.files):
            self.body.addWidget(widget)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        self._fill()

    def _fill(self) -> None:
        results, artifacts = self.shared.results, self.shared.artifacts
        self.tree.setVisible(bool(results))
        self.tree.clear()
        self.tree.setHeaderLabels([render(c) for c in COLUMNS])
        self.empty.say(None if results else T("The install reported no check results.", "本次安装没有报告检查结果。"))
        for step, events in self._by_step(results).items():
            self._group(step, events)
        self._summarise(results)
        self._fill_files(artifacts)

    @staticmethod
    def _by_step(results) -> dict:
        groups: dict = {}
        for event in results:
            groups.setdefault(event.step, []).append(event)
        return groups

    def _group(self, step: str, events) -> None:
        title = self.shared.step_titles.get(step) or (VERIFY_TITLE if step == VERIFY else plain(step))
        top = QTreeWidgetItem([render(title)])
        self.tree.addTopLevelItem(top)
        for event in events:
            r = event.result
            child = QTreeWidgetItem([f"{event.target}: {render(r.title)}", "", str(getattr(r, "value", "")),
                                     render(getattr(r, "requirement", ""))])
            status_cell(child, 1, status_of(r))
            top.addChild(child)
        top.setExpanded(any(status_of(e.result) != PASS for e in events) or step != "checks")

    def _summarise(self, results) -> None:
        bad = [e for e in results if status_of(e.result) == FAIL]
        if not results:
            return self.summary.clear()
        if bad:
            return self.summary.show_items("fail", T("{n} check(s) did not pass.", "{n} 项检查未通过。", n=len(bad)),
                                           [getattr(e.result, "fix", None) or getattr(e.result, "detail", None) or
                                            e.result.title for e in bad])
        self.summary.show_items("ok", T("Every reported check passed.", "报告的所有检查均已通过。"))

    def _fill_files(self, artifacts) -> None:
        while self.files_layout.count():
            self.files_layout.takeAt(0).widget().deleteLater()
        self.files.setVisible(bool(artifacts))
        for event in artifacts:
            self.files_layout.addWidget(self._file_row(event))

    def _file_row(self, event) -> QGroupBox:
        row, box = QHBoxLayout(), QGroupBox()
        box.setTitle(render(getattr(event, "title", None)) or os.path.basename(event.path))
        open_button, save_button = QPushButton(T("Open", "打开").render()), QPushButton(T("Save a copy…", "另存为…").render())
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(event.path)))
        save_button.clicked.connect(lambda: self.save_copy(event.path))
        for widget in (QLabel(event.path), open_button, save_button):
            row.addWidget(widget)
        box.setLayout(row)
        return box

    def save_copy(self, path: str) -> None:
        target, _ = QFileDialog.getSaveFileName(self, T("Save a copy", "另存为").render(), os.path.basename(path))
        if not target:
            return
        try:
            shutil.copyfile(path, target)
        except OSError as err:
            self.summary.show_items("fail", T("Cannot save {path}: {why}", "无法保存 {path}：{why}", path=target,
                                              why=err.strerror or str(err)))

    def retranslate(self) -> None:
        super().retranslate()
        self._fill()
