"""One layout, two surfaces: the pages a printer gets (a QPainter on a QPrinter writing a PDF)
are the pages of the PDF renderer, page for page: the same count, the same orientation, the
same words."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from digibord.app.salary import convert_salary, salary_options
from digibord.export.paged import PagedReport
from digibord.export.pdf import write_pdf
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list
from digibord.reports.build import report_tables
from digibord.reports.selection import RowSelection
from digibord.ui.printing_surface import print_pages, render_page

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture(scope="module")
def borderels(samples_dir):
    return {m: read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS}


def results(b):
    return {
        "insured": insured_list(b["2026-03"]),  # portrait list, then landscape policy pages
        "corrections": compute_corrections(list(b.values())),
        "diff": compute_diff(b["2026-02"], b["2026-03"], include_unchanged=True),
        "salary": convert_salary(b["2026-03"], salary_options("4weken", amount="12,50",
                                                              skip_missing=True),
                                 local_numbers=False),
    }


def pages(path) -> list[tuple[bool, list[str]]]:
    """Per page: landscape or not, and its words in reading order."""
    out = []
    for page in PdfReader(str(path)).pages:
        box = page.mediabox
        out.append((float(box.width) > float(box.height), page.extract_text().split()))
    return out


def printed(report: PagedReport, path, indexes=None) -> int:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return print_pages(report, printer, list(range(len(report))) if indexes is None
                       else indexes)


@pytest.mark.parametrize("name", ["insured", "corrections", "diff", "salary"])
def test_printed_pages_are_the_pdf_pages(qapp, borderels, tmp_path, name):
    tables = report_tables(results(borderels)[name], "nl")
    write_pdf(tables, tmp_path / "renderer.pdf")
    report = PagedReport(tables, lang="nl")
    assert printed(report, tmp_path / "printer.pdf") == len(report)
    ours, theirs = pages(tmp_path / "renderer.pdf"), pages(tmp_path / "printer.pdf")
    assert len(ours) == len(theirs) == len(report)
    for i, ((land_a, words_a), (land_b, words_b)) in enumerate(zip(ours, theirs,
                                                                   strict=True)):
        assert land_a == land_b == report.landscape(i)
        assert sorted(words_a) == sorted(words_b), f"page {i + 1}"
    if name == "insured":  # the list portrait, the policy pages landscape: both printed so
        assert {land for land, _ in theirs} == {False, True}


def test_a_page_range_and_a_selection(qapp, borderels, tmp_path):
    result = results(borderels)["insured"]
    chosen = RowSelection(rows=[3, 0, 7], columns=("naam", "totaal_cent"), parts=False)
    tables = report_tables(result, "nl", selection=chosen)
    write_pdf(tables, tmp_path / "renderer.pdf")
    report = PagedReport(tables, lang="nl")
    assert printed(report, tmp_path / "printer.pdf", [0]) == 1
    ((_landscape, words),) = pages(tmp_path / "printer.pdf")
    assert sorted(words) == sorted(pages(tmp_path / "renderer.pdf")[0][1])
    names = [result.rows["name"].iat[i] for i in (3, 0, 7)]
    text = " ".join(words)
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)


def test_the_preview_image_is_the_page(qapp, borderels):
    report = PagedReport(report_tables(results(borderels)["corrections"], "nl"), lang="nl")
    image = render_page(report, 0, 72.0)
    w, h = report.page_size(0)
    assert (image.width(), image.height()) == (round(w), round(h))
    dark = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 50  # text drawn, not an empty page
