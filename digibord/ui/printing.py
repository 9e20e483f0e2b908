"""Printen: the preview with the report's pages as they will come out of the printer, the
choice of what to print ("zoals getoond: 6 van 115 verzekerden" or alles, the policy pages or
not, the orientation), then Qt's print dialog (printer, copies, page range) and the printing
on the worker thread.

One layout, two surfaces: the pages are `digibord.export.paged.PagedReport`, the very pages
of "Opslaan als PDF" and `--pdf`, drawn here with a QPainter (`printing_surface`) instead of
the reportlab canvas. The layout is made on the worker; the preview draws only the pages in
sight (`printing_preview.PageView`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from digibord.app.export import suggested_name
from digibord.export.atomic import atomic_output
from digibord.export.paged import A4, ORIENTATIONS, PagedReport
from digibord.export.pdf import write_paged
from digibord.i18n import language, tr
from digibord.reports.build import report_tables
from digibord.reports.registry import presentation_for
from digibord.ui import settings as ui_settings
from digibord.ui.export_dialog import ask_save_path, print_folder, saved_message
from digibord.ui.printing_preview import ZOOMS, PageView
from digibord.ui.printing_request import ShownReport
from digibord.ui.printing_surface import print_pages

if TYPE_CHECKING:
    from digibord.ui.main_window import MainWindow

TAG = "print_preview"


def paper_of(printer: QPrinter) -> tuple[float, float]:
    """The printer's paper in points, portrait: A4 exactly as the PDF has it (Qt rounds its
    point sizes), any other paper from its size in millimetres."""
    size = printer.pageLayout().pageSize()
    if size.id() == QPageSize.PageSizeId.A4 or not size.isValid():
        return A4
    mm = size.size(QPageSize.Unit.Millimeter)
    w, h = mm.width() * 72 / 25.4, mm.height() * 72 / 25.4
    return (min(w, h), max(w, h))


def make_report(shown: ShownReport, as_shown: bool, parts: bool, orientation: str,
                paper: tuple[float, float], show_bsn: bool, lang: str) -> PagedReport:
    """The pages to preview and print (worker thread)."""
    tables = report_tables(shown.result, lang, selection=shown.selection(as_shown, parts))
    return PagedReport(tables, show_bsn, lang, orientation, paper)


def page_indexes(printer: QPrinter, pages: int, current: int) -> list[int]:
    """The pages the print dialog asked for (0-based), with the copies the printer does not
    make itself."""
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage(), pages) - 1
        indexes = list(range(max(first, 0), last + 1))
    elif chosen == QPrinter.PrintRange.CurrentPage:
        indexes = [current]
    else:
        indexes = list(range(pages))
    copies = printer.copyCount()
    if copies > 1 and not printer.supportsMultipleCopies():
        if printer.collateCopies():
            indexes = indexes * copies
        else:
            indexes = [i for i in indexes for _ in range(copies)]
    return indexes


class PrintDialog(QDialog):
    """The preview of one report with what to print; Printen opens Qt's print dialog."""

    laid_out = Signal()  # a new layout is shown (tests, bench)
    printed = Signal(int)  # pages sent to the printer
    written = Signal(object)  # the path of a PDF made of these pages (saved or opened)

    def __init__(self, window: MainWindow, shown: ShownReport,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("print_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its pages go with it
        self.window_ = window
        self.shown = shown
        self.lang = language()
        self.show_bsn = ui_settings.show_bsn()  # BSN as the window shows it
        self.report: PagedReport | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.printer.setDocName(tr(shown_title(shown), self.lang))
        self.setWindowTitle(tr("print.dialog.title", title=tr(shown_title(shown))))

        self.as_shown = QRadioButton(tr("print.dialog.as_shown", counts=shown.counts_text()))
        self.as_shown.setObjectName("print_as_shown")
        self.everything = QRadioButton(tr("print.dialog.everything", counts=shown.all_text()))
        self.everything.setObjectName("print_everything")
        self._rows = QButtonGroup(self)
        for button in (self.as_shown, self.everything):
            self._rows.addButton(button)
            button.setVisible(shown.differs)
        self.as_shown.setChecked(True)
        self.parts = QCheckBox(", ".join(tr(t) for t in shown.parts))
        self.parts.setObjectName("print_parts")
        self.parts.setVisible(bool(shown.parts))
        self.parts.setChecked(not shown.filtered)  # 59 policy pages for 6 people: not unasked
        self.orientation = QComboBox()
        self.orientation.setObjectName("print_orientation")
        for key in ORIENTATIONS:
            self.orientation.addItem(tr(f"print.dialog.orientation.{key}"), key)
        self.zoom = QComboBox()
        self.zoom.setObjectName("print_zoom")
        for z in ZOOMS:
            self.zoom.addItem(tr(f"print.dialog.zoom.{z}") if isinstance(z, str)
                              else f"{round(z * 100)} %", z)
        self.zoom.setCurrentIndex(ZOOMS.index("width"))
        self.page = QSpinBox()
        self.page.setObjectName("print_page")
        self.page.setRange(1, 1)
        self.page_count = QLabel()
        self.status = QLabel()
        self.status.setObjectName("print_status")
        self.pages = PageView()

        self.print_button = QPushButton(tr("print.dialog.print"))
        self.print_button.setObjectName("print_print")
        self.print_button.setDefault(True)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.pdf_button = QPushButton(tr("print.dialog.open_pdf"))
        self.pdf_button.setObjectName("print_open_pdf")
        self.pdf_button.setToolTip(tr("print.dialog.open_pdf_tip"))
        self.save_button = QPushButton(tr("print.dialog.save_pdf"))
        self.save_button.setObjectName("print_save_pdf")
        self.close_button = QPushButton(tr("ui.close"))
        self.file_buttons = (self.print_button, self.pdf_button, self.save_button)
        for b in self.file_buttons:
            b.setEnabled(False)
            b.setAutoDefault(False)
        self.print_button.setAutoDefault(True)

        options = QHBoxLayout()
        options.addWidget(self.as_shown)
        options.addWidget(self.everything)
        options.addSpacing(12)
        options.addWidget(self.parts)
        options.addStretch(1)
        options.addWidget(QLabel(tr("print.dialog.orientation")))
        options.addWidget(self.orientation)
        nav = QHBoxLayout()
        nav.addWidget(QLabel(tr("print.dialog.page")))
        nav.addWidget(self.page)
        nav.addWidget(self.page_count)
        nav.addSpacing(12)
        nav.addWidget(self.status, 1)
        nav.addWidget(QLabel(tr("print.dialog.zoom")))
        nav.addWidget(self.zoom)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addLayout(nav)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        for box in (self.as_shown, self.everything, self.parts):
            box.toggled.connect(lambda _on: self.rebuild())
        self.orientation.activated.connect(lambda _i: self.rebuild())
        self.zoom.activated.connect(lambda _i: self.pages.set_zoom(self.zoom.currentData()))
        self.page.valueChanged.connect(lambda v: self.pages.go_to(v - 1))
        self.pages.current_changed.connect(self._page_shown)
        self.print_button.clicked.connect(self.ask_print)
        self.pdf_button.clicked.connect(self.open_pdf)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.close)
        self.resize(QSize(980, 900))
        self.rebuild()

    # --- the pages ----------------------------------------------------------------------

    def options(self) -> tuple[bool, bool, str]:
        as_shown = self.as_shown.isChecked() or not self.shown.differs
        parts = self.parts.isChecked() and bool(self.shown.parts)
        return as_shown, parts, self.orientation.currentData()

    def rebuild(self) -> None:
        """Lay the pages out again for the options chosen (worker; a newer choice drops an
        older layout)."""
        if self._rows.checkedButton() is None:
            return
        as_shown, parts, orientation = self.options()
        shown, paper, bsn, lang = self.shown, paper_of(self.printer), self.show_bsn, self.lang
        self.status.setText(tr("print.dialog.laying_out"))
        for b in self.file_buttons:
            b.setEnabled(False)
        self.window_.run_task(
            lambda: make_report(shown, as_shown, parts, orientation, paper, bsn, lang),
            self._show_report, tr("print.dialog.laying_out"), tag=TAG)

    def _show_report(self, report: PagedReport) -> None:
        keep = self.report is not None
        self.report = report
        n = len(report)
        self.page.blockSignals(True)
        self.page.setRange(1, max(n, 1))
        self.page.blockSignals(False)
        self.page_count.setText(tr("print.dialog.of_pages", pages=n))
        self.status.setText(tr("print.dialog.pages" if n != 1 else "print.dialog.one_page",
                               pages=n))
        self.pages.set_report(report, keep_page=keep)
        for b in self.file_buttons:
            b.setEnabled(n > 0)
        self.laid_out.emit()

    def _page_shown(self, index: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(index + 1)
        self.page.blockSignals(False)

    # --- printing -----------------------------------------------------------------------

    def ask_print(self) -> None:
        """Qt's print dialog (printer, copies, page range, the printer's own settings), then
        printing on the worker."""
        if self.report is None:
            return
        n = len(self.report)
        self.printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if self.report.landscape(0)
            else QPageLayout.Orientation.Portrait)
        self._asked_orientation = self.printer.pageLayout().orientation()
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("print_printer_dialog")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setMinMax(1, n)
        dialog.accepted.connect(lambda: self.print_to(self.printer))
        self.printer_dialog = dialog
        dialog.open()

    def print_to(self, printer: QPrinter) -> None:
        """Print on `printer` what its settings ask (range, copies); the orientation chosen
        in the printer's own dialog wins over ours, and another paper size is laid out for."""
        report = self.report
        as_shown, parts, orientation = self.options()
        turned = printer.pageLayout().orientation() != getattr(
            self, "_asked_orientation", printer.pageLayout().orientation())
        if turned:
            orientation = ("landscape" if printer.pageLayout().orientation()
                           == QPageLayout.Orientation.Landscape else "portrait")
        indexes = page_indexes(printer, len(report), self.pages.current_page())
        paper, shown, bsn, lang = paper_of(printer), self.shown, self.show_bsn, self.lang
        redo = turned or max(abs(a - b) for a, b in zip(paper, report.paper, strict=True)) > 1

        def work() -> int:
            pages = (make_report(shown, as_shown, parts, orientation, paper, bsn, lang)
                     if redo else report)
            wanted = [i for i in indexes if i < len(pages)]
            return print_pages(pages, printer, wanted)

        window = self.window_
        where = printer.outputFileName() or printer.printerName()

        def done(count: int) -> None:
            window.notify(tr("print.dialog.printed", pages=count, printer=where), 15000)
            if isValid(self):  # the dialog may be closed while the printer was busy
                self.printed.emit(count)

        window.run_task(work, done, tr("print.dialog.printing"))

    def open_pdf(self) -> None:
        """These pages as a PDF in the system's viewer (what Printen did before)."""
        report = self.report
        path = print_folder() / suggested_name(self.shown.result, "pdf")
        self._write_pdf(report, path, self._opened)

    def save_pdf(self) -> None:
        """These pages as a PDF file (asked where, and before replacing one)."""
        report = self.report
        path = ask_save_path(self, "pdf", suggested_name(self.shown.result, "pdf"))
        if path is not None:
            self._write_pdf(report, path, lambda written: saved_message(self.window_, written))

    def _write_pdf(self, report: PagedReport, path: Path, then) -> None:
        lang = self.lang

        def work() -> Path:
            with atomic_output(path, True, lang) as tmp:
                write_paged(report, tmp)
            return path

        def done(written: Path) -> None:
            then(written)
            if isValid(self):
                self.written.emit(written)

        self.window_.run_task(work, done, tr("ui.print.making"))

    def _opened(self, written: Path) -> None:
        window = self.window_
        window.printed = written
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(written))):
            window.show_message(tr("ui.print.no_viewer", path=str(written)), warning=True)

    def done(self, code: int) -> None:  # Esc, Sluiten, close(): all end here
        self.window_.worker.drop(TAG)
        super().done(code)


def shown_title(shown: ShownReport) -> str:
    return presentation_for(shown.result).title


def open_print(window: MainWindow, shown: ShownReport,
               parent: QWidget | None = None) -> PrintDialog:
    """Printen of a report as `shown`: the preview dialog, window-modal, never a nested event
    loop."""
    dialog = PrintDialog(window, shown, parent)
    window.print_dialog = dialog
    window.last_dialog = dialog
    dialog.open()
    return dialog
