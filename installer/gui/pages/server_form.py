"""The form of one server: every edit goes straight into that target's entry of the answers model;
passwords go into this process's environment and the entry refers to them ({env: NAME})."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractSpinBox, QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from ...i18n import T
from ..widgets import FilePicker, Line, render

LABELS = {"host": T("Address", "地址"), "port": T("SSH port", "SSH 端口"), "user": T("User", "用户"),
          "key": T("Private key file", "私钥文件"), "key_passphrase": T("Key passphrase", "私钥口令"),
          "password": T("Password", "密码"), "sudo_password": T("Sudo password", "sudo 密码"),
          "install_dir": T("Install folder", "安装目录"), "docker_host": T("Docker socket", "Docker 套接字"),
          "name": T("Name in reports", "报告中的名称"), "host_key": T("Host key", "主机密钥")}
OPTIONAL = T("optional", "可选")


class ServerForm(QWidget):
    edited = Signal()

    def __init__(self, page):
        super().__init__()
        self.page, self.model, self.texts = page, page.model, page.texts
        self.entry, self.index, self._loading = None, 0, False
        self.rows: dict = {}
        self.placeholders: dict = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._login_box())
        advanced = self._advanced_box()
        self.advanced_toggle = QPushButton()
        self.advanced_toggle.setFlat(True)
        self.texts.bind(self.advanced_toggle.setText, lambda: ("▾ " if not self.advanced.isHidden() else "▸ ") + T(
            "Advanced settings", "高级设置").render())
        self.advanced_toggle.clicked.connect(lambda: self.show_advanced(self.advanced.isHidden()))
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignLeft)
        layout.addWidget(advanced)

    # -- building ----------------------------------------------------------------------------
    def _row(self, form: QFormLayout, key: str, widget) -> None:
        caption = QLabel()
        self.texts.bind(caption.setText, LABELS[key])
        form.addRow(caption, widget)
        self.rows[key] = (caption, widget)

    def _text(self, key: str, secret: bool = False, placeholder=None) -> QLineEdit:
        edit = QLineEdit()
        if secret:
            edit.setEchoMode(QLineEdit.Password)
        if placeholder is not None:
            self.placeholders[key] = placeholder
            self.texts.bind(edit.setPlaceholderText, placeholder)
        edit.textEdited.connect(lambda value, k=key, s=secret: self._write(k, value, s))
        return edit

    def _login_box(self) -> QGroupBox:
        box, form = QGroupBox(), QFormLayout()
        self.texts.bind(box.setTitle, T("Server and login", "服务器与登录"))
        self.host, self.port, self.user = self._text("host", placeholder="198.51.100.10"), QSpinBox(), self._text("user")
        self.port.setRange(1, 65535)
        self.port.setButtonSymbols(QAbstractSpinBox.NoButtons)
        self.port.setFixedWidth(90)
        self.port.valueChanged.connect(lambda v: self._write("port", v))
        for key, widget in (("host", self.host), ("port", self.port), ("user", self.user)):
            self._row(form, key, widget)
        form.addRow("", self._method_row())
        self.key = FilePicker(self.texts, LABELS["key"])
        self.key.changed.connect(lambda v: self._write("key", v.strip()))
        self.passphrase, self.password = self._text("key_passphrase", True, OPTIONAL), self._text("password", True)
        self.sudo = self._text("sudo_password", True, T("only if sudo asks for one", "仅当 sudo 需要密码时填写"))
        for key, widget in (("key", self.key), ("key_passphrase", self.passphrase), ("password", self.password),
                            ("sudo_password", self.sudo)):
            self._row(form, key, widget)
        self.host_key = Line()
        self._row(form, "host_key", self.host_key)
        QVBoxLayout(box).addLayout(form)
        return box

    def _method_row(self) -> QWidget:
        row, layout = QWidget(), QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        self.by_key, self.by_password = QRadioButton(), QRadioButton()
        self.texts.bind(self.by_key.setText, T("Log in with an SSH key", "使用 SSH 密钥登录"))
        self.texts.bind(self.by_password.setText, T("Log in with a password", "使用密码登录"))
        group = QButtonGroup(row)
        for button in (self.by_key, self.by_password):
            group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        row.setLayout(layout)
        self.by_key.toggled.connect(self._method_changed)
        return row

    def _advanced_box(self) -> QGroupBox:
        box, form = QGroupBox(), QFormLayout()
        self.advanced = box
        box.setVisible(False)
        self.texts.bind(box.setTitle, T("Advanced (usually left as they are)", "高级（通常保持默认）"))
        self.install_dir = self._text("install_dir", placeholder="/opt/jobfirst")
        self.docker_host = self._text("docker_host", placeholder="unix:///var/run/docker.sock")
        self.name = self._text("name", placeholder=OPTIONAL)
        for key, widget in (("install_dir", self.install_dir), ("docker_host", self.docker_host), ("name", self.name)):
            self._row(form, key, widget)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        return box

    # -- model <-> form ----------------------------------------------------------------------
    def load(self, index: int) -> None:
        self.index, self.entry, self._loading = index, self.model.targets[index], True
        e = self.entry
        for key, edit in (("host", self.host), ("user", self.user), ("install_dir", self.install_dir),
                          ("docker_host", self.docker_host), ("name", self.name)):
            edit.setText(str(e.get(key) or ""))
        self.port.setValue(int(e.get("port") or 22))
        self.show_advanced(any(e.get(k) for k in ("install_dir", "docker_host", "name")))
        self.key.set_path(e.get("key"))
        for key, edit in (("key_passphrase", self.passphrase), ("password", self.password), ("sudo_password", self.sudo)):
            edit.clear()
            ref = e.get(key)
            from_env = isinstance(ref, dict) and "env" in ref
            edit.setPlaceholderText(T("(from environment variable {name})", "（取自环境变量 {name}）",
                                      name=ref["env"]).render() if from_env else render(self.placeholders.get(key)))
        (self.by_password if e.get("password") and not e.get("key") else self.by_key).setChecked(True)
        self._method_changed()
        self._loading = False
        self.refresh_host_key()

    def show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.texts.refresh()

    def _write(self, key: str, value, secret: bool = False) -> None:
        if self._loading or self.entry is None:
            return
        if secret:
            self.model.put_secret(self.entry, ("targets", self.index, key), value)
        else:
            self.model.set(self.entry, key, value.strip() if isinstance(value, str) else value)
        if key in ("host", "port"):
            self.entry.pop("host_key", None)  # another server: its key must be confirmed again
            self.refresh_host_key()
        self.edited.emit()

    def _method_changed(self) -> None:
        by_key = self.by_key.isChecked()
        for key, shown in (("key", by_key), ("key_passphrase", by_key), ("password", not by_key)):
            for widget in self.rows[key]:
                widget.setVisible(shown)
        if not self._loading and self.entry is not None:
            for key in (("password",) if by_key else ("key", "key_passphrase")):
                self.entry.pop(key, None)
            self.edited.emit()

    def refresh_host_key(self) -> None:
        fp = (self.entry or {}).get("host_key")
        self.host_key.say(T("{fp} (confirmed)", "{fp}（已确认）", fp=fp) if fp else
                          T("not confirmed yet: you will see the server's fingerprint when you connect",
                            "尚未确认：连接时会显示服务器的指纹供您核对"))

    def retranslate(self) -> None:
        if self.entry is not None:
            self.load(self.index)


def problem_lines(problems) -> list:
    """Schema problems of one target as 'Field: what is wrong' lines."""
    return [T("{field}: {message}", "{field}：{message}", field=LABELS.get(p.path[2] if len(p.path) > 2 else "", T(
        "Login", "登录")), message=p.message) for p in problems]
