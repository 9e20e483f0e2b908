"""Printable PDF reports of ReportTables, drawn on the reportlab canvas with our own paginator.

Why not platypus: a 10 000-row report must take well under a second, and the tables are
regular (one line per row), so the layout is computed first (which rows go on which page, where
group headings repeat), which also tells "Pagina X van Y" before anything is drawn; the rows are
then drawn column by column as text objects.

Every page: title, collectivity, month(s), "Pagina X van Y", creation date, the column headings.
The first page starts with the report's totals. Rows are grouped (per employee or person) under
a heading that repeats when a group runs over a page break, followed by its subtotal rows; the
grand total closes the table. Rows are one line each, so a row is never split; text that does
not fit its column is shortened with '…'. The font is the bundled DejaVu Sans, so € ë ö ç print
the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import chain

import numpy as np
import pandas as pd
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from digibord.export import pdf_charts
from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.paths import resource
from digibord.reports.table import Column, ReportTable, mask_bsn, month_strings

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SIZE = 7.5  # body text
ROW = 10.5  # height of a row
GROUP_ROW = 13.0  # a group heading, with some air above it
SUB_ROW = 11.5
MARGIN = 34.0
GAP = 7.0  # between columns
HEADER_H = 46.0  # title block at the top of every page
FOOTER_H = 18.0
ELLIPSIS = "…"
GREY = (0.93, 0.94, 0.96)
LINE = (0.55, 0.58, 0.62)


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))


def _width(text: str, font: str = FONT, size: float = SIZE) -> float:
    return pdfmetrics.stringWidth(text, font, size)


@cache
def _advance_table(font: str) -> np.ndarray:
    """Advance width (1/1000 em) of every BMP character of a registered TrueType font."""
    face = pdfmetrics.getFont(font).face
    table = np.full(0x10000, face.defaultWidth, dtype=np.float64)
    codes = np.fromiter((c for c in face.charWidths if c < 0x10000), dtype=np.int64)
    table[codes] = [face.charWidths[c] for c in codes.tolist()]
    return table


def text_widths(texts, font: str = FONT, size: float = SIZE) -> np.ndarray:
    """Widths in points of many strings at once (reportlab adds advances without kerning, and
    so does this): all characters as one code point array, looked up, summed per string."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros(0)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    table = _advance_table(font)
    advances = table[np.minimum(codes, 0xFFFF)]
    sums = np.add.reduceat(np.r_[advances, 0.0], np.r_[0, np.cumsum(lengths)[:-1]])
    return np.where(lengths > 0, sums, 0.0) * size / 1000.0


