"""A payroll journal file as a grid of cells, before anything is recognised in it.

CSV in the dialects payroll packages write: `;`, `,` or tab; UTF-8 with or without byte order
mark, UTF-16 with one or without, else Windows-1252. Excel through python-calamine (`.xlsx`,
`.xlsm`, `.xls`, `.ods`); for `.xlsx`/`.xlsm` the sheet XML is also scanned for formula cells
without a stored value (calamine shows them as empty, like a blank cell), which become NO_VALUE
cells so that the reader can refuse them naming the cell. RAET Beaufort DPIA100 records (the
fixed-width import file of payroll-formats.md) become a grid with the record's fields as
columns.

Cells are text for CSV and DPIA100; Excel cells keep their type (str, float, int, bool, date)
so that numbers are not re-read through a notation."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
import stat
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from python_calamine import CalamineWorkbook

from digibord.errors import CommandRefused, read_reason
from digibord.formats.sheet_columns import column_letter
from digibord.formats.sniff import starts_as_borderel, utf16_without_bom
from digibord.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Sequence

CSV = "csv"
EXCEL = "excel"
DPIA100 = "dpia100"
DELIMITERS = (";", "\t", ",", "|")
_SCORE_LINES = 60
_SNIFF_BYTES = 4096  # the start of a text file, where its encoding is told


class NoValue:
    """An Excel formula cell without a stored value (the workbook was never calculated)."""

    __slots__ = ("formula",)

    def __init__(self, formula: str):
        self.formula = formula

    def __repr__(self) -> str:
        return f"NoValue({self.formula!r})"


class JournalRefused(CommandRefused):
    """A payroll journal the program cannot read; the message says file, row or cell, column
    heading, what was found and what was expected (CLI: exit 1). `reason` is the message
    without the file name, as the window shows it under a preview."""

    def __init__(self, source: str, reason: str, cell: str = "", found: str = "",
                 unrecognised: bool = False):
        super().__init__(f"{source}: {reason}" if source else reason)
        self.source = source
        self.reason = reason
        self.cell = cell  # `Blad1!D7` when the refusal is about one Excel cell
        self.found = found
        self.unrecognised = unrecognised  # the columns were not recognised: pick them


@dataclass(frozen=True, eq=False)
class Grid:
    """Rows of cells of one sheet (or of the one table of a CSV/DPIA100 file).

    `row_numbers`: per row the line of the file (CSV, DPIA100) or the sheet row (Excel) that a
    person sees, 1-based; a DPIA100 grid starts with made-up headings at row number 0.
    `sheet`: the sheet's name (Excel) or None. `delimiter`: the CSV delimiter, else ''."""

    source: str
    kind: str
    rows: tuple[tuple[object, ...], ...]
    row_numbers: np.ndarray
    sheet: str | None = None
    delimiter: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell_name(self, row: int, column: int) -> str:
        """`Blad1!D7` for Excel, '' for text files (they have lines, not cells)."""
        if self.kind != EXCEL:
            return ""
        return f"{self.sheet}!{column_letter(column)}{int(self.row_numbers[row])}"

    def place(self, row: int, column: int) -> str:
        """Where a cell is, in words: `cel Blad1!D7` or `regel 7`."""
        if self.kind == EXCEL:
            return tr("payroll.where.excel", cell=self.cell_name(row, column))
        return tr("payroll.where.line", line=int(self.row_numbers[row]))


def cell_text(value: object) -> str:
    """A cell as a person reads it: numbers without a trailing `.0`, dates as ISO."""
    if type(value) is str:  # the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, NoValue):
        return tr("payroll.preview.no_value", formula=value.formula)
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return np.format_float_positional(value, unique=True, trim="-")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def cell_texts(values: Sequence[object]) -> list[str]:
    """cell_text of every value (text cells, most of them, without a call each)."""
    return [v.strip() if type(v) is str else cell_text(v) for v in values]


def _refuse(source: str, key: str, **params) -> JournalRefused:
    return JournalRefused(source, tr(key, **params))


# ---- text files ------------------------------------------------------------------------------

