"""Grouped report tables for the screen (Correctiepremies, Prolongatieverschillen): rows per
employee under a group row that carries the employee's subtotals, all taken from the computed
result (its `employees` frame and totals); nothing is added up here.

Qt-free: one array per column, the groups as start/stop ranges into the rows, and which rows are
shown as one boolean mask; `view()` turns that into index arrays with numpy only."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from digibord.formats.borderel import month_text, relation_text
from digibord.i18n import tr
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


def _heading(numbers, names) -> np.ndarray:
    numbers = pd.Series(np.asarray(numbers, dtype=object)).fillna("").astype(str)
    numbers = numbers.where(numbers != "", tr("ui.report.no_employee_number"))
    names = pd.Series(np.asarray(names, dtype=object)).fillna("").astype(str)
    return (numbers + "  " + names).to_numpy(dtype=object)


def _person(relations, names) -> np.ndarray:
    rel = np.asarray(relations, dtype=np.int64)
    text = relation_text(rel) if len(rel) else np.zeros(0, dtype=object)
    # indented under the employee's row
    return ("    " + pd.Series(text, dtype=object) + "  "
            + pd.Series(np.asarray(names, dtype=object)).fillna("").astype(str)
            ).to_numpy(dtype=object)


def _words(values, prefix: str) -> np.ndarray:
    """Codes -> translated words, each distinct code looked up once."""
    s = pd.Series(np.asarray(values, dtype=object))
    return s.map({v: tr(f"{prefix}{v}") for v in s.unique()}).to_numpy(dtype=object)



def _money(rows, emp, key: str, title_key: str) -> GroupColumn:
    """An amount column with its per-employee subtotal, both straight from the result."""
    return GroupColumn(key, title_key, MONEY, rows[key].to_numpy(dtype=np.int64),
                       emp[key].to_numpy(dtype=np.int64))

def corrections_table(result) -> GroupedTable:
    """Correctiepremies: per employee the `C` lines; subtotals from `result.employees`."""
    rows, emp = result.rows, result.employees
    several = len(result.borderels) > 1
    code = rows["mutation_code"].to_numpy(dtype=object)
    meaning = _words(rows["mutation_key"], "")
    mutation = (pd.Series(code, dtype=object).astype(str) + " "
                + pd.Series(meaning, dtype=object)).to_numpy(dtype=object)
    cols = [
        GroupColumn("who", "ui.report.col.who", TEXT,
                    _person(rows["relation_number"], rows["name"]),
                    _heading(emp["employee_number"], emp["employee_name"])),
        *([GroupColumn("prolongation_month", "export.col.prolongation_month", MONTH,
                       rows["prolongation_month"].to_numpy(dtype=np.int64))] if several else []),
        GroupColumn("premium_month", "export.col.premium_month", MONTH,
                    rows["premium_month"].to_numpy(dtype=np.int64)),
        GroupColumn("product_code", "export.col.product_code", TEXT,
                    rows["product_code"].to_numpy(dtype=object)),
        GroupColumn("description", "export.col.description", TEXT,
                    rows["description"].to_numpy(dtype=object)),
        GroupColumn("mutation", "export.col.mutation", TEXT, mutation),
        GroupColumn("mutation_date", "export.col.mutation_date", DATE,
                    rows["mutation_date"].to_numpy()),
        _money(rows, emp, "gross_cent", "export.col.gross"),
        _money(rows, emp, "discount_cent", "export.col.discount"),
        _money(rows, emp, "net_cent", "export.col.net"),
    ]
    return GroupedTable(cols, emp["start"].to_numpy(dtype=np.int64),
                        emp["stop"].to_numpy(dtype=np.int64))


def diff_table(result) -> GroupedTable:
    """Prolongatieverschillen: every pair per employee (the view hides `ongewijzigd` by a
    mask); subtotals from `result.employees`, which cover all pairs, shown or not."""
    rows, emp = result.rows, result.employees
    status = rows["status"].to_numpy(dtype=object)
    cols = [
        GroupColumn("who", "ui.report.col.who", TEXT,
                    _person(rows["relation_number"], rows["name"]),
                    _heading(emp["employee_number"], emp["employee_name"])),
        GroupColumn("role", "export.col.role", TEXT, rows["role"].to_numpy(dtype=object)),
        GroupColumn("product_code", "export.col.product_code", TEXT,
                    rows["product_code"].to_numpy(dtype=object)),
        GroupColumn("description", "export.col.description", TEXT,
                    rows["description"].to_numpy(dtype=object)),
        GroupColumn("status", "export.col.status", TEXT, _words(status, "reports.status.")),
        _money(rows, emp, "net_from_cent", "export.col.net_from"),
        _money(rows, emp, "net_to_cent", "export.col.net_to"),
        _money(rows, emp, "difference_cent", "export.col.difference"),
    ]
    return GroupedTable(cols, emp["start"].to_numpy(dtype=np.int64),
                        emp["stop"].to_numpy(dtype=np.int64), status=status)
