"""The window's tables of a report, made from its presentation (digibord/reports): the same
fields, headings and order as Excel and PDF. Qt-free and built on the worker thread.

`column_table(result)`: a flat, sortable, filterable ColumnTable (Verzekerden, the salary
preview, the salary check). `grouped_table(result)`: rows per employee under a group row that
carries the employee's number and name in the columns the PDF moves into its heading, and the
subtotals under the amounts — all taken from the result, nothing added up here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from digibord.formats.borderel import RELATION_WIDTH
from digibord.i18n import language
from digibord.money import format_percent_bp
from digibord.reconcile.insured_list import mask_bsn
from digibord.reports.build import grouped_frames, table_fields, table_values, words
from digibord.reports.registry import presentation_for
from digibord.ui.columns import (
    ColumnTable,
    code_column,
    date_column,
    money_column,
    month_column,
    number_column,
    text_column,
)
from digibord.ui.grouped import DATE, MONEY, MONTH, TEXT, GroupColumn, GroupedTable

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

SEARCH_KEYS = ("naam", "naam_werknemer", "relatienummer", "werknemersnummer")


def column_table(result: ReportResult, columns: list[str] | None = None,
                 later: bool = False) -> ColumnTable:
    """`later`: the sort and filter data of the text columns left for `ColumnTable.complete()`
    or first use (the Verzekerden table shows before they are made)."""
    p = presentation_for(result)
    rows = p.rows(result)
    cols = []
    for f in table_fields(p, result, columns):
        values = rows[f.column]
        if f.kind == "relation":
            cols.append(code_column(f.key, f.title, values.to_numpy(np.int64), RELATION_WIDTH,
                                    later=later))
        elif f.kind == "money":
            cols.append(money_column(f.key, f.title, values.to_numpy(np.int64)))
        elif f.kind == "date":
            cols.append(date_column(f.key, f.title, values))
        elif f.kind == "month":
            cols.append(month_column(f.key, f.title, values.to_numpy(np.int64)))
        elif f.kind in ("count", "percent"):
            cols.append(number_column(f.key, f.title, values.to_numpy(np.int64),
                                      format_percent_bp if f.kind == "percent" else str))
        elif f.kind in ("status", "word"):
            cols.append(text_column(f.key, f.title, words(values, f.words), later=later))
        elif f.kind == "bsn":
            raw = values.fillna("").to_numpy(dtype=object)
            col = text_column(f.key, f.title, raw, later=later)
            if later:  # a cell masks its own value: nothing over all rows before the screen
                col.masked = lambda row, raw=raw: mask_one_bsn(raw[row])
            else:
                masked = mask_bsn(raw)  # vectorised once; a cell just picks its entry
                col.masked = lambda row, masked=masked: masked[row]
            cols.append(col)
        else:
            cols.append(text_column(f.key, f.title, values.fillna("").to_numpy(dtype=object),
                                    later=later))
    keys = {c.key for c in cols}
    return ColumnTable(cols, search_keys=tuple(k for k in SEARCH_KEYS if k in keys))


def mask_one_bsn(bsn: str) -> str:
    """`mask_bsn` of one value (a cell on screen), without numpy's per-call cost."""
    return f"*****{bsn[-4:]}" if bsn else ""


def status_codes(result: ReportResult) -> np.ndarray | None:
    """Per row the status code that colours it, when the report has one."""
    p = presentation_for(result)
    if not p.status_field:
        return None
    return p.rows(result)[p.field(p.status_field).column].to_numpy(dtype=object)


_GROUP_KIND = {"money": MONEY, "date": DATE, "month": MONTH}


def grouped_table(result: ReportResult) -> GroupedTable:
    p = presentation_for(result)
    lang = language()
    rows = p.rows(result)
    keys, _headings, groups = grouped_frames(p, result, rows, lang)
    n = len(rows)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]).astype(np.int64) if n else \
        np.zeros(0, dtype=np.int64)
    stops = np.r_[starts[1:], n].astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    g = p.grouping
    subtotal = dict(g.subtotals[0].values) if g.subtotals else {}
    cols = []
    for f in table_fields(p, result):
        kind = _GROUP_KIND.get(f.kind, TEXT)
        title, params = f.heading(result, lang)  # `Netto mrt 2026`, as on paper
        if f.key in g.repeats:  # the employee's number and name: on the group's row only
            cols.append(GroupColumn(f.key, title, kind, np.full(n, "", dtype=object),
                                    table_values(groups, f, lang), tuple(params)))
            continue
        values = table_values(rows, f, lang)
        if f.kind == "percent":
            values = np.array([format_percent_bp(v) for v in values.tolist()], dtype=object)
        sums = (groups[subtotal[f.key]].to_numpy(dtype=np.int64) if f.key in subtotal
                else None)
        cols.append(GroupColumn(f.key, title, kind, values, sums, tuple(params)))
    status = status_codes(result)
    return GroupedTable(cols, starts, stops, status=status)
