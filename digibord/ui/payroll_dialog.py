"""Salaris controleren (reports.md section 5): a payroll export (CSV or Excel) against the
borderel; its columns are picked from the file's headings when they are not recognised; per
werknemersnummer verwacht, ingehouden, verschil and a status in colour, with the totals.

The same use case as `digibord payroll-check` (digibord.app.payroll)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digibord.app.payroll import check_payroll, payroll_headings
from digibord.app.salary import OptionError
from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.ui import settings as ui_settings
from digibord.ui.documents import OpenedBorderel
from digibord.ui.grouped_model import STATUS_COLOURS, TEXT_ON_COLOUR, Legend
from digibord.ui.labels import message_label, totals_label
from digibord.ui.report_tables import column_table, status_codes
from digibord.ui.result_dialog import ResultDialog
from digibord.ui.salary_options import SalaryOptionsForm
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.table_view import ColumnTableView

STATUSES = ("akkoord", "verschil", "alleen borderel", "alleen salaris")


def column_argument(heading: str, position: int) -> str:
    """What read_payroll_export takes for a chosen column: its heading, or its 1-based number
    when the heading is empty or itself a number (the reader would take it as a position)."""
    return heading if heading and not heading.isdigit() else str(position + 1)


class StatusTableModel(ColumnTableModel):
    """A ColumnTableModel whose rows get the light status colours."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.status: np.ndarray | None = None
        self._brushes = {k: QBrush(QColor(v)) for k, v in STATUS_COLOURS.items()}

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if self.status is None or not index.isValid():
                return None
            brush = self._brushes.get(self.status[self.source_row(index.row())])
            if brush is None:
                return None
            return brush if role == Qt.ItemDataRole.BackgroundRole else TEXT_ON_COLOUR
        return super().data(index, role)


