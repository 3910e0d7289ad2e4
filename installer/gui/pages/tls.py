"""The site's HTTPS certificate: the customer's files, checked live with every problem listed (what to
ask the certificate authority for), or an evaluation certificate made during the install."""
from __future__ import annotations

import os

from PySide6.QtWidgets import QButtonGroup, QFormLayout, QGroupBox, QLabel, QLineEdit, QRadioButton, QVBoxLayout

from ...i18n import T
from ...tls import check_certificate
from ..tasks import Latest
from ..widgets import Banner, FilePicker, debounce, muted
from .base import Page

PFX = (".pfx", ".p12")
FILES = (("cert", T("Certificate", "证书"), "PEM, DER, PKCS#7, PFX (*.pem *.crt *.cer *.der *.p7b *.pfx *.p12);;* (*)"),
         ("key", T("Private key", "私钥"), "Key (*.pem *.key *.der);;* (*)"),
         ("chain", T("Intermediate certificates (optional)", "中间证书（可选）"), "PEM (*.pem *.crt);;* (*)"),
         ("ca", T("Private CA (optional)", "私有 CA（可选）"), "PEM (*.pem *.crt);;* (*)"))
EVAL_NOTE = T("An evaluation certificate for {domain} is made during the install, with its own small CA "
              "(eval-ca.crt). Browsers warn until your users add that CA to their trusted certificates. For trials "
              "only, never for production.",
              "安装时会为 {domain} 生成评估证书，并附带一个专用的小型 CA（eval-ca.crt）。在用户把该 CA 加入受信任证书之前，"
              "浏览器会显示警告。仅用于试用，切勿用于生产环境。")


