"""`jobfirst-installer` with no arguments, or `gui [--answers F]`: the wizard. One top-level handler, as
on the command line: a bug in a slot is logged in full and shown as words with the log file's path."""
from __future__ import annotations

import gc
import logging
import os
import sys

from .. import i18n, logs
from ..errors import InstallerError
from ..i18n import T

log = logging.getLogger(__name__)


def _display_missing() -> bool:
    return sys.platform.startswith("linux") and not any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def make_app():
    from PySide6.QtWidgets import QApplication
    from .look import QtLanguage, apply_look
    app = QApplication.instance() or QApplication([sys.argv[0]])
    i18n.set_front_end("wizard")  # messages name the wizard's fields, not flags or answer-file keys
    app.setApplicationName("JobFirst Installer")
    app.setOrganizationName("JobFirst")
    apply_look(app)
    return app, QtLanguage(app)


def make_wizard(answers: str | None = None):
    """The wizard, pre-filled from an answer file when given (also used by tests and screenshots)."""
    from .model import WizardModel
    from .wizard import Wizard
    app, qt_language = make_app()
    model = WizardModel.from_file(answers) if answers else WizardModel()
    if model.data.get("language") in i18n.LANGUAGES:
        i18n.set_language(model.data["language"])
    qt_language.set(i18n.language())
    wizard = Wizard(model, qt_language)
    app.aboutToQuit.connect(lambda: _stop(wizard))
    _freeze_heap()
    return app, wizard


def _freeze_heap() -> None:
    """Everything built so far (Qt bindings, the engine's modules, the pages) lives as long as the window:
    out of the garbage collector's sight, a full collection during an install scans only what the install
    made, a few ms instead of ~40 ms of frozen window."""
    gc.collect()
    gc.freeze()


def _stop(wizard) -> None:
    wizard.shared.asker.closing = True
    wizard.shared.tasks.stop_all()


def _report_bugs(wizard) -> None:
    from PySide6.QtWidgets import QMessageBox
    from .widgets import unexpected

    def hook(kind, err, tb):
        err.__traceback__ = tb
        QMessageBox.critical(wizard, T("Internal error", "内部错误").render(), unexpected(err).render())
    sys.excepthook = hook


def main(answers: str | None = None) -> int:
    """Exit status of the wizard; an error before the window opens is printed (the no-argument route
    of the command line calls this outside its own handler)."""
    logs.setup("jobfirst-installer")
    try:
        return _run(answers)
    except InstallerError as err:
        log.info("wizard not started: %s", err.render("en"))
        print(err.render(), file=sys.stderr)
        return 1


def _run(answers: str | None) -> int:
    if _display_missing():
        raise InstallerError(T("No graphical display: the wizard needs a desktop session.", "没有图形显示：向导需要桌面会话。"),
                             T("Run it on a desktop, or install headless: jobfirst-installer install --answers FILE.",
                               "请在桌面环境中运行，或使用无界面安装：jobfirst-installer install --answers 文件。"),
                             code="gui.no_display")
    try:
        app, wizard = make_wizard(answers)
    except (OSError, ValueError) as err:
        raise InstallerError(T("Cannot read the answer file {path}: {why}", "无法读取应答文件 {path}：{why}",
                               path=answers, why=str(err)), code="answers.unreadable") from None
    _report_bugs(wizard)
    wizard.show()
    _quit_when_shown(wizard)
    return app.exec()


QUIT_WHEN_SHOWN = "JOBFIRST_GUI_QUIT_WHEN_SHOWN"  # tests of the shipped binary, bench/startup.py


def _quit_when_shown(wizard) -> None:
    """With JOBFIRST_GUI_QUIT_WHEN_SHOWN=1, once the window is up: say so on stdout, then close it as its
    close box would. Lets tests and the start-up benchmark drive the shipped binary without a user."""
    if os.environ.get(QUIT_WHEN_SHOWN) != "1":
        return
    from PySide6.QtCore import QTimer

    def shown():
        print("jobfirst-installer: window shown", flush=True)
        wizard.close()
    QTimer.singleShot(0, shown)
