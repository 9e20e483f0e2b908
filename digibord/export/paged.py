"""Reports on pages, laid out once and drawn on any `Surface`: the PDF file (`pdf.py`, a
reportlab canvas), the printer and the print preview (`digibord/ui/printing.py`, a QPainter).
One layout, so what is printed is the PDF page for page.

The layout is computed before anything is drawn (why not platypus: a 10 000-row report must
take well under a second, and the tables are regular, one line per row): column widths from
the content and the heading measured with the font, headings set on two lines before anything
is cut, the page orientation, which rows go on which page and where group headings repeat,
so "Pagina X van Y" is known first.

Every page: title, collectivity, month(s), "Pagina X van Y", creation date (long texts wrap,
they never run into each other), the column headings. The first page starts with the report's
totals. Rows are grouped (per employee or person) under a heading that repeats when a group
runs over a page break, followed by its subtotal rows; the totals row closes the table. Rows
are one line each, so a row is never split; only names and descriptions are ever shortened
with '…', amounts, dates, numbers and headings never (a table too wide for landscape A4 is set
in a smaller type first).

Coordinates are PDF points, origin at the bottom left, y the text's baseline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from digibord.export.fonts import BOLD, FONT, fit, text_widths, two_lines, width, wrap
from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.reports.table import Column, ReportTable, mask_bsn, month_strings

if TYPE_CHECKING:
    from collections.abc import Sequence

A4 = (595.2755905511812, 841.8897637795277)  # points
ORIENTATIONS = ("auto", "portrait", "landscape")
SIZE = 7.5  # body text
ROW = 10.5  # height of a row at SIZE
GROUP_ROW = 13.0  # a group heading, with some air above it
SUB_ROW = 11.5
MARGIN = 34.0
GAP = 7.0  # between columns
MIN_GAP = 4.0  # between columns of a table that is tight on the page
FOOTER_H = 18.0
MIN_SIZE = 5.5  # the smallest type a table too wide for the page is set in
MIN_TEXT = 24.0  # a name or description is never made narrower than this
BLACK = (0.0, 0.0, 0.0)
GREY = (0.93, 0.94, 0.96)
LINE = (0.55, 0.58, 0.62)
FOOTER_GREY = (0.35, 0.35, 0.35)
TITLE_SIZE, INFO_SIZE, FOOTER_SIZE, TOTALS_SIZE = 12.0, 8.0, 6.5, 8.5


class Surface(Protocol):
    """What the pages are drawn on. Texts come in batches (a page's cells at once) with the
    x of their left end: right-aligned text is placed with the font's widths by the layout."""

    def begin_page(self, width: float, height: float) -> None: ...

    def end_page(self) -> None: ...

    def text(self, font: str, size: float, texts: list[str], xs: list[float],
             ys: list[float], colour: tuple[float, float, float] = BLACK) -> None: ...

    def cells(self, font: str, size: float, columns: list[CellColumn], start: int, stop: int,
              bases: np.ndarray) -> None:
        """Table rows `start:stop` of `columns` (the same list for every page of a table),
        row `start + i` at baseline `bases[i]`, row by row and in a row column by column (so
        that text extracted from the page reads like the table)."""

    def rects(self, colour: tuple[float, float, float],
              rects: list[tuple[float, float, float, float]]) -> None:
        """Filled rectangles (x, y of the bottom left, width, height)."""

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float,
             colour: tuple[float, float, float]) -> None: ...


@dataclass(frozen=True, eq=False)
class CellColumn:
    """One table column's cells: row i shows `texts[codes[i]]` at x `xs[codes[i]]`; `texts`
    are the column's distinct texts ('' last) and `xs` where each starts, so a surface can
    prepare each distinct text once."""

    texts: np.ndarray
    xs: np.ndarray
    codes: np.ndarray


def count_text(value: int) -> str:
    return f"{int(value):,}".replace(",", ".")


def value_text(kind: str, value: int) -> str:
    return format_euro(value) if kind == "money" else count_text(value)


