"""How the wizard looks and which language Qt itself speaks: the shipped CJK font (so Chinese never
shows as boxes), Qt's own zh_CN translation (standard buttons, file dialogs), the style sheet."""
from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from ..trust import assets_dir

log = logging.getLogger(__name__)

OK, WARN, FAIL, MUTED, ACCENT, INK = "#1a7f37", "#9a6700", "#cf222e", "#5b6b7b", "#1f6feb", "#1b2b3c"

STYLE = """
QWizard, QWizardPage, QScrollArea, QWidget#pageBody { background: #f5f7fa; }
QLabel { color: %(ink)s; }
QLabel#pageTitle { font-size: 21px; font-weight: 700; color: #12263f; }
QLabel#pageSubtitle { color: %(muted)s; font-size: 13px; }
QLabel#muted { color: %(muted)s; }
QFrame#sidebar { background: #12263f; }
QLabel#brand { color: white; font-size: 16px; font-weight: 700; padding: 18px 16px 14px 16px; }
QLabel#navItem { color: #8fa3ba; padding: 7px 16px; font-size: 13px; border-left: 3px solid transparent; }
QLabel#navItem[state="done"] { color: #d2deeb; }
QLabel#navItem[state="current"] { color: white; font-weight: 700; background: #1d3a5f; border-left: 3px solid #58a6ff; }
QPushButton { padding: 6px 16px; border-radius: 5px; border: 1px solid #c3ccd7; background: white; min-height: 20px; }
QPushButton:hover { border-color: %(accent)s; }
QPushButton:disabled { color: #9aa7b4; background: #eef1f4; border-color: #dde3ea; }
QPushButton[flat="true"] { border: none; background: transparent; color: %(accent)s; padding-left: 2px; }
QPushButton[primary="true"] { background: %(accent)s; color: white; border-color: %(accent)s; font-weight: 600; }
QPushButton[primary="true"]:disabled { background: #a8c4f0; border-color: #a8c4f0; color: #f4f7fb; }
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QTextBrowser {
    border: 1px solid #c3ccd7; border-radius: 5px; padding: 5px 7px; background: white; }
QComboBox { min-width: 160px; }
QComboBox::drop-down { border: none; width: 22px; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus { border-color: %(accent)s; }
QLineEdit[invalid="true"] { border-color: %(fail)s; }
QGroupBox { background: white; border: 1px solid #dde3ea; border-radius: 8px; margin-top: 16px; padding: 14px 12px 10px 12px; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #12263f; font-weight: 700; }
QProgressBar { border: 1px solid #c3ccd7; border-radius: 5px; background: white; text-align: center; min-height: 16px; }
QProgressBar::chunk { background: %(accent)s; border-radius: 4px; }
QTreeWidget, QListWidget { background: white; border: 1px solid #dde3ea; border-radius: 6px; }
QTreeWidget::item, QListWidget::item { padding: 4px 2px; }
QListWidget::item:selected, QTreeWidget::item:selected { background: #dbe9ff; color: %(ink)s; }
QHeaderView::section { background: #eef2f6; border: none; border-bottom: 1px solid #dde3ea; padding: 6px; font-weight: 600; }
QFrame#banner { border-radius: 6px; padding: 2px; }
QFrame#banner[level="ok"] { background: #e6f4ea; border: 1px solid #b7dfc3; }
QFrame#banner[level="warn"] { background: #fff5d6; border: 1px solid #f0d58a; }
QFrame#banner[level="fail"] { background: #fdeaea; border: 1px solid #f3b8bc; }
QFrame#banner[level="info"] { background: #e8f1ff; border: 1px solid #bcd5fb; }
""" % {"ink": INK, "muted": MUTED, "accent": ACCENT, "fail": FAIL}


_loaded: list = []


def load_fonts() -> str | None:
    """Registers the shipped fonts once; returns their family name (None when the assets are missing)."""
    if _loaded:
        return _loaded[0]
    family = None
    for path in sorted((assets_dir() / "fonts").glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
        if font_id < 0:
            log.warning("font %s could not be loaded", path)
    _loaded.append(family)
    return family


def apply_look(app: QApplication) -> None:
    """Once per application: restyling while other windows exist (tests make many) is wasted work."""
    if app.property("jobfirst_look"):
        return
    app.setProperty("jobfirst_look", True)
    app.setStyle("Fusion")
    family = load_fonts()
    font = QFont(app.font())
    if family:
        font.setFamilies([family])
    font.setPointSizeF(10)
    app.setFont(font)
    palette = app.palette()
    for role, colour in ((QPalette.Window, "#f5f7fa"), (QPalette.Base, "#ffffff"), (QPalette.Text, INK),
                         (QPalette.WindowText, INK), (QPalette.Highlight, ACCENT), (QPalette.ButtonText, INK)):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(STYLE)
    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / "jobfirst.svg")))


def monospace() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.FixedFont)


class QtLanguage:
    """Qt's own texts follow the wizard's language: one translator, swapped on a switch."""

    def __init__(self, app: QApplication):
        self.app, self.translator = app, QTranslator(app)

    def set(self, lang: str) -> None:
        self.app.removeTranslator(self.translator)
        QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China) if lang == "zh" else QLocale(QLocale.English))
        if lang != "zh":
            return
        for folder in (assets_dir() / "translations", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            if self.translator.load("qtbase_zh_CN", str(folder)):
                self.app.installTranslator(self.translator)
                return
        log.warning("qtbase_zh_CN.qm not found; Qt's own buttons stay in English")
