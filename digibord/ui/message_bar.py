"""A closable bar above the views for warnings about the open borderel: seen, never blocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digibord.i18n import tr


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#message_bar { background: #fff4ce; border: 1px solid #e0c060; }"
                           "#message_bar QLabel { color: #4a3b00; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QToolButton()
        self.more.setText(tr("ui.warnings.details"))
        self.more.setCheckable(True)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(tr("ui.warnings.close"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.details.hide()
        self.more.toggled.connect(self._show_details)
        self._pending: tuple[str, list] | None = None  # warnings not written out yet
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.more)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self.hide()

    def show_warnings(self, source: str, warnings: list) -> None:
        if not warnings:
            self.hide()
            return
        self.label.setText(tr("ui.warnings.summary", count=len(warnings), file=source))
        # written out when asked for: 200 warnings take 10-20 ms, in the turn a month is shown
        self._pending = (source, warnings)
        self.details.clear()
        self.more.setChecked(False)
        self.show()

    def _show_details(self, on: bool) -> None:
        if on and self._pending is not None:
            source, warnings = self._pending
            self._pending = None
            self.details.setPlainText("\n".join(w.describe(source) for w in warnings))
        self.details.setVisible(on)

    def retranslate(self) -> None:
        self.more.setText(tr("ui.warnings.details"))
        self.close_button.setToolTip(tr("ui.warnings.close"))