def _fit(text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """`text`, shortened with '…' to fit `width` points."""
    if _width(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if _width(text[:mid] + ELLIPSIS, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def count_text(value: int) -> str:
    return f"{int(value):,}".replace(",", ".")


def _value_text(kind: str, value: int) -> str:
    return format_euro(value) if kind == "money" else count_text(value)


def _texts(col: Column, values: pd.Series, show_bsn: bool) -> np.ndarray:
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
        shown = [format_euro(int(u)) for u in uniques]
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
    width: float = 0.0
    x: float = 0.0
    offsets: np.ndarray | None = None  # per row, for right/center aligned text


@dataclass
class _Page:
    number: int
    ops: list = field(default_factory=list)  # (kind, ...) in drawing order, with y (top)


class _Layout:
    """One table laid out: column widths, and the pages with what goes where."""

    def __init__(self, table: ReportTable, show_bsn: bool, lang: str) -> None:
        self.table = table
        self.lang = lang
        frame = table.frame
        hidden = set(table.grouping.repeats) if table.grouping else set()
        columns = [c for c in table.columns if c.key not in hidden] or list(table.columns)
        self.cols = [_Col(c, tr(c.heading, lang), _texts(c, frame[c.key], show_bsn))
                     for c in columns]
        self._widths()
        self.groups = self._groups()

    def _bold_values(self, c: _Col) -> float:
        """Widest subtotal or total of a column (they print bold, so wider than the rows)."""
        key, kind = c.col.key, c.col.kind
        values = [t.value for t in self.table.totals if t.column == key]
        g = self.table.grouping
        if g is not None and key in g.subtotals.columns and len(g.subtotals):
            sub = g.subtotals[key].dropna().to_numpy(dtype=np.int64)
            if len(sub):
                values += [int(sub.min()), int(sub.max())]
        if not values or kind not in ("money", "count"):
            return 0.0
        return float(text_widths([_value_text(kind, v) for v in values], BOLD).max())

    def _widths(self) -> None:
        natural = []
        for c in self.cols:
            uniq = pd.unique(c.texts) if len(c.texts) else np.array([], dtype=object)
            content = float(text_widths(uniq).max()) if len(uniq) else 0.0
            head = _width(c.heading, BOLD)
            natural.append(max(content, head, self._bold_values(c), c.col.width * SIZE * 0.55))
        need = sum(natural) + GAP * (len(natural) - 1)
        portrait = A4[0] - 2 * MARGIN
        self.pagesize = A4 if need <= portrait else landscape(A4)
        avail = self.pagesize[0] - 2 * MARGIN
        widths = list(natural)
        if need > avail:
            # Shrink the text columns (names, descriptions) only; amounts and dates keep theirs.
            flexible = [i for i, c in enumerate(self.cols) if c.col.kind == "text"]
            fixed = sum(widths[i] for i in range(len(widths)) if i not in flexible)
            room = avail - fixed - GAP * (len(widths) - 1)
            total_flex = sum(widths[i] for i in flexible) or 1.0
            for i in flexible:
                widths[i] = max(room * widths[i] / total_flex, 24.0)
        else:
            # spread what is left over the page, up to a point, so the table looks set
            spare = (avail - need) / max(len(widths), 1)
            widths = [w + min(spare, 18.0) for w in widths]
        x = MARGIN
        for c, w in zip(self.cols, widths, strict=True):
            c.width, c.x = w, x
            x += w + GAP
            self._shorten(c)
            if c.col.alignment != "left":
                c.offsets = self._offsets(c)
        self.right = x - GAP

    def _shorten(self, c: _Col) -> None:
        codes, uniques = pd.factorize(pd.Series(c.texts, dtype=object), sort=False)
        too_wide = np.flatnonzero(text_widths(uniques) > c.width + 0.01)
        if len(too_wide):
            fitted = np.array([*uniques, ""], dtype=object)
            for i in too_wide:
                fitted[i] = _fit(str(uniques[i]), c.width)
            c.texts = fitted[codes]
        if len(c.heading) and _width(c.heading, BOLD) > c.width:
            c.heading = _fit(c.heading, c.width, BOLD)

    @staticmethod
    def _offsets(c: _Col) -> np.ndarray:
        codes, uniques = pd.factorize(pd.Series(c.texts, dtype=object), sort=False)
        widths = np.r_[text_widths(uniques), 0.0][codes]
        free = c.width - widths
        return free if c.col.alignment == "right" else free / 2

    def _groups(self) -> list[tuple[int, int, str, list[tuple[str, dict]]]]:
        """(start, stop, heading, subtotal rows) per group; one group without heading when the
        table is not grouped."""
        table, n = self.table, len(self.table.frame)
        g = table.grouping
        if g is None or n == 0:
            return [(0, n, "", [])]
        keys = table.frame[g.key].to_numpy()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        stops = np.r_[starts[1:], n]
        headings = table.frame[g.heading].to_numpy(dtype=object)[starts]
        subs = g.subtotals
        value_cols = [c.col.key for c in self.cols if c.col.key in subs.columns]
        by_key: dict = {}
        if len(subs):
            sub_keys = subs[g.key].tolist()
            labels = subs["label"].tolist()
            values = {k: subs[k].tolist() for k in value_cols}
            for i, key in enumerate(sub_keys):
                row = {k: values[k][i] for k in value_cols}
                by_key.setdefault(key, []).append((labels[i], row))
        return [(int(a), int(b), str(h), by_key.get(keys[a], []))
                for a, b, h in zip(starts, stops, headings, strict=True)]

    def paginate(self, first_page: int) -> list[_Page]:
        """Rows onto pages: a group heading never ends a page, a group running over a break
        repeats its heading, the last row of a group stays with its subtotals."""
        size = self.pagesize
        top = size[1] - MARGIN - HEADER_H - ROW * 1.4  # below the column headings
        bottom = MARGIN + FOOTER_H
        pages: list[_Page] = []

        def new_page() -> float:
            pages.append(_Page(first_page + len(pages)))
            return top

        y = new_page()
        totals = self.table.totals
        if totals:
            pages[-1].ops.append(("totals", y))
            y -= SUB_ROW * (len(totals) + 1) + 14
        if len(self.table.frame) == 0:
            pages[-1].ops.append(("empty", y))
            return pages
        for start, stop, heading, subs in self.groups:
            head_h = GROUP_ROW if heading else 0.0
            sub_h = SUB_ROW * len(subs) + 3 if subs else 0.0
            pos = start
            while pos < stop:
                fit = int((y - bottom - head_h) // ROW)
                if fit < 1:
                    y = new_page()
                    continue
                take = min(fit, stop - pos)
                if pos + take == stop and take > 1 and y - head_h - take * ROW - sub_h < bottom:
                    take -= 1  # carry the last row over so the subtotals have company
                if heading:
                    pages[-1].ops.append(("group", y, heading, pos > start))
                    y -= head_h
                pages[-1].ops.append(("rows", y, pos, pos + take))
                y -= take * ROW
                pos += take
                if pos < stop:
                    y = new_page()
            if subs:
                if y - sub_h < bottom:
                    y = new_page()
                    if heading:
                        pages[-1].ops.append(("group", y, heading, True))
                        y -= head_h
                pages[-1].ops.append(("subs", y, subs))
                y -= sub_h
        if any(t.column for t in totals):
            if y - SUB_ROW * 1.5 < bottom:
                y = new_page()
            pages[-1].ops.append(("grand", y - 3))
        return pages


class _RawText:
    """PDF text operators for the table cells, written directly: one `Tm` and one `Tj` per cell,
    each distinct string encoded once into the font's subsets (reportlab's text object would
    format every cell anew, which is most of the time of a large report)."""

    def __init__(self, canvas: Canvas, font: str = FONT, size: float = SIZE) -> None:
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
        return f"{name} {self.size} Tf "

    def cells(self, ops: list[str], texts: list[str], xs: list[str], ys: list[str]) -> None:
        self.current = -1  # a new BT block: state of the font unknown to us
        for text, x, y in zip(texts, xs, ys, strict=True):
            if not text:
                continue
            out = [f"1 0 0 1 {x} {y} Tm "]
            for subset, shown in self._parts(text):
                if subset != self.current:
                    out.append(self._select(subset))
                out.append(shown)
            ops.append("".join(out))


class _Painter:
    def __init__(self, canvas: Canvas, total_pages: int, lang: str) -> None:
        self.c = canvas
        self.total = total_pages
        self.lang = lang
        self.text = _RawText(canvas)
        self.bold = _RawText(canvas, BOLD, SIZE)
        self.head = _RawText(canvas, BOLD, SIZE + 0.5)
        self.widths: dict[str, float] = {}
        self.labels: dict[tuple[str, float], str] = {}

    def page(self, layout: _Layout, page: _Page) -> None:
        c, table, lang = self.c, layout.table, self.lang
        width, height = layout.pagesize
        c.setPageSize(layout.pagesize)
        meta = table.meta
        y = height - MARGIN
        c.setFillColorRGB(0, 0, 0)
        c.setFont(BOLD, 12)
        c.drawString(MARGIN, y - 10, tr(table.title, lang))
        c.setFont(FONT, 8)
        who = tr("export.pdf.collectivity", lang, number=meta.collectivity_number,
                 name=meta.collectivity_name)
        months = tr("export.pdf.months", lang, months=", ".join(meta.months))
        c.drawString(MARGIN, y - 23, f"{who}    {months}")
        if table.note:
            c.drawString(MARGIN, y - 34, _fit(table.note_text(lang), width - 2 * MARGIN,
                                              FONT, 8))
        c.drawRightString(width - MARGIN, y - 10,
                          tr("export.page_of", lang, page=page.number, pages=self.total))
        c.drawRightString(width - MARGIN, y - 23, tr(
            "export.pdf.created", lang, when=meta.created_at.strftime("%d-%m-%Y %H:%M")))
        c.setStrokeColorRGB(*LINE)
        c.setLineWidth(0.6)
        c.line(MARGIN, y - HEADER_H + 8, width - MARGIN, y - HEADER_H + 8)
        # footer: where it came from
        c.setFont(FONT, 6.5)
        c.setFillColorRGB(0.35, 0.35, 0.35)
        source = ", ".join(meta.sources)
        c.drawString(MARGIN, MARGIN - 2, _fit(tr("export.pdf.footer", lang, sources=source,
                                                 version=meta.version),
                                              width - 2 * MARGIN, FONT, 6.5))
        c.setFillColorRGB(0, 0, 0)
        self.headings(layout, height - MARGIN - HEADER_H)
        for op in page.ops:
            getattr(self, "op_" + op[0])(layout, *op[1:])

    def headings(self, layout: _Layout, y: float) -> None:
        c = self.c
        c.setFont(BOLD, SIZE)
        base = y - ROW + 3
        for col in layout.cols:
            self._aligned(col, col.heading, base, BOLD)
        c.setLineWidth(0.5)
        c.line(MARGIN, y - ROW, layout.right, y - ROW)

    def _aligned(self, col: _Col, text: str, base: float, font: str = FONT) -> None:
        if col.col.alignment == "right":
            self.c.drawRightString(col.x + col.width, base, text)
        elif col.col.alignment == "center":
            self.c.drawCentredString(col.x + col.width / 2, base, text)
        else:
            self.c.drawString(col.x, base, text)

    def op_totals(self, layout: _Layout, y: float) -> None:
        c, lang = self.c, self.lang
        c.setFont(BOLD, 8.5)
        c.drawString(MARGIN, y - SUB_ROW + 2, tr("export.pdf.totals", lang))
        labels = [t.text(lang) for t in layout.table.totals]
        label_w = max(_width(t, FONT, 8.5) for t in labels) + 20
        values = [_value_text(t.kind, t.value) for t in layout.table.totals]
        value_w = max(_width(v, BOLD, 8.5) for v in values) + 4
        c.setFillColorRGB(*GREY)
        c.rect(MARGIN - 4, y - SUB_ROW * (len(labels) + 1) - 5, label_w + value_w + 12,
               SUB_ROW * (len(labels) + 1) + 3, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(BOLD, 8.5)
        c.drawString(MARGIN, y - SUB_ROW + 2, tr("export.pdf.totals", lang))
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            base = y - SUB_ROW * (i + 2) + 2
            c.setFont(FONT, 8.5)
            c.drawString(MARGIN, base, label)
            c.setFont(BOLD, 8.5)
            c.drawRightString(MARGIN + label_w + value_w, base, value)

    def op_empty(self, layout: _Layout, y: float) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawString(MARGIN, y - 14, tr("export.pdf.no_rows", self.lang))

    def op_group(self, layout: _Layout, y: float, heading: str, continued: bool) -> None:
        text = tr("export.pdf.continued", self.lang, heading=heading) if continued else heading
        text = _fit(text, layout.right - MARGIN, BOLD, SIZE + 0.5)
        ops = ["BT 0 g"]
        self.head.cells(ops, [text], [f"{MARGIN:.2f}"], [f"{y - GROUP_ROW + 3.5:.2f}"])
        ops.append("ET")
        self.c.addLiteral("\n".join(ops))

    def op_rows(self, layout: _Layout, y: float, start: int, stop: int) -> None:
        c = self.c
        n = stop - start
        # light bands on every other row
        w = layout.right - MARGIN + 4
        bands = [f"{MARGIN - 2:.2f} {y - (i + 1) * ROW:.2f} {w:.2f} {ROW:.2f} re"
                 for i in range(1, n, 2)]
        grey = " ".join(f"{v:.2f}" for v in GREY)
        ops = [f"q {grey} rg", *bands, "f Q"] if bands else []
        texts, xs = [], []
        column_ys = [f"{y - ROW + 3 - i * ROW:.2f}" for i in range(n)]
        ys = [column_ys] * len(layout.cols)
        for col in layout.cols:
            texts.append(col.texts[start:stop].tolist())
            if col.offsets is None:
                xs.append([f"{col.x:.2f}"] * n)
            else:
                xs.append([f"{col.x + dx:.2f}" for dx in col.offsets[start:stop].tolist()])
        # row by row, so that text copied or extracted from the PDF reads like the table
        flat = [list(chain.from_iterable(zip(*parts, strict=True)))
                for parts in (texts, xs, ys)]
        ops.append("BT 0 g")
        self.text.cells(ops, *flat)
        ops.append("ET")
        c.addLiteral("\n".join(ops))

    def _value_row(self, layout: _Layout, base: float, label: str, values: dict) -> None:
        c = self.c
        c.setFont(BOLD, SIZE)
        value_cols = [col for col in layout.cols if col.col.key in values]
        first_value_x = min((col.x for col in value_cols), default=layout.right)
        c.drawString(MARGIN, base, _fit(label, max(first_value_x - MARGIN - GAP, 30), BOLD))
        for col in value_cols:
            value = values[col.col.key]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            c.drawRightString(col.x + col.width, base, _value_text(col.col.kind, value))

    def _bold_width(self, text: str) -> float:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = _width(text, BOLD)
        return width

    def op_subs(self, layout: _Layout, y: float, subs: list[tuple[str, dict]]) -> None:
        line = " ".join(f"{v:.2f}" for v in LINE)
        ops = [f"q {line} RG 0.4 w {MARGIN:.2f} {y:.2f} m {layout.right:.2f} {y:.2f} l S Q",
               "BT 0 g"]
        for i, (label, values) in enumerate(subs):
            base = f"{y - SUB_ROW * (i + 1) + 3:.2f}"
            value_cols = [col for col in layout.cols if col.col.key in values]
            first_x = min((col.x for col in value_cols), default=layout.right)
            label_text = self.labels.get((label, first_x))
            if label_text is None:
                label_text = _fit(tr(label, self.lang), max(first_x - MARGIN - GAP, 30), BOLD)
                self.labels[(label, first_x)] = label_text
            texts, xs = [label_text], [f"{MARGIN:.2f}"]
            for col in value_cols:
                value = values[col.col.key]
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    continue
                text = _value_text(col.col.kind, value)
                texts.append(text)
                xs.append(f"{col.x + col.width - self._bold_width(text):.2f}")
            self.bold.cells(ops, texts, xs, [base] * len(texts))
        ops.append("ET")
        self.c.addLiteral("\n".join(ops))

    def op_grand(self, layout: _Layout, y: float) -> None:
        c = self.c
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.8)
        c.line(MARGIN, y, layout.right, y)
        values = {t.column: t.value for t in layout.table.totals if t.column}
        self._value_row(layout, y - SUB_ROW + 2, tr("export.total", self.lang), values)


def write_pdf(tables: list[ReportTable], path, show_bsn: bool = False, lang: str = "nl",
              charts: tuple = ()) -> None:
    """Write `tables`, each starting on a new page, to `path`; a report's `charts`
    (digibord/reports/charts.py) follow on pages of their own (pdf_charts.py)."""
    register_fonts()
    layouts = [_Layout(t, show_bsn, lang) for t in tables]
    pages: list[tuple[_Layout, _Page]] = []
    for layout in layouts:
        for page in layout.paginate(len(pages) + 1):
            pages.append((layout, page))
    first = tables[0]
    canvas = Canvas(str(path), pagesize=layouts[0].pagesize, pageCompression=1,
                    invariant=False)
    canvas.setTitle(tr(first.title, lang))
    canvas.setAuthor("Digibord")
    canvas.setCreator(f"Digibord {first.meta.version}")
    canvas.setSubject(f"{first.meta.collectivity_number} {first.meta.collectivity_name}")
    extra = pdf_charts.page_count(charts)
    painter = _Painter(canvas, len(pages) + extra, lang)
    # Compressed streams are binary-safe; reportlab's default ASCII85 wrapping (pure Python)
    # would take a third of the time of a large report and make the file bigger.
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        for layout, page in pages:
            painter.page(layout, page)
            canvas.showPage()
        if charts:
            pdf_charts.draw_pages(canvas, charts, first.title, first.meta, len(pages) + 1,
                                  len(pages) + extra, lang, FONT, BOLD)
        canvas.save()
    finally:
        rl_config.useA85 = a85

