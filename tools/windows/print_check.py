"""Printing on Windows' own Qt (run by the Windows Python under Wine, from the checkout): the
Verzekerdenoverzicht of a sample month (the list in portrait, each policy in landscape) printed
through the window's printer surface (glyph runs on a QPainter, digibord/ui/printing_surface.py)
to a QPrinter writing a PDF, and the same report by the PDF renderer, both into OUT.
tools/windows/compare_pages.py (Linux side) then holds the two against each other, page for
page, as tests/test_print_pages.py does on Linux.

    python tools/windows/print_check.py OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from digibord.export.paged import PagedReport
from digibord.export.pdf import write_pdf
from digibord.formats.reader import read_borderel
from digibord.reconcile.insured_list import insured_list
from digibord.reports.build import report_tables
from digibord.ui.printing_surface import print_pages

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data" / "samples"


def main(out: Path) -> int:
    app = QApplication(["print-check"])  # noqa: F841  (fonts and the paint engines need it)
    tables = report_tables(insured_list(read_borderel(SAMPLES / "2026-03_01.dat")), "nl")
    write_pdf(tables, out / "renderer.pdf")
    report = PagedReport(tables, lang="nl")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out / "printer.pdf"))
    printed = print_pages(report, printer, list(range(len(report))))
    print(f"printed {printed} of {len(report)} pages on Qt {printer.resolution()} dpi")
    return 0 if printed == len(report) else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
