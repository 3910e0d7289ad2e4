"""Server checks: every target's facts judged against what JobFirst needs, as a table of pass / warn /
fail; below it, what to do about each problem. Re-run after fixing; Next needs no failure."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTreeWidget, QTreeWidgetItem

from ...checks.preflight import run_checks
from ...checks.result import FAIL, PASS, WARN
from ...i18n import T
from ..look import FAIL as RED, OK as GREEN, WARN as AMBER
from ..tasks import Latest
from ..widgets import Banner, Line, render
from .base import Page

STATUS = {PASS: ("✔", T("Pass", "通过"), GREEN), WARN: ("▲", T("Warning", "警告"), AMBER),
          FAIL: ("✖", T("Fail", "未通过"), RED)}
COLUMNS = (T("Check", "检查项"), T("Result", "结果"), T("Found", "实际情况"), T("Required", "要求"))


def status_cell(item: QTreeWidgetItem, column: int, status: str) -> None:
    mark, word, colour = STATUS[status]
    item.setText(column, f"{mark} {render(word)}")
    item.setForeground(column, QBrush(QColor(colour)))


class ChecksPage(Page):
    nav = T("Server checks", "服务器检查")
    heading = T("Server checks", "服务器检查")
    intro = T("Each server is checked against what JobFirst needs: system, memory, disk space, Docker, free ports. "
              "Nothing is changed on the servers.",
              "逐台检查服务器是否满足 JobFirst 的要求：系统、内存、磁盘空间、Docker、空闲端口等。不会改动服务器。")

    def __init__(self, shared):
        super().__init__(shared)
        self.reports, self.latest = None, Latest(shared.tasks)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.setMinimumHeight(260)
        row, self.rerun, self.status = QHBoxLayout(), QPushButton(), Line()
        self.texts.bind(self.rerun.setText, T("Run the checks again", "重新检查"))
        self.rerun.clicked.connect(self.start)
        row.addWidget(self.rerun)
        row.addWidget(self.status, 1)
        self.summary = Banner()
        self.body.addLayout(row)
        self.body.addWidget(self.tree, 1)
        self.body.addWidget(self.summary)

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        answers, problems = self.model.check_part(("ssh", "bundle", "deploy"))
        self.reports = None
        self.tree.clear()
        self.changed()
        if problems:
            return self.summary.show_items("fail", T("The server details are not complete.", "服务器信息不完整。"), problems)
        self.rerun.setEnabled(False)
        self.status.say(T("Checking {n} server(s)…", "正在检查 {n} 台服务器…", n=len(answers.targets)))
        self.summary.clear()
        self.latest.run(lambda: run_checks(answers, self.shared.asker), self._done, self._failed)

    def _done(self, reports) -> None:
        self.reports = reports
        self.rerun.setEnabled(True)
        self.status.say(None)
        self._fill()
        self.changed()

    def _failed(self, err) -> None:
        self.rerun.setEnabled(True)
        self.status.say(None)
        self.summary.show_items("fail", T("The checks could not run.", "无法执行检查。"), [err])

    def _fill(self) -> None:
        self.tree.clear()
        self.tree.setHeaderLabels([render(c) for c in COLUMNS])
        for report in self.reports or []:
            top = QTreeWidgetItem([f"{report.name} ({report.host})" if report.name != report.host else report.host])
            status_cell(top, 1, report.status)
            self.tree.addTopLevelItem(top)
            for r in report.results:
                child = QTreeWidgetItem([render(r.title), "", str(r.value), render(r.requirement)])
                status_cell(child, 1, r.status)
                for column in range(4):  # long values are elided in the table: the whole text on hover
                    child.setToolTip(column, child.text(column))
                if r.fix is not None:
                    child.setToolTip(0, render(r.fix))
                top.addChild(child)
            top.setExpanded(True)
        self._summarise()

    def _summarise(self) -> None:
        items = [r.error for r in self.reports if r.error is not None]  # unreachable: says where and the fix
        items += [T("{server} — {check}: {fix}", "{server} — {check}：{fix}", server=rep.host, check=r.title,
                    fix=r.fix if r.fix is not None else r.requirement)
                  for rep in self.reports for r in rep.results if r.status != PASS]
        worst = FAIL if any(r.status == FAIL for r in self.reports) else (WARN if items else PASS)
        headline = {PASS: T("Every server passed every check.", "所有服务器均通过全部检查。"),
                    WARN: T("The install can go ahead. Worth fixing:", "可以继续安装。建议处理："),
                    FAIL: T("Fix these on the servers, then run the checks again:", "请在服务器上解决以下问题，然后重新检查：")}
        self.summary.show_items({PASS: "ok", WARN: "warn", FAIL: "fail"}[worst], headline[worst], items)

    def isComplete(self) -> bool:
        return self.reports is not None and all(r.status != FAIL for r in self.reports)

    def retranslate(self) -> None:
        super().retranslate()
        if self.reports is not None:
            self._fill()
        self.tree.setHeaderLabels([render(c) for c in COLUMNS])
