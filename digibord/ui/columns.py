"""Column tables for the screen: one numpy array per column, prepared once when a borderel is
loaded, so that sorting is one stable argsort over integers and filtering is boolean masks.

What the first screen needs (the cells' texts, the amounts) is made at once; what only sorting,
filtering and searching need (rank codes of texts, lower-case texts, the search haystack) can be
left for later: a column made with `later=` computes it on first use, or all at once on the
loader's worker through `ColumnTable.complete()` after the table is on screen. Long numpy
calls that hold the interpreter lock go in chunks (`CHUNK` rows), so that the window's thread
is never kept waiting long by a worker doing them.

Qt-free on purpose: the table model (`table_model.py`) only maps rows through the index array
computed here, and tests can check sorting and filtering without a window.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
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
# Rows per piece of a numpy call that holds the interpreter lock (text conversions, lower):
# about 5 ms each, so the UI thread gets its turn while a worker prepares a table.
CHUNK = 1 << 13


def chunked(fn: Callable[..., np.ndarray], *arrays: np.ndarray, dtype: object = STRING
            ) -> np.ndarray:
    """`fn(*arrays)` computed `CHUNK` rows at a time into one array (the same values)."""
    n = len(arrays[0])
    if n <= CHUNK:
        return np.asarray(fn(*arrays), dtype=dtype)
    out = np.empty(n, dtype=dtype)
    for lo in range(0, n, CHUNK):
        out[lo:lo + CHUNK] = fn(*(a[lo:lo + CHUNK] for a in arrays))
    return out


def lower_text(values: np.ndarray) -> np.ndarray:
    """Lower-case StringDType array: what contains-filters and the search box look in."""
    return chunked(lambda v: np.strings.lower(v.astype(STRING)),
                   np.asarray(values, dtype=object))


def text_ranks(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense rank codes of `text` (the rank of each value among the distinct values, in code
    point order) and the stable ascending order itself. The sort releases the interpreter
    lock; neighbours compared in the sorted order give the ranks without hashing."""
    n = len(text)
    order = np.argsort(text, kind="stable")
    ranks = np.empty(n, dtype=np.int64)
    if n:
        in_order = chunked(lambda o: text[o], order)
        steps = np.empty(n, dtype=np.int64)
        steps[0] = 0
        steps[1:] = chunked(lambda a, b: a != b, in_order[1:], in_order[:-1], dtype=bool)
        ranks[order] = np.cumsum(steps)
    return ranks, order


class Column:
    """One column. `raw` holds the values as int64 (cents, days since 1970, rank codes or the
    number itself), `missing` where there is none; `text` the lower-case text for contains.

    `later()` -> (raw, text, order): what is left to compute (rank codes and lower-case texts
    of a text column, the zero-padded texts of a number); `raw`/`text` compute it on first use
    (once, whichever thread asks first; the other waits), `complete()` does it now. `order`
    (or None) is the column's stable ascending order when computing it gave that for free."""

    def __init__(self, key: str, title_key: str, kind: str, raw: np.ndarray | None,
                 display: Callable[[int], str], text: np.ndarray | None = None,
                 missing: np.ndarray | None = None,
                 masked: Callable[[int], str] | None = None,
                 later: Callable[[], tuple[np.ndarray | None, np.ndarray | None,
                                           np.ndarray | None]] | None = None,
                 n_rows: int = 0) -> None:
        self.key = key  # stable id: settings and filters refer to it
        self.title_key = title_key  # i18n key of the header
        self.kind = kind
        self.display = display  # row -> text on screen (the only per-row work)
        self.missing = missing  # bool (DATE)
        self.masked = masked  # BSN: shown this way unless the user asks
        self._raw = None if raw is None else np.ascontiguousarray(raw, dtype=np.int64)
        self._text = text  # StringDType, lower-case (TEXT/CODE)
        self._later = later
        self._lock = threading.Lock()
        self.order: np.ndarray | None = None  # stable ascending order, when known
        self.n_rows = len(self._raw) if self._raw is not None else n_rows

    def __repr__(self) -> str:
        return f"Column({self.key!r}, {self.kind}, {self.n_rows} rows)"

    @property
    def ready(self) -> bool:
        """Everything computed: sorting and filtering on it cost no more than their own work."""
        return self._later is None

    def complete(self) -> None:
        if self._later is None:
            return
        with self._lock:
            later = self._later
            if later is None:  # another thread did it meanwhile
                return
            raw, text, order = later()
            self._raw = np.ascontiguousarray(raw, dtype=np.int64) if raw is not None \
                else self._raw
            if text is not None:
                self._text = text
            self.order = order
            self._later = None

    @property
    def raw(self) -> np.ndarray:
        if self._later is not None and self._raw is None:
            self.complete()
        return self._raw

    @raw.setter
    def raw(self, value: np.ndarray) -> None:
        self._raw = np.ascontiguousarray(value, dtype=np.int64)

    @property
    def text(self) -> np.ndarray | None:
        if self._later is not None:
            self.complete()
        return self._text

    @text.setter
    def text(self, value: np.ndarray | None) -> None:
        self._text = value

    @property
    def is_range(self) -> bool:
        return self.kind in RANGE_KINDS


