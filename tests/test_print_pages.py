"""One layout, two surfaces: the pages a printer gets (a QPainter on a QPrinter writing a PDF)
are the pages of the PDF renderer, page for page: the same count, the same orientation, the
same words, and every word where the PDF renderer put it."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from PySide6.QtPrintSupport import QPrinter

from digibord.app.salary import convert_salary, salary_options
from digibord.export.fonts import BOLD, FONT, char_offsets, text_widths
from digibord.export.paged import PagedReport
from digibord.export.pdf import write_pdf
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list
from digibord.reports.build import report_tables
from digibord.reports.selection import RowSelection
from digibord.ui import printing_surface
from digibord.ui.printing_surface import print_pages, render_page
from tools.windows.compare_pages import page_words as pages

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


WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="[-\d.]+">'
                  r'(.*?)</word>')


def placed_words(path) -> list[list[tuple[str, float, float]]]:
    """Per page its words with their left and right edge (points), top to bottom, left to
    right, as pdftotext finds them."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    out = []
    for page in html.split("<page ")[1:]:
        words = [(w, float(a), float(c), float(b)) for a, b, c, w in WORD.findall(page)]
        words.sort(key=lambda t: (round(t[3]), t[1]))
        out.append([(w, a, c) for w, a, c, _b in words])
    return out


@pytest.mark.parametrize(("name", "block"), [("insured", 2048), ("corrections", 2048),
                                             ("corrections", 5)])
def test_printed_words_stand_where_the_pdf_has_them(qapp, borderels, tmp_path, monkeypatch,
                                                    name, block):
    """The printer places every glyph at the layout's own advances (glyph runs), so each word
    starts and ends where the PDF renderer drew it: right-aligned amounts end on the column's
    edge on paper too. With blocks of 5 rows, a page's rows span several blocks."""
    monkeypatch.setattr(printing_surface, "BLOCK_ROWS", block)
    tables = report_tables(results(borderels)[name], "nl")
    write_pdf(tables, tmp_path / "renderer.pdf")
    printed(PagedReport(tables, lang="nl"), tmp_path / "printer.pdf")
    ours, theirs = placed_words(tmp_path / "renderer.pdf"), placed_words(tmp_path / "printer.pdf")
    assert len(ours) == len(theirs)
    for page_a, page_b in zip(ours, theirs, strict=True):
        assert [w for w, _a, _b in page_a] == [w for w, _a, _b in page_b]
        for (word, left_a, right_a), (_w, left_b, right_b) in zip(page_a, page_b, strict=True):
            assert abs(left_a - left_b) < 0.1 and abs(right_a - right_b) < 0.1, word


def test_char_offsets_add_up_to_the_widths():
    texts = ["€ 1.234,56", "", "Noë van der Bërg", "x"]
    for font in (FONT, BOLD):
        codes, lengths, offsets = char_offsets(texts, font, 7.5)
        assert lengths.tolist() == [len(t) for t in texts]
        assert codes.tolist() == [ord(c) for c in "".join(texts)]
        starts = np.r_[0, np.cumsum(lengths)[:-1]]
        for text, start, n in zip(texts, starts, lengths, strict=True):
            if n:
                assert offsets[start] == 0
                # each character's x is the width of the text before it
                for i in range(1, n):
                    expected = text_widths([text[:i]], font, 7.5)[0]
                    assert offsets[start + i] == pytest.approx(expected)
