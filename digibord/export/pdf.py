"""Printable PDF reports: the pages of `digibord.export.paged` drawn on a reportlab canvas.

The layout (widths, pages, what goes where) is `paged.PagedReport`; this module is only the
surface it draws on, so the printer (digibord/ui/printing.py) gets the very same pages.
The font is the bundled DejaVu Sans, so € ë ö ç print the same everywhere.

Text is written as PDF operators directly (`_RawText`: one `Tm` and one `Tj` per cell, each
distinct string encoded once into the font's subsets); reportlab's text objects would format
every cell anew, which is most of the time of a large report. The table rows (`cells`) go
further: a column's distinct texts are encoded together (their characters assigned to the
font's subsets in one call, then one `str.translate` each) with their x, so a page's rows are
joined from prepared pieces by numpy, without Python work per cell. This relies on private
reportlab attributes (`canvas._doc`, `canvas._escape`, the font's subset `state`), covered by
the tests that read the text back."""

from __future__ import annotations

import zlib
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from digibord.export import pdf_charts
from digibord.export.fonts import BOLD, FONT, register_fonts, text_widths
from digibord.export.paged import A4, BLACK, CellColumn, PagedReport
from digibord.i18n import tr
from digibord.reports.table import ReportTable

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["BOLD", "FONT", "PdfSurface", "register_fonts", "text_widths", "write_paged",
           "write_pdf"]


HIGH = "\uffff"  # stands in a translated text for a character of a later subset


class _Codes(dict):
    """A `str.translate` table: character -> its escaped byte in the font's first subset,
    assigned to the document's subset on first use; a character that lands in a later subset
    (after the first 256 distinct characters) -> HIGH."""

    def __init__(self, font, doc) -> None:
        super().__init__()
        self.font, self.doc = font, doc

    def __missing__(self, code: int) -> str:
        subset, chunk = self.font.splitString(chr(code), self.doc)[0]
        value = _ESCAPED[chunk[0]] if subset == 0 else HIGH
        self[code] = value
        return value


class _RawText:
    """Text of one font and size as PDF text operators. Every piece starts and ends in the
    font's first subset (each text block selects it first), so pieces are context-free."""

    def __init__(self, canvas: Canvas, font: str, size: float) -> None:
        self.canvas = canvas
        self.font = pdfmetrics.getFont(font)
        self.size = size
        self.codes = _Codes(self.font, canvas._doc)
        self.cache: dict[str, str] = {}
        self.names: dict[int, str] = {}

    def select(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.font.getSubsetInternalName(subset, self.canvas._doc)
            self.names[subset] = name
        return f"{name} {self.size:g} Tf"

    def encode(self, text: str) -> str:
        """`(...) Tj` of `text` (with font switches for characters of later subsets)."""
        shown = text.translate(self.codes)
        if HIGH not in shown:
            return f"({shown}) Tj"
        pieces, current = [], 0  # rare: more than 256 distinct characters in the document
        for subset, chunk in self.font.splitString(text, self.canvas._doc):
            if subset != current:
                pieces.append(self.select(subset))
                current = subset
            pieces.append(f"({self.canvas._escape(chunk)}) Tj")
        if current != 0:
            pieces.append(self.select(0))
        return " ".join(pieces)

    def piece(self, text: str) -> str:
        hit = self.cache.get(text)
        if hit is None:
            hit = self.cache[text] = self.encode(text)
        return hit

    def prepared(self, texts: np.ndarray, xs: np.ndarray) -> np.ndarray:
        """`1 0 0 1 x 0 Tm (...) Tj ` per distinct text of a table column at its x ('' for an
        empty one)."""
        encode = self.encode
        return np.array([f"1 0 0 1 {x:.2f} 0 Tm {encode(t)} " if t else ""
                         for t, x in zip(texts.tolist(), xs.tolist(), strict=True)],
                        dtype=object)

    def cells(self, ops: list[str], texts, xs, ys) -> None:
        xs = xs.tolist() if isinstance(xs, np.ndarray) else xs
        ys = ys.tolist() if isinstance(ys, np.ndarray) else ys
        piece = self.piece
        ops.extend(f"1 0 0 1 {x:.2f} {y:.2f} Tm {piece(text)}"
                   for text, x, y in zip(texts, xs, ys, strict=True) if text)


# the escaped form of each byte in a PDF string, as reportlab writes it
_ESCAPED = [Canvas._escape(None, chr(n)) for n in range(256)]


@cache
def _rgb(colour) -> str:
    return " ".join(f"{v:.3g}" for v in colour)


def _fast_flate(data) -> bytes:
    """Flate at level 1: a report's text streams compress nearly as well as at the default
    level 6, in a third of the time."""
    return zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 1)


