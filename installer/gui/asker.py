"""The engine's questions, answered in the wizard (certbot's one interface, second implementation).
`confirm` is answered by the pages (the review page is the single commit point); a question no page
answered, and every unknown SSH host key, is shown to the user. Questions arrive on worker threads:
they are handed to the GUI thread through a queued signal and the worker waits for the answer."""
from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from ..engine.questions import Asker
from ..i18n import T, Text

HOST_KEY_TITLE = T("Confirm the server's identity", "确认服务器身份")
HOST_KEY_TEXT = Text(
    "This is the first connection to <b>{host}</b> (port {port}). The server presented this SSH host key:"
    "<p style='font-family: monospace; font-size: 14px; white-space: pre'>{fp}</p>"
    "Compare it with the fingerprint shown on the server's own console by<br>"
    "<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code><br>"
    "Connect only if both are the same; a different key can mean that someone intercepts the connection.",
    "这是第一次连接 <b>{host}</b>（端口 {port}）。服务器出示的 SSH 主机密钥指纹为："
    "<p style='font-family: monospace; font-size: 14px; white-space: pre'>{fp}</p>"
    "请在服务器本机控制台上运行<br><code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code><br>"
    "核对指纹。只有两者完全一致时才连接；不一致可能意味着连接被劫持。", {})
TRUST = T("Trust and connect", "信任并连接")
DONT = T("Do not connect", "不连接")


@dataclass
class Question:
    kind: str                      # "confirm" | "host_key"
    args: dict
    answered: threading.Event = field(default_factory=threading.Event)
    answer: bool = False


class GuiAsker(QObject, Asker):
    asked = Signal(object)

    def __init__(self, window_getter, on_trusted=None, parent=None):
        super().__init__(parent)
        self.window_getter, self.on_trusted = window_getter, on_trusted or (lambda *a: None)
        self.answers: dict[str, bool] = {}   # key -> answer given by a page
        self.closing = False
        self._one_at_a_time = threading.Lock()
        self.asked.connect(self._show, Qt.QueuedConnection)

    # -- the engine's side (worker threads) --------------------------------------------------
    def confirm(self, key: str, question: Text, detail: Text | None = None) -> bool:
        if key in self.answers:
            return self.answers[key]
        return self._ask(Question("confirm", {"question": question, "detail": detail}))

    def trust_host_key(self, host: str, port: int, fingerprint: str) -> bool:
        return self._ask(Question("host_key", {"host": host, "port": port, "fp": fingerprint}))

    def _ask(self, question: Question) -> bool:
        if QThread.currentThread() is self.thread():
            raise RuntimeError("engine questions must be asked from a worker thread")
        with self._one_at_a_time:
            self.asked.emit(question)
            while not question.answered.wait(0.1):
                if self.closing:
                    return False
        return question.answer

    # -- the GUI's side ----------------------------------------------------------------------
    @Slot(object)
    def _show(self, question: Question) -> None:
        box = QMessageBox(self.window_getter())
        box.setObjectName("hostKeyDialog" if question.kind == "host_key" else "confirmDialog")
        box.setIcon(QMessageBox.Question)
        box.setTextFormat(Qt.RichText)
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        yes, no = self._fill(box, question)
        box.setDefaultButton(no)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 560px; }")  # the fingerprint on one line
        box.finished.connect(lambda _: self._answer(question, box.clickedButton() is yes))
        box.open()

    def _fill(self, box: QMessageBox, question: Question):
        if question.kind == "host_key":
            a = question.args
            box.setWindowTitle(HOST_KEY_TITLE.render())
            box.setText(Text(HOST_KEY_TEXT.en, HOST_KEY_TEXT.zh, {
                "host": html.escape(a["host"]), "port": a["port"], "fp": html.escape(a["fp"])}).render())
            return box.addButton(TRUST.render(), QMessageBox.YesRole), box.addButton(DONT.render(), QMessageBox.NoRole)
        box.setWindowTitle(T("Please confirm", "请确认").render())
        box.setText(html.escape(question.args["question"].render()))
        if question.args["detail"] is not None:
            box.setInformativeText(html.escape(question.args["detail"].render()))
        return box.addButton(QMessageBox.Yes), box.addButton(QMessageBox.No)

    def _answer(self, question: Question, yes: bool) -> None:
        question.answer = yes
        if yes and question.kind == "host_key":
            a = question.args
            self.on_trusted(a["host"], a["port"], a["fp"])
        question.answered.set()
