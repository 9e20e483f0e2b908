"""Reading what payroll withheld from its journal (loonjournaal), reports.md section 5.

Payroll packages write their journals in three shapes (`JournalShape`), each recognised without
options: one amount column per employee; one row per employee per pay component with a
component column and an amount column (salary, tax and pension rows in between are ignored);
or one column per component, its heading the component code (`7500 Premie zorg`). Up to 20
title rows may stand above the heading row; totals rows (`Totaal`, `Total`, `Subtotaal`, or no
employee number), repeated heading rows and blank rows are skipped.

For the window: `preview_journal` shows the first rows as text with what was recognised (or why
not), and both it and `read_journal` take a `JournalPick` with the user's own heading row and
columns. Every refusal is a `JournalRefused` whose message names the file, the row or cell,
the column heading, what was found and what was expected, in the administrator's words.

Amounts are int64 cents (journal_amounts.py). Sign: when the premie and correctie amounts of
the whole journal add up to a negative number, the journal writes deductions as negatives and
every amount is negated first; the bijdrage is a payment whatever its sign, so per employee
ingehouden = Σ premie and correctie amounts − |Σ bijdrage amounts|."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from digibord.formats.journal_amounts import (
    MAX_AMOUNT_CENT,
    OTHER_NOTATION,
    SumOverflow,
    checked_total,
    decide_decimal,
    decimal_votes,
    number_texts,
    parse_amounts,
)
from digibord.formats.journal_grid import (
    DPIA100,
    DPIA_AMOUNT,
    DPIA_COMPONENT,
    DPIA_EMPLOYEE,
    EXCEL,
    Grid,
    JournalRefused,
    NoValue,
    cell_text,
    cell_texts,
    column_letter,
    read_grids,
)
from digibord.i18n import tr
from digibord.money import format_euro

if TYPE_CHECKING:
    from collections.abc import Sequence

    from digibord.formats.profiles import Profile

__all__ = [
    "ColumnRoles",
    "ComponentCodes",
    "JournalPick",
    "JournalPreview",
    "JournalRefused",
    "JournalShape",
    "PayrollJournal",
    "column_choice",
    "match_key",
    "preview_journal",
    "read_journal",
]

MAX_TITLE_ROWS = 20
PREVIEW_ROWS = 30
PREMIE, CORRECTIE, BIJDRAGE = "premie", "correctie", "bijdrage"
KINDS = (PREMIE, CORRECTIE, BIJDRAGE)


class JournalShape(Enum):
    """vorm: the shape of a payroll journal (the value is the word the JSON and screens use)."""

    PER_EMPLOYEE = "per werknemer"
    PER_COMPONENT = "per component"
    COLUMN_PER_COMPONENT = "kolom per component"

    @property
    def key(self) -> str:
        """Suffix of its message key `payroll.shape.<key>`."""
        return self.name.lower()


# ---- headings --------------------------------------------------------------------------------
# Compared without case, spaces, punctuation or currency signs (`Pers.nr.` -> persnr). An exact
# heading of the list wins (in list order), then a heading that starts with a stem.
EMPLOYEE_HEADINGS = (
    "werknemersnummer", "werknemernummer", "personeelsnummer", "personeelnummer", "persnr",
    "personeelsnr", "medewerkernummer", "medewerkersnummer", "medewerkernr", "medewerker",
    "werknemer", "wnnr", "mdwnr", "employeenumber", "employeeno", "employeeid", "employee",
    "personnelnumber", "staffnumber", "werknnr", "werknnummer", "wnr", "nummer",
)
EMPLOYEE_STEMS = (
    "werknemersn", "werknemern", "werknemerid", "personeelsn", "personeeln", "persn",
    "medewerkersn", "medewerkern", "medewerkerid", "mdwn", "wnn", "employeen", "employeeid",
    "personneln", "werknn",
)
AMOUNT_HEADINGS = (
    "ingehouden", "ingehoudenbedrag", "inhouding", "inhoudingen", "inhzorgverzekering",
    "inhoudingzorgverzekering", "bedrag", "waarde", "premie", "premiezorgverzekering",
    "zorgverzekering", "zorgpremie", "nettoinhouding", "withheld", "amount", "value",
)
AMOUNT_STEMS = ("ingehouden", "inhouding", "inh", "bedrag", "zorgverzekering", "premiezorg",
                "zorgpremie", "withheld", "amount", "waarde")
COMPONENT_HEADINGS = (
    "looncomponent", "component", "code", "looncode", "rubriek", "rubriekscode", "rubriekcode",
    "rubrieknummer", "componentcode", "looncomponentcode", "looncomponentnummer",
    "componentnummer", "loonsoort", "paycomponent", "wagecomponent", "paycode", "looncomp",
    "lc", "lcnr",
)
COMPONENT_STEMS = ("looncomponent", "looncode", "rubriek", "component", "loonsoort",
                   "paycomponent", "wagecomponent", "looncomp")
# a heading with one of these is a name or a description, never the number or the code
# (`Naam werknemer`, `Medewerker naam`, `Looncomponent omschrijving`)
_NOT_A_NUMBER = ("naam", "name", "omschr", "descr", "tekst", "text")
_NAME_WORDS = ("naam", "name")
_TOTALS = re.compile(r"^(?:sub|eind|grand)?\s*-?\s*tota(?:a)?l(?:en|s)?\b", re.IGNORECASE)
_CODE_END = (" ", "-", ":")


def _norm(heading: object) -> str:
    return re.sub(r"[\W_]+", "", str(heading or "").lower())


def match_key(numbers: np.ndarray) -> np.ndarray:
    """Werknemersnummer as matched between borderel and journal: trimmed, upper case, and for
    all-digit numbers without leading zeros (a spreadsheet turns `007263` into 7263)."""
    s = pd.Series(np.asarray(numbers, dtype=object), dtype=object).fillna("").astype(str)
    s = s.str.strip().str.upper()
    digits = s.str.fullmatch(r"\d+")
    stripped = s.str.lstrip("0").replace("", "0")
    return np.where(digits, stripped, s).astype(object)


@dataclass(frozen=True)
class ComponentCodes:
    """The pay component codes payroll uses for the three amounts (from a profile; the
    defaults are reports.md's). `profile` names where they come from, for messages."""

    premie: str = "7500"
    correctie: str = "7510"
    bijdrage: str = "7520"
    profile: str = "csv"

    @classmethod
    def of_profile(cls, profile: Profile) -> ComponentCodes:
        c = profile.components
        return cls(c["premie"], c["correctie"], c["bijdrage"], profile.name)

    def listing(self) -> str:
        return ", ".join(dict.fromkeys((self.premie, self.correctie, self.bijdrage)))

    def kinds(self, texts: Sequence[str]) -> np.ndarray:
        """Per text the amount it is (`premie`, `correctie`, `bijdrage`) or '': the text is a
        code, or starts with a code followed by a space, `-` or `:` (`7500 Premie zorg`)."""
        s = pd.Series(list(texts), dtype=object).fillna("").astype(str).str.strip().str.upper()
        kind_of = {}
        for kind in KINDS:  # bijdrage last: it wins where a profile gives one code twice
            kind_of[getattr(self, kind).strip().upper()] = kind
        alternatives = "|".join(re.escape(c) for c in sorted(kind_of, key=len, reverse=True))
        found = s.str.extract(rf"^({alternatives})(?:$|[ \-:])", expand=False)
        return found.map(kind_of).fillna("").to_numpy(dtype=object)


@dataclass(frozen=True)
class ColumnRoles:
    """Which column of the heading row plays which part, as 0-based positions.

    `employee`: the werknemersnummer; `name`: the employee's name (optional, for rows only in
    the journal); `amount`: the amount (per werknemer, per component); `component`: the pay
    component code (per component); `component_columns`: (column, amount) pairs for the shape
    kolom per component, amount being `premie`, `correctie` or `bijdrage`."""

    employee: int
    amount: int | None = None
    component: int | None = None
    component_columns: tuple[tuple[int, str], ...] = ()
    name: int | None = None

    @property
    def shape(self) -> JournalShape:
        if self.component is not None:
            return JournalShape.PER_COMPONENT
        if self.component_columns:
            return JournalShape.COLUMN_PER_COMPONENT
        return JournalShape.PER_EMPLOYEE

    def used(self) -> list[int]:
        cols = [self.employee, self.amount, self.component, *(c for c, _ in self.component_columns)]
        return [c for c in cols if c is not None]


Column = int | str  # a 0-based position, or a heading as the file writes it


@dataclass(frozen=True)
class JournalPick:
    """The user's own choices where recognition fails or guesses wrong; None = recognise.

    `sheet`: the workbook sheet by name. `heading_row`: index of the heading row in the rows of
    `JournalPreview.cells` (0-based; the rows above it are title rows). Columns are a 0-based
    position or a heading text (compared without case and punctuation). `component_columns`:
    (column, amount) pairs for kolom per component. `shape`: force a shape (then only the
    columns it needs are looked for)."""

    sheet: str | None = None
    heading_row: int | None = None
    employee: Column | None = None
    amount: Column | None = None
    component: Column | None = None
    component_columns: tuple[tuple[Column, str], ...] = ()
    shape: JournalShape | None = None


@dataclass(frozen=True, eq=False)
class PayrollJournal:
    """What payroll withheld, per employee.

    `amounts`: one row per employee in first-seen order: key str (match_key),
        employee_number str (as the journal writes it), employee_name str ('' without a name
        column), deduction_cent int64 (Σ premie and correctie amounts, after the sign rule),
        contribution_cent int64 (|Σ bijdrage amounts|), withheld_cent int64 (deduction −
        contribution), row_count int64 (rows read for the employee).
    `shape`, `columns` and `headings`: what was recognised (or picked); `heading_row` indexes
    the grid, `heading_row_number` is the line/sheet row a person sees. `negated`: the journal
    writes deductions as negatives and every amount was negated. `has_contribution`: the
    journal has the bijdrage component (a column, or rows with its code). `warnings`: harmless
    oddities (a repeated heading of a column that is not read), translated."""

    source: str
    shape: JournalShape
    columns: ColumnRoles
    headings: tuple[str, ...]
    heading_row: int
    heading_row_number: int
    codes: ComponentCodes
    amounts: pd.DataFrame
    negated: bool
    has_contribution: bool
    sheet: str | None = None
    warnings: tuple[str, ...] = ()

    def heading(self, column: int | None) -> str:
        if column is None:
            return ""
        return self.headings[column] if column < len(self.headings) and \
            self.headings[column] else tr("payroll.column_n", n=column + 1)

    @property
    def employee_column(self) -> str:
        return self.heading(self.columns.employee)

    @property
    def amount_column(self) -> str:
        """The amount column, or the component columns read (kolom per component)."""
        if self.columns.component_columns:
            return ", ".join(self.heading(c) for c, _ in self.columns.component_columns)
        return self.heading(self.columns.amount)

    @property
    def component_column(self) -> str:
        return self.heading(self.columns.component)


@dataclass(frozen=True, eq=False)
class JournalPreview:
    """The first rows of a journal as a person sees them, with what was recognised.

    `cells`: the first rows as text, all as wide as the widest; `row_numbers`: per row the line
    or sheet row (1-based; 0 for the made-up headings of a DPIA100 file). `heading_row`: index
    into `cells` of the heading row, or None. `columns`/`shape`: the recognised (or picked)
    roles, or None. `reason`: why the journal cannot be read as it stands (not recognised, or
    refused while reading: a formula without a value, an amount that is not one), translated,
    without the file name; None when `journal` holds the whole journal read. `cell`: the cell
    the refusal is about (`Blad1!D7`), '' when none or not a workbook. `sheets`: every sheet of
    a workbook (pick another with JournalPick.sheet)."""

    source: str
    cells: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    heading_row: int | None
    columns: ColumnRoles | None
    shape: JournalShape | None
    reason: str | None
    journal: PayrollJournal | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = field(default_factory=tuple)
    cell: str = ""


# ---- recognising the heading row -------------------------------------------------------------

class _NotFound(Exception):
    """This row (or grid) is not a recognised heading row; args[0] is the reason, args[1] how
    far recognition got, to tell the most useful reason: -1 a column the user named is not in
    the row, 0 no employee column, 1 no amount, 2 not the shape asked for, 3 no such row."""


def _pick_auto(normed: list[str], known: tuple[str, ...], stems: tuple[str, ...],
               taken: set[int], exclude: tuple[str, ...] = ()) -> int | None:
    for name in known:
        for i, h in enumerate(normed):
            if h == name and i not in taken:
                return i
    for stem in stems:
        for i, h in enumerate(normed):
            if i not in taken and h.startswith(stem) and not any(w in h for w in exclude):
                return i
    return None


def _pick_given(headings: list[str], normed: list[str], choice: Column, row_number: int,
                source: str) -> int:
    if isinstance(choice, int):
        if 0 <= choice < len(headings):
            return choice
        raise _NotFound(tr("payroll.reason.no_such_column", column=choice + 1,
                           row=row_number, count=len(headings)), -1)
    wanted = _norm(choice)
    hits = [i for i, h in enumerate(normed) if h == wanted and h]
    if len(hits) > 1:
        raise JournalRefused(source, tr("payroll.error.duplicate_heading", heading=choice,
                                        row=row_number, columns=_letters(hits)))
    if not hits:
        raise _NotFound(tr("payroll.reason.heading_not_found", heading=choice, row=row_number,
                           headings=_listing(headings)), -1)
    return hits[0]


SHOWN = 12  # columns or headings a message lists (a row of thousands would bury the rest)


def _letters(columns) -> str:
    return _capped([column_letter(c) for c in columns])


def _listing(headings) -> str:
    return _capped([f"'{h}'" for h in headings if h]) or "-"


def _capped(items: list[str]) -> str:
    """The first SHOWN items, and how many more."""
    shown = ", ".join(items[:SHOWN])
    more = len(items) - SHOWN
    return shown if more <= 0 else f"{shown} {tr('payroll.more', count=more)}"


def _code_columns(headings: list[str], codes: ComponentCodes, taken: set[int]
                  ) -> list[tuple[int, str]]:
    kinds = codes.kinds(headings)
    return [(i, str(k)) for i, k in enumerate(kinds) if k and i not in taken]


def _roles(grid: Grid, index: int, codes: ComponentCodes, pick: JournalPick) -> ColumnRoles:
    """The roles of the columns if row `index` is the heading row; _NotFound otherwise."""
    headings = [cell_text(c) for c in grid.rows[index]]
    normed = [_norm(h) for h in headings]
    number = int(grid.row_numbers[index])
    source = grid.source
    shape = pick.shape
    taken: set[int] = set()

    def given_or_auto(choice, known, stems, exclude=()):
        if choice is not None:
            col = _pick_given(headings, normed, choice, number, source)
        else:
            col = _pick_auto(normed, known, stems, taken, exclude)
        if col is not None:
            taken.add(col)
        return col

    if grid.kind == DPIA100 and pick == JournalPick(sheet=pick.sheet):
        return ColumnRoles(DPIA_EMPLOYEE, DPIA_AMOUNT, DPIA_COMPONENT)
    employee = given_or_auto(pick.employee, EMPLOYEE_HEADINGS, EMPLOYEE_STEMS, _NOT_A_NUMBER)
    if employee is None:
        raise _NotFound(tr("payroll.reason.no_employee", row=number,
                           headings=_listing(headings)), 0)
    component = amount = None
    if shape in (None, JournalShape.PER_COMPONENT):
        component = given_or_auto(pick.component, COMPONENT_HEADINGS, COMPONENT_STEMS,
                                  _NOT_A_NUMBER)
    if shape != JournalShape.COLUMN_PER_COMPONENT:
        amount = given_or_auto(pick.amount, AMOUNT_HEADINGS, AMOUNT_STEMS)
    per_column: list[tuple[int, str]] = []
    if shape in (None, JournalShape.COLUMN_PER_COMPONENT):
        if pick.component_columns:
            for choice, kind in pick.component_columns:
                if kind not in KINDS:
                    raise ValueError(kind)
                per_column.append((_pick_given(headings, normed, choice, number, source), kind))
        else:
            per_column = _code_columns(headings, codes, taken)
    names = [i for i, h in enumerate(normed) if i not in taken and i not in
             {c for c, _ in per_column} and any(w in h for w in _NAME_WORDS)]
    name = names[0] if names else None

    if shape is None:
        if component is not None and amount is not None:
            shape = JournalShape.PER_COMPONENT
        elif per_column:
            shape = JournalShape.COLUMN_PER_COMPONENT
        elif amount is not None:
            shape = JournalShape.PER_EMPLOYEE
    if shape == JournalShape.PER_COMPONENT and (component is None or amount is None):
        raise _NotFound(tr("payroll.reason.no_component", row=number,
                           employee=headings[employee], headings=_listing(headings)), 2)
    if shape == JournalShape.COLUMN_PER_COMPONENT and not per_column:
        raise _NotFound(tr("payroll.reason.no_code_columns", row=number, codes=codes.listing(),
                           profile=codes.profile, headings=_listing(headings)), 2)
    if shape is None or (shape == JournalShape.PER_EMPLOYEE and amount is None):
        raise _NotFound(tr("payroll.reason.no_amount", row=number, employee=headings[employee],
                           codes=codes.listing(), profile=codes.profile,
                           headings=_listing(headings)), 1)
    if shape == JournalShape.PER_COMPONENT:
        return ColumnRoles(employee, amount, component, (), name)
    if shape == JournalShape.COLUMN_PER_COMPONENT:
        return ColumnRoles(employee, None, None, tuple(per_column), name)
    return ColumnRoles(employee, amount, None, (), name)


def _candidate_rows(grid: Grid, pick: JournalPick) -> list[int]:
    if pick.heading_row is not None:
        if not 0 <= pick.heading_row < len(grid.rows):
            raise _NotFound(tr("payroll.reason.no_such_row", row=pick.heading_row + 1,
                               count=len(grid.rows)), 3)
        return [pick.heading_row]
    rows = []
    for i, row in enumerate(grid.rows):
        if any(cell_text(c) for c in row):
            rows.append(i)
            if len(rows) > MAX_TITLE_ROWS:
                break
    return rows


def _recognise(grid: Grid, codes: ComponentCodes, pick: JournalPick
               ) -> tuple[int, ColumnRoles]:
    """(heading row, roles) of the grid, or _NotFound with the most useful reason."""
    best: _NotFound | None = None
    for index in _candidate_rows(grid, pick):
        try:
            return index, _roles(grid, index, codes, pick)
        except _NotFound as exc:
            if best is None or exc.args[1] > best.args[1]:
                best = exc
    if best is None:
        raise _NotFound(tr("payroll.error.empty"), 0)
    if best.args[1] == 0:  # no employee column anywhere: show the row most like headings
        rows = _candidate_rows(grid, pick)
        widest = max(rows, key=lambda i: sum(1 for c in grid.rows[i] if cell_text(c)))
        raise _NotFound(tr("payroll.reason.no_employee", row=int(grid.row_numbers[widest]),
                           headings=_listing(cell_text(c) for c in grid.rows[widest])), 0)
    raise best


# ---- reading the rows ------------------------------------------------------------------------

def _column(body: list[tuple], col: int) -> list:
    return [r[col] if col < len(r) else "" for r in body]


def _refuse_cell(grid: Grid, row: int, col: int, heading: str, key: str, **params
                 ) -> JournalRefused:
    where = tr("payroll.where.cell", place=grid.place(row, col),
               heading=heading or column_letter(col))
    value = grid.rows[row][col] if col < len(grid.rows[row]) else ""
    found = f"={value.formula}" if isinstance(value, NoValue) else cell_text(value)
    return JournalRefused(grid.source, tr(key, where=where, found=found, **params),
                          grid.cell_name(row, col), found)


def _amount_cents(grid: Grid, rows: np.ndarray, cols: list[int], headings: list[str],
                  body: list[tuple], first: int) -> list[np.ndarray]:
    """Cents of the cells (rows × each column), text and Excel numbers alike, refused at the
    first cell that is not an amount. One decimal mark for all text amounts of the file."""
    values = []
    for c in cols:
        cells = _column(body, c)
        values.append([cells[r] for r in rows])
    is_number = [np.array([isinstance(v, int | float) and not isinstance(v, bool) for v in col],
                          dtype=bool) for col in values]
    texts = [cell_texts(col) for col in values]
    every_text = [t for col, num in zip(texts, is_number, strict=True)
                  for t, n in zip(col, num, strict=True) if not n]
    decimal = decide_decimal(decimal_votes(every_text))
    out = []
    for col, vals, num, text in zip(cols, values, is_number, texts, strict=True):
        cents = np.zeros(len(vals), dtype=np.int64)
        problem = np.full(len(vals), None, dtype=object)
        if (~num).any():
            c, p = parse_amounts([t for t, n in zip(text, num, strict=True) if not n], decimal)
            cents[~num], problem[~num] = c, p
        if num.any():
            c, p = parse_amounts(number_texts([v for v, n in zip(vals, num, strict=True) if n]),
                                 ".", exact=False)
            cents[num], problem[num] = c, p
        bad = np.flatnonzero(pd.notna(problem))
        if len(bad):
            i = int(bad[0])
            code = str(problem[i])
            params = {"mark": decimal or ""} if code == OTHER_NOTATION else {}
            if code == "too_large":
                params = {"limit": format_euro(MAX_AMOUNT_CENT)}
            raise _refuse_cell(grid, first + int(rows[i]), col, headings[col],
                               f"payroll.amount.{code}", **params)
        out.append(cents)
    return out


def _check_codes(codes: ComponentCodes, source: str) -> None:
    bij = codes.bijdrage.strip().upper()
    for kind in (PREMIE, CORRECTIE):
        if getattr(codes, kind).strip().upper() == bij:
            raise JournalRefused(source, tr("payroll.error.same_code", code=codes.bijdrage,
                                            kind=kind, profile=codes.profile))


def _duplicates(source: str, row_number: int, headings: list[str], roles: ColumnRoles
                ) -> list[str]:
    """Refuse a heading that stands twice when one of them is read; warn about the other
    repeated headings (harmless: not read). Two columns of one component (`7500 Premie`,
    `7500 Premie extra`) are not refused: they are added up, as rows of a code are."""
    normed = [_norm(h) for h in headings]
    used = set(roles.used())
    warnings = []
    seen: dict[str, list[int]] = {}
    for i, h in enumerate(normed):
        if h:
            seen.setdefault(h, []).append(i)
    for cols in seen.values():
        if len(cols) < 2:
            continue
        if used & set(cols):
            raise JournalRefused(source, tr("payroll.error.duplicate_heading",
                                            heading=headings[cols[0]], row=row_number,
                                            columns=_letters(cols)))
        warnings.append(tr("payroll.warning.duplicate_heading", heading=headings[cols[0]],
                           row=row_number, columns=_letters(cols)))
    return warnings


def _read(grid: Grid, index: int, roles: ColumnRoles, codes: ComponentCodes) -> PayrollJournal:
    source = grid.source
    _check_codes(codes, source)
    headings = [cell_text(c) for c in grid.rows[index]]
    warnings = _duplicates(source, int(grid.row_numbers[index]), headings, roles)
    first = index + 1
    body = list(grid.rows[first:])
    numbers = pd.Series(cell_texts(_column(body, roles.employee)), dtype=object)
    employee_heading = _norm(headings[roles.employee])
    normed = numbers.str.lower().str.replace(r"[\W_]+", "", regex=True)
    # a totals row says so in the number column, or in the name or first column with a count
    # or a page number where the number would stand
    texts = {col: pd.Series(cell_texts(_column(body, col)), dtype=object)
             for col in {0, roles.name} - {None}}  # the name column's read once
    totals = numbers.str.contains(_TOTALS)
    for col, column in texts.items():
        if col != roles.employee:
            totals |= column.str.contains(_TOTALS)
    keep = (numbers != "") & ~totals & \
        (normed != employee_heading)  # a heading row repeated on every page
    rows = np.flatnonzero(keep.to_numpy())
    # a formula cell without a stored value in a column that is read, in a row that is read,
    # is refused naming it (a skipped totals row's =SUM(...) is not read: a workbook written
    # by a program is never calculated); an employee number of one makes its row read
    for col in roles.used():
        cells = _column(body, col)
        hit = next((int(r) for r in rows if isinstance(cells[r], NoValue)), None)
        if hit is not None:
            raise _refuse_cell(grid, first + hit, col, headings[col], "payroll.error.formula")
    names = texts[roles.name].replace("", None) \
        if roles.name is not None else pd.Series([None] * len(body), dtype=object)

    shape = roles.shape
    if shape == JournalShape.PER_COMPONENT:
        components = cell_texts(_column(body, roles.component))
        kinds = codes.kinds([components[r] for r in rows])
        if len(rows) and not (kinds != "").any():
            found = pd.Series(components, dtype=object)[rows].unique()[:8]
            raise JournalRefused(source, tr("payroll.error.no_codes",
                                            heading=headings[roles.component],
                                            found=", ".join(found) or "-",
                                            codes=codes.listing(), profile=codes.profile))
        rows, kinds = rows[kinds != ""], kinds[kinds != ""]
        (cents,) = _amount_cents(grid, rows, [roles.amount], headings, body, first)
        line_employee = rows
        line_kind, line_cents = kinds, cents
        has_contribution = bool((kinds == BIJDRAGE).any())
    elif shape == JournalShape.COLUMN_PER_COMPONENT:
        cols = [c for c, _ in roles.component_columns]
        filled = []
        for c in cols:
            texts = cell_texts(_column(body, c))
            filled.append(np.array([texts[r] != "" for r in rows], dtype=bool))
        cents = _amount_cents(grid, rows, cols, headings, body, first)
        # a row whose component cells are all empty has none of these components: ignored
        present = np.logical_or.reduce(filled) if filled else np.zeros(len(rows), dtype=bool)
        line_employee = np.concatenate([rows[f] for f in filled])
        line_kind = np.concatenate([np.full(int(f.sum()), k, dtype=object)
                                    for f, (_, k) in zip(filled, roles.component_columns,
                                                         strict=True)])
        line_cents = np.concatenate([c[f] for c, f in zip(cents, filled, strict=True)])
        rows = rows[present]
        has_contribution = any(k == BIJDRAGE for _, k in roles.component_columns)
    else:
        (cents,) = _amount_cents(grid, rows, [roles.amount], headings, body, first)
        line_employee, line_kind, line_cents = rows, np.full(len(rows), PREMIE,
                                                             dtype=object), cents
        has_contribution = False
    if len(rows) == 0:  # headings only, or only totals rows: nothing to compare
        raise JournalRefused(source, tr("payroll.error.no_rows"))

    deduction = line_kind != BIJDRAGE
    try:
        checked_total(line_cents)
        negated = checked_total(line_cents[deduction]) < 0
    except SumOverflow:
        raise JournalRefused(source, tr("payroll.error.overflow")) from None
    if negated:
        line_cents = -line_cents
    number_of = numbers.to_numpy(dtype=object)
    frame = pd.DataFrame({
        "key": match_key(number_of[line_employee]),
        "employee_number": number_of[line_employee],
        "employee_name": names.to_numpy(dtype=object)[line_employee],
        "deduction_cent": np.where(deduction, line_cents, 0).astype(np.int64),
        "bijdrage_cent": np.where(deduction, 0, line_cents).astype(np.int64),
        "row": line_employee,
    })
    # several rows of one employee: one row each; the sums stay in int64 (checked above)
    grouped = frame.groupby("key", sort=False).agg(
        employee_number=("employee_number", "first"),
        employee_name=("employee_name", "first"),
        deduction_cent=("deduction_cent", "sum"), bijdrage_cent=("bijdrage_cent", "sum"),
        row_count=("row", "nunique")).reset_index()
    contribution = np.abs(grouped["bijdrage_cent"].to_numpy(dtype=np.int64))
    amounts = pd.DataFrame({
        "key": grouped["key"].to_numpy(dtype=object),
        "employee_number": grouped["employee_number"].to_numpy(dtype=object),
        "employee_name": grouped["employee_name"].fillna("").to_numpy(dtype=object),
        "deduction_cent": grouped["deduction_cent"].to_numpy(dtype=np.int64),
        "contribution_cent": contribution,
        "withheld_cent": grouped["deduction_cent"].to_numpy(dtype=np.int64) - contribution,
        "row_count": grouped["row_count"].to_numpy(dtype=np.int64),
    })
    return PayrollJournal(source, shape, roles, tuple(headings), index,
                          int(grid.row_numbers[index]), codes, amounts, bool(negated),
                          has_contribution, grid.sheet, tuple(warnings))


# ---- the public functions --------------------------------------------------------------------

def _grids(path: str | Path, pick: JournalPick) -> Iterator[Grid]:
    grids = read_grids(path)
    if pick.sheet is not None:
        grids = list(grids)
        chosen = [g for g in grids if g.sheet == pick.sheet]
        if not chosen:
            raise JournalRefused(str(path), tr("payroll.error.no_sheet", sheet=pick.sheet,
                                               sheets=", ".join(g.sheet or "" for g in grids)))
        return iter(chosen)
    return grids


def _first_recognised(grids: Iterator[Grid], codes: ComponentCodes, pick: JournalPick,
                      seen: list[Grid] | None = None
                      ) -> tuple[Grid, int | None, ColumnRoles | None, str | None]:
    """The first grid in which a journal is recognised, else the one that got furthest, with
    its reason. `seen` collects the grids looked at."""
    failure = None
    for grid in grids:
        if seen is not None:
            seen.append(grid)
        try:
            index, roles = _recognise(grid, codes, pick)
            return grid, index, roles, None
        except _NotFound as exc:
            if failure is None or exc.args[1] > failure[1].args[1]:
                failure = (grid, exc)
    grid, exc = failure
    return grid, None, None, exc.args[0]


def read_journal(path: str | Path, codes: ComponentCodes | None = None,
                 pick: JournalPick | None = None) -> PayrollJournal:
    """Read a payroll journal (CSV, Excel or DPIA100); `codes` are the profile's component
    codes, `pick` the user's choices. JournalRefused says why a file cannot be used."""
    codes = codes or ComponentCodes()
    pick = pick or JournalPick()
    grid, index, roles, reason = _first_recognised(_grids(path, pick), codes, pick)
    if roles is None:
        raise JournalRefused(grid.source, reason or "", unrecognised=True)
    return _read(grid, index, roles, codes)


def preview_journal(path: str | Path, codes: ComponentCodes | None = None,
                    pick: JournalPick | None = None, rows: int = PREVIEW_ROWS) -> JournalPreview:
    """The first `rows` rows (at least to ten rows below the heading row) as text, with the
    recognised heading row and columns and, when the whole journal reads, the journal itself;
    otherwise `reason` says why in words for the window. JournalRefused only when the file
    cannot be read at all (not found, empty, not CSV or Excel)."""
    codes = codes or ComponentCodes()
    pick = pick or JournalPick()
    seen: list[Grid] = []
    grids = _grids(path, pick)
    grid, index, roles, reason = _first_recognised(grids, codes, pick, seen)
    if grid.kind == EXCEL:  # a workbook's sheets are read already: name them all
        seen.extend(grids)
    journal = None
    cell = ""
    if roles is not None:
        try:
            journal = _read(grid, index, roles, codes)
        except JournalRefused as exc:
            reason, cell = exc.reason, exc.cell
    shown = max(rows, (index or 0) + 11)
    width = max((len(r) for r in grid.rows[:shown]), default=0)
    cells = tuple(tuple([cell_text(c) for c in r] + [""] * (width - len(r)))
                  for r in grid.rows[:shown])
    return JournalPreview(
        source=grid.source, cells=cells,
        row_numbers=tuple(int(n) for n in grid.row_numbers[:shown]), heading_row=index,
        columns=roles, shape=roles.shape if roles is not None else None, reason=reason,
        journal=journal, sheet=grid.sheet,
        sheets=tuple(g.sheet for g in seen if g.sheet is not None), cell=cell)


# ---- the window's former entry points (digibord/ui/payroll_dialog.py) ------------------------

def column_choice(text: str | None) -> Column | None:
    """A column as the command line and the former dialog give it: a 1-based number, else a
    heading."""
    if text is None:
        return None
    text = str(text).strip()
    return int(text) - 1 if text.isdigit() and int(text) >= 1 else text


def column_pick(employee: str | None = None, amount: str | None = None,
                component: str | None = None, heading_row: int | None = None,
                shape: JournalShape | None = None) -> JournalPick:
    """A JournalPick from texts as typed (a 1-based column number or a heading)."""
    return JournalPick(heading_row=heading_row, employee=column_choice(employee),
                       amount=column_choice(amount), component=column_choice(component),
                       shape=shape)


def payroll_headings(path: str | Path) -> list[str]:
    """The headings of a journal for a person to pick from: those of the recognised heading
    row, else of the first row with anything in it."""
    preview = preview_journal(path, rows=MAX_TITLE_ROWS + 1)
    if preview.heading_row is not None:
        row = list(preview.cells[preview.heading_row])
    else:  # the row with the most cells filled is the likeliest heading row
        row = list(max(preview.cells, key=lambda r: sum(1 for c in r if c), default=()))
    while row and not row[-1]:
        row.pop()
    return row


def read_payroll_export(path: str | Path, employee_column: str | None = None,
                        amount_column: str | None = None,
                        codes: ComponentCodes | None = None) -> PayrollJournal:
    """read_journal with the columns as texts (heading or 1-based number)."""
    return read_journal(path, codes, column_pick(employee_column, amount_column))