class TlsPage(Page):
    nav = T("Certificate", "证书")
    heading = T("HTTPS certificate", "HTTPS 证书")
    intro = T("Users reach JobFirst over HTTPS only. Give the certificate your certificate authority issued for the "
              "site; it is checked here exactly as browsers will check it.",
              "用户只能通过 HTTPS 访问 JobFirst。请提供证书颁发机构为该站点签发的证书；这里会按浏览器的方式逐项检查。")

    def __init__(self, shared):
        super().__init__(shared)
        self.report, self.checked, self.latest = None, None, Latest(shared.tasks)
        self.timer = debounce(self, 400, self.check)
        self.body.addWidget(self._site_box())
        self.body.addWidget(self._files_box())
        self.result = Banner()
        self.body.addWidget(self.result)
        self.body.addStretch(1)

    def _site_box(self) -> QGroupBox:
        box, form = QGroupBox(), QFormLayout()
        self.texts.bind(box.setTitle, T("Site", "站点"))
        self.domain, caption = QLineEdit(), QLabel()
        self.domain.setPlaceholderText("jobs.example.com")
        self.texts.bind(caption.setText, T("Address users type", "用户访问的地址"))
        form.addRow(caption, self.domain)
        self.own, self.evaluation, group = QRadioButton(), QRadioButton(), QButtonGroup(box)
        self.texts.bind(self.own.setText, T("Use the certificate from my certificate authority", "使用证书颁发机构签发的证书"))
        self.texts.bind(self.evaluation.setText, T("Make an evaluation certificate (trials only)", "生成评估证书（仅用于试用）"))
        for button in (self.own, self.evaluation):
            group.addButton(button)
            form.addRow("", button)
        self.own.setChecked(True)
        self.domain.textEdited.connect(self._edited)
        self.own.toggled.connect(self._edited)
        QVBoxLayout(box).addLayout(form)
        return box

    def _files_box(self) -> QGroupBox:
        self.files_box, form = QGroupBox(), QFormLayout()
        self.texts.bind(self.files_box.setTitle, T("Certificate files", "证书文件"))
        self.pickers = {}
        for key, label, filters in FILES:
            caption, picker = QLabel(), FilePicker(self.texts, label, filters=filters)
            self.texts.bind(caption.setText, label)
            picker.changed.connect(self._edited)
            form.addRow(caption, picker)
            self.pickers[key] = picker
        self.password, caption = QLineEdit(), QLabel()
        self.password.setEchoMode(QLineEdit.Password)
        self.texts.bind(caption.setText, T("Key or PFX password", "私钥或 PFX 密码"))
        self.texts.bind(self.password.setPlaceholderText, T("only for an encrypted key or .pfx", "仅用于加密的私钥或 .pfx"))
        self.password.textEdited.connect(self._edited)
        form.addRow(caption, self.password)
        layout = QVBoxLayout(self.files_box)
        layout.addLayout(form)
        layout.addWidget(muted(T("A .pfx/.p12 file holds the certificate, its chain and the key: choose it as the "
                                 "certificate and leave the key empty.",
                                 ".pfx/.p12 文件包含证书、证书链和私钥：将其选为证书，私钥留空即可。")))
        return self.files_box

    def initializePage(self) -> None:
        tls = self.model.section("tls")
        self.domain.setText(tls.get("domain", ""))
        self.evaluation.setChecked(bool(tls.get("generate_eval")))
        for key, picker in self.pickers.items():
            picker.set_path(tls.get("pkcs12") if key == "cert" and tls.get("pkcs12") else tls.get(key))
        self._edited()

    # -- into the answers, then checked ------------------------------------------------------
    def _edited(self, *_) -> None:
        self.report = None
        self._write()
        self.files_box.setVisible(self.own.isChecked())
        self.changed()
        if self.evaluation.isChecked():
            self.latest.forget()
            return self._show_eval()
        self.result.clear()
        self.timer.start()

    def _write(self) -> None:
        tls = self.model.data["tls"] = {"domain": self.domain.text().strip()}
        if self.evaluation.isChecked():
            tls["generate_eval"] = True
            return
        paths = {key: picker.path() for key, picker in self.pickers.items()}
        if paths["cert"].lower().endswith(PFX):
            paths["pkcs12"] = paths.pop("cert")
        for key, path in paths.items():
            self.model.set(tls, key, os.path.abspath(path) if path else "")
        self.model.put_secret(tls, ("tls", "password"), self.password.text())

    def _show_eval(self) -> None:
        problems = self.model.problems("tls", "domain")
        if problems:
            return self.result.show_items("fail", T("Give the site's address.", "请填写站点地址。"), problems)
        self.result.show_items("info", T("Evaluation certificate", "评估证书"), [EVAL_NOTE.__class__(
            EVAL_NOTE.en, EVAL_NOTE.zh, {"domain": self.domain.text().strip()})])

    def check(self) -> None:
        tls = dict(self.model.data["tls"])
        if not tls.get("domain") or not (tls.get("cert") or tls.get("pkcs12")):
            return
        password = self.password.text() or None
        args = (tls["domain"], tls.get("cert"), tls.get("key"), tls.get("chain"), tls.get("pkcs12"), tls.get("ca"))
        self.latest.run(lambda: check_certificate(*args, password), lambda r: self._checked(tls, r),
                        lambda err: self.result.show_items("fail", T("The check failed.", "检查失败。"), [err]))

    def _checked(self, tls: dict, report) -> None:
        self.report, self.checked = report, tls
        if report.ok:
            self.result.show_items("warn" if report.warnings else "ok", T("Fit to install.", "可以安装。"),
                                   self._facts(report) + list(report.warnings))
        else:
            self.result.show_items("fail", T("Not fit to install: {n} problem(s). Ask for what each one names.",
                                             "不能安装：{n} 个问题。请按每条说明索取所需内容。", n=len(report.problems)),
                                   report.problems)
        self.changed()

    @staticmethod
    def _facts(report) -> list:
        return [T("For {domain}: {subject}, issued by {issuer}", "用于 {domain}：{subject}，颁发者 {issuer}",
                  domain=report.domain, subject=report.subject, issuer=report.issuer),
                T("Valid until {date}; chain of {n}, trusted through {source}", "有效期至 {date}；证书链 {n} 张，信任来源：{source}",
                  date=report.not_after.strftime("%Y-%m-%d"), n=len(report.certs), source=report.trusted_by)]

    def isComplete(self) -> bool:
        if self.evaluation.isChecked():
            return not self.model.problems("tls")
        current = self.model.data.get("tls")
        return self.report is not None and self.report.ok and self.checked == current
