"""Finish: where JobFirst now runs, what to hand the users, and "save these answers": an answer file
(secrets only as references) that replays this install headless."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from ... import logs
from ...answers.export import export_answers
from ...errors import InstallerError
from ...i18n import T
from ..widgets import Banner, muted, render
from .base import Page


class FinishPage(Page):
    nav = T("Finish", "完成")
    heading = T("JobFirst is installed", "JobFirst 安装完成")
    intro = T("Keep the answers of this install to repeat it later, on these or other servers, without the wizard.",
              "请保存本次安装的选择，以后无需向导即可在这些或其他服务器上重复安装。")

    def __init__(self, shared):
        super().__init__(shared)
        self.where, self.saved = Banner(), Banner()
        self.body.addWidget(self.where)
        self.body.addWidget(self._save_box())
        self.body.addStretch(1)
        log_line = muted(lambda: T("Log file: {path}", "日志文件：{path}", path=str(logs.current_log())))
        log_line.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.body.addWidget(log_line)

    def _save_box(self) -> QGroupBox:
        box, button, row = QGroupBox(), QPushButton(), QHBoxLayout()
        self.texts.bind(box.setTitle, T("Save these answers", "保存这些选择"))
        self.texts.bind(button.setText, T("Save as an answer file…", "保存为应答文件…"))
        button.setProperty("primary", True)
        button.clicked.connect(self.choose_file)
        note = muted(T("Passwords are not written into the file: it names environment variables to set instead.",
                       "文件中不会写入密码，而是写明需要设置的环境变量。"))
        row.addWidget(button)
        row.addWidget(note, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.saved)
        return box

    def initializePage(self) -> None:
        tls = self.model.data.get("tls") or {}
        items = [T("Users open https://{domain}", "用户访问 https://{domain}", domain=tls.get("domain", "?"))]
        if tls.get("generate_eval"):
            from ...tls.install import eval_dir
            ca = os.path.join(eval_dir(self.shared.run_answers), "eval-ca.crt")
            items.append(T("Evaluation certificate: give your users {ca} to add to their trusted certificates.",
                           "评估证书：请把 {ca} 发给用户，加入其受信任的证书。", ca=ca))
        self.where.show_items("ok", T("JobFirst is running.", "JobFirst 正在运行。"), items)

    def choose_file(self) -> None:
        caption = T("Save the answers", "保存应答文件")
        path, _ = QFileDialog.getSaveFileName(self, render(caption), "jobfirst-answers.yaml", "YAML (*.yaml *.yml)")
        if path:
            self.save(path)

    def save(self, path: str) -> None:
        try:
            names = export_answers(self.model.data, path)
        except OSError as err:
            return self.saved.show_items("fail", T("Cannot write {path}: {why}", "无法写入 {path}：{why}", path=path,
                                                   why=err.strerror or str(err)))
        except InstallerError as err:
            return self.saved.show_items("fail", T("Not saved.", "未保存。"), [err])
        steps = [T("export {name}=…   (the value you typed in the wizard)", "export {name}=…   （您在向导中填写的值）",
                   name=n) for n in names]
        steps.append(T("jobfirst-installer install --answers {path} --yes", "jobfirst-installer install --answers {path} --yes",
                       path=path))
        self.saved.show_items("ok", T("Saved {path}. To replay this install:", "已保存 {path}。重放本次安装：", path=path),
                              steps)
