"""What every view (tab) of the main window is: a widget that shows the current borderel.

To add a view: subclass `BorderelView`, set `view_id` and `title_key`, implement
`show_document`, and add the class to `digibord.ui.views.VIEW_CLASSES` (or call
`MainWindow.add_view`). Anything heavy that the view needs per borderel goes into a preparer
(`digibord.ui.loader.register_preparer(view_id, fn)`), which runs on the loader's worker
thread; the view then finds the result in `doc.prepared[view_id]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from digibord.i18n import tr
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from digibord.ui.main_window import MainWindow


class BorderelView(QWidget):
    view_id = ""  # stable: settings keys, PREPARERS, tests
    title_key = ""  # i18n key of the tab's title
    shortcut = ""  # e.g. "Ctrl+1"; the window numbers views itself when empty
    needs_borderel = True  # False: shown even when no borderel is open (Archief)
    status_changed = Signal()  # the status bar text changed (counts, totals)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.main_window = window
        self.setObjectName(f"view_{self.view_id}")

    def title(self) -> str:
        return tr(self.title_key)

    def show_document(self, doc: OpenedBorderel | None) -> None:
        """The current borderel changed (None: nothing open)."""
        raise NotImplementedError

    def report_result(self):
        """The computed result this view shows (Exporteren, Printen), or None."""
        return None

    def status_text(self) -> str:
        """Counts and totals for the status bar."""
        return ""

    def retranslate(self) -> None:
        """The language changed: set the view's texts again."""

    def save_settings(self, settings: QSettings) -> None:
        """Column layout and such, under `views/<view_id>/`."""

    def restore_settings(self, settings: QSettings) -> None:
        pass
