"""Language and welcome: what the wizard does, what to have at hand, where the log file is."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ... import i18n, logs
from ...i18n import T
from ..widgets import Banner, muted, render
from .base import Page

LANGUAGES = [("en", "English"), ("zh", "简体中文")]  # each name in its own language
NEEDS = T("<ul style='margin-left:-20px'>"
          "<li>the licence file (<b>.lic</b>) JobFirst sent you;</li>"
          "<li>the offline bundle folder (<b>jobfirst-&lt;version&gt;.bundle</b>);</li>"
          "<li>for each server: its address and an SSH login as root, or as a user who may use sudo;</li>"
          "<li>the HTTPS certificate for your site, or choose an evaluation certificate for a trial.</li></ul>",
          "<ul style='margin-left:-20px'>"
          "<li>JobFirst 发给您的授权文件（<b>.lic</b>）；</li>"
          "<li>离线安装包文件夹（<b>jobfirst-&lt;版本&gt;.bundle</b>）；</li>"
          "<li>每台服务器的地址，以及 root 或可使用 sudo 的用户的 SSH 登录方式；</li>"
          "<li>站点的 HTTPS 证书；试用时也可以选择评估证书。</li></ul>")


class WelcomePage(Page):
    nav = T("Welcome", "欢迎")
    heading = T("Install JobFirst on your own servers", "将 JobFirst 安装到您自己的服务器")
    intro = T("This wizard installs the JobFirst stack on your Linux servers, fully offline. Nothing changes on a "
              "server until you confirm on the Review page.",
              "本向导会将 JobFirst 完整部署到您的 Linux 服务器上，全程无需联网。在“检查并确认”页确认之前，服务器上不会有任何改动。")

    def __init__(self, shared):
        super().__init__(shared)
        self.body.addWidget(self._language_box())
        self.body.addWidget(self._needs_box())
        self.body.addWidget(self._answers_box())
        self.problem = Banner()
        self.body.addWidget(self.problem)
        self.body.addStretch(1)
        log_line = muted(lambda: T("Log file: {path}", "日志文件：{path}", path=str(logs.current_log())))
        log_line.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.body.addWidget(log_line)

    def _language_box(self) -> QGroupBox:
        box, self.language = QGroupBox("Language / 语言"), QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex([c for c, _ in LANGUAGES].index(i18n.language()))
        self.language.currentIndexChanged.connect(lambda i: self.shared.switch_language(LANGUAGES[i][0]))
        row = QHBoxLayout(box)
        row.addWidget(self.language)
        row.addStretch(1)
        return box

    def _needs_box(self) -> QGroupBox:
        box, label = QGroupBox(), QLabel()
        label.setTextFormat(Qt.RichText)
        label.setWordWrap(True)
        self.texts.bind(box.setTitle, T("Have these at hand", "请准备好"))
        self.texts.bind(label.setText, NEEDS)
        QVBoxLayout(box).addWidget(label)
        return box

    def _answers_box(self) -> QGroupBox:
        box, button = QGroupBox(), QPushButton()
        self.texts.bind(box.setTitle, T("Repeat an earlier install", "重复以前的安装"))
        self.texts.bind(button.setText, T("Load an answer file…", "载入应答文件…"))
        note = muted(T("Starts from the answers saved at the end of an earlier install. Secrets are read from the "
                       "environment variables the file names.", "从以前安装结束时保存的应答文件开始。密钥从文件中指定的环境变量读取。"))
        button.clicked.connect(self.load_answers)
        row = QHBoxLayout(box)
        row.addWidget(button)
        row.addWidget(note, 1)
        return box

    def retranslate(self) -> None:
        super().retranslate()
        self.language.blockSignals(True)
        self.language.setCurrentIndex([c for c, _ in LANGUAGES].index(i18n.language()))
        self.language.blockSignals(False)

    def load_answers(self) -> None:
        caption = T("Answer file", "应答文件")
        path, _ = QFileDialog.getOpenFileName(self, render(caption), "", "YAML (*.yaml *.yml);;* (*)")
        if path:
            self.open_answers(path)

    def open_answers(self, path: str) -> None:
        try:
            self.shared.load_answers(path)
            self.problem.show_items("ok", T("Loaded {path}.", "已载入 {path}。", path=path))
        except (OSError, ValueError) as err:
            self.problem.show_items("fail", T("Cannot use {path}: {why}", "无法使用 {path}：{why}", path=path,
                                              why=str(err)))
