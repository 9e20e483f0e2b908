"""Grouped tables for the screen (Correctiepremies, Prolongatieverschillen): rows per employee
under a group row with the employee's subtotals (made from the presentation by
digibord/ui/report_tables.py).

Qt-free: one array per column, the groups as start/stop ranges into the rows, and which rows are
shown as one boolean mask; `view()` turns that into index arrays with numpy only."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from digibord.formats.borderel import month_text
from digibord.money import format_euro

TEXT, MONEY, DATE, MONTH = "text", "money", "date", "month"


@dataclass(eq=False, repr=False)
class GroupColumn:
    key: str
    title_key: str
    kind: str
    rows: np.ndarray  # one value per row
    groups: np.ndarray | None = None  # one value per group (subtotal, heading), or none

    def text(self, value) -> str:
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

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].rows) if self.columns else 0

    @property
    def n_groups(self) -> int:
        return len(self.starts)

    def column(self, key: str) -> GroupColumn:
        return next(c for c in self.columns if c.key == key)

    def view(self, row_mask: np.ndarray | None = None):
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
