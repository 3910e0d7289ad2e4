"""Drives the wizard as a person would: types into the fields, clicks the buttons, answers the dialogs.
Shared by the GUI tests and scripts/screenshots.py."""
from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from installer.gui.pages.bundle import BundlePage
from installer.gui.pages.firewall import FirewallPage
from installer.gui.pages.licence import LicencePage
from installer.gui.pages.servers import ServersPage
from installer.gui.pages.tls import TlsPage


def pump(ms: int) -> None:
    """Runs the event loop for ms. Not QTest.qWait: that keeps the GIL while it sleeps, which starves the
    engine's threads (a worker counting in a loop runs ~250x slower) and distorts every measurement."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Driver:
    def __init__(self, wizard):
        self.w = wizard

    def page(self, cls):
        return self.w.page_of(cls)

    def wait(self, predicate, timeout: float = 60, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
            pump(20)

    def forward_button(self):
        page = self.w.currentPage()
        return self.w.button(QWizard.CommitButton if page.isCommitPage() else QWizard.NextButton)

    def can_go_on(self) -> bool:
        button = self.forward_button()
        return button.isVisible() and button.isEnabled()

    def next(self, timeout: float = 120) -> None:
        name = type(self.w.currentPage()).__name__
        self.wait(self.can_go_on, timeout, f"Next on {name}")
        self.forward_button().click()
        self.wait(lambda: type(self.w.currentPage()).__name__ != name, 10, f"leaving {name}")

    @staticmethod
    def type_into(edit, text: str) -> None:
        edit.selectAll()
        QTest.keyClick(edit, Qt.Key_Delete)
        for char in text:  # one key at a time with the event loop running between, as a person types
            QTest.keyClicks(edit, char)
            pump(5)

    # -- dialogs -----------------------------------------------------------------------------
    @staticmethod
    def dialog(name: str):
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
                 and w.isVisible()]
        return found[0] if found else None

    def answer(self, name: str, role, timeout: float = 30) -> str:
        """Waits for the dialog, clicks the button with this role; returns the dialog's text."""
        self.wait(lambda: self.dialog(name) is not None, timeout, f"dialog {name}")
        box = self.dialog(name)
        text = box.text()
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        return text

    # -- pages -------------------------------------------------------------------------------
    def licence(self, path: str) -> None:
        page = self.page(LicencePage)
        page.picker.edit.setText(path)
        self.wait(page.isComplete, 10, "a valid licence")

    def bundle(self, path: str) -> None:
        page = self.page(BundlePage)
        page.picker.edit.setText(str(path))
        self.wait(page.isComplete, 120, "the bundle verified")

    def server(self, host: str, user: str = "root", key: str | None = None, password: str | None = None,
               sudo: str | None = None, install_dir: str | None = None, docker_host: str | None = None) -> None:
        form = self.page(ServersPage).form
        self.type_into(form.host, host)
        self.type_into(form.user, user)
        if key:
            form.by_key.setChecked(True)
            form.key.edit.setText(key)
        else:
            form.by_password.setChecked(True)
            self.type_into(form.password, password or "")
        self.type_into(form.sudo, sudo or "")
        form.show_advanced(bool(install_dir or docker_host))
        self.type_into(form.install_dir, install_dir or "")
        self.type_into(form.docker_host, docker_host or "")

    def connect_server(self, trust: bool = True) -> str:
        """Connect and check; answers the host-key question; returns the dialog's text."""
        button = self.page(ServersPage).connect_button
        self.wait(button.isEnabled, 10, "Connect enabled")
        button.click()
        return self.answer("hostKeyDialog", QMessageBox.YesRole if trust else QMessageBox.NoRole)

    def tls_eval(self, domain: str) -> None:
        page = self.page(TlsPage)
        self.type_into(page.domain, domain)
        page.evaluation.setChecked(True)
        pump(5)  # a person's next click is another event

    def firewall(self, confirm: bool = True) -> None:
        page = self.page(FirewallPage)
        page.confirmed.setChecked(confirm)
        pump(5)
