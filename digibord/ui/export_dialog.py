"""Exporteren and Printen: the column chooser, the save dialog (asking before overwriting), and
writing through the export use case (digibord.app.export) on the worker thread, exactly as the
command line's --xlsx/--pdf/--columns/--show-bsn do."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
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
    QVBoxLayout,
    QWidget,
)

from digibord.app.export import FORMATS, export_report, report_columns, suggested_name
from digibord.i18n import language, tr
from digibord.ui import settings as ui_settings

FILTERS = {f.name: f"{f.title} (*{f.suffix})" for f in FORMATS.values()}


class ColumnChooser(QDialog):
    """The report's columns with checkboxes (the usual ones on), and "BSN voluit" when there is
    a BSN column (off: masked, as everywhere)."""

    def __init__(self, columns, fmt: str, parent: QWidget | None = None, title: str = "",
                 checked: list[str] | None = None):
        super().__init__(parent)
        self.setObjectName("column_chooser")
        self.fmt = fmt
        self.setWindowTitle(tr("ui.export.title_" + fmt))
        heading = QLabel(f"<b>{tr(title)}</b>" if title else "")
        heading.setVisible(bool(title))
        intro = QLabel(tr("ui.export.intro"))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("export_columns")
        self.list.setSpacing(1)
        for col in columns:
            item = QListWidgetItem(tr(col.title))
            item.setData(Qt.ItemDataRole.UserRole, col.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, col.kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = checked is None or col.key in checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.defaults = [c.key for c in columns] if checked is None else list(checked)
        self.list.itemChanged.connect(lambda _i: self._update())
        self.all_button = QPushButton(tr("ui.export.all"))
        self.none_button = QPushButton(tr("ui.export.none"))
        self.all_button.clicked.connect(lambda: self._set_all(True))
        self.none_button.clicked.connect(lambda: self._set_all(False))
        self.bsn = QCheckBox(tr("ui.export.show_bsn"))
        self.bsn.setObjectName("export_show_bsn")
        self.bsn.setVisible(any(c.kind == "bsn" for c in columns))
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
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.bsn)
        layout.addWidget(self.buttons)
        self.resize(420, 460)

    def _set_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()))

    def set_checked(self, keys) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def columns_argument(self) -> list[str] | None:
        """None when the usual columns are chosen: the report exactly as the command writes
        it."""
        chosen = self.chosen()
        return None if chosen == self.defaults else chosen


def ask_save_path(parent, fmt: str, suggested: str) -> Path | None:
    """The file to write, or None. Asks before replacing an existing file (our own question,
    so that it says what happens and tests can answer it)."""
    start = str(Path(ui_settings.last_dir() or Path.home()) / suggested)
    name, _ = QFileDialog.getSaveFileName(
        parent, tr("ui.export.save_title"), start, FILTERS.get(fmt, ""),
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not name:
        return None
    path = Path(name)
    if fmt in FILTERS and path.suffix.lower() != f".{fmt}":
        path = path.with_name(path.name + f".{fmt}")
    if path.exists():
        answer = QMessageBox.question(
            parent, tr("ui.export.exists_title"), tr("ui.export.exists", path=str(path)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
    ui_settings.set_last_dir(path.parent)
    return path


class Exporter:
    """The steps of one export: columns (worker), chooser, file, write (worker)."""

    def __init__(self, window, result, fmt: str):
        self.window, self.result, self.fmt = window, result, fmt
        self.chooser: ColumnChooser | None = None

    def start(self) -> None:
        self.window.run_task(lambda: report_columns(self.result), self._choose,
                             tr("ui.export.preparing"))

    def _choose(self, found) -> None:
        title, columns, checked = found
        self.chooser = ColumnChooser(columns, self.fmt, self.window, title, checked)
        self.chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chooser.accepted.connect(self._save)
        self.window.last_dialog = self.chooser
        self.window.export_chooser = self.chooser
        self.chooser.open()

    def _save(self) -> None:
        chooser = self.chooser
        columns, show_bsn = chooser.columns_argument(), chooser.bsn.isChecked()
        path = ask_save_path(self.window, self.fmt, suggested_name(self.result, self.fmt))
        if path is None:
            return
        self.write(path, columns, show_bsn)

    def write(self, path: Path, columns, show_bsn: bool) -> None:
        result, fmt, lang = self.result, self.fmt, language()

        def done(written) -> None:
            self.window.notify(tr("ui.export.written", path=str(written)))
            self.window.export_finished(written)

        self.window.run_task(
            lambda: export_report(result, path, fmt, columns=columns, show_bsn=show_bsn,
                                  lang=lang, overwrite=True),
            done, tr("ui.export.writing", file=path.name))


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


def print_result(window, result) -> None:
    """The report's PDF, written to a temporary file and opened in the system's viewer (which
    prints it); BSN as the window shows it."""
    path = print_folder() / suggested_name(result, "pdf")
    show_bsn, lang = ui_settings.show_bsn(), language()

    def done(written) -> None:
        window.printed = written
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(written))):
            window.show_message(tr("ui.print.no_viewer", path=str(written)), warning=True)
        window.notify(tr("ui.print.opened", path=str(written)), 10000)

    window.run_task(lambda: export_report(result, path, "pdf", show_bsn=show_bsn, lang=lang,
                                          overwrite=True),
                    done, tr("ui.print.making"))
