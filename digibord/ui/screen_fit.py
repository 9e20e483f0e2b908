"""Dialogs never larger than the screen they open on: a size chosen for a large monitor is cut
down to the available area (without the task bar) of a small one, and the dialog is moved
onto it. Called from the dialogs' showEvent, when the screen is known."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QWidget


def fit_to_screen(widget: QWidget) -> None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = widget.frameGeometry()
    inner = widget.geometry()
    extra_w = max(0, frame.width() - inner.width())  # the window manager's frame, once known
    extra_h = max(0, frame.height() - inner.height())
    width = min(widget.width(), area.width() - extra_w)
    height = min(widget.height(), area.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


class FittedDialog(QDialog):
    """A QDialog that fits itself to its screen when shown."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_screen(self)
