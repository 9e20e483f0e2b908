"""The ReportTable description, and the hand-built tables the other export tests draw."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from digibord.reports.table import (
    Column,
    Grouping,
    ReportMeta,
    ReportTable,
    Total,
    mask_bsn,
    month_strings,
)

META = ReportMeta("123456789", "Stichting Kinderopvang ’t Klavertje", ("2026-03",),
                  ("2026-03_01.dat",), dt.datetime(2026, 3, 28, 9, 15))
INJECTION = ("=HYPERLINK(\"http://x\",\"klik\")", "+31 6 1234", "-2+3", "@SUM(A1)")


def make_table(n: int = 40, per_group: int = 4, seed: int = 3) -> ReportTable:
    """Corrections-like rows grouped per employee, with subtotals and totals computed here
    (in the program they come from the result)."""
    rng = np.random.default_rng(seed)
    group = np.arange(n) // per_group
    names = np.array([f"Françoise van der Bërg-Öztürk {g}" for g in group], dtype=object)
    for i, text in enumerate(INJECTION[: min(n, 4)]):
        names[i] = text
    frame = pd.DataFrame({
        "_group": group,
        "_heading": [f"E{g:05d}  Werknemer {g}" for g in group],
        "employee_number": [f"E{g:05d}" for g in group],
        "relation_number": [f"{1000 + i:010d}" for i in range(n)],
        "name": names,
        "bsn": [f"{123450000 + i}" for i in range(n)],
        "premium_month": np.full(n, 202602, dtype=np.int64),
        "mutation_date": np.full(n, np.datetime64("2026-01-31", "s")),
        "gross_cent": rng.integers(-20_000, 250_000, n),
        "discount_bp": np.full(n, 1250, dtype=np.int64),
        "net_cent": rng.integers(-20_000, 250_000, n),
        "count": np.ones(n, dtype=np.int64),
    })
    if n > 5:
        frame.loc[5, "mutation_date"] = pd.NaT
        frame.loc[5, "bsn"] = ""
    sums = frame.groupby("_group", sort=False)[["gross_cent", "net_cent"]].sum().reset_index()
    sums["label"] = "export.subtotal.employee"
    columns = (
        Column("employee_number", "export.col.employee_number"),
        Column("relation_number", "export.col.relation_number"),
        Column("name", "export.col.name"),
        Column("bsn", "export.col.bsn", "bsn"),
        Column("premium_month", "export.col.premium_month", "month"),
        Column("mutation_date", "export.col.mutation_date", "date"),
        Column("gross_cent", "export.col.gross", "money"),
        Column("discount_bp", "export.col.discount_percent", "percent"),
        Column("net_cent", "export.col.net", "money"),
        Column("count", "export.col.total", "count"),
    )
    totals = (
        Total("export.total.gross", int(frame["gross_cent"].sum()), column="gross_cent"),
        Total("export.total.net", int(frame["net_cent"].sum()), column="net_cent"),
        Total("export.total.rows", n, "count"),
    )
    return ReportTable("export.title.corrections", "export.sheet.corrections", columns, frame,
                       META, Grouping("_group", "_heading", sums, repeats=("employee_number",)),
                       totals)


def test_columns_must_exist_in_the_frame():
    with pytest.raises(ValueError, match="missing"):
        ReportTable("t", "s", (Column("missing", "h"),), pd.DataFrame({"a": [1]}), META)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Column("a", "h", "float")


def test_alignment_follows_the_kind_unless_given():
    assert Column("a", "h", "money").alignment == "right"
    assert Column("a", "h", "text").alignment == "left"
    assert Column("a", "h", "text", align="center").alignment == "center"


def test_select_keeps_the_order_asked():
    table = make_table(8).select(["net_cent", "name"])
    assert [c.key for c in table.columns] == ["net_cent", "name"]
    assert make_table(8).select(None).columns == make_table(8).columns


def test_mask_bsn_and_months():
    masked = mask_bsn(pd.Series(["123456789", "", None]))
    assert masked.tolist() == ["*****6789", "", ""]
    assert month_strings(np.array([202603, 199912, 0])).tolist() == ["2026-03", "1999-12", ""]
