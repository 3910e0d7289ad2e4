"""The wizard window: the pages in order, a side panel that shows where the admin is, the buttons in
both languages, a language switch that re-renders everything, and no closing mid-install unasked."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QVBoxLayout, QWizard

from .. import i18n
from ..i18n import T
from .asker import GuiAsker
from .model import WizardModel
from .pages.bundle import BundlePage
from .pages.checks import ChecksPage
from .pages.finish import FinishPage
from .pages.firewall import FirewallPage
from .pages.install import InstallPage
from .pages.licence import LicencePage
from .pages.results import ResultsPage
from .pages.review import ReviewPage
from .pages.servers import ServersPage
from .pages.tls import TlsPage
from .pages.welcome import WelcomePage
from .tasks import Tasks
from .widgets import render

PAGES = (WelcomePage, LicencePage, BundlePage, ServersPage, ChecksPage, TlsPage, FirewallPage, ReviewPage,
         InstallPage, ResultsPage, FinishPage)
BUTTONS = {QWizard.BackButton: T("< Back", "< 上一步"), QWizard.NextButton: T("Next >", "下一步 >"),
           QWizard.FinishButton: T("Finish", "完成"), QWizard.CancelButton: T("Quit", "退出")}


class Shared:
    """What the pages share: the answers model, background jobs, the engine's asker, what the run found."""

    def __init__(self, model: WizardModel, window_getter):
        self.model, self.tasks = model, Tasks()
        self.asker = GuiAsker(window_getter, on_trusted=model.pin_host_key)
        self.local_addresses: dict = {}      # server -> this workstation's address as the server sees it
        self.run_answers = None              # the validated answers the install runs with
        self.results, self.artifacts, self.step_titles = [], [], {}
        self.install_running = False
        self.switch_language = lambda lang: None

    def load_answers(self, path: str) -> None:
        loaded = WizardModel.from_file(path)
        self.model.data, self.model.base_dir = loaded.data, loaded.base_dir


class Sidebar(QFrame):
    def __init__(self, pages):
        super().__init__()
        self.setObjectName("sidebar")
        self.setFixedWidth(200)
        self.pages, self.items, self.current = pages, [], 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.setSpacing(0)
        brand = QLabel("JobFirst")
        brand.setObjectName("brand")
        layout.addWidget(brand)
        for _ in pages:
            item = QLabel()
            item.setObjectName("navItem")
            self.items.append(item)
            layout.addWidget(item)
        layout.addStretch(1)

    def show_current(self, index: int) -> None:
        self.current = index
        for i, (item, page) in enumerate(zip(self.items, self.pages)):
            item.setText(("✓  " if i < index else "    ") + render(page.nav))
            item.setProperty("state", "current" if i == index else ("done" if i < index else "todo"))
            item.style().unpolish(item)
            item.style().polish(item)


class Wizard(QWizard):
    def __init__(self, model: WizardModel, qt_language):
        super().__init__()
        self.qt_language, self._quit_when_idle = qt_language, False
        self.shared = Shared(model, lambda: self)
        self.shared.switch_language = self.switch_language
        self.setWizardStyle(QWizard.ClassicStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage)
        self.pages = [cls(self.shared) for cls in PAGES]
        for page in self.pages:
            self.addPage(page)
        self.sidebar = Sidebar(self.pages)
        self.setSideWidget(self.sidebar)
        self.currentIdChanged.connect(lambda _: self.sidebar.show_current(self.current_index()))
        for which in (QWizard.NextButton, QWizard.CommitButton, QWizard.FinishButton):
            button = self.button(which)
            button.setProperty("primary", True)
            button.style().unpolish(button)  # polished at construction, before the property existed
            button.style().polish(button)
        self.shared.tasks.idle.connect(self._idle)
        self.resize(1060, 720)
        self.retranslate()

    def current_index(self) -> int:
        return self.pages.index(self.currentPage()) if self.currentPage() in self.pages else 0

    def page_of(self, cls):
        return next(p for p in self.pages if isinstance(p, cls))

    # -- language ----------------------------------------------------------------------------
    def switch_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.qt_language.set(lang)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(T("JobFirst Installer", "JobFirst 安装程序").render())
        for which, text in BUTTONS.items():
            self.setButtonText(which, text.render())
        for page in self.pages:
            page.retranslate()
        self.sidebar.show_current(self.current_index())

    # -- closing -----------------------------------------------------------------------------
    def reject(self) -> None:
        """Quit, Esc and the window's close box all come here (QDialog.closeEvent calls reject)."""
        if self.shared.install_running:
            return self._ask_to_stop()
        self.shared.asker.closing = True
        super().reject()

    def _ask_to_stop(self) -> None:
        box = QMessageBox(QMessageBox.Warning, T("An install is running", "安装正在进行").render(),
                          T("Stop the install and quit? The servers are left so that running the same install again "
                            "continues where it stopped.", "要停止安装并退出吗？服务器会保持在可继续的状态，再次运行同样的安装即可从中断处继续。").render(),
                          QMessageBox.NoButton, self)
        box.setObjectName("stopDialog")
        stop = box.addButton(T("Stop and quit", "停止并退出").render(), QMessageBox.DestructiveRole)
        box.setDefaultButton(box.addButton(T("Keep installing", "继续安装").render(), QMessageBox.RejectRole))
        box.finished.connect(lambda _: box.clickedButton() is stop and self._stop_then_quit())
        box.open()

    def _stop_then_quit(self) -> None:
        self._quit_when_idle = True
        self.page_of(InstallPage).cancel()

    def _idle(self) -> None:
        if self._quit_when_idle and not self.shared.install_running:
            self.shared.asker.closing = True
            super().reject()
