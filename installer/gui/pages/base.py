"""What every page has: a title and a line under it, a scrolling body, texts that follow the language,
and access to the shared state (the answers model, background jobs, the engine's question asker)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from ..widgets import Banner, Line, Texts


class Page(QWizardPage):
    nav = None        # Text: the page's name in the side panel
    heading = None    # Text: the title at the top
    intro = None      # Text: one or two sentences under it

    def __init__(self, shared):
        super().__init__()
        self.shared, self.texts, self._complete = shared, Texts(), None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 8)
        title, subtitle = QLabel(), QLabel()
        title.setObjectName("pageTitle")
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        for label in (title, subtitle):
            label.setTextFormat(Qt.PlainText)
        self.texts.bind(title.setText, self.title_text)
        self.texts.bind(subtitle.setText, self.intro_text)
        outer.addWidget(title)
        outer.addWidget(subtitle)
        outer.addSpacing(10)
        outer.addWidget(self._scroller(), 1)

    def _scroller(self) -> QScrollArea:
        area, body = QScrollArea(), QWidget()
        body.setObjectName("pageBody")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.NoFrame)
        area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 6, 0)
        self.body.setSpacing(10)
        return area

    def title_text(self):
        """The title; a page whose title follows its state overrides this."""
        return self.heading

    def intro_text(self):
        return self.intro

    @property
    def model(self):
        return self.shared.model

    def retranslate(self) -> None:
        self.texts.refresh()
        for widget in self.findChildren(Banner) + self.findChildren(Line):
            widget.refresh()

    def changed(self) -> None:
        """Something this page decides changed: Next is re-evaluated, but only when the answer differs
        (QWizard repaints the whole window on every completeChanged)."""
        complete = self.isComplete()
        if complete != self._complete:
            self._complete = complete
            self.completeChanged.emit()
