"""Salaris controleren (docs/reports.md "Salary check"): payroll's journal against the borderel,
the same use case as `digibord payroll-check` (digibord.app.payroll).

After a file is chosen it is read on the worker (`preview`): when the journal is recognised
the check runs at once and the outcome is shown; the tab Salarisbestand shows the first rows
with what was recognised, where the user can pick the heading row, the columns and the sheet
(`JournalPickForm`), which reads the file again with that `JournalPick`. A refusal is shown
with its reason, its cell red in the preview. Options change: only the check runs again (the
journal read stays). The previous month (for the `vorige_maand` verklaring) comes from the
archive.

Keys: there is no default button. Enter in the bijdrage field checks at once, Enter in
"Rij met kolomkoppen" reads with that row; exporting is a click; Escape closes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digibord.app.inputs import previous_from_archive
from digibord.app.payroll import check_payroll, journal_codes, preview
from digibord.app.salary import OptionError
from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.ui import settings as ui_settings
from digibord.ui.documents import OpenedBorderel
from digibord.ui.journal_pick import JournalPickForm
from digibord.ui.journal_preview import JournalPreviewView, cell_position, recognised_text
from digibord.ui.labels import message_label
from digibord.ui.payroll_result import PayrollResultPane
from digibord.ui.report_tables import column_table
from digibord.ui.result_dialog import ResultDialog
from digibord.ui.salary_options import SalaryOptionsForm, profile_box

if TYPE_CHECKING:
    from digibord.formats.payroll_journal import ComponentCodes, JournalPick, JournalPreview
    from digibord.ui.main_window import MainWindow

PREVIEW_ROWS = 60
MAX_PREVIEW_ROWS = 20000  # a refused cell further down is named, not shown
CHECK_DELAY_MS = 250  # one check per pause in typing an amount
_UNKNOWN = object()  # the previous month not looked up yet
_CELL_ROW = re.compile(r"(\d+)$")


def read_preview(path: Path, profile: str, pick: JournalPick | None
                 ) -> tuple[JournalPreview, ComponentCodes]:
    """The preview and the profile's codes (worker thread). A refused cell below the rows
    shown makes the preview reach down to it, so that it can be marked."""
    codes = journal_codes(profile)
    shown = preview(path, profile, pick, PREVIEW_ROWS)
    if shown.cell and cell_position(shown, shown.cell) is None:
        m = _CELL_ROW.search(shown.cell)
        if m and int(m[1]) < MAX_PREVIEW_ROWS:
            shown = preview(path, profile, pick, int(m[1]) + 5)
    return shown, codes


class PayrollCheckDialog(ResultDialog):
    def __init__(self, window: MainWindow, doc: OpenedBorderel, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("payroll_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.doc = doc
        self.result = None
        self.path: Path | None = None
        self.preview = None  # the last JournalPreview
        self.journal = None  # the journal it read (None: not recognised or refused)
        self.codes = None
        self.previous = _UNKNOWN
        self.previous_problem: str | None = None
        self._new_file = False  # the next result sets "Alleen afwijkingen" as a new file wants

        # --- the file and the options -------------------------------------------------
        self.file = QLineEdit()
        self.file.setObjectName("payroll_file")
        self.file.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("payroll_choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)

        # the pay period as the command line's --pay-period: the first of the month unless
        # chosen (a check looks at what payroll withheld, converted or not)
        self.options = SalaryOptionsForm(self, skip_missing=False, periods=True)
        self.options.period.currentIndexChanged.connect(lambda _i: self.refresh_periods())
        self.refresh_periods()
        self.profile = profile_box("payroll_profile",
                                   ui_settings.settings().value("salary/profile", "csv", str))
        self.profile_label = QLabel()
        self.options.form.addRow(self.profile_label, self.profile)
        self.previous_label = QLabel()
        self.previous_value = QLabel()
        self.previous_value.setObjectName("payroll_previous")
        self.previous_value.setWordWrap(True)
        self.options.form.addRow(self.previous_label, self.previous_value)
        self.options_box = QGroupBox()
        QVBoxLayout(self.options_box).addWidget(self.options)
        self.found = QLabel()
        self.found.setObjectName("payroll_found")
        self.found.setWordWrap(True)
        self.found.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.found_box = QGroupBox()
        QVBoxLayout(self.found_box).addWidget(self.found, 1)
        top = QHBoxLayout()
        top.addWidget(self.options_box, 0)
        top.addWidget(self.found_box, 1)

        self.message = message_label("payroll_message")

        # --- the outcome and the file's first rows, one tab each ----------------------
        self.outcome = PayrollResultPane()
        self.model, self.table = self.outcome.model, self.outcome.table  # what Printen takes
        self.preview_view = JournalPreviewView()
        self.pick_form = JournalPickForm()
        self.preview_hint = QLabel()
        self.preview_hint.setWordWrap(True)
        file_page = QWidget()
        file_page.setObjectName("payroll_file_page")
        page = QVBoxLayout(file_page)
        page.setContentsMargins(0, 4, 0, 0)
        page.addWidget(self.preview_hint)
        row = QHBoxLayout()
        row.addWidget(self.preview_view, 1)
        row.addWidget(self.pick_form, 0, Qt.AlignmentFlag.AlignTop)
        page.addLayout(row, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("payroll_tabs")
        self.tabs.addTab(self.outcome, "")
        self.tabs.addTab(file_page, "")

        # --- buttons: Excel and Printen take the outcome as shown ("Alleen afwijkingen") --
        self.export_button = QPushButton()
        self.export_button.setObjectName("payroll_export")
        self.export_button.clicked.connect(self.export)
        self.print_button = QPushButton()
        self.print_button.setObjectName("payroll_print")
        self.print_button.clicked.connect(self.print_report)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.buttons = buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        for button in (self.choose_button, self.export_button, self.print_button,
                       self.close_button):
            button.setAutoDefault(False)  # Enter in a field never presses a button

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.compute)
        self.options.changed.connect(self._timer.start)
        self.options.value.returnPressed.connect(self.compute)
        self.profile.activated.connect(lambda _i: self.read_file())
        self.pick_form.changed.connect(self.read_file)
        self.preview_view.row_picked.connect(self.pick_form.choose_row)
        self.preview_view.role_picked.connect(self.pick_form.choose_column)
        window.language_changed.connect(self.retranslate)
        self.retranslate()
        self._set_message(tr("ui.payroll.choose_first"))
        self._update_buttons()
        self.resize(1180, 820)
        self._look_up_previous()

    def retranslate(self) -> None:
        """Also while open: the window's language switch reaches open dialogs."""
        self.setWindowTitle(tr("ui.payroll.title", month=self.doc.label))
        self.file_label.setText(tr("ui.payroll.file"))
        self.choose_button.setText(tr("ui.payroll.choose"))
        self.profile_label.setText(tr("ui.salary.profile"))
        self.previous_label.setText(tr("ui.check.previous"))
        self.options_box.setTitle(tr("ui.check.group.options"))
        self.found_box.setTitle(tr("ui.check.group.found"))
        self.preview_hint.setText(tr("ui.check.preview_hint"))
        self.export_button.setText(tr("ui.salary.export"))
        self.print_button.setText(tr("ui.check.print"))
        self.close_button.setText(tr("ui.close"))
        self.options.retranslate()
        self.pick_form.retranslate()
        self.outcome.retranslate()
        self._show_previous()
        self._update_tabs()
        if self.preview is not None:
            self._show_preview(self.preview)
        if self.result is not None:  # the status words are in the table
            self._show((self.result, column_table(self.result)))

    def _set_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def _update_buttons(self) -> None:
        ready = self.result is not None
        self.export_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def _update_tabs(self) -> None:
        count = self.result.exception_count if self.result is not None else None
        if count is None:
            text = tr("ui.check.tab.result")
        elif count == 1:
            text = tr("ui.check.tab.result_one")
        else:
            text = tr("ui.check.tab.result_many", count=count)
        self.tabs.setTabText(0, text)
        self.tabs.setTabText(1, tr("ui.check.tab.file"))

    # --- the previous month ---------------------------------------------------------------

    def _look_up_previous(self) -> None:
        borderel = self.doc.borderel
        self.window_.run_task(lambda: previous_from_archive(borderel), self._previous_found,
                              tr("ui.check.previous_looking"), tag="payroll_previous",
                              failed=self._failed)

    def _previous_found(self, payload) -> None:
        self.previous, self.previous_problem = payload
        self._show_previous()

    def _show_previous(self) -> None:
        if self.previous is _UNKNOWN:
            text = tr("ui.check.previous_looking")
        elif self.previous is not None:
            text = self.previous.label()
        elif self.previous_problem:
            text = tr("ui.check.previous_problem", reason=self.previous_problem)
        else:
            text = tr("ui.check.previous_none")
        self.previous_value.setText(text)

    # --- the journal ----------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("ui.payroll.choose_title"), ui_settings.last_dir(),
            f"{tr('ui.payroll.filter')} (*.csv *.txt *.xlsx *.xlsm *.xls *.ods);;"
            f"{tr('ui.open.all')} (*)")
        if name:
            ui_settings.set_last_dir(Path(name).parent)
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """A new journal: recognised from scratch, then checked."""
        self.path = Path(path)
        self.file.setText(str(self.path))
        self.pick_form.start()
        self._new_file = True
        self.read_file()

    def read_file(self) -> None:
        """Read the journal with the pick in effect (worker), then check it."""
        if self.path is None:
            return
        path, profile, pick = self.path, self.profile.currentData(), self.pick_form.pick()
        self.found.setText(tr("ui.payroll.reading"))
        self.window_.run_task(lambda: read_preview(path, profile, pick), self._previewed,
                              tr("ui.payroll.reading"), tag="payroll_read",
                              failed=self._failed)

    def _previewed(self, payload) -> None:
        shown, codes = payload
        self.codes = codes
        self.journal = shown.journal
        self._show_preview(shown)
        if self.journal is None:
            self._clear_result()
            key = "ui.check.not_recognised" if shown.columns is None else "ui.check.refused"
            if shown.cell and self.preview_view.preview_model.refused is not None:
                key = "ui.check.refused_cell"
            self._set_message(tr(key, reason=shown.reason, cell=shown.cell))
            self.tabs.setCurrentIndex(1)
            return
        if self._new_file:
            self.tabs.setCurrentIndex(0)
        self.compute()

    def _show_preview(self, shown) -> None:
        self.preview = shown
        self.pick_form.codes = self.codes or self.pick_form.codes
        self.pick_form.retranslate()  # labels with the profile's codes; fills from preview
        self.pick_form.show_preview(shown)
        self.preview_view.set_preview(shown, self.codes, self.pick_form.picked_row(),
                                      self.pick_form.picked_columns())
        self.found.setText(recognised_text(shown, self.codes, self.pick_form.chosen))

    def refresh_periods(self) -> None:
        self.options.offer_periods(self.doc.borderel.header.prolongation_month)

    # --- checking -------------------------------------------------------------------------

    def compute(self) -> None:
        """Check the journal read against the borderel with the options shown (worker)."""
        self._timer.stop()
        if self.journal is None:
            return
        try:
            options = self.options.options(skip_missing=True)
        except OptionError:
            self._set_message(tr("ui.check.options_first"))
            return
        journal, profile, borderel = self.journal, self.profile.currentData(), self.doc.borderel
        previous, problem = self.previous, self.previous_problem

        def work():
            prev, why = previous, problem
            if prev is _UNKNOWN:
                prev, why = previous_from_archive(borderel)
            result = check_payroll(borderel, journal, options, profile, prev)
            return result, column_table(result), (prev, why)

        self.window_.run_task(work, self._checked, tr("ui.payroll.checking"), tag="payroll",
                              failed=self._failed)

    def _checked(self, payload) -> None:
        result, table, previous = payload
        if self.previous is _UNKNOWN:
            self._previous_found(previous)
        self._show((result, table))

    def _show(self, payload) -> None:
        result, table = payload
        self.result = result
        self.outcome.show_result(result, table, default_filter=self._new_file)
        self._new_file = False
        warnings = [*result.journal.warnings, *result.warnings]
        self._set_message(tr("ui.check.warnings", warnings=" ".join(warnings))
                          if warnings else None)
        self._update_buttons()
        self._update_tabs()

    def _clear_result(self) -> None:
        self.result = None
        self.outcome.clear()
        self._update_buttons()
        self._update_tabs()

    def _failed(self, exc: Exception, details: str) -> None:
        if isinstance(exc, CommandRefused | OSError):
            self._clear_result()
            self.found.setText("")
            self._set_message(getattr(exc, "reason", "") or str(exc))
        else:
            self.window_.show_failure(exc, details)

    def _drop_jobs(self) -> None:
        """Results arriving after closing would touch deleted widgets: drop them."""
        self._timer.stop()
        self.window_.worker.drop("payroll", "payroll_read", "payroll_previous")