def _decode(data: bytes, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source)
    wide = utf16_without_bom(data[:_SNIFF_BYTES])
    if wide is not None:
        return _strict(data, wide, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(data, "cp1252", source)


def _strict(data: bytes, encoding: str, source: str) -> str:
    """`data` decoded, or the refusal that the file is not text in a known encoding (a UTF-16
    file cut off halfway through a character, a byte Windows-1252 leaves undefined)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _refuse(source, "payroll.error.encoding") from exc


def _csv_grid(text: str, delimiter: str, source: str) -> Grid:
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for row in reader:
            numbers.append(line + 1)  # a quoted cell may span lines: the row's first line
            line = reader.line_num
            rows.append(tuple(map(str.strip, row)))
    except csv.Error as exc:  # a cell of more than 128 KB: an unclosed quote, not a journal
        reason = tr("payroll.error.huge_cell") if "field limit" in str(exc) else str(exc)
        raise _refuse(source, "payroll.error.unreadable", reason=reason) from exc
    return Grid(source, CSV, tuple(rows), np.asarray(numbers, dtype=np.int64),
                delimiter=delimiter)


def _delimiter_order(text: str) -> list[str]:
    """Delimiters by how regular the columns they make are in the first lines."""
    sample = [ln for ln in text.splitlines()[:_SCORE_LINES * 2] if ln.strip()][:_SCORE_LINES]
    scored = []
    for delim in DELIMITERS:
        # title rows are one cell wide whatever the delimiter: only wider rows count
        try:
            widths = [w for w in (len(r) for r in csv.reader(sample, delimiter=delim)) if w > 1]
        except csv.Error:  # a "cell" beyond csv's field limit (128 KB): scored without its
            # line, so that reading the file says what is wrong (_csv_grid)
            short = [ln for ln in sample if len(ln) < csv.field_size_limit()]
            try:
                widths = [w for w in (len(r) for r in csv.reader(short, delimiter=delim))
                          if w > 1]
            except csv.Error:
                continue
        if widths:
            common = max(set(widths), key=widths.count)
            scored.append(((widths.count(common), common), delim))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [d for _, d in scored]


_DPIA_HEADINGS = ("procescode", "rubriekscode", "object_id", "indicator", "creatiedatum",
                  "creatiegebruiker", "waarde", "ingangsdatum", "productiesoort",
                  "verrekenperiode")
# (start, end) 0-based, end exclusive: payroll-formats.md positions 1-3, 4-9, 10-59, 60, 61-71,
# 72-87, 88-137, 138-148, 179-181, 182-187
_DPIA_FIELDS = ((0, 3), (3, 9), (9, 59), (59, 60), (60, 71), (71, 87), (87, 137), (137, 148),
                (178, 181), (181, 187))
DPIA_EMPLOYEE, DPIA_COMPONENT, DPIA_AMOUNT = 2, 1, 6


def _is_dpia100(lines: list[str]) -> bool:
    return bool(lines) and all(len(ln) >= 187 and ln[59] == "V" and ln[181:187].isdigit()
                               for ln in lines)


def _dpia_grid(text: str, source: str) -> Grid:
    rows: list[tuple[str, ...]] = [_DPIA_HEADINGS]
    numbers = [0]
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [line[a:b].strip() for a, b in _DPIA_FIELDS]
        # the object id may carry the employment sequence (`1234 1`): the employee is the first
        fields[DPIA_EMPLOYEE] = (fields[DPIA_EMPLOYEE].split() or [""])[0]
        rows.append(tuple(fields))
        numbers.append(i)
    return Grid(source, DPIA100, tuple(rows), np.asarray(numbers, dtype=np.int64))


def _text_grids(data: bytes, source: str) -> Iterator[Grid]:
    text = _decode(data, source)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise _refuse(source, "payroll.error.empty")
    if _is_dpia100(lines):
        return iter([_dpia_grid(text, source)])
    order = _delimiter_order(text)
    if not order:
        raise _refuse(source, "payroll.error.no_columns")
    # parsed one delimiter at a time: the next only when the reader recognises nothing
    return (_csv_grid(text, d, source) for d in order)


# ---- workbooks -------------------------------------------------------------------------------

_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(elem: ET.Element, name: str) -> str | None:
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return value
    return None


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member that holds its cells."""
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for elem in workbook.iter():
        if _local(elem.tag) == "sheet":
            where = target.get(_attr(elem, "id") or "", "")
            parts[elem.get("name", "")] = where.lstrip("/") if where.startswith("/") \
                else "xl/" + where
    return parts


def formula_cells_without_value(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Per sheet the (row, column, formula), 0-based, of formula cells that hold no stored
    value: a formula with no `<v>` or an empty one that is not an empty text result
    (`t="str"`). A shared formula's follower cells carry only a reference: formula ''."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    with zipfile.ZipFile(path) as book:
        for name, part in _sheet_parts(book).items():
            if part not in book.namelist():
                continue
            cells = []
            with book.open(part) as fh:
                for _event, elem in ET.iterparse(fh):
                    if _local(elem.tag) != "c":
                        continue
                    children = {_local(c.tag): c for c in elem}
                    if "f" in children and elem.get("t") not in ("str", "inlineStr"):
                        value = children.get("v")
                        ref = _CELL_REF.match(elem.get("r", ""))
                        if (value is None or not (value.text or "").strip()) and ref:
                            col = 0
                            for ch in ref[1]:
                                col = col * 26 + ord(ch) - 64
                            cells.append((int(ref[2]) - 1, col - 1,
                                          (children["f"].text or "").strip()))
                    elem.clear()
            if cells:
                found[name] = cells
    return found


def _excel_grids(path: Path, source: str, data: bytes) -> list[Grid]:
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in book.sheet_names]
    except Exception as exc:  # calamine raises its own types for broken files
        raise _refuse(source, "payroll.error.excel", reason=str(exc)) from exc
    missing: dict[str, list[tuple[int, int, str]]] = {}
    if data.startswith(b"PK\x03\x04"):
        try:
            missing = formula_cells_without_value(path)
        except (KeyError, zipfile.BadZipFile, ET.ParseError):
            missing = {}  # not an OOXML workbook (an .ods): calamine's values only
    grids = []
    for name, values in sheets:
        rows = [list(r) for r in values]
        for r, c, formula in missing.get(name, ()):
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            if len(row) <= c:
                row.extend([""] * (c + 1 - len(row)))
            row[c] = NoValue(formula)
        grids.append(Grid(source, EXCEL, tuple(tuple(r) for r in rows),
                          np.arange(1, len(rows) + 1, dtype=np.int64), sheet=name))
    if not grids:
        raise _refuse(source, "payroll.error.empty")
    return grids


def read_grids(path: str | Path) -> Iterator[Grid]:
    """The file's candidate grids, most likely first: one per sheet of a workbook, one per
    plausible delimiter of a CSV file (the reader takes the first in which it recognises a
    journal; they are made as it asks). JournalRefused when the file cannot be read at all."""
    path = Path(path)
    source = str(path)
    try:
        data = _read_regular(path, source)
    except OSError as exc:
        raise _refuse(source, "payroll.error.unreadable",
                      reason=read_reason(exc)) from exc
    if not data.strip():
        raise _refuse(source, "payroll.error.empty")
    if starts_as_borderel(data):
        raise _refuse(source, "payroll.error.is_borderel")  # the two files swapped
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return iter(_excel_grids(path, source, data))
    if data.startswith(b"%PDF"):
        raise _refuse(source, "payroll.error.pdf")
    return _text_grids(data, source)


# what is refused at once instead of read: a FIFO waits for a writer for ever, a device may not end
_NOT_A_FILE = ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"),
               (stat.S_ISSOCK, "socket"))


def _read_regular(path: Path, source: str) -> bytes:
    """The file's bytes; JournalRefused for a FIFO, device or socket (O_NONBLOCK: opening a
    FIFO does not wait, and what was opened is checked, not what the name was before)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        for test, kind in _NOT_A_FILE:
            if test(mode):
                raise _refuse(source, "payroll.error.unreadable",
                              reason=tr("hardening.reason.not_a_file",
                                        kind=tr(f"reader.not_a_file.{kind}")))
        return fh.read()
