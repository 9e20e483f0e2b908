"""The pages of a report (`digibord.export.paged`) drawn with a QPainter: on a printer, or on
an image for the preview. The same layout as the PDF, drawn through the same calls; only the
surface differs.

The font is the bundled DejaVu Sans, loaded into Qt once, with kerning, ligatures and hinting
off so that text is exactly as wide as the layout measured it (right-aligned amounts end on
the column's edge). Painting on a QPrinter or a QImage is allowed on a worker thread (Qt
documents both), so printing a long report never blocks the window."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGlyphRun,
    QImage,
    QPageLayout,
    QPainter,
    QPen,
    QPointFList,
    QRawFont,
)
from PySide6.QtPrintSupport import QPrinter

from digibord.export.fonts import BOLD, FONT, char_advances, char_offsets, font_file
from digibord.export.paged import BLACK, PagedReport

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from digibord.export.paged import CellColumn

INT_POSITIONS_DPI = 600  # at printer resolutions whole device units are exact enough
PREVIEW_STEPS = 4  # below it (the preview) glyphs stand on quarter pixels, as Qt's own do
BLOCK_ROWS = 2048  # table rows whose glyphs are gathered at once, on a printer
PREVIEW_BLOCK_ROWS = 128  # and on the preview's image of one page
# characters that draw nothing (space, no-break space): not in the glyph runs
BLANKS = (0x20, 0xA0)

# Shared by every surface (a font's glyphs do not depend on the device): per font the glyph of
# a code point (a dict, and an array over the BMP, -1 where not asked yet), per (font, size,
# text) its glyphs and their x in points.
_CMAPS: dict[str, dict[int, int]] = {}
_GLYPH_TABLES: dict[str, np.ndarray] = {}
_TEXTS: dict[tuple, tuple[list[int], np.ndarray]] = {}


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
    first (the printer turns the page and its orientation there).

    Text is drawn as glyph runs (`QGlyphRun`, `drawGlyphRun`), every glyph at the x the
    layout measured (its text's x plus the advances before it, `fonts.char_offsets`): no text
    layout or shaping per cell. A page's table rows are one run per font, drawn when the
    page ends (`_flush`; the rules and bands under them are drawn as they come, and nothing
    else overlaps the rows' text), their glyphs gathered with numpy for a block of rows at
    once (`_RowGlyphs`). On a printer (`dpi` >= 600) every glyph stands on a whole device
    unit (Qt's PDF engine then writes short integers for each glyph instead of nine-digit
    fractions)."""

    def __init__(self, painter: QPainter, dpi: float,
                 new_page: Callable[[float, float], None] | None = None) -> None:
        self.p = painter
        self.k = dpi / 72.0
        self.new_page = new_page
        self.height = 0.0
        self.started = False
        self.exact = dpi < INT_POSITIONS_DPI
        self.steps = PREVIEW_STEPS if self.exact else 1  # glyph positions per device unit
        # a printer draws every row: large blocks; the preview one page: small ones
        self.block = PREVIEW_BLOCK_ROWS if self.exact else BLOCK_ROWS
        self._fonts: dict[tuple[str, float], QFont] = {}
        self._raws: dict[tuple[str, float], QRawFont] = {}
        self._tables: dict[tuple, _RowGlyphs] = {}
        self._placed_columns: dict[tuple, _ColumnsPlaced] = {}
        self._batches: dict[tuple, tuple[list[int], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._pens: dict[tuple, QPen] = {}
        self._brushes: dict[tuple, QBrush] = {}
        self._no_pen = QPen(Qt.PenStyle.NoPen)
        self._no_brush = QBrush(Qt.BrushStyle.NoBrush)
        self._batch_runs: dict[tuple, tuple[tuple, QGlyphRun]] = {}
        self._run = QGlyphRun()
        self._origin = QPointF(0.0, 0.0)
        self._points = QPointFList()
        self._no_points = QPointFList()
        # per font, size and colour what the page's run of it will draw: rows of a table
        # (`_Rows`) and batches of texts (a tuple: glyphs, x of each, baselines, glyphs per
        # text)
        self._pending: dict[tuple[str, float, tuple], list[_Rows | tuple]] = {}
        self._black = _colour(BLACK)
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
            f.setStyleStrategy(QFont.StyleStrategy(QFont.StyleStrategy.NoFontMerging
                                                   | QFont.StyleStrategy.PreferNoShaping))
            f.setFeature(QFont.Tag("liga"), 0)
            self._fonts[(font, size)] = f
        return f

    def _raw(self, font: str, size: float) -> QRawFont:
        """The font at `size` points on this device: the engine Qt draws the QFont with (the
        application font's file, which the PDF engine embeds)."""
        raw = self._raws.get((font, size))
        if raw is None:
            raw = QRawFont.fromFont(QFont(self._font(font, size), self.p.device()))
            self._raws[(font, size)] = raw
        return raw

    def _glyph(self, font: str, code: int) -> int:
        cmap = _CMAPS.setdefault(font, {})
        glyph = cmap.get(code)
        if glyph is None:
            ids = self._raw(font, 8.0).glyphIndexesForString(chr(code))
            glyph = cmap[code] = ids[0] if ids else 0
        return glyph

    def _glyph_ids(self, font: str, codes: np.ndarray) -> np.ndarray:
        """The font's glyph of each code point: looked up in a table of the BMP, which asks Qt
        once per distinct character."""
        table = _GLYPH_TABLES.get(font)
        if table is None:
            table = _GLYPH_TABLES[font] = np.full(0x10000, -1, dtype=np.int64)
        bmp = np.minimum(codes, 0xFFFF)
        ids = table[bmp]
        if (ids < 0).any():
            for code in np.unique(bmp[ids < 0]).tolist():
                table[code] = self._glyph(font, code)
            ids = table[bmp]
        astral = np.flatnonzero(codes > 0xFFFF)  # rare: beyond the BMP, one at a time
        for i in astral.tolist():
            ids[i] = self._glyph(font, int(codes[i]))
        return ids

    def _placed(self, font: str, size: float, texts: Sequence[str],
                xs: Sequence[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(glyph ids, device x of each glyph, each text's glyph count) of many `texts`
        starting at `xs` (points)."""
        codes, lengths, offsets = char_offsets(texts, font, size)
        ids = self._glyph_ids(font, codes)
        gx = np.repeat(np.asarray(xs, dtype=np.float64), lengths)
        gx += offsets
        gx *= self.k
        if self.steps != 1:
            gx *= self.steps
        np.rint(gx, out=gx)
        gx = np.maximum(gx, 0).astype(np.int64)
        inked = codes != BLANKS[0]
        inked &= codes != BLANKS[1]
        if inked.all():
            return ids, gx, lengths
        # a space draws nothing, but Qt would still place and write it: left out, the other
        # glyphs keep their x
        before = np.r_[0, np.cumsum(inked)]
        ends = np.cumsum(lengths)
        return ids[inked], gx[inked], before[ends] - before[ends - lengths]

    def begin_page(self, width: float, height: float) -> None:
        self._flush()
        if self.started and self.new_page is not None:
            self.new_page(width, height)
        self.started = True
        self.height = height

    def end_page(self) -> None:
        self._flush()

    def _text_glyphs(self, font: str, size: float, text: str) -> tuple[list[int], np.ndarray]:
        """Glyphs of one text and their x from its start (points); kept per text."""
        key = (font, size, text)
        hit = _TEXTS.get(key)
        if hit is None:
            advances = char_advances(font)
            x, offsets = 0.0, []
            for ch in text:
                offsets.append(x)
                x += advances[min(ord(ch), 0xFFFF)] * size / 1000.0
            if len(_TEXTS) > 20_000:
                _TEXTS.clear()
            inked = [i for i, ch in enumerate(text) if ord(ch) not in BLANKS]
            hit = _TEXTS[key] = ([self._glyph(font, ord(text[i])) for i in inked],
                                 np.asarray(offsets, dtype=np.float64)[inked])
        return hit

    def text(self, font: str, size: float, texts: list[str], xs: list[float],
             ys: list[float], colour: tuple[float, float, float] = BLACK) -> None:
        """A batch of texts, kept for the page's run of their font and colour (`_flush`).
        The page header, footer and column headings come back on every page: their glyphs
        and positions are kept."""
        if not len(texts):
            return
        key = (font, size, tuple(texts), tuple(xs), tuple(ys))
        entry = self._batches.get(key)
        if entry is None:
            k, steps = self.k * self.steps, self.steps
            ids: list[int] = []
            gxs: list[np.ndarray] = []
            lengths = []
            for text, x in zip(texts, xs, strict=True):
                glyphs, offsets = self._text_glyphs(font, size, text)
                ids += glyphs
                gxs.append(np.rint((x + offsets) * k) / steps)  # on the cells' grid
                lengths.append(len(glyphs))
            if len(self._batches) > 4096:
                self._batches.clear()
            entry = self._batches[key] = (ids, np.concatenate(gxs),
                                          np.asarray(ys, dtype=np.float64), np.asarray(lengths))
        self._kept(font, size, colour).append(entry)

    def _kept(self, font: str, size: float, colour: tuple[float, float, float]) -> list:
        return self._pending.setdefault((font, size, colour), [])

    def cells(self, font: str, size: float, columns: list[CellColumn], start: int, stop: int,
              bases: np.ndarray) -> None:
        """Rows `start:stop`, from the glyphs of their block of rows (gathered once per
        block), kept for the page's run of their font and size (`_flush`). Rows that follow
        the rows kept last, in the same block, join them: a page's rows between its group
        headings and subtotals are one slice of the block."""
        pending = self._kept(font, size, BLACK)
        block_rows = self.block
        first = start - start % block_rows
        if stop <= first + block_rows:  # the rows of one block: nearly always
            last = pending[-1] if pending else None
            if (type(last) is _Rows and last.stop == start - first
                    and last.block.start == first and last.block.columns is columns):
                last.stop = stop - first  # the rows after the last kept
                last.bases.append(bases)
            else:
                pending.append(_Rows(self._block(font, size, columns, first), start - first,
                                     stop - first, [bases]))
            return
        for lo in range(first, stop, block_rows):
            block = self._block(font, size, columns, lo)
            a, b = max(start, lo), min(stop, lo + block_rows)
            pending.append(_Rows(block, a - lo, b - lo, [bases[a - start:b - start]]))

    def _flush(self) -> None:
        """What `cells` and `text` kept for the page, one glyph run per font, size and colour:
        every glyph with its own x and y, the positions written with numpy into a
        `QPointFList` that Qt takes as it is (no Python object per glyph or row). `data()`
        detaches the list when a run made before still shares it, so no run is changed.
        A run of one batch of texts (the page's title, the footer) is the same on every page
        of a table: made once, drawn again."""
        if not self._pending:
            return
        fonts, self._pending = self._pending, {}
        for (font, size, colour), pending in fonts.items():
            if len(pending) == 1 and type(pending[0]) is not _Rows:  # one batch of texts
                run = self._batch_run(font, size, pending[0])
            else:
                run = self._page_run(font, size, pending)
            if run is None:
                continue
            self.p.setPen(self._black if colour == BLACK else _colour(colour))
            self.p.drawGlyphRun(self._origin, run)
            if run is self._run:
                run.setPositions(self._no_points)  # the list unshared: no copy at data()

    def _page_run(self, font: str, size: float, pending: list) -> QGlyphRun | None:
        """The surface's run, holding the glyphs kept for one font, size and colour."""
        if len(pending) == 1 and type(pending[0]) is _Rows:  # only rows: one slice of a block
            rows = pending[0]
            block, bases = rows.block, rows.bases
            first, last = block.bounds[rows.start], block.bounds[rows.stop]
            ids = block.ids[first:last].tolist()
            xs, lengths = [block.x[first:last]], [block.lengths[rows.start:rows.stop]]
        else:
            ids, xs, bases, lengths = self._gathered(pending)
        n = len(ids)
        if not n:
            return None
        points = self._positions(n)
        self._place(points, n, xs, bases, lengths)
        run = self._run
        run.setRawFont(self._raw(font, size))
        run.setGlyphIndexes(ids)  # Qt draws as many glyphs as the run has indexes
        run.setPositions(points)
        return run

    @staticmethod
    def _gathered(pending: list) -> tuple[list[int], list, list, list]:
        """The glyphs, x, baselines and glyphs per row or text of several entries kept."""
        ids: list[int] = []
        xs, bases, lengths = [], [], []
        for entry in pending:
            if type(entry) is _Rows:
                block = entry.block
                first, last = block.bounds[entry.start], block.bounds[entry.stop]
                ids += block.ids[first:last].tolist()
                xs.append(block.x[first:last])
                bases += entry.bases
                lengths.append(block.lengths[entry.start:entry.stop])
            else:  # a batch of texts
                ids += entry[0]
                xs.append(entry[1])
                bases.append(entry[2])
                lengths.append(entry[3])
        return ids, xs, bases, lengths

    def _place(self, points: QPointFList, n: int, xs: list, bases: list, lengths: list) -> None:
        """Writes the first `n` positions of `points`: x as kept, each row's baseline on the
        device grid for every glyph of the row."""
        k, steps = self.k * self.steps, self.steps
        buf = np.frombuffer(points.data(), dtype=np.float64).reshape(-1, 2)
        buf[:n, 0] = xs[0] if len(xs) == 1 else np.concatenate(xs)
        ys = np.rint((self.height - (bases[0] if len(bases) == 1 else np.concatenate(bases)))
                     * k)
        if steps != 1:
            ys /= steps
        buf[:n, 1] = np.repeat(ys, lengths[0] if len(lengths) == 1 else np.concatenate(lengths))

    def _batch_run(self, font: str, size: float, entry: tuple) -> QGlyphRun | None:
        """A run of one batch of texts at the page's height, kept with its own positions."""
        key = (id(entry), self.height)
        hit = self._batch_runs.get(key)
        if hit is not None and hit[0] is entry:
            return hit[1]
        n = len(entry[0])
        if not n:
            return None
        points = QPointFList()
        origin = QPointF()
        for _ in range(n):
            points.append(origin)
        self._place(points, n, [entry[1]], [entry[2]], [entry[3]])
        run = QGlyphRun()
        run.setRawFont(self._raw(font, size))
        run.setGlyphIndexes(entry[0])
        run.setPositions(points)
        if len(self._batch_runs) > 256:
            self._batch_runs.clear()
        self._batch_runs[key] = (entry, run)  # the entry kept: its id stays its own
        return run

    def _positions(self, n: int) -> QPointFList:
        """The surface's list of glyph positions, at least `n` long. Qt draws a run's first
        len(glyph indexes) positions, so one list serves every run; it only grows."""
        points = self._points
        if len(points) < n:
            origin = QPointF()
            for _ in range(max(n, 2 * len(points)) - len(points)):
                points.append(origin)
        return points

    def _columns_placed(self, font: str, size: float,
                        columns: list[CellColumn]) -> _ColumnsPlaced:
        key = (id(columns), font, size)
        placed = self._placed_columns.get(key)
        if placed is None or placed.columns is not columns:
            placed = self._placed_columns[key] = _ColumnsPlaced(self, font, size, columns)
        return placed

    def _block(self, font: str, size: float, columns: list[CellColumn],
               start: int) -> _RowGlyphs:
        key = (id(columns), font, size, start)
        block = self._tables.get(key)
        if block is None or block.columns is not columns:
            block = self._tables[key] = _RowGlyphs(self, font, size, columns, start,
                                                   start + self.block)
        return block

    def rects(self, colour: tuple[float, float, float],
              rects: list[tuple[float, float, float, float]]) -> None:
        k, h, p = self.k, self.height, self.p
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(_colour(colour))
        p.setPen(self._no_pen)
        p.setBrush(brush)
        p.drawRects([QRectF(x * k, (h - y - rh) * k, w * k, rh * k) for x, y, w, rh in rects])
        p.setBrush(self._no_brush)  # Qt would write a set brush with every line

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float,
             colour: tuple[float, float, float]) -> None:
        k, h = self.k, self.height
        pen = self._pens.get((width, colour))
        if pen is None:
            pen = self._pens[(width, colour)] = QPen(_colour(colour))
            pen.setWidthF(width * k)
        self.p.setPen(pen)
        self.p.drawLine(QLineF(x1 * k, (h - y1) * k, x2 * k, (h - y2) * k))


@dataclass(slots=True)
class _Rows:
    """Rows `start:stop` of a block kept for a page's run, with their baselines (one array
    per call of `cells`; rows that follow the last kept join it)."""

    block: _RowGlyphs
    start: int
    stop: int
    bases: list[np.ndarray]


class _RowGlyphs:
    """The glyphs of table rows `start:stop`, row after row and in a row column by column (the
    order of the PDF renderer, so text read back from the page reads like the table):
    `ids` (glyphs) and `x` (in device units) of every glyph, row `start + i`
    from `bounds[i]` to `bounds[i + 1]` (`lengths[i]` glyphs).
    The distinct texts of each column are placed once, then gathered for all the rows at once:
    on a printer, which draws every row, all of a column's texts (`_ColumnsPlaced`, for every
    block); on the preview only those of the block's rows, so that one page of a long table
    does not place the whole table."""

    def __init__(self, surface: QtSurface, font: str, size: float, columns: list[CellColumn],
                 start: int, stop: int) -> None:
        self.columns = columns  # kept, so that its id stays its own
        self.start = start
        if surface.exact:  # the preview: the texts of these rows only
            ids, gx, starts, lengths = [], [], [], []
            base = 0
            for c in columns:
                used, local = np.unique(c.codes[start:stop], return_inverse=True)
                local = local.ravel()
                glyphs, x, n = surface._placed(font, size, c.texts[used], c.xs[used])
                ids.append(glyphs)
                gx.append(x)
                first = base + (np.cumsum(n) - n)
                starts.append(first[local])  # per row, where its cell's glyphs start
                lengths.append(n[local])
                base += len(glyphs)
            all_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
            all_x = np.concatenate(gx) if gx else np.zeros(0, dtype=np.int64)
        else:  # a printer draws every row: each column's texts placed once for all blocks
            placed = surface._columns_placed(font, size, columns)
            all_ids, all_x, base = placed.ids, placed.x, len(placed.ids)
            starts = [f[c.codes[start:stop]] for c, f in zip(columns, placed.firsts, strict=True)]
            lengths = [n[c.codes[start:stop]] for c, n in zip(columns, placed.counts, strict=True)]
        rows = len(starts[0]) if columns else 0
        if not rows or not base:
            self.bounds = [0] * (rows + 1)
            self.lengths = np.zeros(rows, dtype=np.int64)
            self.ids = np.zeros(0, dtype=np.int64)
            self.x = np.zeros(0)
            return
        seg_start = np.column_stack(starts).ravel()  # row-major: row by row, then columns
        seg_len = np.column_stack(lengths).ravel()
        gather = _gather(seg_start, seg_len)
        self.ids = all_ids[gather]
        x = all_x[gather]  # device units (whole ones on a printer); y is the page's
        self.x = x if surface.steps == 1 else x / surface.steps
        self.lengths = seg_len.reshape(rows, -1).sum(axis=1)
        self.bounds = np.r_[0, np.cumsum(self.lengths)].tolist()


class _ColumnsPlaced:
    """Every distinct text of a table's columns placed (`QtSurface._placed`): glyphs `ids`
    and their device `x`, column after column; per column where each text's glyphs start
    (`firsts`) and how many it has (`counts`)."""

    def __init__(self, surface: QtSurface, font: str, size: float,
                 columns: list[CellColumn]) -> None:
        self.columns = columns  # kept, so that its id stays its own
        ids, gx, self.firsts, self.counts = [], [], [], []
        base = 0
        for c in columns:
            glyphs, x, n = surface._placed(font, size, c.texts, c.xs)
            ids.append(glyphs)
            gx.append(x)
            self.firsts.append(base + (np.cumsum(n) - n))
            self.counts.append(n)
            base += len(glyphs)
        self.ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        self.x = np.concatenate(gx) if gx else np.zeros(0, dtype=np.int64)


def _gather(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indexes `starts[i]`, ... `starts[i] + lengths[i] - 1` of every segment i in turn:
    steps of one, added up, with a jump where a segment starts."""
    full = np.flatnonzero(lengths)
    if not full.size:  # rows whose cells are all blank (a printer places a whole table)
        return np.zeros(0, dtype=np.int64)
    starts, lengths = starts[full], lengths[full]
    steps = np.ones(int(lengths.sum()), dtype=np.int64)
    steps[0] = starts[0]
    steps[(np.cumsum(lengths) - lengths)[1:]] = starts[1:] - (starts[:-1] + lengths[:-1] - 1)
    return np.cumsum(steps, out=steps)


def _orientation(report: PagedReport, index: int) -> QPageLayout.Orientation:
    return (QPageLayout.Orientation.Landscape if report.landscape(index)
            else QPageLayout.Orientation.Portrait)


def print_pages(report: PagedReport, printer: QPrinter, indexes: list[int]) -> int:
    """Pages `indexes` (0-based, in order) on `printer`, each in its own orientation; returns
    how many were printed. Runs on the worker thread."""
    if not indexes:
        return 0
    printer.setFullPage(True)  # our margins are on the page; (0, 0) is the paper's corner
    orientation = _orientation(report, indexes[0])
    printer.setPageOrientation(orientation)
    pending = iter(indexes[1:])

    def new_page(_width: float, _height: float) -> None:
        nonlocal orientation
        turned = _orientation(report, next(pending))
        if turned != orientation:  # set again on every page, it cost 5 ms a print
            orientation = turned
            printer.setPageOrientation(turned)
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