def euro_texts(cents: np.ndarray) -> np.ndarray:
    """`format_euro` over a whole column at once (`€ 1.234,56`, `-€ 12,30`): the same text,
    made with array string operations instead of one Python call per amount."""
    arr = np.asarray(cents, dtype=np.int64)
    if len(arr) == 0:
        return np.zeros(0, dtype=object)
    units, rest = np.divmod(np.abs(arr), 100)
    groups = [units % 1000]  # thousands groups, the lowest first
    count = np.ones(len(arr), dtype=np.int64)
    higher = units // 1000
    while (higher > 0).any():
        groups.append(higher % 1000)
        count += higher > 0
        higher //= 1000
    text = np.full(len(arr), "", dtype=f"<U{4 * len(groups) + 1}")
    for k in range(len(groups) - 1, -1, -1):  # the most significant group first
        digits = groups[k].astype(str)
        part = np.where(count - 1 == k, digits, np.char.add(".", np.char.zfill(digits, 3)))
        text = np.where(count - 1 >= k, np.char.add(text, part), text)
    body = np.char.add(np.char.add(text, ","), np.char.zfill(rest.astype(str), 2))
    return np.where(arr < 0, np.char.add("-€ ", body), np.char.add("€ ", body)).astype(object)


def cell_texts(col: Column, values: pd.Series, show_bsn: bool) -> np.ndarray:
    """Display text of a column, formatting each distinct value once (amounts and dates repeat
    a lot; format_euro is the one place that writes Dutch amounts)."""
    kind = col.kind
    if kind == "bsn" and not show_bsn:
        values = mask_bsn(values)
    if kind == "month":
        return month_strings(values.to_numpy())
    if kind == "date":
        days = values.to_numpy().astype("datetime64[D]")
        text = pd.Series(days).dt.strftime("%d-%m-%Y").fillna("")
        return text.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values, sort=False)
    if kind == "money":
        shown = euro_texts(np.asarray(uniques, dtype=np.int64)).tolist()
    elif kind == "percent":
        shown = [format_percent_bp(int(u)) for u in uniques]
    elif kind == "count":
        shown = [count_text(u) for u in uniques]
    else:
        shown = ["" if u is None else str(u) for u in uniques]
    return np.array([*shown, ""], dtype=object)[codes]


@dataclass
class _Col:
    col: Column
    heading: str
    texts: np.ndarray
    content: float = 0.0  # widest value (rows, subtotals, totals)
    head1: float = 0.0  # heading on one line
    head2: float = 0.0  # heading on at most two lines
    lines2: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the heading as set
    codes: np.ndarray | None = None  # per row its distinct text, `uniques[codes]` the column
    uniques: np.ndarray | None = None  # the distinct texts ('' appended for codes of -1)
    unique_widths: np.ndarray | None = None  # their widths at the table's type size
    width: float = 0.0
    x: float = 0.0
    xs: np.ndarray | None = None  # where each distinct text starts (alignment applied)

    @property
    def cuttable(self) -> bool:
        """Names and descriptions may be shortened with '…' as a last resort; amounts, dates,
        numbers and codes never."""
        return self.col.kind == "text"


@dataclass
class Page:
    number: int
    ops: list = field(default_factory=list)  # (kind, ...) in drawing order, with y (top)


