"""What an Excel sheet or a PDF report shows, independent of the file format.

A `ReportTable` is a description: a title, columns (key, heading, kind, width, alignment), the
rows as a pandas frame, an optional grouping (per employee or per person) with subtotal rows,
the report's totals and where it came from (`ReportMeta`). `tables.py` builds one from each
computed result; `xlsx.py` and `pdf.py` draw it. Nothing here computes totals: they come from
the result, so every renderer shows the same numbers.

Kinds and what the frame holds for them:
    text     str ('' for none)
    money    int64 euro cents (becomes euros only in the renderer)
    date     datetime64 (NaT for none)
    month    int64 YYYYMM (shown as '2026-03')
    count    int64
    percent  int64 hundredths of a percent (1500 = 15,00 %)
    bsn      str, masked as '*****6789' unless the user asks for it in full
    relation int64 relatienummer, shown as '0000012345' (below 0: empty); only in the compact
             tables the streamed Excel writer reads (build_table(..., compact=True)), where
             text columns may also hold missing values (empty) or be categorical

Headings, titles and subtotal labels are i18n keys, translated when a file is written, so one
description serves Dutch and English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

import digibord
from digibord.i18n import tr

KINDS = ("text", "money", "date", "month", "count", "percent", "bsn", "relation")
_RIGHT = {"money", "count", "percent"}


@dataclass(frozen=True)
class Column:
    key: str  # column of the frame; also the name `--columns` uses
    heading: str  # i18n key
    kind: str = "text"
    width: int = 0  # hint in characters; 0: fit to the content
    align: str = ""  # 'left', 'right' or 'center'; '' follows the kind
    heading_params: tuple[tuple[str, object], ...] = ()  # for the heading's {placeholders}

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.kind in _RIGHT else "left")

    def heading_text(self, lang: str) -> str:
        return tr(self.heading, lang, **dict(self.heading_params))


@dataclass(frozen=True)
class Total:
    """One of the report's totals: shown in the first block of a PDF and, when `column` names a
    column of the table, in the totals row under that column."""

    label: str  # i18n key
    value: int  # cents for money, a number for count
    kind: str = "money"
    column: str | None = None
    params: tuple[tuple[str, object], ...] = ()  # for the label's {placeholders}

    def text(self, lang: str) -> str:
        return tr(self.label, lang, **dict(self.params))


@dataclass(frozen=True, eq=False)
class Grouping:
    """Rows that belong together (one employee, one person) are consecutive in the frame and
    share `key`; `heading` is a frame column with the text above the group. `subtotals` holds
    one or more rows per group, in the order to show them: a column named like `key` with the
    group's value, `label` (i18n key) and values under column keys of the table (missing
    columns stay empty). `repeats`: columns the heading already shows, which the PDF leaves
    out to make room (Excel keeps them: there every row must stand on its own)."""

    key: str
    heading: str
    subtotals: pd.DataFrame
    repeats: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportMeta:
    collectivity_number: str = ""
    collectivity_name: str = ""
    months: tuple[str, ...] = ()  # 'YYYY-MM' (with ' (2)' for a re-issue)
    sources: tuple[str, ...] = ()  # file names the report was made from
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(
        microsecond=0))
    version: str = digibord.__version__


@dataclass(frozen=True, eq=False)
class ReportTable:
    title: str  # i18n key
    sheet: str  # i18n key of the short name of the Excel sheet (at most 31 characters)
    columns: tuple[Column, ...]
    frame: pd.DataFrame
    meta: ReportMeta
    grouping: Grouping | None = None
    totals: tuple[Total, ...] = ()
    note: str = ""  # i18n key of a line under the title ('' for none)
    note_params: tuple[tuple[str, object], ...] = ()
    # Only some of the report's rows (what a view showed): a line saying so, and the totals
    # row under the columns holds the sums of those rows (`row_totals`), while `totals` (the
    # block on the first page, the Info sheet) stay the whole report's.
    selection_note: str = ""
    selection_params: tuple[tuple[str, object], ...] = ()
    row_totals: tuple[Total, ...] | None = None
    row_totals_label: str = "export.total"

    def note_text(self, lang: str) -> str:
        return tr(self.note, lang, **dict(self.note_params)) if self.note else ""

    def selection_text(self, lang: str) -> str:
        return (tr(self.selection_note, lang, **dict(self.selection_params))
                if self.selection_note else "")

    def column_totals(self) -> tuple[Total, ...]:
        """The totals row under the columns: the report's totals that stand under a column,
        or the sums of the rows shown when the table holds only some of them."""
        if self.row_totals is not None:
            return self.row_totals
        return tuple(t for t in self.totals if t.column)

    def __post_init__(self) -> None:
        missing = [c.key for c in self.columns if c.key not in self.frame.columns]
        if missing:
            raise ValueError(f"columns not in the frame: {', '.join(missing)}")

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def select(self, keys: list[str] | None) -> ReportTable:
        """Only the named columns, in the order given (None: all). Keys this table does not
        have are ignored here; `files.write_report` refuses keys no table of a report has."""
        if keys is None:
            return self
        by_key = {c.key: c for c in self.columns}
        chosen = tuple(by_key[k] for k in keys if k in by_key)
        return replace(self, columns=chosen or self.columns)


def mask_bsn(values: pd.Series) -> pd.Series:
    """'123456789' -> '*****6789'; empty stays empty."""
    text = values.fillna("").astype(str)
    masked = "*****" + text.str[-4:]
    return masked.where(text.str.len() > 0, "")


def month_strings(values: np.ndarray) -> np.ndarray:
    """int YYYYMM column -> 'YYYY-MM' (empty for 0), column-wise."""
    arr = np.asarray(values, dtype=np.int64)
    if len(arr) == 0:  # numpy's zfill cannot size an empty array
        return np.zeros(0, dtype=object)
    year = (arr // 100).astype(str)
    mon = np.char.zfill((arr % 100).astype(str), 2)
    out = np.char.add(np.char.add(year, "-"), mon).astype(object)
    out[arr <= 0] = ""
    return out
