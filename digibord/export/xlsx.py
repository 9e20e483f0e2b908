"""Excel workbooks (.xlsx) of ReportTables, written as streamed SpreadsheetML inside a zip.

Why by hand instead of xlsxwriter/openpyxl: a 100 000-row report must be quick, and the sheet is
simple enough (no formulas, a handful of styles) to build column by column with array string
operations and stream to the zip in chunks; see bench/bench_xlsx.py for the figures.

What a person gets: one sheet per table, headings bold with the header row frozen and an
autofilter over the data, widths fitted to the content, amounts as numbers in euros with a
Dutch currency format, dates as dates, months as text ('2026-03'), a totals row of values (not
formulas) from the result, and an 'Info' sheet saying where the numbers came from. Text is
always an inline string, so a name starting with '=' can never become a formula; such cells
also get Excel's quote prefix so editing them keeps them text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from digibord.formats.sheet_columns import column_letter
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reports.build import relations
from digibord.reports.table import Column, ReportTable, mask_bsn, month_strings

if TYPE_CHECKING:
    from pathlib import Path

# Cell styles (index into cellXfs of _STYLES).
S_HEAD, S_HEAD_RIGHT = 1, 11
S_MONEY, S_DATE, S_PERCENT, S_COUNT, S_QUOTED = 2, 3, 4, 5, 6
S_TOTAL_LABEL, S_TOTAL_MONEY, S_TOTAL_COUNT, S_DATETIME = 7, 8, 9, 10
# nl-NL Windows writes a negative amount `-€ 237,05` (sign before the symbol), as format_euro
# does: the negative section puts the minus in front of the currency.
MONEY_FORMAT = "[$€-413] #,##0.00;-[$€-413] #,##0.00"
CHUNK_ROWS = 5000
MAX_WIDTH = 60
MAX_ROWS = 1_048_576  # Excel's limit per sheet
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
# Characters XML 1.0 does not allow (controls other than tab/LF/CR, lone surrogates, U+FFFE/F).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_INVALID = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@")
_SELECTED = ' tabSelected="1"'
# what clean_text changes: the XML-invalid characters and & < >
_NEEDS_CLEANING = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# a text cell after its reference, without and with the quote prefix (code 0 and 1)
_OPENS = np.array(['" t="inlineStr"><is><t xml:space="preserve">',
                   f'" t="inlineStr" s="{S_QUOTED}"><is><t xml:space="preserve">'], dtype=object)
_TEXT_CLOSE, _NUMBER_CLOSE = "</t></is></c>", "</v></c>"
_SIGNS = np.array(["", "-"], dtype=object)
# the ASCII characters clean_text leaves alone (bytes.translate deletes them, what stays needs it)
_ASCII_CLEAN = bytes(c for c in range(128) if not _NEEDS_CLEANING.match(chr(c)))
_SMALL = 1 << 16  # non-negative integers below this are written from a table of their texts

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    _XML_DECL + f"<styleSheet {_NS}>"
    f'<numFmts count="3"><numFmt numFmtId="164" formatCode={quoteattr(MONEY_FORMAT)}/>'
    '<numFmt numFmtId="165" formatCode="dd\\-mm\\-yyyy"/>'
    '<numFmt numFmtId="166" formatCode="dd\\-mm\\-yyyy\\ hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE4EE"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
    "</border>"
    '<border><left/><right/><top style="thin"><color auto="1"/></top><bottom/><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="12">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1"'
    ' applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="2" xfId="0" applyFont="1"'
    ' applyBorder="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1"'
    ' applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="3" fontId="1" fillId="0" borderId="2" xfId="0" applyNumberFormat="1"'
    ' applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    ' applyAlignment="1"><alignment horizontal="left"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1"'
    ' applyBorder="1" applyAlignment="1"><alignment horizontal="right"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def clean_text(text: str) -> str:
    """Text as XML allows it: invalid characters dropped, & < > escaped."""
    return escape(_XML_INVALID.sub("", text))


def decimal_text(values: np.ndarray, places: int) -> np.ndarray:
    """Integers in units of 10**-places -> exact decimal text ('-12.30' for -1230, 2 places);
    this is where cents become euros, without ever passing through a float."""
    arr = np.asarray(values, dtype=np.int64)
    if len(arr) == 0:  # numpy's zfill cannot size an empty array
        return np.zeros(0, dtype=object)
    units, rest = np.divmod(np.abs(arr), 10**places)
    text = np.char.add(np.char.add(units.astype(str), "."),
                       np.char.zfill(rest.astype(str), places))
    return np.where(arr < 0, np.char.add("-", text), text).astype(object)


def _int_text(values: np.ndarray) -> np.ndarray:
    """str() of each int64 as an object array: the small non-negative ones (day serials,
    euros, counts) from a table of their texts, so no new string is made for them."""
    arr = np.asarray(values, dtype=np.int64)
    small = (arr >= 0) & (arr < _SMALL)
    out = _small_numbers()[np.where(small, arr, 0)]
    if not small.all():
        out[~small] = list(map(str, arr[~small].tolist()))
    return out


@cache
def _small_numbers() -> np.ndarray:
    return np.array([str(i) for i in range(_SMALL)], dtype=object)


@cache
def _fractions(places: int) -> np.ndarray:
    return np.array([f"{i:0{places}d}" for i in range(10**places)], dtype=object)


def _decimal_pieces(values: np.ndarray, places: int) -> list[np.ndarray | str]:
    """decimal_text as pieces to join: sign, units, '.', the places (exact, from integers)."""
    arr = np.asarray(values, dtype=np.int64)
    units, rest = np.divmod(np.abs(arr), 10**places)
    return [_SIGNS[(arr < 0).view(np.uint8)], _int_text(units), ".", _fractions(places)[rest]]


def _cleaned(texts: np.ndarray, lengths: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """clean_text of each of a chunk's texts (object array of str), and their lengths (when
    asked); one scan of the chunk joined finds the few texts that need it, the others are kept
    as they are."""
    listed = texts.tolist()
    joined = "\n".join(listed)
    if joined.isascii() and not joined.encode().translate(None, _ASCII_CLEAN):
        hits = []  # the common case, at the speed of a byte copy
    else:
        hits = [m.start() for m in _NEEDS_CLEANING.finditer(joined)]
    sizes = None
    if lengths or hits:
        sizes = np.fromiter(map(len, listed), dtype=np.int64, count=len(listed))
    if not hits:
        return texts, sizes
    starts = np.cumsum(sizes + 1) - sizes - 1
    rows = np.unique(np.searchsorted(starts, hits, side="right") - 1)
    fixed = [clean_text(listed[r]) for r in rows.tolist()]  # only the rows that need it
    texts = texts.copy()
    texts[rows] = np.array(fixed, dtype=object)
    sizes[rows] = [len(t) for t in fixed]
    return texts, sizes


def _risky(texts: np.ndarray) -> np.ndarray:
    """Which texts (object array of str) start like a formula (they get the quote prefix)."""
    first = texts.astype("U1")  # the first character ('' for an empty text)
    out = first == _FORMULA_START[0]
    for mark in _FORMULA_START[1:]:
        out |= first == mark
    return out


def _plain_texts(values: pd.Series) -> np.ndarray:
    """A text column as an object array of str, '' for a missing value (None, NaN); anything
    else that is not a str (a table made by hand) as its str()."""
    arr = values.to_numpy(dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        arr = np.where(missing, "", arr)
    if len(arr) == 0 or pd.api.types.infer_dtype(arr, skipna=False) == "string":
        return arr
    return np.array([str(v) for v in arr.tolist()], dtype=object)  # made by hand: rare


class _Column:
    """One column prepared for writing: its width, and compact data from which
    `pieces(start, stop)` makes a chunk's cells (without the reference) as pieces to join; no
    string per cell is held for the whole sheet. Text of few distinct values (a categorical,
    words, months) is kept as codes into their cells' XML, made once each; other text (names,
    numbers, relatienummers, BSNs) is escaped per chunk of rows; numbers and dates stay numpy
    arrays, their digits taken from tables of small numbers."""

    def __init__(self, col: Column, values: pd.Series, show_bsn: bool, lang: str) -> None:
        self.col = col
        kind = col.kind
        n = len(values)
        heading = col.heading_text(lang)
        width = len(heading)
        self._codes = self._texts = self._numbers = None
        self._mask = kind == "bsn" and not show_bsn
        if kind == "month" or (kind in ("text", "bsn") and not self._mask
                               and isinstance(values.dtype, pd.CategoricalDtype)):
            if kind == "month":
                codes, uniques = pd.factorize(values.to_numpy(dtype=np.int64), sort=False)
                texts = month_strings(uniques).tolist()
            else:  # codes as they are: no text per row
                codes = values.cat.codes.to_numpy()
                texts = [str(u) for u in values.cat.categories]
            # code -1 (missing) takes the '' at the end
            esc = np.array([clean_text(t) for t in texts] + [""], dtype=object)
            risky = np.array([t.startswith(_FORMULA_START) for t in texts] + [False])
            lengths = np.fromiter((len(t) for t in esc), dtype=np.int64, count=len(esc))
            used = np.zeros(len(esc), dtype=bool)
            used[codes] = True  # widths from the texts that occur
            width = max(width, int(lengths[used].max()) if n else 0)
            self._codes, self._open, self._esc = codes, _OPENS[risky.view(np.uint8)], esc
            self._empty = lengths == 0
            self.n_pieces = 3
        elif kind in ("text", "bsn", "relation"):
            self._texts = (values.to_numpy(dtype=np.int64) if kind == "relation"
                           else _plain_texts(values))
            if kind == "relation":
                known = self._texts[self._texts >= 0]
                width = max(width, len(relations(known[:1])[0]) if len(known) else 0)
            else:
                for start in range(0, n, CHUNK_ROWS):  # the widest text as written
                    _, lengths = _cleaned(self._chunk(start, start + CHUNK_ROWS))
                    width = max(width, int(lengths.max()))
            self.n_pieces = 3
        elif kind in ("money", "count", "percent"):
            arr = values.to_numpy(dtype=np.int64)
            if kind == "money":
                style = S_MONEY
                if n:
                    width = max(width, len(format_euro(int(np.abs(arr).max()))) + 1)
            elif kind == "percent":
                style = S_PERCENT
                width = max(width, 9)
            else:
                style = S_COUNT
                if n:
                    width = max(width, len(f"{int(np.abs(arr).max()):,}") + 1)
            self._numbers, self._open = arr, f'" s="{style}"><v>'
            self.n_pieces = 3 if kind == "count" else 6
        elif kind == "date":
            self._numbers = values.to_numpy().astype("datetime64[D]")
            self._open = f'" s="{S_DATE}"><v>'
            width = max(width, 10)
            self.n_pieces = 3
        else:  # pragma: no cover - Column refuses other kinds
            raise ValueError(kind)
        self.heading = heading
        self.width = min(max(width, col.width) + 2, MAX_WIDTH)

    def _chunk(self, start: int, stop: int) -> np.ndarray:
        """The texts of rows start..stop as shown (before escaping)."""
        part = self._texts[start:stop]
        if self.col.kind == "relation":
            return relations(part)
        if self._mask:
            return mask_bsn(pd.Series(part, dtype=object)).to_numpy(dtype=object)
        return part

    def pieces(self, start: int, stop: int) -> tuple[list[np.ndarray | str], np.ndarray | None]:
        """The cells of rows start..stop after their reference, as `n_pieces` pieces (object
        arrays, or one text for every row), and which of the cells stay empty (or None)."""
        kind = self.col.kind
        if self._codes is not None:
            codes = self._codes[start:stop]
            return [self._open[codes], self._esc[codes], _TEXT_CLOSE], self._empty[codes]
        if self._texts is not None:
            raw = self._chunk(start, stop)
            if self.col.kind == "relation":  # digits: nothing to escape, never a formula
                return [_OPENS[0], raw, _TEXT_CLOSE], raw == ""
            esc, _ = _cleaned(raw, lengths=False)
            return [_OPENS[_risky(raw).view(np.uint8)], esc, _TEXT_CLOSE], esc == ""
        part = self._numbers[start:stop]
        if kind == "date":
            empty = np.isnat(part)
            serial = (part - _EXCEL_EPOCH).astype(np.int64)
            return [self._open, _int_text(np.where(empty, 0, serial)), _NUMBER_CLOSE], empty
        if kind == "count":
            return [self._open, _int_text(part), _NUMBER_CLOSE], None
        return [self._open, *_decimal_pieces(part, 2 if kind == "money" else 4),
                _NUMBER_CLOSE], None


def _sheet_name(text: str, taken: set[str]) -> str:
    name = _SHEET_INVALID.sub(" ", text).strip("'")[:31] or "Blad"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _cell(ref: str, value: object, style: int = 0) -> str:
    """A single cell of the small rows (heading, totals, Info); the data rows never come here."""
    if value is None or value == "":
        return ""
    s = f' s="{style}"' if style else ""
    if isinstance(value, _Raw):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, str):
        if value.startswith(_FORMULA_START) and not style:
            s = f' s="{S_QUOTED}"'
        return (f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                f"{clean_text(value)}</t></is></c>")
    if isinstance(value, datetime):
        serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}"{s}><v>{serial!r}</v></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


class _Raw(str):
    """A number already written as exact decimal text (so _cell does not treat it as text)."""


def _money_value(cents: int) -> _Raw:
    return _Raw(decimal_text(np.array([cents]), 2)[0])


class _Sheet:
    def __init__(self, name: str, table: ReportTable | None) -> None:
        self.name = name
        self.table = table
        self.filter_ref = ""


def _table_rows(table: ReportTable, show_bsn: bool, lang: str,
                sheet: _Sheet) -> tuple[list[_Column], Iterator[str], str]:
    frame = table.frame
    cols = [_Column(c, frame[c.key], show_bsn, lang) for c in table.columns]
    n, last = len(frame), column_letter(max(len(cols), 1) - 1)
    sheet.filter_ref = f"A1:{last}{n + 1}"

    def rows() -> Iterator[str]:
        head = "".join(_cell(f"{column_letter(i)}1", c.heading,
                             S_HEAD_RIGHT if c.col.alignment == "right" else S_HEAD)
                       for i, c in enumerate(cols))
        yield f'<row r="1">{head}</row>'
        refs = ['<c r="' + column_letter(i) for i in range(len(cols))]
        width = 4 + sum(2 + c.n_pieces for c in cols)
        for start in range(0, n, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, n)
            numbers = _int_text(np.arange(start + 2, stop + 2))
            # a row is pieces side by side, joined once: no string per cell is built up
            out = np.empty((stop - start, width), dtype=object)
            out[:, 0], out[:, 1], out[:, 2], out[:, -1] = '<row r="', numbers, '">', "</row>"
            at = 3
            for c, ref in zip(cols, refs, strict=True):
                pieces, empty = c.pieces(start, stop)
                out[:, at], out[:, at + 1] = ref, numbers
                for k, piece in enumerate(pieces, start=at + 2):
                    out[:, k] = piece
                if empty is not None and empty.any():
                    out[empty, at:at + 2 + c.n_pieces] = ""
                at += 2 + c.n_pieces
            yield "".join(out.ravel().tolist())
        yield _totals_row(table, cols, n + 3, lang)

    return cols, rows(), f"A1:{last}{n + 3}"


def _totals_row(table: ReportTable, cols: list[_Column], row: int, lang: str) -> str:
    """The report's totals (from the result, not formulas) under their columns, a row below the
    data so that sorting and filtering leave it alone; only some rows: their sums."""
    where = {t.column: t for t in table.column_totals() if t.column}
    shown = [i for i, c in enumerate(cols) if c.col.key in where]
    if not shown:
        return ""
    cells = []
    label_at = next((i for i, c in enumerate(cols) if c.col.key not in where), None)
    for i, c in enumerate(cols):
        ref = f"{column_letter(i)}{row}"
        total = where.get(c.col.key)
        if total is not None:
            value = _money_value(total.value) if total.kind == "money" else int(total.value)
            cells.append(_cell(ref, value, S_TOTAL_MONEY if total.kind == "money"
                               else S_TOTAL_COUNT))
        elif i == label_at:
            cells.append(_cell(ref, tr(table.row_totals_label, lang), S_TOTAL_LABEL))
        else:
            cells.append(f'<c r="{ref}" s="{S_TOTAL_LABEL}"/>')
    return f'<row r="{row}">{"".join(cells)}</row>'


def _info_rows(tables: list[ReportTable], lang: str) -> list[list[tuple[object, int]]]:
    meta = tables[0].meta
    rows: list[list[tuple[object, int]]] = [
        [(tr("export.info.title", lang), S_TOTAL_LABEL)],
        [(tr("export.info.collectivity_number", lang), 0), (meta.collectivity_number, 0)],
        [(tr("export.info.collectivity_name", lang), 0), (meta.collectivity_name, 0)],
        [(tr("export.info.months", lang), 0), (", ".join(meta.months), 0)],
    ]
    for i, source in enumerate(meta.sources or ("",)):
        label = tr("export.info.sources", lang) if i == 0 else ""
        rows.append([(label, 0), (source, 0)])
    rows.append([(tr("export.info.created", lang), 0), (meta.created_at, S_DATETIME)])
    rows.append([(tr("export.info.version", lang), 0), (f"Digibord {meta.version}", 0)])
    for table in tables:
        rows.append([])
        rows.append([(tr(table.title, lang), S_TOTAL_LABEL)])
        if table.note:
            rows.append([(tr("export.info.note", lang), 0), (table.note_text(lang), 0)])
        if table.selection_note:
            rows.append([(tr("print.info.selection", lang), 0),
                         (table.selection_text(lang), 0)])
        for total in table.totals:
            if total.kind == "money":
                rows.append([(total.text(lang), 0), (_money_value(total.value), S_MONEY)])
            else:
                rows.append([(total.text(lang), 0), (int(total.value), S_COUNT)])
    return rows


def _write_sheet(zf: zipfile.ZipFile, index: int, parts: Iterable[str], widths: list[float],
                 dimension: str, sheet: _Sheet, footer: str, frozen: bool) -> None:
    with zf.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as fh:
        head = [_XML_DECL, f"<worksheet {_NS} {_NS_R}>",
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
                f'<dimension ref="{dimension}"/>',
                f'<sheetViews><sheetView workbookViewId="0"{_SELECTED if index == 1 else ""}>']
        if frozen:
            head.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
        head += [f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
                 for i, w in enumerate(widths, start=1)]
        head.append("</cols><sheetData>")
        fh.write("".join(head).encode())
        for part in parts:
            fh.write(part.encode("utf-8"))
        tail = ["</sheetData>"]
        if sheet.filter_ref:
            tail.append(f'<autoFilter ref="{sheet.filter_ref}"/>')
        tail.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3"'
                    ' footer="0.3"/><pageSetup paperSize="9" orientation="landscape"'
                    ' fitToWidth="1" fitToHeight="0"/>')
        if footer:
            tail.append(f"<headerFooter><oddFooter>{escape(footer)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        fh.write("".join(tail).encode())


def write_xlsx(tables: list[ReportTable], path: str | Path, show_bsn: bool = False,
               lang: str = "nl") -> None:
    """Write `tables` (one sheet each, then 'Info') to `path` (a new file; files.py takes care
    of writing to a temporary name first)."""
    taken: set[str] = set()
    sheets = [_Sheet(_sheet_name(tr(t.sheet, lang), taken), t) for t in tables]
    info = _Sheet(_sheet_name("Info", taken), None)
    page = tr("export.page_of", lang, page="&P", pages="&N")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i, sheet in enumerate(sheets, start=1):
            table = sheet.table
            cols, rows, dimension = _table_rows(table, show_bsn, lang, sheet)
            footer = f"&L{tr(table.title, lang).replace('&', '&&')}&R{page}"
            _write_sheet(zf, i, rows, [c.width for c in cols], dimension, sheet, footer, True)
        info_rows = _info_rows(tables, lang)
        body = []
        for r, row in enumerate(info_rows, start=1):
            cells = "".join(_cell(f"{column_letter(c)}{r}", v, style)
                            for c, (v, style) in enumerate(row))
            body.append(f'<row r="{r}">{cells}</row>')
        _write_sheet(zf, len(sheets) + 1, body, [34, 50], f"A1:B{len(info_rows)}", info, "",
                     False)
        _write_package(zf, [*sheets, info], lang)


def _write_package(zf: zipfile.ZipFile, sheets: list[_Sheet], lang: str) -> None:
    n = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1))
    zf.writestr("[Content_Types].xml", _XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>' + overrides + "</Types>"))
    zf.writestr("_rels/.rels", _XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    zf.writestr("docProps/core.xml", _XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>Digibord</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"))
    sheet_xml, names = [], []
    for i, sheet in enumerate(sheets, start=1):
        sheet_xml.append(f"<sheet name={quoteattr(sheet.name)} sheetId=\"{i}\" r:id=\"rId{i}\"/>")
        if sheet.filter_ref:
            a, b = sheet.filter_ref.split(":")
            col_a, row_a = re.match(r"([A-Z]+)(\d+)", a).groups()
            col_b, row_b = re.match(r"([A-Z]+)(\d+)", b).groups()
            ref = f"{_quoted(sheet.name)}!${col_a}${row_a}:${col_b}${row_b}"
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}"'
                         f' hidden="1">{escape(ref)}</definedName>')
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                         f"{escape(_quoted(sheet.name))}!$1:$1</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    zf.writestr("xl/workbook.xml", _XML_DECL + (
        f"<workbook {_NS} {_NS_R}><bookViews><workbookView activeTab=\"0\"/></bookViews>"
        f"<sheets>{''.join(sheet_xml)}</sheets>{defined}</workbook>"))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1))
    zf.writestr("xl/_rels/workbook.xml.rels", _XML_DECL + (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rels + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'))
    zf.writestr("xl/styles.xml", _STYLES)
