"""Chinese and English, switched on the first page: every page's texts, messages already shown, and
Qt's own buttons follow; Chinese is drawn with the shipped font, never as boxes."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWizard

from installer import i18n
from installer.gui.pages.welcome import WelcomePage
from tests.gui.driver import Driver


def test_switching_language_re_renders_everything(wizard, tmp_path):
    d = Driver(wizard)
    d.next()
    licence = wizard.currentPage()
    bad = tmp_path / "x.lic"
    bad.write_text("not a licence")
    licence.picker.edit.setText(str(bad))
    d.wait(lambda: licence.result.isVisible(), 5, "the refusal")
    assert "cannot be used" in licence.result.label.text()
    wizard.back()
    welcome = wizard.currentPage()
    assert isinstance(welcome, WelcomePage)
    welcome.language.setCurrentIndex(1)  # 简体中文
    assert i18n.language() == "zh"
    assert wizard.buttonText(QWizard.NextButton) == "下一步 >"
    assert wizard.windowTitle() == "JobFirst 安装程序"
    assert "无法使用" in licence.result.label.text()  # the message already shown follows the switch
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own buttons
    assert "授权" in wizard.sidebar.items[1].text()
    welcome.language.setCurrentIndex(0)
    assert wizard.buttonText(QWizard.NextButton) == "Next >"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert "cannot be used" in licence.result.label.text()


def test_chinese_is_drawn_with_the_shipped_font(wizard):
    font = QApplication.font()
    assert "Noto Sans CJK SC" in font.families()
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(c)) for c in "安装授权服务器证书防火墙演示客户")
