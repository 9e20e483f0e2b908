"""Omzetten salarisborderel (reports.md section 4): the options with the pay period, a live
preview per werknemersnummer with totals and the warnings of the conversion, the employees
without werknemersnummer (leave them out, or fill a number in, kept in the archive), and saving
the payroll import file (first asking for the profile's required settings when they are empty,
remembered per collectivity).

Saving does exactly what `digibord salary FILE ... --profile P --pay-period N -o PATH` does,
through the same use case (digibord.app.salary)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digibord.app import month_end
from digibord.app.archive import set_employee_numbers
from digibord.app.conversion_done import keep_conversion
from digibord.app.profile_settings import (
    missing_settings,
    profile_warnings,
    required_settings,
)
from digibord.app.remembered import ConversionSettings, profile_for
from digibord.app.salary import (
    OptionError,
    SalaryChoices,
    collectivity_profile,
    default_pay_period,
    payroll_profile,
    prepare_conversion,
    salary_targets,
    with_local_numbers,
    write_salary_import,
    written_text,
)
from digibord.errors import CommandRefused
from digibord.formats.borderel import relation_text
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reconcile.pay_period import PayPeriod
from digibord.ui import settings as ui_settings
from digibord.ui.components_dialog import open_components
from digibord.ui.documents import OpenedBorderel
from digibord.ui.labels import message_label, totals_label
from digibord.ui.profile_settings_dialog import ProfileSettingsDialog
from digibord.ui.report_tables import column_table
from digibord.ui.result_dialog import ResultDialog
from digibord.ui.salary_options import SalaryOptionsForm, profile_box
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.table_view import ColumnTableView

if TYPE_CHECKING:
    from digibord.formats.profiles import Profile
    from digibord.reconcile.salary import SalaryOptions
    from digibord.ui.main_window import MainWindow

PREVIEW_DELAY_MS = 250  # one computation per pause in typing an amount


class SalaryDialog(ResultDialog):
    def __init__(self, window: MainWindow, doc: OpenedBorderel, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("salary_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.doc = doc
        self.result = None
        self._closed = False
        self._profile_warnings: list[str] = []
        self.settings_dialog = None
        self._filled = None  # the borderel with the werknemersnummers filled in locally
        self.setWindowTitle(tr("ui.salary.title", month=doc.label))

        self.options = SalaryOptionsForm(self, periods=True)
        self.options.changed.connect(self.schedule)
        self.options.period.currentIndexChanged.connect(lambda _i: self.refresh_periods())
        self.profile = profile_box("salary_profile",
                                   ui_settings.settings().value("salary/profile", "csv", str))
        self.profile.currentIndexChanged.connect(lambda _i: self.schedule())
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("salary_profile_settings")
        self.settings_button.clicked.connect(self.edit_settings)
        profile_row = QHBoxLayout()
        profile_row.setContentsMargins(0, 0, 0, 0)
        profile_row.addWidget(self.profile, 1)
        profile_row.addWidget(self.settings_button)
        self.profile_label = QLabel()
        self.options.form.addRow(self.profile_label, profile_row)
        window.language_changed.connect(self.retranslate)
        self.refresh_periods()

        self.message = message_label("salary_message")
        self.message.hide()
        self.info = QLabel()
        self.info.setObjectName("salary_info")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.hide()
        self.model = ColumnTableModel(parent=self)
        self.table = ColumnTableView()
        self.table.setObjectName("salary_preview")
        self.table.setModel(self.model)
        self.totals = totals_label("salary_totals")

        self.missing_box = QGroupBox()
        self.missing_box.setObjectName("salary_missing")
        self.missing_intro = QLabel()
        self.missing_intro.setWordWrap(True)
        self.missing = QTableWidget(0, 4)
        self.missing.setObjectName("salary_missing_table")
        self.missing.verticalHeader().hide()
        self.missing.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.missing.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.missing.horizontalHeader().setStretchLastSection(True)
        self.store_numbers = QPushButton()
        self.store_numbers.setObjectName("salary_store_numbers")
        self.store_numbers.clicked.connect(self.store_employee_numbers)
        box_layout = QVBoxLayout(self.missing_box)
        box_layout.addWidget(self.missing_intro)
        box_layout.addWidget(self.missing)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.store_numbers)
        box_layout.addLayout(row)
        self.missing_box.hide()

        self.save_button = QPushButton()
        self.save_button.setObjectName("salary_save")
        # Enter in the amount field refreshes the preview; saving is a deliberate click (or
        # Ctrl+S, set in retranslate), never the side effect of finishing an amount with Enter.
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton()
        self.export_button.setObjectName("salary_export")
        self.export_button.clicked.connect(self.export)
        # Printen: the verantwoordingslijst (options, per employee, not converted, totals)
        self.print_button = QPushButton()
        self.print_button.setObjectName("salary_print")
        self.print_button.clicked.connect(self.print_report)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.components_button = QPushButton()  # the collectivity's own codes and settings
        self.components_button.setObjectName("salary_components")
        self.components_button.clicked.connect(self.edit_components)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.components_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(self.options, 0)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.info)
        layout.addWidget(self.missing_box)
        layout.addLayout(buttons)
        self.retranslate()
        self.resize(980, 700)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.compute)
        self.options.value.returnPressed.connect(self.compute)
        for button in (self.save_button, self.export_button, self.print_button,
                       self.close_button, self.store_numbers, self.settings_button,
                       self.components_button):
            button.setAutoDefault(False)
        self.options.skip.toggled.connect(lambda _on: self._update_save())
        self.compute()

    def retranslate(self) -> None:
        """Also while open: the window's language switch reaches open dialogs."""
        self.setWindowTitle(tr("ui.salary.title", month=self.doc.label))
        self.options.retranslate()
        self.profile_label.setText(tr("ui.salary.profile"))
        self.settings_button.setText(tr("profiles.ui.settings_button"))
        self.settings_button.setToolTip(tr("profiles.ui.settings_tip"))
        self.refresh_periods()
        if self.model.columnCount():
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                              self.model.columnCount() - 1)
        if self.result is not None:
            self._show_totals()
            self._show_notes(self.result)
            self.missing_intro.setText(tr("ui.salary.missing_intro",
                                          count=len(self.result.not_converted)))
        self.missing_box.setTitle(tr("ui.salary.missing_title"))
        self.missing.setHorizontalHeaderLabels([
            tr("export.col.employee_name"), tr("export.col.relation_number"),
            tr("export.col.premium"), tr("ui.salary.fill_number")])
        self.store_numbers.setText(tr("ui.salary.store_numbers"))
        self.save_button.setText(tr("ui.salary.save"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)  # after setText (mnemonic)
        self.export_button.setText(tr("ui.salary.export"))
        self.components_button.setText(tr("remembered.dialog.open"))
        self.print_button.setText(tr("print.dialog.print_button"))
        self.close_button.setText(tr("ui.close"))

    # --- pay period -----------------------------------------------------------------------

    def refresh_periods(self) -> None:
        """The periods this borderel is in force for, the next not yet converted chosen."""
        def next_unconverted(kind: PayPeriod) -> int | None:
            try:
                return default_pay_period(self.doc.borderel, kind)
            except CommandRefused:  # the settings file cannot be read: said when saving
                return None

        self.options.offer_periods(self.doc.borderel.header.prolongation_month, next_unconverted)

    # --- preview ------------------------------------------------------------------------

    def schedule(self) -> None:
        self._timer.start()

    def _borderel(self):
        """Worker thread: the borderel as `digibord salary` sees it (local numbers filled)."""
        if self._filled is None:
            self._filled = with_local_numbers(self.doc.borderel)
        return self._filled

    def compute(self) -> None:
        self._timer.stop()
        try:
            # the preview always lists the employees without number, to show them
            options = self.options.options(skip_missing=True)
        except OptionError:
            return  # the form says what is wrong

        name = self.profile.currentData()

        def work():
            chosen = payroll_profile(name)
            result = prepare_conversion(self._borderel(), options, chosen, local_numbers=False)
            return result, column_table(result), profile_warnings(chosen)

        self.window_.run_task(work, self._show, tr("ui.salary.computing"), tag="salary",
                              failed=self._failed)

    def _show(self, payload) -> None:
        result, table, warnings = payload
        self.result = result
        self._profile_warnings = warnings
        self.model.set_table(table)
        self.table.set_default_widths()
        self._show_totals()
        self._show_notes(result)
        self._fill_missing(result.not_converted)
        self._update_save()

    def _show_notes(self, result) -> None:
        """The conversion's warnings above the preview; below it what is information: the
        lasting values that end and what may be withheld from the minimum wage."""
        texts = [n.describe(result.borderel.source) for n in result.notices]
        texts += self._profile_warnings
        self.message.setText("\n".join(texts))
        self.message.setVisible(bool(texts))
        info = []
        if len(result.closing):
            names = ", ".join(f"{n} {m}" for n, m in zip(result.closing["employee_number"],
                                                         result.closing["employee_name"],
                                                         strict=True))
            info.append(tr("profiles.ui.closing", count=len(result.closing), employees=names))
        wage = result.minimum_wage
        if wage is not None and len(wage):
            info.append(tr("profiles.minimum_wage.title"))
            for row in wage.itertuples(index=False):
                info.append(tr("profiles.minimum_wage.row", number=row.employee_number,
                               name=row.employee_name,
                               withheld=format_euro(int(row.withheld_cent)),
                               allowed=format_euro(int(row.allowed_cent)),
                               excess=format_euro(int(row.excess_cent))))
        self.info.setText("\n".join(info))
        self.info.setVisible(bool(info))

    def _show_totals(self) -> None:
        r = self.result
        if r is None:
            self.totals.setText("")
            return
        self.totals.setText(tr("ui.salary.totals", employees=len(r.rows),
                               premium=format_euro(r.total_premium_cent),
                               correction=format_euro(r.total_correction_cent),
                               contribution=format_euro(r.total_contribution_cent),
                               deduction=format_euro(r.total_deduction_cent)))

    def _failed(self, exc: Exception, details: str) -> None:
        if isinstance(exc, CommandRefused):
            self.result = None
            self.model.set_table(None)
            self.totals.setText("")
            self.message.setText(str(exc))
            self.message.show()
            self._update_save()
        else:
            self.window_.show_failure(exc, details)

    def _fill_missing(self, frame) -> None:
        self.missing.setRowCount(len(frame))
        holders = frame["policyholder"].to_numpy(np.int64)
        for r, (holder, name, premium) in enumerate(zip(
                holders, frame["employee_name"], frame["premium_cent"], strict=True)):
            for c, text in enumerate((str(name), relation_text(int(holder)),
                                      format_euro(int(premium)))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.missing.setItem(r, c, item)
            edit = QTableWidgetItem("")
            edit.setData(Qt.ItemDataRole.UserRole, int(holder))
            edit.setToolTip(tr("ui.salary.fill_tip"))
            self.missing.setItem(r, 3, edit)
        self.missing_intro.setText(tr("ui.salary.missing_intro", count=len(frame)))
        self.missing_box.setVisible(len(frame) > 0)
        self.missing.setFixedHeight(min(6, max(len(frame), 1)) * (self.fontMetrics().height()
                                                                   + 10) + 30)

    def _update_save(self) -> None:
        blocked = self.result is None or (len(self.result.not_converted) > 0
                                          and not self.options.skip.isChecked())
        self.save_button.setEnabled(not blocked)
        self.export_button.setEnabled(self.result is not None)
        self.print_button.setEnabled(self.result is not None)
        shortcut = self.save_button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.save_button.setToolTip(tr("ui.salary.save_blocked") if blocked and self.result
                                    is not None else shortcut)

    # --- werknemersnummers --------------------------------------------------------------

    def store_employee_numbers(self) -> None:
        """The numbers typed in, kept in the archive (checked there), then a new preview."""
        wanted = []
        for r in range(self.missing.rowCount()):
            item = self.missing.item(r, 3)
            text = (item.text() if item else "").strip()
            if text:
                wanted.append((int(item.data(Qt.ItemDataRole.UserRole)), text))
        if not wanted:
            return
        collectivity = self.doc.borderel.header.collectivity_number

        def work():
            return set_employee_numbers(collectivity, wanted)

        def done(count) -> None:
            self._filled = None
            self.window_.notify(tr("ui.salary.numbers_stored", count=count))
            self.compute()

        def failed(exc, details) -> None:
            self._filled = None  # some may have been stored before the refusal
            self.window_.show_failure(exc, details)
            self.compute()

        self.window_.run_task(work, done, tr("ui.salary.storing"), failed=failed,
                              tag="salary_numbers")

    # --- saving -------------------------------------------------------------------------

    def ask_settings(self, chosen: Profile, collectivity: str, always: bool = False) -> bool:
        """The profile's required settings, asked when one is empty (or `always`); False when
        the user cancels."""
        if not always and not missing_settings(chosen, collectivity):
            return True
        dialog = ProfileSettingsDialog(chosen, collectivity, self)
        self.settings_dialog = dialog  # for tests and the month-end panel
        return dialog.exec() == QDialog.DialogCode.Accepted

    def edit_settings(self) -> None:
        try:
            chosen = payroll_profile(self.profile.currentData())
            collectivity = self.doc.borderel.header.collectivity_number
            if not required_settings(chosen, collectivity):
                self.window_.show_message(tr("profiles.ui.nothing_to_set",
                                             profile=chosen.name))
                return
            self.ask_settings(chosen, collectivity, always=True)
        except CommandRefused as exc:
            self.window_.show_message(str(exc), warning=True)

    def save(self) -> None:
        name = self.profile.currentData()
        collectivity = self.doc.borderel.header.collectivity_number
        try:
            chosen = payroll_profile(name)  # refuse a bad profile before asking for a file
            options = self.options.options()
            if not self.ask_settings(chosen, collectivity):
                return
            chosen = collectivity_profile(chosen, collectivity)
        except (CommandRefused, OptionError) as exc:
            self.window_.show_message(str(exc), warning=True)
            return
        ui_settings.settings().setValue("salary/profile", name)
        ext = chosen.settings.get("extension", ".csv")
        month = self.doc.borderel.label().replace(" ", "")
        start = str(Path(ui_settings.last_dir() or Path.home()) / f"salaris_{month}{ext}")
        path, _ = QFileDialog.getSaveFileName(
            self, tr("ui.salary.save_title"), start, f"{chosen.title} (*{ext})",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        target = Path(path)
        targets = [target]
        if self.result is not None:
            try:
                targets = salary_targets(self.result, chosen, target)
            except CommandRefused as exc:
                self.window_.show_message(str(exc), warning=True)
                return
        existing = [t for t in targets if t.exists()]
        if existing:
            answer = QMessageBox.question(
                self, tr("ui.export.exists_title"),
                "\n".join(tr("ui.export.exists", path=str(t)) for t in existing),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        ui_settings.set_last_dir(target.parent)
        self.write(target, name, options)

    def edit_components(self) -> None:
        h = self.doc.borderel.header
        open_components(self.window_, h.collectivity_number, h.collectivity_name,
                        self.profile.currentData())

    def write(self, target: Path, profile_name: str, options: SalaryOptions) -> None:
        """Worker: what `digibord salary ... --profile NAME -o PATH --force` does (the user
        was asked before replacing a file): with the collectivity's own codes and settings,
        the options remembered for its next conversion and check, the month-end ticked."""
        collectivity = self.doc.borderel.header.collectivity_number

        def work():
            chosen = profile_for(collectivity, profile_name)  # its own component codes
            result = prepare_conversion(self._borderel(), options, chosen, local_numbers=False)
            paths = salary_targets(result, collectivity_profile(
                chosen, result.collectivity_number), target)
            written = write_salary_import(result, chosen, target, overwrite=True)
            kept = ConversionSettings.of_choices(SalaryChoices(options, profile_name),
                                                 folder=str(target.parent))
            told = keep_conversion(written, result, chosen.name, kept, month_end.WINDOW)
            return paths, chosen, result, told

        def done(payload) -> None:
            paths, chosen, result, told = payload
            self.window_.notify("  ".join([written_text(result, chosen, paths), *told]), 15000)
            self.window_.month_end_changed.emit()
            self.window_.export_finished(paths[0])
            if not self._closed:
                self.refresh_periods()
                self.compute()  # the period is now converted: its warning shows

        self.window_.run_task(work, done, tr("ui.salary.writing"))

    def _drop_jobs(self) -> None:
        """Results that arrive after closing would touch deleted widgets: drop them. A file
        being written is finished all the same (its message goes to the window)."""
        self._closed = True
        self._timer.stop()
        self.window_.worker.drop("salary", "salary_numbers")

