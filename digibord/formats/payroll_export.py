"""Reading what payroll withheld: a CSV or Excel export of the payroll system with an employee
number column and an amount column (reports.md section 5).

CSV in any common dialect: `;`, `,` or tab; UTF-8 with or without byte order mark, or cp1252;
decimal comma or point, euro signs, thousands separators, negatives as `-12,30`, `12,30-` or
`(12,30)`. Excel `.xlsx`/`.xls` through python-calamine. Amounts become integer cents through
strings and Decimal, never float arithmetic; several rows of one employee are summed."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.money import round_half_away

# Headings recognised case-insensitively, spaces and dots ignored; first match wins.
EMPLOYEE_HEADINGS = (
    "werknemersnummer", "personeelsnummer", "persnr", "medewerkernummer", "medewerkersnummer",
    "werknemernummer", "wnnr", "werknemer", "medewerker", "employeenumber", "employeeid",
    "employee", "nummer",
)
AMOUNT_HEADINGS = (
    "ingehouden", "ingehoudenbedrag", "inhouding", "inhoudingen", "inhoudingzorgverzekering",
    "bedrag", "premie", "zorgverzekering", "withheld", "amount", "waarde",
)
# Failing an exact heading, one that starts with one of these stems ("Personeelsnr",
# "Werknemer nr", "Inhouding ZVW", "Ingehouden (EUR)"); a name column ("Naam werknemer") does
# not start with them.
EMPLOYEE_STEMS = (
    "werknemersn", "werknemern", "personeelsn", "medewerkersn", "medewerkern", "persn",
    "werknemerid", "medewerkerid", "employeen", "employeeid",
)
AMOUNT_STEMS = ("ingehouden", "inhouding", "bedrag", "zorgverzekering", "withheld", "amount")
# rows whose employee cell says this are totals of the export, not employees
TOTAL_WORDS = ("totaal", "total", "totalen", "eindtotaal", "subtotaal")
MAX_HEADER_SCAN = 20


class PayrollExportRefused(CommandRefused):
    """An export the program cannot read; the message says why (CLI: exit 1)."""


@dataclass(frozen=True, eq=False)
class PayrollExport:
    """What payroll withheld, summed per employee.

    `amounts`: one row per employee in first-seen order: key str (match key, see match_key),
        employee_number str (as the export writes it), withheld_cent int64, row_count int64.
    `negated`: the export wrote every deduction as a negative number; they were turned
        positive (a deduction is compared as a positive amount)."""

    source: str
    employee_column: str
    amount_column: str
    amounts: pd.DataFrame
    negated: bool = False


def match_key(numbers) -> np.ndarray:
    """Werknemersnummer as matched between borderel and export: trimmed, upper case, and for
    all-digit numbers without leading zeros (a spreadsheet turns `007263` into 7263)."""
    s = pd.Series(np.asarray(numbers, dtype=object), dtype=object).fillna("").astype(str)
    s = s.str.strip().str.upper()
    digits = s.str.fullmatch(r"\d+")
    stripped = s.str.lstrip("0").replace("", "0")
    return np.where(digits, stripped, s).astype(object)


def _norm(heading: object) -> str:
    """A heading compared without case, spaces, punctuation or currency signs."""
    return re.sub(r"[\W_]+", "", str(heading or "").lower())


def _refuse(source: str, key: str, **params) -> PayrollExportRefused:
    return PayrollExportRefused(f"{source}: {tr(key, **params)}")


# ---- turning the file into a table of text cells -------------------------------------------

def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _refuse(source, "payroll.error.encoding") from exc


def _csv_cells(text: str, source: str) -> list[list[str]]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise _refuse(source, "payroll.error.empty")
    sample = lines[:50]
    best, best_score = None, (0, 0)
    for delim in (";", "\t", ","):
        rows = list(csv.reader(sample, delimiter=delim))
        widths = [len(r) for r in rows]
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delim, score
    if best is None:
        raise _refuse(source, "payroll.error.no_columns")
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO("\n".join(lines)),
                                                        delimiter=best)]


def _excel_cell(value: object) -> str:
    """An Excel cell as text, numbers exactly to cents (half away from zero)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        cents = round_half_away(Decimal(repr(value)) * 100)
        sign = "-" if cents < 0 else ""
        return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
    return str(value).strip()


def _excel_cells(path: Path, source: str) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [book.get_sheet_by_index(i).to_python()
                  for i in range(len(book.sheet_names))]
    except Exception as exc:  # calamine raises its own types for broken files
        raise _refuse(source, "payroll.error.excel", reason=str(exc)) from exc
    # the first sheet that has a recognisable heading row, else the first one
    for rows in sheets:
        cells = [[_excel_cell(v) for v in row] for row in rows]
        if _find_header(cells, None, None) is not None:
            return cells
    if not sheets:
        raise _refuse(source, "payroll.error.empty")
    return [[_excel_cell(v) for v in row] for row in sheets[0]]


# ---- heading row and columns ---------------------------------------------------------------

def _pick(headings: list[str], wanted: str | None, known: tuple[str, ...],
          stems: tuple[str, ...] = ()) -> int | None:
    normed = [_norm(h) for h in headings]
    if wanted:
        if wanted.isdigit() and 1 <= int(wanted) <= len(headings):
            return int(wanted) - 1
        w = _norm(wanted)
        return normed.index(w) if w in normed else None
    for name in known:
        if name in normed:
            return normed.index(name)
    for stem in stems:
        for i, h in enumerate(normed):
            if h.startswith(stem):
                return i
    return None


