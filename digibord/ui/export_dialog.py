"""Exporteren: the column chooser (the view's columns in its order, remembered per report), what
rows ("zoals getoond: 6 van 115 verzekerden" or alles, the extra sheets or not), the save
dialog (Excel or CSV, asking before overwriting), writing through the export use case
(digibord.app.export) on the worker thread exactly as the command line's --xlsx/--pdf/--csv
do, and afterwards "Bestand openen" / "Map openen"."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from digibord.app.export import FORMATS, export_report, report_columns, suggested_name
from digibord.i18n import language, tr
from digibord.reports.registry import presentation_for
from digibord.reports.selection import RowSelection
from digibord.ui import settings as ui_settings
from digibord.ui.printing_request import ShownReport, shown_report

if TYPE_CHECKING:
    from collections.abc import Collection

    from digibord.app.export import ColumnChoice
    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow

FILTERS = {f.name: f"{f.title} (*{f.suffix})" for f in FORMATS.values()}
# the formats each export action offers in its save dialog (the filter chosen decides)
OFFERED = {"xlsx": ("xlsx", "csv"), "pdf": ("pdf",), "csv": ("csv", "xlsx")}


# --- the column choice, remembered per report ----------------------------------------------

def remembered_columns(report: str, view_columns: list[str]) -> list[str] | None:
    """The columns last chosen for this report, as long as the view still shows the columns
    it showed then (hiding or moving a column in the view is the newer wish)."""
    s = ui_settings.settings()
    chosen = s.value(f"export/{report}/columns", None)
    seen = s.value(f"export/{report}/view_columns", None)
    if not chosen:
        return None
    chosen = [chosen] if isinstance(chosen, str) else [str(c) for c in chosen]
    seen = [seen] if isinstance(seen, str) else [str(c) for c in (seen or [])]
    return chosen if seen == list(view_columns) else None


def remember_columns(report: str, chosen: list[str], view_columns: list[str]) -> None:
    s = ui_settings.settings()
    s.setValue(f"export/{report}/columns", list(chosen))
    s.setValue(f"export/{report}/view_columns", list(view_columns))


class ColumnChooser(QDialog):
    """The report's columns with checkboxes, in the order they will be written (drag to
    move), "BSN voluit" when there is a BSN column (off: masked, as everywhere), and which
    rows: as the view shows them or all, with or without the report's further tables."""

    def __init__(self, columns: list[ColumnChoice], fmt: str, parent: QWidget | None = None,
                 title: str = "", checked: list[str] | None = None,
                 shown: ShownReport | None = None):
        super().__init__(parent)
        self.setObjectName("column_chooser")
        self.fmt = fmt
        self.shown = shown
        self.setWindowTitle(tr("ui.export.title_" + fmt))
        heading = QLabel(f"<b>{tr(title)}</b>" if title else "")
        heading.setVisible(bool(title))
        intro = QLabel(tr("ui.export.intro"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("export_columns")
        self.list.setSpacing(1)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        wanted = list(checked) if checked is not None else [c.key for c in columns]
        first = [c for k in wanted for c in columns if c.key == k]
        for col in first + [c for c in columns if c not in first]:
            item = QListWidgetItem(col.shown_title)
            item.setData(Qt.ItemDataRole.UserRole, col.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, col.kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = col.key in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.defaults = wanted
        self.list.itemChanged.connect(lambda _i: self._update())
        self.all_button = QPushButton(tr("ui.export.all"))
        self.none_button = QPushButton(tr("ui.export.none"))
        self.all_button.clicked.connect(lambda: self._set_all(True))
        self.none_button.clicked.connect(lambda: self._set_all(False))
        self.bsn = QCheckBox(tr("ui.export.show_bsn"))
        self.bsn.setObjectName("export_show_bsn")
        self.bsn.setVisible(any(c.kind == "bsn" for c in columns))
        self.as_shown = QRadioButton(
            tr("print.dialog.as_shown", counts=shown.counts_text()) if shown else "")
        self.as_shown.setObjectName("export_as_shown")
        self.everything = QRadioButton(
            tr("print.dialog.everything", counts=shown.all_text()) if shown else "")
        self.everything.setObjectName("export_everything")
        self._rows = QButtonGroup(self)
        differs = shown is not None and shown.rows is not None
        for button in (self.as_shown, self.everything):
            self._rows.addButton(button)
            button.setVisible(differs)
        self.as_shown.setChecked(True)
        parts = shown.parts if shown is not None and fmt != "csv" else ()
        self.parts = QCheckBox(tr("print.export.parts", parts=", ".join(tr(t) for t in parts)))
        self.parts.setObjectName("export_parts")
        self.parts.setVisible(bool(parts))
        self.parts.setChecked(bool(parts) and not shown.filtered)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("ui.export.next"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.as_shown)
        layout.addWidget(self.everything)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.parts)
        layout.addWidget(self.bsn)
        layout.addWidget(self.buttons)
        self.resize(440, 520)

    def _set_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()))

    def set_checked(self, keys: Collection[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        """The ticked columns, in the list's order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self, defaults: list[str]) -> RowSelection | None:
        """What to write: the rows as shown or all, the chosen columns, the extra tables."""
        columns = self.chosen()
        rows = None
        if self.shown is not None and self.as_shown.isChecked():
            rows = self.shown.rows
        parts = self.parts.isChecked() if self.parts.isVisibleTo(self) else True
        if rows is None and columns == defaults and parts:
            return None  # exactly what the command line writes
        return RowSelection(rows, None if columns == defaults else tuple(columns), parts)


# --- files -----------------------------------------------------------------------------

def ask_save_target(parent: QWidget | None, fmt: str, suggested: str) -> tuple[Path, str] | None:
    """The file to write and its format (the save dialog's filter: Excel or CSV), or None.
    Asks before replacing an existing file (our own question, so that it says what happens
    and tests can answer it)."""
    offered = OFFERED.get(fmt, (fmt,))
    filters = ";;".join(FILTERS[f] for f in offered if f in FILTERS)
    start = str(Path(ui_settings.last_dir() or Path.home()) / suggested)
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, tr("ui.export.save_title"), start, filters,
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not name:
        return None
    path = Path(name)
    by_suffix = path.suffix.lower().lstrip(".")
    by_filter = next((f for f in offered if FILTERS.get(f) == chosen_filter), offered[0])
    chosen = by_suffix if by_suffix in offered else by_filter
    if path.suffix.lower() != f".{chosen}":
        path = path.with_name(path.name + f".{chosen}")
    if path.exists():
        answer = QMessageBox.question(
            parent, tr("ui.export.exists_title"), tr("ui.export.exists", path=str(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
    ui_settings.set_last_dir(path.parent)
    return path, chosen


def ask_save_path(parent: QWidget | None, fmt: str, suggested: str) -> Path | None:
    """The file to write in format `fmt`, or None (asks before replacing one)."""
    target = ask_save_target(parent, fmt, suggested)
    return target[0] if target is not None else None


def saved_message(window: MainWindow, path: str | Path) -> QMessageBox:
    """"Opgeslagen: …" with Bestand openen / Map openen (non-blocking)."""
    path = Path(path)
    window.notify(tr("ui.export.written", path=str(path)))
    box = QMessageBox(QMessageBox.Icon.Information, tr("print.saved.title"),
                      tr("print.saved.text", path=str(path)), QMessageBox.StandardButton.NoButton,
                      window)
    box.setObjectName("saved_message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_file = box.addButton(tr("print.saved.open_file"), QMessageBox.ButtonRole.AcceptRole)
    open_file.setObjectName("saved_open_file")
    open_folder = box.addButton(tr("print.saved.open_folder"), QMessageBox.ButtonRole.ActionRole)
    open_folder.setObjectName("saved_open_folder")
    box.addButton(tr("ui.close"), QMessageBox.ButtonRole.RejectRole)
    open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    open_folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    window.last_dialog = box
    box.open()
    return box


class Exporter:
    """The steps of one export: columns (worker), chooser, file, write (worker). `shown`: the
    report as the view shows it (None: the result whole)."""

    def __init__(self, window: MainWindow, result: ReportResult, fmt: str,
                 shown: ShownReport | None = None):
        self.window, self.result, self.fmt = window, result, fmt
        self.shown = shown if shown is not None else shown_report(result)
        self.chooser: ColumnChooser | None = None

    def start(self) -> None:
        result, lang = self.result, language()
        self.window.run_task(lambda: report_columns(result, lang), self._choose,
                             tr("ui.export.preparing"))

    def _choose(self, found) -> None:
        title, columns, defaults = found
        self.defaults = defaults
        self.name = presentation_for(self.result).name
        self.view_columns = list(self.shown.columns or defaults)
        checked = remembered_columns(self.name, self.view_columns) or self.view_columns
        self.chooser = ColumnChooser(columns, self.fmt, self.window, title, checked,
                                     self.shown)
        self.chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chooser.accepted.connect(self._save)
        self.window.last_dialog = self.chooser
        self.window.export_chooser = self.chooser
        self.chooser.open()

    def _save(self) -> None:
        chooser = self.chooser
        selection, show_bsn = chooser.selection(self.defaults), chooser.bsn.isChecked()
        remember_columns(self.name, chooser.chosen(), self.view_columns)
        target = ask_save_target(self.window, self.fmt, suggested_name(self.result, self.fmt))
        if target is None:
            return
        path, fmt = target
        self.write(path, selection, show_bsn, fmt)

    def write(self, path: Path, selection: RowSelection | None, show_bsn: bool,
              fmt: str | None = None) -> None:
        result, fmt, lang = self.result, fmt or self.fmt, language()

        def done(written) -> None:
            saved_message(self.window, written)
            self.window.export_finished(written)

        self.window.run_task(
            lambda: export_report(result, path, fmt, show_bsn=show_bsn, lang=lang,
                                  overwrite=True, selection=selection),
            done, tr("ui.export.writing", file=path.name))


# --- the temporary folder of "Openen als PDF" ------------------------------------------

_print_dir: Path | None = None


def print_folder() -> Path:
    """One private temporary folder per session for the PDFs handed to the viewer."""
    global _print_dir
    if _print_dir is None or not _print_dir.is_dir():
        _print_dir = Path(tempfile.mkdtemp(prefix="digibord-print-"))
    return _print_dir


def remove_print_folder() -> None:
    global _print_dir
    if _print_dir is not None:
        shutil.rmtree(_print_dir, ignore_errors=True)
        _print_dir = None
