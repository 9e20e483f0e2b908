"""Grouped tables for the screen (Correctiepremies, Prolongatieverschillen): rows per employee
under a group row with the employee's subtotals (made from the presentation by
digibord/ui/report_tables.py).

Qt-free: one array per column, the groups as start/stop ranges into the rows, and which rows are
shown as one boolean mask; `view()` turns that into index arrays with numpy only.
`filter_table()` gives the same rows as a `ColumnTable` for the search box and the column
filters (built once, on first use): a row's employee number and name come from its group, so
searching for an employee finds all of their rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reports.table import month_strings
from digibord.ui import columns as flat

TEXT, MONEY, DATE, MONTH = "text", "money", "date", "month"
SEARCH_KEYS = ("naam", "naam_werknemer", "relatienummer", "werknemersnummer")


@dataclass(eq=False, repr=False)
class GroupColumn:
    key: str
    title_key: str
    kind: str
    rows: np.ndarray  # one value per row
    groups: np.ndarray | None = None  # one value per group (subtotal, heading), or none
    title_params: tuple[tuple[str, object], ...] = ()  # for the heading's {placeholders}

    @property
    def on_group_row(self) -> bool:
        """A text shown on the group's row only (the employee's number and name)."""
        return self.kind == TEXT and self.groups is not None

    def title(self) -> str:
        return tr(self.title_key, **dict(self.title_params))

    def text(self, value: object) -> str:
        if self.kind == MONEY:
            return format_euro(int(value))
        if self.kind == DATE:
            return "" if pd.isna(value) else pd.Timestamp(value).strftime("%d-%m-%Y")
        if self.kind == MONTH:
            return month_text(int(value)) if value else ""
        return "" if value is None else str(value)


@dataclass(eq=False, repr=False)
class GroupedTable:
    """`starts`/`stops`: each group's rows are rows[start:stop] (groups are consecutive).
    `status`: per row a status word (colours), or None."""

    columns: list[GroupColumn]
    starts: np.ndarray
    stops: np.ndarray
    status: np.ndarray | None = None
    _words: dict[str, str] = field(default_factory=dict)
    _filter: flat.ColumnTable | None = field(default=None, repr=False)

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].rows) if self.columns else 0

    @property
    def n_groups(self) -> int:
        return len(self.starts)

    def column(self, key: str) -> GroupColumn:
        return next(c for c in self.columns if c.key == key)

    def group_of_rows(self) -> np.ndarray:
        """Per row the number of its group."""
        return np.repeat(np.arange(self.n_groups, dtype=np.int64), self.stops - self.starts)

    @property
    def filter_ready(self) -> bool:
        return self._filter is not None

    def filter_table(self) -> flat.ColumnTable:
        """The rows as a ColumnTable for filtering and searching: texts lower-cased, amounts
        and dates as int64 (made once; no sort ranks, the groups keep their order)."""
        if self._filter is None:
            group = self.group_of_rows() if self.columns else np.zeros(0, dtype=np.int64)
            cols = []
            for col in self.columns:
                values = col.groups[group] if col.on_group_row else col.rows
                if col.kind == MONEY:
                    cols.append(flat.money_column(col.key, col.title_key, values))
                elif col.kind == DATE:
                    cols.append(flat.date_column(col.key, col.title_key, values))
                else:  # texts, and months as they are shown (`2026-03`): "bevat"
                    texts = (month_strings(values) if col.kind == MONTH
                             else np.asarray(values, dtype=object))
                    cols.append(flat.Column(col.key, col.title_key, flat.TEXT,
                                            np.zeros(len(texts), dtype=np.int64),
                                            lambda row, t=texts: str(t[row]),
                                            text=flat.lower_text(texts)))
            keys = {c.key for c in cols}
            self._filter = flat.ColumnTable(cols, tuple(k for k in SEARCH_KEYS if k in keys))
        return self._filter

    def mask(self, filters: dict, search: str = "") -> np.ndarray | None:
        """Rows that pass the column filters and the search (None: nothing filters)."""
        if not filters and not search.strip():
            return None
        return self.filter_table().mask(filters, search)

    def view(self, row_mask: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(groups, rows, offsets): the shown groups (those with a shown row), the shown rows
        in order, and per shown group g its rows rows[offsets[g]:offsets[g + 1]]."""
        if row_mask is None:
            rows = np.arange(self.n_rows, dtype=np.int64)
        else:
            rows = np.flatnonzero(row_mask).astype(np.int64)
        first = np.searchsorted(rows, self.starts, side="left")
        last = np.searchsorted(rows, self.stops, side="left")
        keep = last > first
        groups = np.flatnonzero(keep).astype(np.int64)
        counts = (last - first)[keep]
        offsets = np.zeros(len(groups) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return groups, rows, offsets
