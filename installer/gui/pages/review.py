"""Review: the single commit point. The answers in short, then the engine's plan read from the servers
(what each step would change, or why it has nothing to do). Nothing persistent changes on a server
before the admin presses Install here."""
from __future__ import annotations

import copy
import threading

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QProgressBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout
from PySide6.QtWidgets import QWizard

from ...i18n import T
from ..jobs import run_install
from ..pump import EventPump
from ..tasks import Latest
from ..widgets import Banner, Line, render
from .base import Page


class ReviewPage(Page):
    nav = T("Review", "检查并确认")
    heading = T("Review and install", "检查并确认")
    intro = T("This is what the installer will do, read from the servers just now. Nothing has changed on them yet; "
              "Install starts the changes.",
              "以下是安装程序将要执行的操作，均为刚刚从服务器读取的结果。服务器目前尚未有任何改动；点击“开始安装”后才会开始更改。")

    def __init__(self, shared):
        super().__init__(shared)
        self.setCommitPage(True)
        self.plans, self.notes, self.latest = None, [], Latest(shared.tasks)
        self.pump = EventPump(self._event, parent=self)
        self.summary = QGroupBox()
        self.texts.bind(self.summary.setTitle, T("Your answers", "您的选择"))
        self.form = QFormLayout(self.summary)
        self.busy, self.status, self.tree = QProgressBar(), Line(), QTreeWidget()
        self.busy.setRange(0, 0)
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(220)
        plan_box = QGroupBox()
        self.texts.bind(plan_box.setTitle, T("The plan", "执行计划"))
        layout = QVBoxLayout(plan_box)
        for widget in (self.status, self.busy, self.tree):
            layout.addWidget(widget)
        self.result = Banner()
        for widget in (self.summary, plan_box, self.result):
            self.body.addWidget(widget)

    def initializePage(self) -> None:
        self.shared.asker.answers.pop("confirm", None)  # committed only by pressing Install below
        self.setButtonText(QWizard.CommitButton, T("Install", "开始安装").render())
        self._fill_summary()
        self.start()

    def start(self) -> None:
        self.plans, self.notes = None, []
        self.tree.clear()
        self.result.clear()
        self.changed()
        self.busy.show()
        self.status.say(T("Reading the servers and preparing the plan…", "正在读取服务器并生成计划…"))
        self.pump.start()
        cancel, data = threading.Event(), copy.deepcopy(self.model.data)
        self.latest.run(lambda: self._plan(data, cancel), self._planned, self._failed, cancel.set)

    def _plan(self, data, cancel):
        """On the worker: write the answers the install will run with, then the engine's dry run."""
        answers = self.model.save_for_run(data)
        return answers, run_install(answers, self.pump.emit, self.shared.asker, cancel, dry_run=True)

    def _event(self, event) -> None:
        if getattr(event, "level", "info") in ("warn", "error") and getattr(event, "text", None) is not None:
            self.notes.append(event.text)

    def _planned(self, result) -> None:
        self._stop()
        self.shared.run_answers, self.plans = result
        self._fill_plan()
        if self.notes:
            self.result.show_items("warn", T("Please note:", "请注意："), self.notes)
        self.changed()

    def _failed(self, err) -> None:
        self._stop()
        self.result.show_items("fail", T("The plan could not be made; nothing was changed.", "无法生成计划；未做任何更改。"),
                               [err])

    def _stop(self) -> None:
        self.pump.stop()
        self.busy.hide()
        self.status.say(None)

    def _fill_plan(self) -> None:
        self.tree.clear()
        for plan in self.plans or []:
            top = QTreeWidgetItem([("●  " if plan.changes_something else "○  ") + render(plan.title) + (
                "" if plan.changes_something else f" — {render(plan.unchanged_reason)}")])
            for change in plan.changes:
                top.addChild(QTreeWidgetItem([f"{change.target}: {render(change.what)}"]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)

    def _fill_summary(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, value in summary_rows(self.model.data):
            text = QLabel(render(value))
            text.setWordWrap(True)
            self.form.addRow(render(label), text)

    def validatePage(self) -> bool:
        self.shared.asker.answers["confirm"] = True  # the commit: the engine's confirm question is answered
        return True

    def isComplete(self) -> bool:
        return self.plans is not None

    def retranslate(self) -> None:
        super().retranslate()
        self.setButtonText(QWizard.CommitButton, T("Install", "开始安装").render())
        self._fill_summary()
        self._fill_plan()


def summary_rows(data: dict) -> list:
    client, tls, fw = data.get("client") or {}, data.get("tls") or {}, data.get("firewall") or {}
    servers = ", ".join(f"{t.get('user', 'root')}@{t.get('host')}" for t in data.get("targets", []))
    cert = T("evaluation certificate", "评估证书") if tls.get("generate_eval") else T("your certificate", "您的证书")
    firewall = (T("on; SSH only from {nets}", "开启；仅允许来自 {nets} 的 SSH", nets=", ".join(fw.get("management", [])))
                if fw.get("enabled", True) else T("not set up", "不设置"))
    return [(T("Client", "客户"), T("{name} ({id})", "{name}（{id}）", name=client.get("name", "?"), id=client.get("id", "?"))),
            (T("Licence", "授权"), data.get("licence", "")), (T("Bundle", "安装包"), data.get("bundle", "")),
            (T("Servers", "服务器"), servers),
            (T("Site", "站点"), T("https://{domain} with {cert}", "https://{domain}，{cert}", domain=tls.get("domain", "?"),
                                  cert=cert)),
            (T("Firewall", "防火墙"), firewall)]
