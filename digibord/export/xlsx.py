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
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

from digibord.formats.sheet_columns import column_letter
from digibord.i18n import tr
from digibord.money import format_euro
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


def _text_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes per row into the distinct texts, their escaped text, and whether each needs the
    quote prefix; escaping once per distinct value (names, codes and months repeat a lot)."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # codes as they are: no text per row
        codes = values.cat.codes.to_numpy()
        texts = [str(u) for u in values.cat.categories]
    else:
        # missing values get code -1, the '' at the end; no text copy of the column is made
        codes, uniques = pd.factorize(values.to_numpy(dtype=object), sort=False)
        texts = [str(u) for u in uniques]
    escaped = np.array([clean_text(t) for t in texts] + [""], dtype=object)
    risky = np.array([t.startswith(_FORMULA_START) for t in texts] + [False], dtype=bool)
    return codes, escaped, risky


class _Column:
    """One column prepared for writing: its width, and compact data (codes into the distinct
    texts' cell XML, or the integers) from which `cells(start, stop)` makes a chunk's cell XML
    (without the reference); no string per cell is held for the whole sheet."""

    def __init__(self, col: Column, values: pd.Series, show_bsn: bool, lang: str) -> None:
        self.col = col
        kind = col.kind
        n = len(values)
        heading = col.heading_text(lang)
        width = len(heading)
        self._codes = self._numbers = None
        if kind in ("text", "bsn", "month"):
            if kind == "bsn" and not show_bsn:
                values = mask_bsn(values)
            elif kind == "month":
                values = pd.Series(month_strings(values.to_numpy()))
            codes, esc, risky = _text_cells(values)
            lengths = np.fromiter((len(t) for t in esc), dtype=np.int64, count=len(esc))
            used = np.zeros(len(esc), dtype=bool)
            used[codes] = True  # widths from the texts that occur (code -1: the last, '')
            width = max(width, int(lengths[used].max()) if n else 0)
            style = np.where(risky, f' s="{S_QUOTED}"', "").astype(object)
            self._unique_cells = ('" t="inlineStr"' + style + '><is><t xml:space="preserve">'
                                  + esc + "</t></is></c>")
            self._unique_empty = lengths == 0
            self._codes = codes
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
            self._numbers, self._style = arr, style
        elif kind == "date":
            days = values.to_numpy().astype("datetime64[D]")
            self._numbers = days
            width = max(width, 10)
        else:  # pragma: no cover - Column refuses other kinds
            raise ValueError(kind)
        self.heading = heading
        self.width = min(max(width, col.width) + 2, MAX_WIDTH)

    def cells(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Cell XML of rows start..stop (object array) and which of them stay empty (or None)."""
        kind = self.col.kind
        if self._codes is not None:
            codes = self._codes[start:stop]
            return self._unique_cells[codes], self._unique_empty[codes]
        part = self._numbers[start:stop]
        if kind == "date":
            serial = (part - _EXCEL_EPOCH).astype(np.int64).astype(str).astype(object)
            return f'" s="{S_DATE}"><v>' + serial + "</v></c>", np.isnat(part)
        if kind == "money":
            text = decimal_text(part, 2)
        elif kind == "percent":
            text = decimal_text(part, 4)
        else:
            text = part.astype(str).astype(object)
        return f'" s="{self._style}"><v>' + text + "</v></c>", None


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
        for start in range(0, n, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, n)
            numbers = np.arange(start + 2, stop + 2).astype(str).astype(object)
            line = '<row r="' + numbers + '">'
            for i, c in enumerate(cols):
                cells, empty = c.cells(start, stop)
                filled = '<c r="' + column_letter(i) + numbers + cells
                if empty is not None:
                    filled = np.where(empty, "", filled)
                line = line + filled
            yield "".join(line + "</row>")
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
