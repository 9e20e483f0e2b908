"""The pages of a report (`digibord.export.paged`) drawn with a QPainter: on a printer, or on
an image for the preview. The same layout as the PDF, drawn through the same calls; only the
surface differs.

The font is the bundled DejaVu Sans, loaded into Qt once, with kerning, ligatures and hinting
off so that text is exactly as wide as the layout measured it (right-aligned amounts end on
the column's edge). Painting on a QPrinter or a QImage is allowed on a worker thread (Qt
documents both), so printing a long report never blocks the window."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPageLayout, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from digibord.export.fonts import BOLD, FONT, font_file
from digibord.export.paged import BLACK, PagedReport, flat_cells

if TYPE_CHECKING:
    from collections.abc import Callable

    from digibord.export.paged import CellColumn

INT_POSITIONS_DPI = 600  # at printer resolutions whole device units are exact enough


@cache
def font_family() -> str:
    """The family name of the bundled font, loaded into Qt's font database once."""
    family = ""
    for name in (FONT, BOLD):
        fid = QFontDatabase.addApplicationFont(str(font_file(name)))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        family = family or (families[0] if families else "")
    return family or "DejaVu Sans"


def _colour(rgb) -> QColor:
    return QColor.fromRgbF(*rgb)


class QtSurface:
    """`paged.Surface` on a QPainter whose device has `dpi` dots per inch (a printer's
    resolution, or an image's). `new_page(width, height)` is called before every page but the
    first (the printer turns the page and its orientation there)."""

    def __init__(self, painter: QPainter, dpi: float,
                 new_page: Callable[[float, float], None] | None = None) -> None:
        self.p = painter
        self.k = dpi / 72.0
        self.new_page = new_page
        self.height = 0.0
        self.started = False
        self.exact = dpi < INT_POSITIONS_DPI
        self._fonts: dict[tuple[str, float], QFont] = {}
        self._pens: dict[tuple, QPen] = {}
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    def _font(self, font: str, size: float) -> QFont:
        f = self._fonts.get((font, size))
        if f is None:
            f = QFont(font_family())
            f.setPointSizeF(size)
            f.setBold(font == BOLD)
            f.setKerning(False)
            f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            # no ligatures (`fi`): each character its own advance, as the layout measured
            f.setStyleStrategy(QFont.StyleStrategy(QFont.StyleStrategy.NoFontMerging
                                                   | QFont.StyleStrategy.PreferNoShaping))
            f.setFeature(QFont.Tag("liga"), 0)
            self._fonts[(font, size)] = f
        return f

    def begin_page(self, width: float, height: float) -> None:
        if self.started and self.new_page is not None:
            self.new_page(width, height)
        self.started = True
        self.height = height

    def end_page(self) -> None:
        pass

    def text(self, font: str, size: float, texts: list[str], xs: list[float],
             ys: list[float], colour: tuple[float, float, float] = BLACK) -> None:
        if not len(texts):
            return
        p = self.p
        p.setFont(self._font(font, size))
        p.setPen(_colour(colour))
        dx = np.asarray(xs, dtype=np.float64) * self.k
        dy = (self.height - np.asarray(ys, dtype=np.float64)) * self.k
        draw = p.drawText
        if self.exact:
            for text, x, y in zip(texts, dx.tolist(), dy.tolist(), strict=True):
                draw(QPointF(x, y), text)
        else:  # whole device units, computed at once: the printer's hot loop
            xi = np.rint(dx).astype(np.int64).tolist()
            yi = np.rint(dy).astype(np.int64).tolist()
            for text, x, y in zip(texts, xi, yi, strict=True):
                draw(x, y, text)

    def cells(self, font: str, size: float, columns: list[CellColumn], start: int, stop: int,
              bases: np.ndarray) -> None:
        self.text(font, size, *flat_cells(columns, start, stop, bases))

    def rects(self, colour: tuple[float, float, float],
              rects: list[tuple[float, float, float, float]]) -> None:
        k, h, brush = self.k, self.height, _colour(colour)
        for x, y, w, rh in rects:
            self.p.fillRect(QRectF(x * k, (h - y - rh) * k, w * k, rh * k), brush)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float,
             colour: tuple[float, float, float]) -> None:
        k, h = self.k, self.height
        pen = QPen(_colour(colour))
        pen.setWidthF(width * k)
        self.p.setPen(pen)
        self.p.drawLine(QLineF(x1 * k, (h - y1) * k, x2 * k, (h - y2) * k))


def _orientation(report: PagedReport, index: int) -> QPageLayout.Orientation:
    return (QPageLayout.Orientation.Landscape if report.landscape(index)
            else QPageLayout.Orientation.Portrait)


def print_pages(report: PagedReport, printer: QPrinter, indexes: list[int]) -> int:
    """Pages `indexes` (0-based, in order) on `printer`, each in its own orientation; returns
    how many were printed. Runs on the worker thread."""
    if not indexes:
        return 0
    printer.setFullPage(True)  # our margins are on the page; (0, 0) is the paper's corner
    printer.setPageOrientation(_orientation(report, indexes[0]))
    pending = iter(indexes[1:])

    def new_page(_width: float, _height: float) -> None:
        printer.setPageOrientation(_orientation(report, next(pending)))
        printer.newPage()

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(printer.printerName() or printer.outputFileName())
    try:
        report.paint(QtSurface(painter, printer.resolution(), new_page), indexes)
    finally:
        painter.end()
    return len(indexes)


def render_page(report: PagedReport, index: int, dpi: float) -> QImage:
    """Page `index` as an image of `dpi` dots per inch (the preview)."""
    w, h = report.page_size(index)
    k = dpi / 72.0
    image = QImage(max(1, round(w * k)), max(1, round(h * k)), QImage.Format.Format_RGB32)
    dots = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots)  # so a 7.5 pt font is 7.5 pt on this image too
    image.setDotsPerMeterY(dots)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        report.paint(QtSurface(painter, dpi), [index])
    finally:
        painter.end()
    return image