def text_column(key: str, title_key: str, values: np.ndarray, later: bool = False) -> Column:
    """Text sorted case-insensitively through precomputed rank codes (`later`: computed when
    first needed or by `ColumnTable.complete()`, the cells show at once)."""
    obj = np.asarray(values, dtype=object)

    def ranks_and_text() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        text = lower_text(obj)
        ranks, order = text_ranks(text)
        return ranks, text, order

    def display(row: int) -> str:
        return str(obj[row])

    col = Column(key, title_key, TEXT, None, display, later=ranks_and_text, n_rows=len(obj))
    if not later:
        col.complete()
    return col


def code_column(key: str, title_key: str, values: np.ndarray, width: int,
                later: bool = False) -> Column:
    """A zero-padded number (relatienummer): sorts as a number, filters as text; below 0 there
    is none (a salary check row only payroll has) and the cell stays empty. (`later`: the
    texts for the filters are made when first needed.)"""
    arr = np.asarray(values, dtype=np.int64)

    def texts(part: np.ndarray) -> np.ndarray:
        return np.where(part >= 0, np.strings.zfill(part.astype(STRING), width), "")

    def padded() -> tuple[None, np.ndarray, None]:
        return None, chunked(texts, arr), None

    col = Column(key, title_key, CODE, arr,
                 lambda row: f"{int(arr[row]):0{width}d}" if arr[row] >= 0 else "",
                 later=padded)
    if not later:
        col.complete()
    return col


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
        return date_text(int(days[row]))

    return Column(key, title_key, DATE, days, display, missing=missing)


@functools.lru_cache(maxsize=1 << 16)
def date_text(day: int) -> str:
    """`31-12-2026` for days since 1970; cached: a paint shows the same dates many times over,
    and strftime is the slowest part of a cell (a birth date shows on many rows)."""
    return (_EPOCH + dt.timedelta(days=day)).strftime("%d-%m-%Y")


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
        return self.columns[0].n_rows if self.columns else 0

    @property
    def ready(self) -> bool:
        """Every column's sort and filter data computed, and the search haystack."""
        return all(c.ready for c in self.columns) and (
            self._haystack is not None or not self.search_keys)

    def complete(self, check: Callable[[], None] | None = None) -> None:
        """Compute what the columns left for later, and the search haystack (the loader's
        worker does this after the table is on screen). `check()` runs between columns: it
        may raise to stop (a cancelled load); what is done stays done."""
        for col in self.columns:
            if check is not None:
                check()
            col.complete()
        if check is not None:
            check()
        self.haystack()

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
        if not descending and col.missing is None and col.order is not None:
            order = col.order  # the ranks' own order: the same stable argsort, done already
        else:
            if col.missing is not None:
                key = np.where(col.missing, _MISSING, key)
            order = np.argsort(key, kind="stable")
        self._orders[(ci, descending)] = order
        return order

    def haystack(self) -> np.ndarray | None:
        if self._haystack is None and self.search_keys:
            parts = [self.column(k).text for k in self.search_keys]

            def joined(*pieces: np.ndarray) -> np.ndarray:
                hay = pieces[0]
                for piece in pieces[1:]:
                    hay = np.strings.add(np.strings.add(hay, "\x1f"), piece)
                return hay

            self._haystack = chunked(joined, *parts)
        return self._haystack

    def mask(self, filters: dict[str, Filter], search: str = "") -> np.ndarray | None:
        """Rows that pass every filter and the search box; None when nothing filters."""
        keep = None
        for key, flt in filters.items():
            m = flt.mask(self.column(key))
            keep = m if keep is None else keep & m
        needle = search.strip().lower()
        hay = self.haystack() if needle else None  # made only when searched (or completed)
        if hay is not None:
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
