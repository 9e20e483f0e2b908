"""The two kinds of label every report view and dialog has: a message box for refusals and
notices, and the bold totals line. One look everywhere, text selectable so it can be copied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

MESSAGE_STYLE = ("QLabel { background: #fdf1d6; color: #3a2a00; border: 1px solid #e0c080;"
                 " border-radius: 3px; padding: 8px; }")


def message_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(MESSAGE_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def totals_label(object_name: str, padding: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(f"font-weight: bold;{' padding: ' + padding + ';' if padding else ''}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
