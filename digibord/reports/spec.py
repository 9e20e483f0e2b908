"""How a report is presented, declared once: its fields (key, heading, kind, where it shows),
how its rows are grouped with subtotals, its totals, its headings and its JSON object.

A `Presentation` describes one computed result type (`digibord.reconcile.*`). Every surface
renders from it: the window's tables, Excel, PDF, CSV, JSON and the command line's plain text
(`digibord.reports.build` turns a result and its presentation into rows and `ReportTable`s).
A field's `key` is its JSON key, its CSV heading and the name `--columns` takes; its `title`
is an i18n key, translated per language.

Kinds, and what the rows frame holds for them (`source` names the column):
    text      str                       shown as it is
    relation  int64 relatienummer       `0000012345` everywhere
    money     int64 euro cents          `_cent` integers in JSON, euros on screen and paper
    count     int64                     a number
    percent   int64 hundredths of a %   `15,00 %`
    date      datetime64 (NaT: none)    `YYYY-MM-DD` / null in JSON, `31-01-2026` on screen
    month     int64 YYYYMM              `2026-03`
    status    str code                  the code in JSON and CSV, its word (`words` + code) shown
    word      str code or i18n key      its word (`words` + value) everywhere, JSON too
    bsn       str                       masked as `*****6789` unless the user asks for it
    flag      bool                      true/false in JSON (not a table column)

A relation below 0 means "none" (a row only in a payroll journal): null in JSON, empty shown;
a status or word that is None likewise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

KINDS = ("text", "relation", "money", "count", "percent", "date", "month", "status", "word",
         "bsn", "flag")
RIGHT_ALIGNED = ("money", "count", "percent")


@dataclass(frozen=True)
class Field:
    key: str  # JSON key, CSV heading, the name --columns and the window's settings use
    title: str  # i18n key of the heading
    kind: str = "text"
    source: str = ""  # column of the report's rows frame ('' = the same as the key)
    words: str = ""  # status, word: i18n key prefix of a value's word
    width: int = 0  # a hint in characters; 0: fit to the content
    align: str = ""  # 'left', 'center' or 'right'; '' follows the kind
    json: bool | Callable[[Any], bool] = True  # in the JSON rows and the CSV (per result)
    table: bool = True  # a column on screen, in Excel and PDF
    optional: bool = False  # a table column only when chosen (--columns, the column chooser)
    when: Callable[[Any], bool] | None = None  # a table column only for results where true
    terminal: bool = True  # in the command line's plain-text table
    aliases: tuple[str, ...] = ()  # other names --columns accepts (the old English keys)
    # A heading made from the result, (i18n key, params) (`Netto mrt 2026` instead of `Netto
    # van`), for the surfaces that draw a result's table (PDF, Excel, the window); `title`
    # stays the heading that does not depend on a result (the column chooser's, --help's).
    titled: Callable[[Any, str], tuple[str, tuple[tuple[str, object], ...]]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: unknown kind {self.kind!r}")
        if self.kind == "status" and not self.words:
            raise ValueError(f"{self.key}: a status field needs its words prefix")

    def heading(self, result: ReportResult, lang: str
                ) -> tuple[str, tuple[tuple[str, object], ...]]:
        """(i18n key, params) of the heading for this result."""
        return self.titled(result, lang) if self.titled is not None else (self.title, ())

    def in_json(self, result: Any) -> bool:
        return bool(self.json(result)) if callable(self.json) else self.json

    @property
    def column(self) -> str:
        return self.source or self.key

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.kind in RIGHT_ALIGNED else "left")


@dataclass(frozen=True)
class Subtotal:
    """One subtotal row of a group: its label (i18n key) and, per field key, the column of the
    groups frame that holds the group's value."""

    label: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grouping:
    """Rows that belong together (one employee, one person) are consecutive and share `key`;
    `groups(result)` gives one row per group with that key column, the heading's columns and
    the subtotals' columns. `heading`: `employee` (werknemersnummer and name) or `person`
    (relatienummer, name and werknemersnummer). `repeats`: fields the heading already shows,
    left out of the PDF to make room (Excel keeps them: there every row stands on its own)."""

    groups: Callable[[Any], Any]
    key: str
    heading: str
    subtotals: tuple[Subtotal, ...] = ()
    repeats: tuple[str, ...] = ()


@dataclass(frozen=True)
class TotalSpec:
    """One of the report's totals; `field`: the key of the column it stands under in the
    totals row ('' = only in the totals block)."""

    label: str  # i18n key
    value: Callable[[Any], int]
    kind: str = "money"
    field: str = ""
    titled: Callable[[Any, str], tuple[str, tuple[tuple[str, object], ...]]] | None = None


@dataclass(frozen=True)
class Presentation:
    """Everything a renderer needs to know about one report besides the result itself.

    `rows(result)`: the frame of rows shown (ordered); `totals(result, lang)`: the totals
    (TotalSpec, or a callable for totals that depend on the result, such as counts per status);
    `refs(result)`: the borderels it was made from (BorderelRef) for the headings; `note`: a
    line under the title as (i18n key, params); `to_json(result, rows, parts)`: the JSON
    object around the rows (`parts` holds the JSON rows of parts with a `json_key`).
    `parts`: further tables of the same result (the policy per person, the employees not
    converted), each a Presentation of its own; `present(result)` says whether it is there."""

    name: str  # stable: settings, file names, the registry
    result_type: str  # "module:Class" of the computed result
    title: str  # i18n key
    sheet: str  # i18n key of the Excel sheet's name (at most 31 characters)
    fields: tuple[Field, ...]
    rows: Callable[[Any], Any]
    refs: Callable[[Any], tuple] = lambda result: ()
    extra_sources: Callable[[Any], tuple[str, ...]] = lambda result: ()
    grouping: Grouping | None = None
    totals: Callable[[Any, str], tuple[TotalSpec, ...]] | tuple[TotalSpec, ...] = ()
    note: Callable[[Any, str], tuple[str, tuple[tuple[str, object], ...]]] | None = None
    to_json: Callable[[Any, list[dict], dict[str, list[dict]]], dict] | None = None
    parts: tuple[Presentation, ...] = ()
    json_key: str = ""  # a part: the key of its JSON rows in the report's object
    present: Callable[[Any], bool] = lambda result: True
    file_stem: str = ""  # the start of a suggested file name (`correctiepremies`)
    status_field: str = ""  # the field whose code colours a row (status colours on screen)
    unit: str = "print.unit.rows"  # i18n key of what a row is ("6 van 115 verzekerden")
    # A part whose rows belong to the report's rows by this column (a person's policy lines
    # by relatienummer): with only some of the report's rows, the part shows only theirs.
    follows: str = ""
    extra: dict = field(default_factory=dict)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key or key in f.aliases:
                return f
        raise KeyError(key)

    def table_field(self, name: str) -> Field | None:
        """The table field `--columns` means by `name` (its key or an alias), None if none."""
        try:
            f = self.field(name)
        except KeyError:
            return None
        return f if f.table else None

    def column_names(self) -> list[str]:
        """The names --columns takes for the table: keys of the table fields."""
        return [f.key for f in self.fields if f.table]
