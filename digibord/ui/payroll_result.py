"""The outcome of Salaris controleren on screen: per employee verwacht, ingehouden, verschil,
status (in its colour) and verklaring, exceptions first as the result orders them; "Alleen
afwijkingen" hides the `akkoord` rows; below, the totals, the counts per status and per
verklaring, and what the check was done with (options, profile, previous month, the journal's
shape and columns). Everything shown comes from the PayrollCheckResult; nothing is added up
here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reconcile.payroll_check import STATUSES, PayrollCheckResult
from digibord.reports.payroll_check import columns_read, options_text
from digibord.ui.columns import ColumnTable
from digibord.ui.grouped_model import STATUS_COLOURS, TEXT_ON_COLOUR, Legend
from digibord.ui.labels import totals_label
from digibord.ui.report_tables import status_codes
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.table_view import ColumnTableView

SEPARATOR = "  ·  "


class StatusTableModel(ColumnTableModel):
    """A ColumnTableModel whose rows get the light status colours, with one more row mask on
    top of the column filters and the search: `keep` (Alleen afwijkingen)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent=parent)
        self.status: np.ndarray | None = None
        self.keep: np.ndarray | None = None
        self._brushes = {k: QBrush(QColor(v)) for k, v in STATUS_COLOURS.items()}

    def set_keep(self, keep: np.ndarray | None) -> None:
        self.keep = keep
        self._refilter()

    def _compute_rows(self) -> np.ndarray:
        rows = super()._compute_rows()
        if self.keep is None or len(self.keep) != self.table.n_rows:
            return rows
        return rows[self.keep[rows]]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if self.status is None or not index.isValid():
                return None
            brush = self._brushes.get(self.status[self.source_row(index.row())])
            if brush is None:
                return None
            return brush if role == Qt.ItemDataRole.BackgroundRole else TEXT_ON_COLOUR
        return super().data(index, role)


def counts_text(result: PayrollCheckResult) -> str:
    """`akkoord 4 · verschil 2 · alleen salaris 1 — verklaring: correctie niet ingehouden 1`."""
    statuses = SEPARATOR.join(f"{tr(f'payroll.status.{s}')} {n}"
                              for s, n in result.status_counts if n)
    explained = SEPARATOR.join(f"{tr(f'payroll.explanation.{k}')} {n}"
                               for k, n in result.explanation_counts if n)
    if not explained:
        return statuses
    return tr("ui.check.counts", statuses=statuses, explanations=explained)


def used_text(result: PayrollCheckResult) -> str:
    """What the check was done with: the options and profile, the previous month, and what
    was read from the journal (file, sheet, shape, heading row, columns)."""
    j = result.journal
    where = tr("ui.check.used_sheet", sheet=j.sheet) if j.sheet else ""
    return tr("ui.check.used", options=options_text(result), file=Path(j.source).name,
              sheet=where, shape=tr(f"payroll.shape.{j.shape.key}"),
              row=j.heading_row_number, columns=columns_read(j))


class PayrollResultPane(QWidget):
    """The result table with its filter, legend, totals and counts. `filter_changed` when
    "Alleen afwijkingen" is switched (what is shown changes, e.g. for printing)."""

    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: PayrollCheckResult | None = None
        self.only_exceptions = QCheckBox()
        self.only_exceptions.setObjectName("payroll_only_exceptions")
        self.only_exceptions.toggled.connect(self._apply_filter)
        self.legend = Legend()
        self.model = StatusTableModel(self)
        self.table = ColumnTableView()
        self.table.setObjectName("payroll_table")
        self.table.setModel(self.model)
        self.totals = totals_label("payroll_totals")
        self.counts = QLabel()
        self.counts.setObjectName("payroll_counts")
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.used = QLabel()
        self.used.setObjectName("payroll_used")
        self.used.setWordWrap(True)
        self.used.setStyleSheet("color: palette(dark);")
        self.used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the legend of the seven statuses on a row of its own: beside the filter it made the
        # dialog wider than a small screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.only_exceptions)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.counts)
        layout.addWidget(self.used)
        self.retranslate()

    def retranslate(self) -> None:
        self.only_exceptions.setText(tr("ui.check.only_exceptions"))
        self.legend.set_items([(s, tr(f"payroll.status.{s}")) for s in STATUSES])

    def show_result(self, result: PayrollCheckResult, table: ColumnTable,
                    default_filter: bool) -> None:
        """Show a result; with `default_filter`, "Alleen afwijkingen" is set as a new file
        wants it: on when there are exceptions."""
        self.result = result
        exceptions = result.rows["exception"].to_numpy(dtype=bool)
        if default_filter:
            self.only_exceptions.blockSignals(True)
            self.only_exceptions.setChecked(bool(exceptions.any()))
            self.only_exceptions.blockSignals(False)
        self.model.status = status_codes(result)
        self.model.keep = exceptions if self.only_exceptions.isChecked() else None
        self.model.set_table(table)
        self.filter_changed.emit()
        self.table.set_default_widths()
        self.totals.setText(tr("ui.check.totals",
                               expected=format_euro(result.total_expected_cent),
                               withheld=format_euro(result.total_withheld_cent),
                               difference=format_euro(result.total_difference_cent)))
        self.counts.setText(counts_text(result))
        self.used.setText(used_text(result))

    def clear(self) -> None:
        self.result = None
        self.model.status = None
        self.model.keep = None
        self.model.set_table(None)
        for label in (self.totals, self.counts, self.used):
            label.setText("")

    def shown_rows(self) -> np.ndarray:
        """The result's rows as shown (filter, search and sort applied), for printing."""
        return self.model.visible_rows()

    def _apply_filter(self) -> None:
        if self.result is None:
            return
        on = self.only_exceptions.isChecked()
        self.model.set_keep(self.result.rows["exception"].to_numpy(dtype=bool) if on else None)
        self.filter_changed.emit()