class PdfSurface:
    """`paged.Surface` on a reportlab canvas."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self._text: dict[tuple[str, float], _RawText] = {}
        self._rows: dict[int, tuple] = {}  # per table: its rows' operators

    def begin_page(self, width: float, height: float) -> None:
        self.c.setPageSize((width, height))

    def end_page(self) -> None:
        self.c.showPage()

    def text(self, font: str, size: float, texts: list[str], xs: list[float],
             ys: list[float], colour: tuple[float, float, float] = BLACK) -> None:
        if not len(texts):
            return
        raw = self._raw(font, size)
        ops = [f"BT {_rgb(colour)} rg {raw.select(0)}"]
        raw.cells(ops, texts, xs, ys)
        ops.append("ET")
        self.c.addLiteral("\n".join(ops))

    def cells(self, font: str, size: float, columns: list[CellColumn], start: int, stop: int,
              bases: np.ndarray) -> None:
        """Each row drawn in a coordinate system moved to its baseline (`cm`), so that its
        operators do not depend on the page: they are made for the whole table at once."""
        raw = self._raw(font, size)
        bodies = self._bodies(raw, columns)[start:stop].tolist()
        head = raw.select(0)
        ops = [f"q 1 0 0 1 0 {y:.2f} cm BT {head} {body}ET Q"
               for y, body in zip(np.asarray(bases, dtype=np.float64).tolist(), bodies,
                                  strict=True) if body]
        if ops:
            self.c.addLiteral("q 0 0 0 rg\n" + "\n".join(ops) + "\nQ")

    def _bodies(self, raw: _RawText, columns: list[CellColumn]) -> np.ndarray:
        """Per table row `1 0 0 1 x 0 Tm (...) Tj` of each cell: every distinct text of a
        column encoded once, the rows joined column by column (object arrays, no Python per
        cell)."""
        hit = self._rows.get(id(columns))
        if hit is not None and hit[0] is columns:
            return hit[1]
        bodies = None
        for c in columns:
            pieces = raw.prepared(c.texts, c.xs)[c.codes]
            bodies = pieces if bodies is None else bodies + pieces
        if bodies is None:
            bodies = np.zeros(0, dtype=object)
        self._rows[id(columns)] = (columns, bodies)  # the list kept: its id stays its own
        return bodies

    def _raw(self, font: str, size: float) -> _RawText:
        raw = self._text.get((font, size))
        if raw is None:
            raw = self._text[(font, size)] = _RawText(self.c, font, size)
        return raw

    def rects(self, colour: tuple[float, float, float],
              rects: list[tuple[float, float, float, float]]) -> None:
        body = " ".join(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in rects)
        self.c.addLiteral(f"q {_rgb(colour)} rg {body} f Q")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float,
             colour: tuple[float, float, float]) -> None:
        self.c.addLiteral(f"q {_rgb(colour)} RG {width:g} w {x1:.2f} {y1:.2f} m "
                          f"{x2:.2f} {y2:.2f} l S Q")


def write_paged(report: PagedReport, path: str | Path, charts: tuple = ()) -> None:
    """Write pages already laid out (the print preview's) to `path`; a report's `charts`
    (digibord/reports/charts.py) follow on pages of their own (pdf_charts.py), counted in
    "Pagina X van Y" (`report.extra_pages`)."""
    register_fonts()
    first = report.tables[0]
    lang = report.lang
    canvas = Canvas(str(path), pagesize=report.page_size(0), pageCompression=1,
                    invariant=False)
    canvas.setTitle(tr(first.title, lang))
    canvas.setAuthor("Digibord")
    canvas.setCreator(f"Digibord {first.meta.version}")
    canvas.setSubject(f"{first.meta.collectivity_number} {first.meta.collectivity_name}")
    # The fonts in the page resources even on pages drawn by raw operators only.
    for font in (FONT, BOLD):
        canvas.setFont(font, 8)
    # Compressed streams are binary-safe; reportlab's default ASCII85 wrapping (pure Python)
    # would take a third of the time of a large report and make the file bigger.
    # Flate at level 1 (reportlab has no setting for it) for the same reason.
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    pdfdoc.PDFZCompress.encode = _fast_flate
    try:
        report.paint(PdfSurface(canvas))
        if charts:
            pdf_charts.draw_pages(canvas, charts, first.title, first.meta, len(report) + 1,
                                  len(report) + report.extra_pages, lang, FONT, BOLD)
        canvas.save()
    finally:
        rl_config.useA85 = a85
        del pdfdoc.PDFZCompress.encode  # the class's own again


def write_pdf(tables: list[ReportTable], path: str | Path, show_bsn: bool = False, lang: str = "nl",
              orientation: str = "auto", charts: tuple = ()) -> None:
    """Write `tables`, each starting on a new page, to `path` (a new file; files.py takes care
    of writing to a temporary name first), then the `charts`. `orientation`: auto (per table:
    portrait when it fits), portrait or landscape."""
    register_fonts()
    report = PagedReport(tables, show_bsn, lang, orientation, A4)
    report.extra_pages = pdf_charts.page_count(charts)
    write_paged(report, path, charts)
