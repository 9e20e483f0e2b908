"""Exporteren from a view that is there without a borderel (Overzicht, Archief), where the
Borderel menu's Exporteren (enabled only while a borderel is open) is not: two buttons that
take the view's report through the same column chooser and save dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from digibord.i18n import tr
from digibord.ui.export_dialog import Exporter

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow


def export_buttons(window: MainWindow, result_of: Callable[[], ReportResult | None],
                   name: str) -> tuple[QPushButton, QPushButton]:
    """"Naar Excel…" and "Naar PDF…" for a view that is there without a borderel (Overzicht,
    Archief), where the Borderel menu's Exporteren is not: `result_of()` gives the report."""
    buttons = []
    for fmt in ("xlsx", "pdf"):
        button = QPushButton()
        button.setObjectName(f"{name}_export_{fmt}")
        button.setProperty("format", fmt)
        button.clicked.connect(lambda _c=False, f=fmt: _export(window, result_of(), f))
        buttons.append(button)
    return tuple(buttons)


def retranslate_export_buttons(buttons: Sequence[QPushButton]) -> None:
    for b in buttons:
        b.setText(tr("listing.ui.export_excel" if b.property("format") == "xlsx"
                     else "listing.ui.export_pdf"))


def _export(window, result, fmt: str) -> None:
    if result is None:
        window.show_message(tr("ui.export.nothing"))
        return
    window.exporter = Exporter(window, result, fmt)  # kept alive while its dialogs are open
    window.exporter.start()
