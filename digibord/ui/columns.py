"""Column tables for the screen: one numpy array per column, prepared once when a borderel is
loaded, so that sorting is one stable argsort over integers and filtering is boolean masks.

Qt-free on purpose: the table model (`table_model.py`) only maps rows through the index array
computed here, and tests can check sorting and filtering without a window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from digibord.formats.borderel import month_text
from digibord.money import format_euro

TEXT = "text"  # free text: contains-filter, sorted by rank (case-insensitive)
CODE = "code"  # a number shown as text (relatienummer): contains-filter, sorted numerically
MONEY = "money"  # int64 cents: from–to filter
DATE = "date"  # datetime64[D]: from–to filter, missing dates sort last
NUMBER = "number"  # plain int64: from–to filter

RANGE_KINDS = (MONEY, DATE, NUMBER)
STRING = np.dtypes.StringDType()
_MISSING = np.iinfo(np.int64).max
_EPOCH = dt.date(1970, 1, 1)


def lower_text(values: np.ndarray) -> np.ndarray:
    """Lower-case StringDType array: what contains-filters and the search box look in."""
    return np.strings.lower(np.asarray(values, dtype=object).astype(STRING))


@dataclass(eq=False, repr=False)
class Column:
    """One column. `raw` holds the values as int64 (cents, days since 1970, rank codes or the
    number itself), `missing` where there is none; `text` the lower-case text for contains."""

    key: str  # stable id: settings and filters refer to it
    title_key: str  # i18n key of the header
    kind: str
    raw: np.ndarray  # int64
    display: Callable[[int], str]  # row -> text on screen (the only per-row work)
    text: np.ndarray | None = None  # StringDType, lower-case (TEXT/CODE)
    missing: np.ndarray | None = None  # bool (DATE)
    masked: Callable[[int], str] | None = None  # BSN: shown this way unless the user asks

    def __post_init__(self) -> None:
        self.raw = np.ascontiguousarray(self.raw, dtype=np.int64)

    def __repr__(self) -> str:
        return f"Column({self.key!r}, {self.kind}, {len(self.raw)} rows)"

    @property
    def is_range(self) -> bool:
        return self.kind in RANGE_KINDS


def text_column(key: str, title_key: str, values: np.ndarray) -> Column:
    """Text sorted case-insensitively through precomputed rank codes."""
    obj = np.asarray(values, dtype=object)
    text = lower_text(obj)
    # rank codes, once: hash the values, sort only the distinct ones, spread the ranks back
    codes, distinct = pd.factorize(text)
    rank_of = np.empty(len(distinct), dtype=np.int64)
    rank_of[np.argsort(np.asarray(distinct, dtype=STRING), kind="stable")] = np.arange(
        len(distinct), dtype=np.int64)
    ranks = rank_of[codes]

    def display(row: int) -> str:
        return str(obj[row])

    return Column(key, title_key, TEXT, ranks.astype(np.int64), display, text=text)


def code_column(key: str, title_key: str, values: np.ndarray, width: int) -> Column:
    """A zero-padded number (relatienummer): sorts as a number, filters as text; below 0 there
    is none (a salary check row only payroll has) and the cell stays empty."""
    arr = np.asarray(values, dtype=np.int64)
    text = np.where(arr >= 0, np.strings.zfill(arr.astype(STRING), width), "").astype(STRING)
    return Column(key, title_key, CODE, arr,
                  lambda row: f"{int(arr[row]):0{width}d}" if arr[row] >= 0 else "", text=text)


def money_column(key: str, title_key: str, cents: np.ndarray) -> Column:
    arr = np.asarray(cents, dtype=np.int64)
    return Column(key, title_key, MONEY, arr, lambda row: format_euro(arr[row]))


def number_column(key: str, title_key: str, values: np.ndarray,
                  show: Callable[[int], str] = str) -> Column:
    """A plain number (a count, a percentage in hundredths): from-to filter."""
    arr = np.asarray(values, dtype=np.int64)
    return Column(key, title_key, NUMBER, arr, lambda row: show(int(arr[row])))


def month_column(key: str, title_key: str, months: np.ndarray) -> Column:
    """A month YYYYMM: sorts as a number, shows as `2026-03`."""
    arr = np.asarray(months, dtype=np.int64)
    return Column(key, title_key, NUMBER, arr,
                  lambda row: month_text(int(arr[row])) if arr[row] > 0 else "")


def date_column(key: str, title_key: str, values: np.ndarray | pd.Series) -> Column:
    days64 = np.asarray(values, dtype="datetime64[D]")
    missing = np.isnat(days64)
    days = np.where(missing, 0, days64.astype(np.int64))

    def display(row: int) -> str:
        if missing[row]:
            return ""
        return (_EPOCH + dt.timedelta(days=int(days[row]))).strftime("%d-%m-%Y")

    return Column(key, title_key, DATE, days, display, missing=missing)


def day_number(date: dt.date) -> int:
    """A date as the int64 days that DATE columns hold (range filters)."""
    return (date - _EPOCH).days


# --- filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextFilter:
    """Rows whose text contains `needle` (case-insensitive)."""

    needle: str

    def mask(self, col: Column) -> np.ndarray:
        assert col.text is not None
        return np.strings.find(col.text, self.needle.lower()) >= 0


@dataclass(frozen=True)
class RangeFilter:
    """Rows with low <= value <= high (either end open); rows without a value drop out."""

    low: int | None = None
    high: int | None = None

    def mask(self, col: Column) -> np.ndarray:
        keep = np.ones(len(col.raw), dtype=bool)
        if self.low is not None:
            keep &= col.raw >= self.low
        if self.high is not None:
            keep &= col.raw <= self.high
        if col.missing is not None:
            keep &= ~col.missing
        return keep


Filter = TextFilter | RangeFilter


@dataclass(eq=False, repr=False)
class ColumnTable:
    """The columns of one screen table plus the search haystack, with cached sort orders."""

    columns: list[Column]
    search_keys: tuple[str, ...] = ()  # columns the search box looks in
    _orders: dict[tuple[int, bool], np.ndarray] = field(default_factory=dict, repr=False)
    _haystack: np.ndarray | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"ColumnTable({[c.key for c in self.columns]}, {self.n_rows} rows)"

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].raw) if self.columns else 0

    def index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return self.columns[self.index(key)]

    def sort_order(self, ci: int, descending: bool = False) -> np.ndarray:
        """Row numbers in the order of column `ci`: one stable argsort over int64; missing
        values last either way; ties keep file order."""
        cached = self._orders.get((ci, descending))
        if cached is not None:
            return cached
        col = self.columns[ci]
        key = -col.raw if descending else col.raw
        if col.missing is not None:
            key = np.where(col.missing, _MISSING, key)
        order = np.argsort(key, kind="stable")
        self._orders[(ci, descending)] = order
        return order

    def haystack(self) -> np.ndarray | None:
        if self._haystack is None and self.search_keys:
            parts = [self.column(k).text for k in self.search_keys]
            hay = parts[0]
            for part in parts[1:]:
                hay = np.strings.add(np.strings.add(hay, "\x1f"), part)
            self._haystack = hay
        return self._haystack

    def mask(self, filters: dict[str, Filter], search: str = "") -> np.ndarray | None:
        """Rows that pass every filter and the search box; None when nothing filters."""
        keep = None
        for key, flt in filters.items():
            m = flt.mask(self.column(key))
            keep = m if keep is None else keep & m
        needle = search.strip().lower()
        hay = self.haystack()
        if needle and hay is not None:
            m = np.strings.find(hay, needle) >= 0
            keep = m if keep is None else keep & m
        return keep

    def view_rows(self, sort: tuple[int, bool] | None, filters: dict[str, Filter],
                  search: str = "") -> np.ndarray:
        """View order = sort order ∩ mask, as source row numbers."""
        n = self.n_rows
        order = self.sort_order(*sort) if sort is not None else np.arange(n, dtype=np.int64)
        keep = self.mask(filters, search)
        return order if keep is None else order[keep[order]]
