"""The licence: picked as a file or pasted, checked as soon as it is complete, shown in plain words.
A valid licence also fills what it decides: the deployment mode, the client, the site's domain."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from ...errors import InstallerError
from ...i18n import T
from ...licence import describe, read_licence_file, read_licence_text, validity_findings
from ..look import monospace
from ..model import wizard_dir
from ..widgets import Banner, FilePicker, debounce, muted, render
from .base import Page

PASTE_HINT = "-----BEGIN JOBFIRST LICENCE-----\n…\n-----END JOBFIRST LICENCE SIGNATURE-----"


class LicencePage(Page):
    nav = T("Licence", "授权")
    heading = T("Your JobFirst licence", "您的 JobFirst 授权")
    intro = T("Choose the licence file JobFirst sent you, or paste its text. It is checked here, offline.",
              "请选择 JobFirst 发给您的授权文件，或粘贴其内容。授权在本机离线校验。")

    def __init__(self, shared):
        super().__init__(shared)
        self.lic, self.errors, self.source = None, [], "file"
        self.timer = debounce(self, 250, self.evaluate)
        self.body.addWidget(self._input_box())
        self.result = Banner()
        self.body.addWidget(self.result)
        self.details = QGroupBox()
        self.texts.bind(self.details.setTitle, T("What this licence grants", "授权内容"))
        self.form = QFormLayout(self.details)
        self.details.hide()
        self.body.addWidget(self.details)
        self.body.addWidget(self._hybrid_box())
        self.body.addStretch(1)

    def _input_box(self) -> QGroupBox:
        box = QGroupBox()
        self.texts.bind(box.setTitle, T("Licence file", "授权文件"))
        self.picker = FilePicker(self.texts, T("Licence file", "授权文件"), filters="Licence (*.lic);;* (*)")
        self.paste = QPlainTextEdit()
        self.paste.setFont(monospace())
        self.paste.setPlaceholderText(PASTE_HINT)
        self.paste.setFixedHeight(96)
        or_paste = muted(T("or paste the licence text:", "或粘贴授权文本："))
        layout = QVBoxLayout(box)
        for widget in (self.picker, or_paste, self.paste):
            layout.addWidget(widget)
        self.picker.changed.connect(lambda _: self._edited("file"))
        self.paste.textChanged.connect(lambda: self._edited("paste"))
        return box

    def _hybrid_box(self) -> QGroupBox:
        self.hybrid = QGroupBox()
        self.texts.bind(self.hybrid.setTitle, T("JobFirst AI service (hybrid licence)", "JobFirst AI 服务（混合部署授权）"))
        self.ai_url, self.ai_token = QLineEdit(), QLineEdit()
        self.ai_token.setEchoMode(QLineEdit.Password)
        self.ai_url.setPlaceholderText("https://")
        form = QFormLayout(self.hybrid)
        for label, field in ((T("Service address", "服务地址"), self.ai_url), (T("Access token", "访问令牌"), self.ai_token)):
            caption = QLabel()
            self.texts.bind(caption.setText, label)
            form.addRow(caption, field)
        self.ai_url.textChanged.connect(self._hybrid_edited)
        self.ai_token.textChanged.connect(self._hybrid_edited)
        self.hybrid.hide()
        return self.hybrid

    def initializePage(self) -> None:
        if not self.picker.path() and self.model.data.get("licence"):
            self.picker.set_path(self.model.data["licence"])
        self.ai_url.setText((self.model.data.get("hybrid") or {}).get("ai_url", ""))

    # -- checking ----------------------------------------------------------------------------
    def _edited(self, source: str) -> None:
        self.source = source
        self.timer.start()

    def evaluate(self) -> None:
        try:
            lic = self._read()
        except InstallerError as err:
            return self._show(None, [err])
        if lic is None:
            return self._show(None, [])
        findings = validity_findings(lic, datetime.now(timezone.utc))
        self._show(lic, findings)

    def _read(self):
        if self.source == "paste" and self.paste.toPlainText().strip():
            return read_licence_text(self.paste.toPlainText())
        return read_licence_file(self.picker.path()) if self.picker.path() else None

    def _show(self, lic, findings) -> None:
        self.errors = [f for f in findings if not hasattr(f, "is_error") or f.is_error]
        self.lic = lic if not self.errors else None
        warnings = [f for f in findings if f not in self.errors]
        if self.errors:
            self.result.show_items("fail", T("This licence cannot be used.", "此授权无法使用。"), self.errors)
        elif lic is not None:
            self.result.show_items("warn" if warnings else "ok", T("Genuine JobFirst licence, valid today.",
                                                                   "JobFirst 正版授权，今日有效。"), warnings)
        else:
            self.result.clear()
        self._fill_details(lic)
        self._use(self.lic)
        self.changed()

    def _fill_details(self, lic) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.details.setVisible(lic is not None)
        for label, value in describe(lic) if lic is not None else []:
            text = QLabel(render(value))
            text.setWordWrap(True)
            self.form.addRow(render(label), text)

    # -- into the answers --------------------------------------------------------------------
    def _use(self, lic) -> None:
        data = self.model.data
        self.hybrid.setVisible(lic is not None and lic.kind == "hybrid")
        if lic is None:
            data.pop("licence", None)
            return
        data["licence"] = self._licence_path(lic)
        data["mode"] = lic.kind
        data["client"] = {"id": lic.client_id, "name": lic.client_name}
        tls = self.model.section("tls")
        if lic.domain and "*" not in lic.domain and not tls.get("domain"):
            tls["domain"] = lic.domain

    def _licence_path(self, lic) -> str:
        if self.source == "file" or not self.paste.toPlainText().strip():
            return self.picker.path()
        path = wizard_dir() / f"licence-{lic.licence_id}.lic"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(lic.armored(), encoding="utf-8")
        return str(path)

    def _hybrid_edited(self) -> None:
        hybrid = self.model.section("hybrid")
        self.model.set(hybrid, "ai_url", self.ai_url.text().strip())
        self.model.put_secret(hybrid, ("hybrid", "ai_token"), self.ai_token.text())
        self.changed()

    def isComplete(self) -> bool:
        if self.lic is None:
            return False
        return self.lic.kind != "hybrid" or not self.model.problems("hybrid")

    def retranslate(self) -> None:
        super().retranslate()
        self._fill_details(self.lic)
