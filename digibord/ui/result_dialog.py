"""What the two working dialogs (Omzetten salarisborderel, Salaris controleren) share: their
result goes to Excel and to the printer like every view's (as their table shows it), and
closing them, however it happens, drops the jobs still running for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from digibord.ui.export_dialog import Exporter
from digibord.ui.printing import open_print
from digibord.ui.printing_request import ShownReport, shown_report
from digibord.ui.screen_fit import FittedDialog

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


class ResultDialog(FittedDialog):
    """Subclasses set `self.window_` (the main window), `self.result` (the computed result
    or None), `self.model` / `self.table` (a ColumnTableModel and its view, or None) and say
    in `_drop_jobs` which worker jobs belong to them."""

    model = None
    table = None

    def shown_report(self) -> ShownReport | None:
        """The result as the dialog's table shows it (sorted, filtered, columns chosen)."""
        if self.result is None:
            return None
        if self.model is None or self.table is None or not self.model.columnCount():
            return shown_report(self.result)
        return shown_report(self.result, self.model.visible_rows(), self.table.visible_keys())

    def export(self) -> None:
        shown = self.shown_report()
        if shown is not None:
            exporter = Exporter(self.window_, shown.result, "xlsx", shown)
            self.window_.exporter = exporter
            exporter.start()

    def print_report(self) -> None:
        """Printen: the preview of the result as the table shows it."""
        shown = self.shown_report()
        if shown is not None:
            open_print(self.window_, shown, self)

    def done(self, result: int) -> None:  # Esc / Sluiten / close(): all end here
        self._drop_jobs()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._drop_jobs()
        super().closeEvent(event)

    def _drop_jobs(self) -> None:
        """Results arriving after closing would touch deleted widgets: drop them."""