def _find_header(cells, employee_column, amount_column):
    for i, row in enumerate(cells[:MAX_HEADER_SCAN]):
        e = _pick(row, employee_column, EMPLOYEE_HEADINGS, EMPLOYEE_STEMS)
        a = _pick(row, amount_column, AMOUNT_HEADINGS, AMOUNT_STEMS)
        if e is not None and a is not None and e != a:
            return i, e, a
    return None


# ---- amounts -------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_amounts(texts, source: str = "", lines=None) -> np.ndarray:
    """Amount texts of one column -> int64 cents. The decimal mark is decided per column: the
    separator that stands before the last one or two digits; the other one groups thousands."""
    s = pd.Series(list(texts), dtype=object).fillna("").astype(str)
    if s.empty:
        return np.zeros(0, dtype=np.int64)
    s = s.str.replace(r"[€\s\u00a0]|EUR", "", regex=True)
    neg = (s.str.startswith("(") & s.str.endswith(")")) | s.str.startswith("-") | \
        s.str.endswith("-")
    s = s.str.strip("()+-")
    comma = s.str.contains(r",\d{1,2}$").sum()
    point = s.str.contains(r"\.\d{1,2}$").sum()
    if comma or point:
        dec = "," if comma >= point else "."
    else:
        dec = None  # no value with decimals: every separator groups thousands
    thousands = "." if dec == "," else ","
    grouped = s.str.replace(thousands if dec else r"[.,]", "", regex=dec is None)
    if dec is not None:
        grouped = grouped.str.replace(thousands, "", regex=False)
    number = grouped.str.replace(",", ".", regex=False) if dec == "," else grouped
    number = number.replace("", "0")
    ok = number.str.fullmatch(_NUMBER.pattern)
    parts = number.where(ok, "0").str.partition(".")
    frac = parts[2].str.ljust(2, "0")
    extra = frac.str.slice(2).str.strip("0") != ""
    bad = ~ok | extra
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        line = lines[i] if lines is not None else i + 1
        raise _refuse(source, "payroll.error.amount", line=line, text=list(texts)[i])
    cents = parts[0].astype(np.int64) * 100 + frac.str.slice(0, 2).astype(np.int64)
    return np.where(neg.to_numpy(), -cents.to_numpy(), cents.to_numpy()).astype(np.int64)


# ---- the export as a whole -----------------------------------------------------------------

def _cells(path: Path) -> list[list[str]]:
    """Every cell of a payroll export (CSV in any common dialect, or Excel) as text."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(source, "payroll.error.unreadable", reason=exc.strerror or str(exc)) \
            from exc
    if not data.strip():
        raise _refuse(source, "payroll.error.empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return _excel_cells(path, source)
    if data.startswith(b"%PDF"):
        raise _refuse(source, "payroll.error.pdf")
    return _csv_cells(_decode(data, source), source)


def payroll_headings(path: str | Path) -> list[str]:
    """The headings of a payroll export, for a person to map its columns: the first row with
    anything in it among the first rows, as `read_payroll_export` reads the file."""
    cells = _cells(Path(path))
    row = next((r for r in cells[:MAX_HEADER_SCAN] if any(c.strip() for c in r)), [])
    return [c.strip() for c in row]


def read_payroll_export(path: str | Path, employee_column: str | None = None,
                        amount_column: str | None = None) -> PayrollExport:
    """Read a payroll export; PayrollExportRefused says why a file cannot be used."""
    path = Path(path)
    source = str(path)
    cells = _cells(path)
    found = _find_header(cells, employee_column, amount_column)
    if found is None:
        headings = next((r for r in cells[:MAX_HEADER_SCAN] if any(r)), [])
        raise _refuse(source, "payroll.error.columns",
                      headings=", ".join(h for h in headings if h) or "-")
    header_row, e_col, a_col = found
    body = cells[header_row + 1:]
    width = max(e_col, a_col) + 1
    body = [r + [""] * (width - len(r)) for r in body]
    numbers = np.array([r[e_col].strip() for r in body], dtype=object)
    amounts = [r[a_col] for r in body]
    line_no = np.arange(header_row + 2, header_row + 2 + len(body))
    keep = (numbers != "") & ~np.isin(
        pd.Series(numbers, dtype=object).str.lower().to_numpy(dtype=object), TOTAL_WORDS)
    numbers = numbers[keep]
    if len(numbers) == 0:  # headings only (or only a totals row): nothing to compare
        raise _refuse(source, "payroll.error.no_rows")
    amounts = [a for a, k in zip(amounts, keep, strict=True) if k]
    cents = parse_amounts(amounts, source, line_no[keep])
    negated = bool((cents <= 0).all() and (cents < 0).any())
    if negated:
        cents = -cents
    keys = match_key(numbers)
    frame = pd.DataFrame({"key": keys, "employee_number": numbers, "withheld_cent": cents})
    grouped = frame.groupby("key", sort=False).agg(
        employee_number=("employee_number", "first"), withheld_cent=("withheld_cent", "sum"),
        row_count=("withheld_cent", "size")).reset_index()
    grouped["withheld_cent"] = grouped["withheld_cent"].astype(np.int64)
    grouped["row_count"] = grouped["row_count"].astype(np.int64)
    headings = cells[header_row]
    return PayrollExport(source, headings[e_col], headings[a_col], grouped, negated)