class PayrollCheckDialog(ResultDialog):
    def __init__(self, window, doc: OpenedBorderel, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("payroll_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.doc = doc
        self.result = None
        self.path: Path | None = None
        self.setWindowTitle(tr("ui.payroll.title", month=doc.label))

        self.file = QLineEdit()
        self.file.setObjectName("payroll_file")
        self.file.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("payroll_choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.employee_column = QComboBox()
        self.employee_column.setObjectName("payroll_employee_column")
        self.amount_column = QComboBox()
        self.amount_column.setObjectName("payroll_amount_column")
        for box in (self.employee_column, self.amount_column):
            box.setMinimumContentsLength(18)
            box.addItem(tr("ui.payroll.automatic"), None)
            box.activated.connect(lambda _i: self.compute())
        self.options = SalaryOptionsForm(self)
        self.options.changed.connect(self.schedule)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        self.form = QFormLayout()
        self.file_label, self.emp_label, self.amount_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.file_label, file_row)
        self.form.addRow(self.emp_label, self.employee_column)
        self.form.addRow(self.amount_label, self.amount_column)
        top = QHBoxLayout()
        top.addLayout(self.form, 1)
        top.addSpacing(24)
        top.addWidget(self.options, 0)

        self.message = message_label("payroll_message")
        self.legend = Legend()
        self.model = StatusTableModel(self)
        self.table = ColumnTableView()
        self.table.setObjectName("payroll_table")
        self.table.setModel(self.model)
        self.totals = totals_label("payroll_totals")
        self.export_button = QPushButton()
        self.export_button.setObjectName("payroll_export")
        self.export_button.clicked.connect(self.export)
        self.print_button = QPushButton()  # the control list, through the same print path
        self.print_button.setObjectName("payroll_print")
        self.print_button.clicked.connect(self.print_report)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.compute)
        window.language_changed.connect(self.retranslate)
        self.retranslate()
        self._set_message(tr("ui.payroll.choose_first"))
        self.export_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.resize(1040, 680)

    def retranslate(self) -> None:
        """Also while open: the window's language switch reaches open dialogs."""
        self.setWindowTitle(tr("ui.payroll.title", month=self.doc.label))
        if self.result is not None:  # the status words are in the table
            self._show((self.result, column_table(self.result)))
        self.file_label.setText(tr("ui.payroll.file"))
        self.emp_label.setText(tr("ui.payroll.employee_column"))
        self.amount_label.setText(tr("ui.payroll.amount_column"))
        self.choose_button.setText(tr("ui.payroll.choose"))
        self.export_button.setText(tr("ui.salary.export"))
        self.print_button.setText(tr("print.dialog.print_button"))
        self.close_button.setText(tr("ui.close"))
        self.legend.set_items([(s, tr(f"payroll.status.{s}")) for s in STATUSES])
        self.options.retranslate()
        for box in (self.employee_column, self.amount_column):
            if box.count():
                box.setItemText(0, tr("ui.payroll.automatic"))

    def _set_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    # --- the payroll export -------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("ui.payroll.choose_title"), ui_settings.last_dir(),
            f"{tr('ui.payroll.filter')} (*.csv *.txt *.xlsx *.xls);;{tr('ui.open.all')} (*)")
        if name:
            ui_settings.set_last_dir(Path(name).parent)
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """Read the headings (worker), fill the column choices, then check."""
        self.path = Path(path)
        self.file.setText(str(self.path))

        def done(headings) -> None:
            for box in (self.employee_column, self.amount_column):
                box.clear()
                box.addItem(tr("ui.payroll.automatic"), None)
                for i, h in enumerate(headings):
                    box.addItem(h or tr("ui.payroll.column_n", n=i + 1),
                                column_argument(h, i))
            self.compute()

        def failed(exc, details) -> None:
            if isinstance(exc, CommandRefused | OSError):
                self._show_refusal(str(exc))
            else:
                self.window_.show_failure(exc, details)

        self.window_.run_task(lambda: payroll_headings(self.path), done,
                              tr("ui.payroll.reading"), failed=failed, tag="payroll_headings")

    def set_columns(self, employee: str | None, amount: str | None) -> None:
        """Choose the columns by heading (tests, and the same as --employee-column)."""
        for box, wanted in ((self.employee_column, employee), (self.amount_column, amount)):
            box.setCurrentIndex(0 if wanted is None else max(box.findText(wanted), 0))
        self.compute()

    # --- checking -----------------------------------------------------------------------

    def schedule(self) -> None:
        self._timer.start()

    def compute(self) -> None:
        self._timer.stop()
        if self.path is None:
            return
        try:
            options = self.options.options()
        except OptionError:
            return
        path = self.path
        employee = self.employee_column.currentData()
        amount = self.amount_column.currentData()
        borderel = self.doc.borderel

        def work():
            result = check_payroll(borderel, path, options, employee, amount)
            return result, column_table(result)

        self.window_.run_task(work, self._show, tr("ui.payroll.checking"), tag="payroll",
                              failed=self._failed)

    def _show(self, payload) -> None:
        result, table = payload
        self.result = result
        missing = len(result.not_converted)
        self._set_message(tr("ui.payroll.not_converted", count=missing) if missing else None)
        self.model.status = status_codes(result)
        self.model.set_table(table)
        self.table.set_default_widths()
        counts = "  ·  ".join(f"{tr(f'payroll.status.{s}')} {n}" for s, n in
                              result.status_counts)
        self.totals.setText(tr("ui.payroll.totals",
                               expected=format_euro(result.total_expected_cent),
                               withheld=format_euro(result.total_withheld_cent),
                               difference=format_euro(result.total_difference_cent),
                               counts=counts, employee=result.employee_column,
                               amount=result.amount_column))
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _show_refusal(self, text: str) -> None:
        self.result = None
        self.model.status = None
        self.model.set_table(None)
        self.totals.setText("")
        self.export_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self._set_message(text)

    def _failed(self, exc: Exception, details: str) -> None:
        if isinstance(exc, CommandRefused | OSError):
            hint = ""
            if self.employee_column.currentData() is None:
                hint = "\n\n" + tr("ui.payroll.pick_columns")
            self._show_refusal(str(exc) + hint)
        else:
            self.window_.show_failure(exc, details)

    def _drop_jobs(self) -> None:
        """Results arriving after closing would touch deleted widgets: drop them."""
        self._timer.stop()
        self.window_.worker.drop("payroll", "payroll_headings")
