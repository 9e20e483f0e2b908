"""How the printer and the preview hand text to Qt: a page's table rows as one glyph run per
font, drawn when the page ends, their positions in one `QPointFList` longer than the run.
The pages must not change by it: the same image whatever the blocks of rows, both fonts of a
page each in their run, and on the preview every word where the PDF renderer put it."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGlyphRun, QPainter
from PySide6.QtPrintSupport import QPrinter

from digibord.export.fonts import BOLD, FONT
from digibord.export.paged import BLACK, PagedReport
from digibord.export.pdf import write_pdf
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reports.build import report_tables
from digibord.ui import printing_surface
from digibord.ui.printing_surface import QtSurface, render_page

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture(scope="module")
def corrections(samples_dir):
    """The correction report of the samples: group headings and subtotals in bold between
    the rows, so every page holds both fonts."""
    borderels = [read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS]
    return report_tables(compute_corrections(borderels), "nl")


class _Recorder:
    """A QPainter stand-in that keeps, per page, every glyph run drawn (its font's family and
    weight, its glyphs and positions) and passes everything else on."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.pages: list[list[tuple[int, list[int], list[QPointF]]]] = [[]]

    def drawGlyphRun(self, position: QPointF, run: QGlyphRun) -> None:
        assert position == QPointF(0.0, 0.0)
        glyphs = run.glyphIndexes()
        blanks = run.rawFont().glyphIndexesForString(" \u00a0")  # spaces draw nothing
        assert len(blanks) == 2 and not set(blanks) & set(glyphs)
        self.pages[-1].append((run.rawFont().weight(), glyphs, run.positions()))

    def __getattr__(self, name: str):
        return getattr(self.painter, name)


def recorded(report: PagedReport, tmp_path, stand_in: type | None = None) -> list[list[tuple]]:
    """The report printed to a PDF file through a QPainter stand-in (`_Recorder` unless
    given): per page what the stand-in kept of each glyph run drawn."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "recorded.pdf"))
    printer.setFullPage(True)
    painter = QPainter(printer)
    recorder = (stand_in or _Recorder)(painter)
    try:
        surface = QtSurface(painter, printer.resolution(),
                            lambda _w, _h: recorder.pages.append([]))
        surface.p = recorder
        report.paint(surface)
    finally:
        painter.end()
    return recorder.pages


def test_a_page_is_one_glyph_run_per_font_size_and_colour(qapp, corrections, tmp_path):
    """Per page one run for each font, size and colour it draws text in: the rows and the
    header in the regular font, the column headings, subtotals and the group headings (half
    a point larger) in bold, the footer in grey. A run has a glyph for every character but
    the spaces (they draw nothing). Each run's positions list may be longer
    than its glyphs (one list serves every run): Qt draws as many glyphs as the run has
    indexes."""
    report = PagedReport(corrections, lang="nl")
    pages = recorded(report, tmp_path)
    assert len(pages) == len(report)
    calls = _Calls()
    report.paint(calls)
    for page, keys, cell_fonts in zip(pages, calls.keys, calls.cell_fonts, strict=True):
        assert cell_fonts == {FONT, BOLD}  # the table's cells in both fonts on every page
        assert len(page) == len(keys) > 3
        assert len({weight for weight, _g, _p in page}) == 2
        for _weight, glyphs, positions in page:
            assert len(positions) >= len(glyphs) > 0
    assert sum(len(g) for page in pages for _w, g, _p in page) == calls.characters


def _inked(text: str) -> int:
    """The characters of `text` that draw something: a run has a glyph for each of them."""
    return sum(ch not in " \u00a0" for ch in text)


class _Calls:
    """A `paged.Surface` that keeps per page the fonts, sizes and colours of its text and
    the fonts of its table cells, and counts the characters of all its texts but spaces."""

    def __init__(self) -> None:
        self.keys: list[set[tuple]] = []
        self.cell_fonts: list[set[str]] = []
        self.characters = 0

    def begin_page(self, width: float, height: float) -> None:
        self.keys.append(set())
        self.cell_fonts.append(set())

    def end_page(self) -> None:
        pass

    def text(self, font, size, texts, xs, ys, colour=BLACK) -> None:
        if sum(map(_inked, texts)):
            self.keys[-1].add((font, size, colour))
            self.characters += sum(map(_inked, texts))

    def cells(self, font, size, columns, start, stop, bases) -> None:
        n = sum(_inked(c.texts[c.codes[i]]) for c in columns for i in range(start, stop))
        if n:
            self.keys[-1].add((font, size, BLACK))
            self.cell_fonts[-1].add(font)
            self.characters += n

    def rects(self, *args) -> None:
        pass

    def line(self, *args) -> None:
        pass


@pytest.mark.parametrize("dpi", [36.0, 72.0, 150.0])
def test_the_preview_is_the_same_whatever_the_blocks(qapp, corrections, monkeypatch, dpi):
    """Blocks of 3 rows: a page's rows in the run of each font come from many blocks."""
    report = PagedReport(corrections, lang="nl")
    pages = [0, len(report) - 1]
    wide = [render_page(report, i, dpi) for i in pages]
    monkeypatch.setattr(printing_surface, "PREVIEW_BLOCK_ROWS", 3)
    narrow = [render_page(report, i, dpi) for i in pages]
    for a, b in zip(wide, narrow, strict=True):
        assert a == b


WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                  r'yMax="([-\d.]+)">(.*?)</word>')


def test_the_low_dpi_preview_draws_every_word_where_the_pdf_has_it(qapp, corrections,
                                                                    tmp_path):
    """At 72 dpi a pixel is a point: every word of the renderer's first page has ink inside
    its box on the preview, and there is no dark ink far from all the words."""
    write_pdf(corrections, tmp_path / "renderer.pdf")
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1",
                           str(tmp_path / "renderer.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    words = [(*map(float, m[:4]), m[4]) for m in WORD.findall(html)]
    assert len(words) > 100
    image = render_page(PagedReport(corrections, lang="nl"), 0, 72.0)
    w, h = image.width(), image.height()
    covered = [[False] * w for _ in range(h)]
    for x0, y0, x1, y1, word in words:
        ink = False
        for y in range(max(0, int(y0) - 2), min(h, int(y1) + 3)):
            for x in range(max(0, int(x0) - 2), min(w, int(x1) + 3)):
                covered[y][x] = True
                ink = ink or image.pixelColor(x, y).lightness() < 200
        # a lone dash, grey in the footer, is fainter than that at this size
        assert ink or sum(ch.isalnum() for ch in word) < 2, word
    stray = [(x, y) for y in range(h) for x in range(w)
             if not covered[y][x] and image.pixelColor(x, y).lightness() < 60]
    assert not stray


class _Keeper:
    """A QPainter stand-in that keeps every glyph run drawn, the Python object and a copy,
    with the glyphs and positions it had when drawn, and passes everything else on."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.pages: list[list[tuple[QGlyphRun, QGlyphRun, list[int], list]]] = [[]]

    def drawGlyphRun(self, position: QPointF, run: QGlyphRun) -> None:
        glyphs = run.glyphIndexes()
        self.pages[-1].append((run, QGlyphRun(run), glyphs, run.positions()[:len(glyphs)]))

    def __getattr__(self, name: str):
        return getattr(self.painter, name)


def test_a_run_drawn_keeps_its_glyphs_and_positions(qapp, corrections, tmp_path):
    """The title's and the footer's runs are made once per table and drawn again on every
    page, with their own positions; the other runs share the surface's positions list, whose
    `data()` detaches while a run drawn before still holds it. So a run kept as it was drawn
    (a copy shares its lists) still has its glyphs and positions after the whole print."""
    report = PagedReport(corrections * 3, lang="nl")  # each table on its own page
    pages = recorded(report, tmp_path, _Keeper)
    assert len(pages) == len(report) >= 3
    again = set.intersection(*({id(run) for run, *_ in page} for page in pages))
    assert len(again) >= 2  # the title and the footer: the same run on every page
    for page in pages:
        for _run, copy, glyphs, positions in page:
            assert len(positions) == len(glyphs) > 0  # drawn with a position for every glyph
            assert copy.glyphIndexes() == glyphs
            assert copy.positions()[:len(glyphs)] == positions


def test_the_print_is_the_same_whatever_the_blocks(qapp, corrections, monkeypatch, tmp_path):
    """Blocks of 1 and 3 rows: a page's rows come from many blocks (and many slices of
    them), yet every page draws the same glyphs at the same positions."""
    report = PagedReport(corrections, lang="nl")

    def drawn() -> list:
        return [[(w, list(g), [(p.x(), p.y()) for p in pos[:len(g)]]) for w, g, pos in page]
                for page in recorded(report, tmp_path)]

    wide = drawn()
    for rows in (1, 3):
        monkeypatch.setattr(printing_surface, "BLOCK_ROWS", rows)
        assert drawn() == wide


def test_rows_without_a_glyph_gather_nothing():
    """A block whose cells are all blank (spaces draw nothing) has no glyphs to gather,
    while other blocks of the table do."""
    gather = printing_surface._gather
    assert gather(np.array([4, 9]), np.array([0, 0])).tolist() == []
    assert gather(np.array([4, 9, 2]), np.array([2, 0, 3])).tolist() == [4, 5, 2, 3, 4]