class TableLayout:
    """One table laid out: type size, column widths, the page header, the pages."""

    def __init__(self, table: ReportTable, show_bsn: bool, lang: str,
                 orientation: str = "auto", paper: tuple[float, float] = A4) -> None:
        if orientation not in ORIENTATIONS:
            raise ValueError(orientation)
        self.table = table
        self.lang = lang
        self.paper = (min(paper), max(paper))
        frame = table.frame
        hidden = set(table.grouping.repeats) if table.grouping else set()
        columns = [c for c in table.columns if c.key not in hidden] or list(table.columns)
        self.cols = [_Col(c, c.heading_text(lang), cell_texts(c, frame[c.key], show_bsn))
                     for c in columns]
        self._bold = {c.col.key: self._bold_values(c) for c in self.cols}
        for c in self.cols:  # each distinct text measured, shortened and placed once
            codes, uniques = pd.factorize(pd.Series(c.texts, dtype=object), sort=False)
            c.codes, c.uniques = codes, np.array([*uniques, ""], dtype=object)
        portrait, landscape = (min(paper), max(paper)), (max(paper), min(paper))
        self._choose(orientation, portrait, landscape)
        self._place()
        self.groups = self._groups()
        self.footer: str | None = None
        self._header()

    # --- type size, orientation, column widths ----------------------------------------

    def _bold_values(self, c: _Col) -> list[str]:
        """Subtotals and totals of a column (they print bold, so wider than the rows)."""
        key, kind = c.col.key, c.col.kind
        if kind not in ("money", "count"):
            return []
        values = [t.value for t in (*self.table.totals, *self.table.column_totals())
                  if t.column == key]
        g = self.table.grouping
        if g is not None and key in g.subtotals.columns and len(g.subtotals):
            sub = g.subtotals[key].dropna().to_numpy(dtype=np.int64)
            if len(sub):
                values += [int(sub.min()), int(sub.max())]
        return [value_text(kind, v) for v in values]

    def _measure(self, size: float) -> None:
        for c in self.cols:
            c.unique_widths = text_widths(c.uniques, FONT, size)
            content = float(c.unique_widths.max()) if len(c.codes) else 0.0
            bold = self._bold[c.col.key]
            if bold:
                content = max(content, float(text_widths(bold, BOLD, size).max()))
            c.content = max(content, c.col.width * size * 0.55)
            c.head1 = width(c.heading, BOLD, size)
            c.lines2, c.head2 = two_lines(c.heading, BOLD, size)

    def _fit(self, avail: float, tight: bool = True) -> list[float] | None:
        """Widths within `avail`: headings on one line; else headings on two lines where that
        makes a column narrower (the largest gain first); then, when `tight`, less room
        between columns, then names and descriptions shortened (the widest first, never
        below their heading). None when that does not fit."""
        cols = self.cols
        widths = [max(c.content, c.head1) for c in cols]
        for c in cols:
            c.lines = [c.heading]
        self.gap = GAP

        def fits() -> bool:
            return sum(widths) + self.gap * (len(cols) - 1) <= avail

        if fits():
            return widths
        gains = sorted(((widths[i] - max(c.content, c.head2), i) for i, c in enumerate(cols)),
                       reverse=True)
        for gain, i in gains:
            if gain <= 0.01:
                break
            widths[i] = max(cols[i].content, cols[i].head2)
            cols[i].lines = cols[i].lines2
            if fits():
                return widths
        if not tight:
            return None
        self.gap = MIN_GAP
        if fits():
            return widths
        gaps = self.gap * (len(cols) - 1)
        floors = [max(c.head2, min(widths[i], MIN_TEXT)) if c.cuttable else widths[i]
                  for i, c in enumerate(cols)]
        if sum(floors) + gaps > avail:
            return None
        lo, hi = 0.0, max(widths)
        for _ in range(40):  # the common cap that makes the table fit
            cap = (lo + hi) / 2
            total = sum(min(w, max(cap, f)) for w, f in zip(widths, floors, strict=True))
            if total + gaps <= avail:
                lo = cap
            else:
                hi = cap
        return [min(w, max(lo, f)) for w, f in zip(widths, floors, strict=True)]

    def _choose(self, orientation: str, portrait, landscape) -> None:
        size = SIZE
        self._measure(size)
        if orientation == "auto":
            # portrait (as reports are filed) when the table fits with its headings on two
            # lines at most and nothing cut; else landscape
            fits_portrait = self._fit(portrait[0] - 2 * MARGIN, tight=False) is not None
            self.pagesize = portrait if fits_portrait else landscape
        else:
            self.pagesize = portrait if orientation == "portrait" else landscape
        avail = self.pagesize[0] - 2 * MARGIN
        widths = self._fit(avail)
        while widths is None and size > MIN_SIZE:
            size = max(MIN_SIZE, size - 0.5)
            self._measure(size)
            widths = self._fit(avail)
        if widths is None:  # the last resort: everything in proportion, text cut
            natural_widths = [max(c.content, c.head2) for c in self.cols]
            scale = (avail - self.gap * (len(self.cols) - 1)) / sum(natural_widths)
            widths = [w * scale for w in natural_widths]
            for c, w in zip(self.cols, widths, strict=True):
                c.lines = [fit(x, w, BOLD, size) for x in c.lines2]
        else:
            spare = (avail - sum(widths) - self.gap * (len(widths) - 1)) / max(len(widths), 1)
            widths = [w + min(spare, 18.0) for w in widths]
        self.size = size
        self.row = ROW * size / SIZE
        self.group_row = GROUP_ROW * size / SIZE
        self.sub_row = SUB_ROW * size / SIZE
        self._room_for_labels(widths, avail)
        for c, w in zip(self.cols, widths, strict=True):
            c.width = w

    def _room_for_labels(self, widths: list[float], avail: float) -> None:
        """The subtotal and totals labels stand left of the first column with amounts: widen
        the columns before it when they are too narrow for the label (and the page has room),
        so that "Subtotaal werknemer" is never cut."""
        table = self.table
        keys = {t.column for t in table.column_totals() if t.column}
        labels = [tr(table.row_totals_label, self.lang)] if keys else []
        g = table.grouping
        if g is not None and len(g.subtotals):
            keys |= set(g.subtotals.columns)
            labels += [tr(k, self.lang) for k in pd.unique(g.subtotals["label"])]
        first = next((i for i, c in enumerate(self.cols) if c.col.key in keys), None)
        if not labels or not first:
            return
        need = max(width(t, BOLD, self.size) for t in labels)
        room = sum(widths[:first]) + self.gap * (first - 1)
        spare = avail - sum(widths) - self.gap * (len(widths) - 1)
        if need > room and spare > 0:
            widest = max(range(first), key=lambda i: widths[i])
            widths[widest] += min(need - room, spare)

    def _place(self) -> None:
        x = MARGIN
        for c in self.cols:
            c.x = x
            x += c.width + self.gap
            self._shorten(c)
            c.xs = self._starts(c.x, c.width, c.col.alignment, c.unique_widths)
        self.right = x - self.gap
        self.cell_columns = [CellColumn(c.uniques, c.xs, c.codes) for c in self.cols]
        self.head_lines = max((len(c.lines) for c in self.cols), default=1)

    def _shorten(self, c: _Col) -> None:
        too_wide = np.flatnonzero(c.unique_widths > c.width + 0.01)
        if len(too_wide):
            for i in too_wide:
                c.uniques[i] = fit(str(c.uniques[i]), c.width, FONT, self.size)
            c.unique_widths[too_wide] = text_widths(c.uniques[too_wide], FONT, self.size)
            c.texts = c.uniques[c.codes]

    @staticmethod
    def _starts(x: float, room: float, alignment: str, widths: np.ndarray) -> np.ndarray:
        if alignment == "left":
            return np.full(len(widths), x)
        free = room - widths
        return x + (free if alignment == "right" else free / 2)

    # --- the page header ----------------------------------------------------------------

    def _header(self) -> None:
        """Lines of the header, wrapped to their room: (text, font, size, x-align, baseline
        offset from the top margin). The page number is filled in per page."""
        t, lang, meta = self.table, self.lang, self.table.meta
        page_w = self.pagesize[0]
        created = tr("export.pdf.created", lang, when=meta.created_at.strftime("%d-%m-%Y %H:%M"))
        widest_page = tr("export.page_of", lang, page=88888, pages=88888)
        right_w = max(width(created, FONT, INFO_SIZE), width(widest_page, FONT, INFO_SIZE))
        left_w = page_w - 2 * MARGIN - right_w - 14
        full_w = page_w - 2 * MARGIN
        who = tr("export.pdf.collectivity", lang, number=meta.collectivity_number,
                 name=meta.collectivity_name)
        months = tr("export.pdf.months", lang, months=", ".join(meta.months))
        lines: list[tuple[str, str, float, str, float]] = []
        down = 0.0
        for text in wrap(tr(t.title, lang), left_w, BOLD, TITLE_SIZE):
            lines.append((text, BOLD, TITLE_SIZE, "left", down + 10))
            down += 14
        for text in wrap(f"{who}    {months}", left_w, FONT, INFO_SIZE):
            lines.append((text, FONT, INFO_SIZE, "left", down + 10))
            down += 11
        self.page_line = 10.0  # "Pagina X van Y", right
        lines.append((created, FONT, INFO_SIZE, "right", 23.0))
        down = max(down, 24.0)
        for note in (t.note_text(lang), t.selection_text(lang)):
            for text in wrap(note, full_w, FONT, INFO_SIZE) if note else []:
                lines.append((text, FONT, INFO_SIZE, "left", down + 10))
                down += 11
        self.header_lines = lines
        self.header_h = down + 11  # the rule 3 below the last line, the headings 8 below it

    # --- rows onto pages ----------------------------------------------------------------

    def _groups(self) -> list[tuple[int, int, str, range, int]]:
        """(start, stop, heading, its subtotal rows, group index) per group; one group without
        heading when the table is not grouped. Headings are fitted and subtotals formatted
        and placed for all groups at once, as `heading_cells` (a row per group) and
        `sub_cells` (the subtotal rows in group order, `range`s into them per group)."""
        table, n = self.table, len(self.table.frame)
        g = table.grouping
        self.heading_cells: list[CellColumn] = []
        self.sub_cells: list[CellColumn] = []
        subs = g.subtotals if g is not None else None
        self.first_sub_x = min((c.x for c in self.cols
                                if subs is not None and c.col.key in subs.columns),
                               default=self.right)
        if g is None or n == 0:
            return [(0, n, "", range(0), 0)]
        keys = table.frame[g.key].to_numpy()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        stops = np.r_[starts[1:], n]
        headings = pd.Series(table.frame[g.heading].to_numpy(dtype=object)[starts],
                             dtype=object).fillna("").astype(str).to_numpy(dtype=object)
        room = self.right - MARGIN
        too_wide = np.flatnonzero(text_widths(headings, BOLD, self.size + 0.5) > room)
        for i in too_wide:
            headings[i] = fit(headings[i], room, BOLD, self.size + 0.5)
        n_groups = len(starts)
        self.heading_cells = [CellColumn(np.array([*headings, ""], dtype=object),
                                         np.full(n_groups + 1, MARGIN), np.arange(n_groups))]
        ranges = [range(0)] * n_groups
        if len(subs):
            group_of: dict = {}
            for i, key in enumerate(keys[starts].tolist()):
                group_of.setdefault(key, i)
            pos = np.array([group_of.get(k, -1) for k in subs[g.key].tolist()], dtype=np.int64)
            kept = np.flatnonzero(pos >= 0)
            order = kept[np.argsort(pos[kept], kind="stable")]
            offsets = np.r_[0, np.cumsum(np.bincount(pos[order], minlength=n_groups))]
            ranges = [range(a, b) for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(),
                                                  strict=True)]
            chosen = subs.iloc[order]
            self.sub_cells = [self._label_cells(chosen["label"])]
            for c in self.cols:
                if c.col.key in subs.columns:
                    self.sub_cells.append(self._value_cells(c, chosen[c.col.key]))
        return [(a, b, h, r, i) for i, (a, b, h, r) in enumerate(zip(
            starts.tolist(), stops.tolist(), headings.tolist(), ranges, strict=True))]

    def _label_cells(self, labels: pd.Series) -> CellColumn:
        """Subtotal labels, fitted left of the first column with values."""
        codes, uniques = pd.factorize(labels, sort=False)
        room = max(self.first_sub_x - MARGIN - self.gap, 30)
        texts = [fit(tr(str(u), self.lang), room, BOLD, self.size) for u in uniques]
        return CellColumn(np.array([*texts, ""], dtype=object), np.full(len(texts) + 1, MARGIN),
                          codes)

    def _value_cells(self, c: _Col, values: pd.Series) -> CellColumn:
        """A column's subtotals in bold, right-aligned like its rows ('' where none)."""
        filled = values.fillna(0).to_numpy(dtype=np.int64)
        shown = (euro_texts(filled) if c.col.kind == "money" else
                 np.array([count_text(v) for v in filled.tolist()], dtype=object))
        shown = np.where(values.notna().to_numpy(), shown, "").astype(object)
        codes, uniques = pd.factorize(pd.Series(shown, dtype=object), sort=False)
        uniques = np.array([*uniques, ""], dtype=object)
        xs = self._starts(c.x, c.width, c.col.alignment, text_widths(uniques, BOLD, self.size))
        return CellColumn(uniques, xs, codes)

    @property
    def headings_h(self) -> float:
        return self.row * (self.head_lines + 0.4)

    def paginate(self, first_page: int) -> list[Page]:
        """Rows onto pages: a group heading never ends a page, a group running over a break
        repeats its heading, the last row of a group stays with its subtotals."""
        top = self.pagesize[1] - MARGIN - self.header_h - self.headings_h
        bottom = MARGIN + FOOTER_H
        row, sub_row, group_row = self.row, self.sub_row, self.group_row
        pages: list[Page] = []

        def new_page() -> float:
            pages.append(Page(first_page + len(pages)))
            return top

        y = new_page()
        totals = self.table.totals
        if totals:
            pages[-1].ops.append(("totals", y))
            y -= SUB_ROW * (len(totals) + 1) + 14
        if len(self.table.frame) == 0:
            pages[-1].ops.append(("empty", y))
            return pages
        for start, stop, heading, subs, index in self.groups:
            head_h = group_row if heading else 0.0
            sub_h = sub_row * len(subs) + 3 if subs else 0.0
            pos = start
            while pos < stop:
                fit_rows = int((y - bottom - head_h) // row)
                if fit_rows < 1:
                    y = new_page()
                    continue
                take = min(fit_rows, stop - pos)
                if pos + take == stop and take > 1 and y - head_h - take * row - sub_h < bottom:
                    take -= 1  # carry the last row over so the subtotals have company
                if heading:
                    pages[-1].ops.append(("group", y, heading, pos > start, index))
                    y -= head_h
                pages[-1].ops.append(("rows", y, pos, pos + take))
                y -= take * row
                pos += take
                if pos < stop:
                    y = new_page()
            if subs:
                if y - sub_h < bottom:
                    y = new_page()
                    if heading:
                        pages[-1].ops.append(("group", y, heading, True, index))
                        y -= head_h
                pages[-1].ops.append(("subs", y, subs))
                y -= sub_h
        if self.table.column_totals():
            if y - sub_row * 1.5 < bottom:
                y = new_page()
            pages[-1].ops.append(("grand", y - 3))
        return pages


class Painter:
    """Draws the pages of one report on a surface (the same calls for PDF and printer)."""

    def __init__(self, surface: Surface, total_pages: int, lang: str) -> None:
        self.s = surface
        self.total = total_pages
        self.lang = lang
        self.labels: dict[tuple[str, float], str] = {}
        self.widths: dict[tuple[str, str, float], float] = {}

    def width(self, text: str, font: str, size: float) -> float:
        key = (text, font, size)
        w = self.widths.get(key)
        if w is None:
            w = self.widths[key] = width(text, font, size)
        return w

    def page(self, layout: TableLayout, page: Page) -> None:
        s, lang = self.s, self.lang
        width_, height = layout.pagesize
        s.begin_page(width_, height)
        top = height - MARGIN
        for text, font, size, align, down in layout.header_lines:
            x = MARGIN if align == "left" else width_ - MARGIN - self.width(text, font, size)
            s.text(font, size, [text], [x], [top - down])
        number = tr("export.page_of", lang, page=page.number, pages=self.total)
        s.text(FONT, INFO_SIZE, [number], [width_ - MARGIN - self.width(number, FONT, INFO_SIZE)],
               [top - layout.page_line])
        rule = top - layout.header_h + 8
        s.line(MARGIN, rule, width_ - MARGIN, rule, 0.6, LINE)
        meta = layout.table.meta
        if layout.footer is None:  # the same on every page of the table: fitted once
            layout.footer = fit(tr("export.pdf.footer", lang, sources=", ".join(meta.sources),
                                   version=meta.version), width_ - 2 * MARGIN, FONT,
                                FOOTER_SIZE)
        s.text(FONT, FOOTER_SIZE, [layout.footer], [MARGIN], [MARGIN - 2], FOOTER_GREY)
        self.headings(layout, top - layout.header_h)
        for op in page.ops:
            getattr(self, "op_" + op[0])(layout, *op[1:])
        s.end_page()

    def _x(self, layout: TableLayout, col: _Col, text: str, font: str) -> float:
        if col.col.alignment == "left":
            return col.x
        free = col.width - self.width(text, font, layout.size)
        return col.x + (free if col.col.alignment == "right" else free / 2)

    def headings(self, layout: TableLayout, y: float) -> None:
        texts, xs, ys = [], [], []
        lines = layout.head_lines
        for col in layout.cols:
            first = lines - len(col.lines)  # bottom-aligned: one-line headings on the last line
            for i, text in enumerate(col.lines):
                texts.append(text)
                xs.append(self._x(layout, col, text, BOLD))
                ys.append(y - layout.row * (first + i + 1) + 3)
        self.s.text(BOLD, layout.size, texts, xs, ys)
        below = y - layout.row * lines
        self.s.line(MARGIN, below, layout.right, below, 0.5, BLACK)

    def op_totals(self, layout: TableLayout, y: float) -> None:
        lang, totals = self.lang, layout.table.totals
        title = tr("print.pdf.totals_all" if layout.table.selection_note
                   else "export.pdf.totals", lang)
        labels = [t.text(lang) for t in totals]
        values = [value_text(t.kind, t.value) for t in totals]
        label_w = max(width(t, FONT, TOTALS_SIZE) for t in labels) + 20
        value_w = max(width(v, BOLD, TOTALS_SIZE) for v in values) + 4
        box_w = max(label_w + value_w, width(title, BOLD, TOTALS_SIZE)) + 12
        self.s.rects(GREY, [(MARGIN - 4, y - SUB_ROW * (len(labels) + 1) - 5, box_w,
                             SUB_ROW * (len(labels) + 1) + 3)])
        self.s.text(BOLD, TOTALS_SIZE, [title], [MARGIN], [y - SUB_ROW + 2])
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            base = y - SUB_ROW * (i + 2) + 2  # label and value in turn: the text reads so
            self.s.text(FONT, TOTALS_SIZE, [label], [MARGIN], [base])
            self.s.text(BOLD, TOTALS_SIZE, [value],
                        [MARGIN + label_w + value_w - width(value, BOLD, TOTALS_SIZE)], [base])

    def op_empty(self, layout: TableLayout, y: float) -> None:
        self.s.text(FONT, 9, [tr("export.pdf.no_rows", self.lang)], [MARGIN], [y - 14])

    def op_group(self, layout: TableLayout, y: float, heading: str, continued: bool,
                 index: int) -> None:
        size = layout.size + 0.5  # the heading comes fitted from the layout
        base = y - layout.group_row + 3.5 * layout.size / SIZE
        if continued:
            text = fit(tr("export.pdf.continued", self.lang, heading=heading),
                       layout.right - MARGIN, BOLD, size)
            self.s.text(BOLD, size, [text], [MARGIN], [base])
        else:
            self.s.cells(BOLD, size, layout.heading_cells, index, index + 1, np.array([base]))

    def op_rows(self, layout: TableLayout, y: float, start: int, stop: int) -> None:
        n, row = stop - start, layout.row
        w = layout.right - MARGIN + 4
        bands = [(MARGIN - 2, y - (i + 1) * row, w, row) for i in range(1, n, 2)]
        if bands:  # light bands on every other row
            self.s.rects(GREY, bands)
        bases = y - row + 3 * layout.size / SIZE - np.arange(n) * row
        self.s.cells(FONT, layout.size, layout.cell_columns, start, stop, bases)

    def _label(self, layout: TableLayout, label: str, first_x: float) -> str:
        """A subtotal or totals label, fitted left of the first column with values."""
        key = (label, first_x)
        text = self.labels.get(key)
        if text is None:
            text = fit(tr(label, self.lang), max(first_x - MARGIN - layout.gap, 30), BOLD,
                       layout.size)
            self.labels[key] = text
        return text

    def _value_cells(self, layout: TableLayout, base: float, label: str, values: dict,
                     texts: list, xs: list, ys: list) -> None:
        value_cols = [col for col in layout.cols if col.col.key in values]
        first_x = min((col.x for col in value_cols), default=layout.right)
        texts.append(self._label(layout, label, first_x))
        xs.append(MARGIN)
        ys.append(base)
        for col in value_cols:
            value = values[col.col.key]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            text = value_text(col.col.kind, value)
            texts.append(text)
            xs.append(self._x(layout, col, text, BOLD))
            ys.append(base)

    def op_subs(self, layout: TableLayout, y: float, subs: range) -> None:
        self.s.line(MARGIN, y, layout.right, y, 0.4, LINE)
        bases = y - layout.sub_row * (np.arange(len(subs)) + 1) + 3 * layout.size / SIZE
        self.s.cells(BOLD, layout.size, layout.sub_cells, subs.start, subs.stop, bases)

    def op_grand(self, layout: TableLayout, y: float) -> None:
        self.s.line(MARGIN, y, layout.right, y, 0.8, BLACK)
        table = layout.table
        values = {t.column: t.value for t in table.column_totals() if t.column}
        texts: list[str] = []
        xs: list[float] = []
        ys: list[float] = []
        self._value_cells(layout, y - layout.sub_row + 2, table.row_totals_label, values,
                          texts, xs, ys)
        self.s.text(BOLD, layout.size, texts, xs, ys)


class PagedReport:
    """ReportTables on pages, each table starting on a new page: `paint(surface, i)` draws
    page i (0-based) on any surface; `page_size(i)` is its size in points."""

    def __init__(self, tables: list[ReportTable], show_bsn: bool = False, lang: str = "nl",
                 orientation: str = "auto", paper: tuple[float, float] = A4) -> None:
        self.tables = tables
        self.lang = lang
        self.paper = (min(paper), max(paper))
        self.orientation = orientation
        self.layouts = [TableLayout(t, show_bsn, lang, orientation, paper) for t in tables]
        self.extra_pages = 0  # pages a renderer adds after the tables (the PDF's charts)
        self.pages: list[tuple[TableLayout, Page]] = []
        for layout in self.layouts:
            for page in layout.paginate(len(self.pages) + 1):
                self.pages.append((layout, page))

    def __len__(self) -> int:
        return len(self.pages)

    def page_size(self, index: int) -> tuple[float, float]:
        return self.pages[index][0].pagesize

    def landscape(self, index: int) -> bool:
        w, h = self.page_size(index)
        return w > h

    def painter(self, surface: Surface) -> Painter:
        return Painter(surface, len(self.pages) + self.extra_pages, self.lang)

    def paint(self, surface: Surface, indexes: Sequence[int] | None = None) -> None:
        """Pages `indexes` (all by default), in that order, on `surface`."""
        painter = self.painter(surface)
        for i in range(len(self.pages)) if indexes is None else indexes:
            layout, page = self.pages[i]
            painter.page(layout, page)
