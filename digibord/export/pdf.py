"""Printable PDF reports: the pages of `digibord.export.paged` drawn on a reportlab canvas.

The layout (widths, pages, what goes where) is `paged.PagedReport`; this module is only the
surface it draws on, so the printer (digibord/ui/printing.py) gets the very same pages.
The font is the bundled DejaVu Sans, so € ë ö ç print the same everywhere.

Text is written as PDF operators directly (`_RawText`: one `Tm` and one `Tj` per cell, each
distinct string encoded once into the font's subsets); reportlab's text objects would format
every cell anew, which is most of the time of a large report. This relies on two private
reportlab attributes (`canvas._doc`, `canvas._escape`), covered by the tests that read the
text back."""

from __future__ import annotations

import numpy as np
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from digibord.export.fonts import BOLD, FONT, register_fonts, text_widths
from digibord.export.paged import A4, BLACK, PagedReport
from digibord.i18n import tr
from digibord.reports.table import ReportTable

__all__ = ["BOLD", "FONT", "PdfSurface", "register_fonts", "text_widths", "write_paged",
           "write_pdf"]


class _RawText:
    """Cells of one font and size as PDF text operators, each distinct string encoded once."""

    def __init__(self, canvas: Canvas, font: str, size: float) -> None:
        self.canvas = canvas
        self.font = pdfmetrics.getFont(font)
        self.size = size
        self.cache: dict[str, list[tuple[int, str]]] = {}
        self.names: dict[int, str] = {}
        self.current = -1

    def _parts(self, text: str) -> list[tuple[int, str]]:
        parts = self.cache.get(text)
        if parts is None:
            # splitString assigns glyphs to the document's subsets of this font
            parts = [(subset, f"({self.canvas._escape(chunk)}) Tj")
                     for subset, chunk in self.font.splitString(text, self.canvas._doc)]
            self.cache[text] = parts
        return parts

    def _select(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.font.getSubsetInternalName(subset, self.canvas._doc)
            self.names[subset] = name
        self.current = subset
        return f"{name} {self.size:g} Tf "

    def cells(self, ops: list[str], texts, xs, ys) -> None:
        self.current = -1  # a new BT block: the font state is unknown
        xs = xs.tolist() if isinstance(xs, np.ndarray) else xs
        ys = ys.tolist() if isinstance(ys, np.ndarray) else ys
        for text, x, y in zip(texts, xs, ys, strict=True):
            if not text:
                continue
            out = [f"1 0 0 1 {x:.2f} {y:.2f} Tm "]
            for subset, shown in self._parts(text):
                if subset != self.current:
                    out.append(self._select(subset))
                out.append(shown)
            ops.append("".join(out))


def _rgb(colour) -> str:
    return " ".join(f"{v:.3g}" for v in colour)


class PdfSurface:
    """`paged.Surface` on a reportlab canvas."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self._text: dict[tuple[str, float], _RawText] = {}

    def begin_page(self, width: float, height: float) -> None:
        self.c.setPageSize((width, height))

    def end_page(self) -> None:
        self.c.showPage()

    def text(self, font, size, texts, xs, ys, colour=BLACK) -> None:
        if not len(texts):
            return
        raw = self._text.get((font, size))
        if raw is None:
            raw = self._text[(font, size)] = _RawText(self.c, font, size)
        ops = [f"BT {_rgb(colour)} rg"]
        raw.cells(ops, texts, xs, ys)
        ops.append("ET")
        self.c.addLiteral("\n".join(ops))

    def rects(self, colour, rects) -> None:
        body = " ".join(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in rects)
        self.c.addLiteral(f"q {_rgb(colour)} rg {body} f Q")

    def line(self, x1, y1, x2, y2, width, colour) -> None:
        self.c.addLiteral(f"q {_rgb(colour)} RG {width:g} w {x1:.2f} {y1:.2f} m "
                          f"{x2:.2f} {y2:.2f} l S Q")


def write_paged(report: PagedReport, path) -> None:
    """Write pages already laid out (the print preview's) to `path`."""
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
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        report.paint(PdfSurface(canvas))
        canvas.save()
    finally:
        rl_config.useA85 = a85


def write_pdf(tables: list[ReportTable], path, show_bsn: bool = False, lang: str = "nl",
              orientation: str = "auto") -> None:
    """Write `tables`, each starting on a new page, to `path` (a new file; files.py takes care
    of writing to a temporary name first). `orientation`: auto (per table: portrait when it
    fits), portrait or landscape."""
    register_fonts()
    write_paged(PagedReport(tables, show_bsn, lang, orientation, A4), path)
