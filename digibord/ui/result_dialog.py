"""What the two working dialogs (Omzetten salarisborderel, Salaris controleren) share: their
result goes to Excel like every view's, and closing them, however it happens, drops the jobs
still running for them."""

from __future__ import annotations

from digibord.ui.export_dialog import Exporter
from digibord.ui.screen_fit import FittedDialog


class ResultDialog(FittedDialog):
    """Subclasses set `self.window_` (the main window) and `self.result` (the computed result
    or None) and say in `_drop_jobs` which worker jobs belong to them."""

    def export(self) -> None:
        if self.result is not None:
            exporter = Exporter(self.window_, self.result, "xlsx")
            self.window_.exporter = exporter
            exporter.start()

    def done(self, result: int) -> None:  # Esc / Sluiten / close(): all end here
        self._drop_jobs()
        super().done(result)

    def closeEvent(self, event) -> None:
        self._drop_jobs()
        super().closeEvent(event)

    def _drop_jobs(self) -> None:
        """Results arriving after closing would touch deleted widgets: drop them."""
