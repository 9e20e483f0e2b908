"""How long a 100 000-row, 14-column report takes to write as .xlsx: Digibord's own writer
against xlsxwriter (constant_memory) writing the same cells in the same run.

    python bench/bench_xlsx.py [ROWS]

Prints both times and the ratio (the target is at most 1.2)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import checkout  # noqa: F401  (the checkout on sys.path, before an installed digibord)
import numpy as np
import pandas as pd
import xlsxwriter

from digibord.export.xlsx import write_xlsx
from digibord.reports.table import Column, ReportMeta, ReportTable, Total, month_strings

MONEY = "[$€-413] #,##0.00;[$€-413] -#,##0.00"


def make_table(rows: int) -> ReportTable:
    rng = np.random.default_rng(5)
    employee = np.arange(rows) // 4
    frame = pd.DataFrame({
        "employee_number": pd.Series([f"E{e:06d}" for e in employee]),
        "employee_name": pd.Series([f"J.H. van den Bërg-{e}" for e in employee]),
        "relation_number": pd.Series([f"{1_000_000 + i:010d}" for i in range(rows)]),
        "name": pd.Series([f"M. de Vriës {i}" for i in range(rows)]),
        "bsn": pd.Series([f"{100_000_000 + i}" for i in range(rows)]),
        "premium_month": np.full(rows, 202602, dtype=np.int64),
        "product_code": pd.Series(np.array(["BEK", "ABT", "TGD"])[np.arange(rows) % 3]),
        "description": pd.Series(np.array(["Basis Eigen Keuze", "Aanvullend Best",
                                           "Tand Goed"])[np.arange(rows) % 3]),
        "mutation_code": pd.Series(np.array(["01", "02", "08"])[np.arange(rows) % 3]),
        "mutation_date": np.full(rows, np.datetime64("2026-01-31", "s")),
        "gross_cent": rng.integers(0, 20_000, rows),
        "discount_cent": rng.integers(0, 2_000, rows),
        "net_cent": rng.integers(0, 20_000, rows),
        "count": np.ones(rows, dtype=np.int64),
    })
    kinds = {"premium_month": "month", "mutation_date": "date", "gross_cent": "money",
             "discount_cent": "money", "net_cent": "money", "count": "count", "bsn": "bsn"}
    columns = tuple(Column(k, f"export.col.{k}", kinds.get(k, "text")) for k in frame.columns)
    return ReportTable("export.title.corrections", "export.sheet.corrections", columns, frame,
                       ReportMeta("123456789", "Stichting ’t Klavertje", ("2026-03",)),
                       totals=(Total("export.total.net", int(frame.net_cent.sum()),
                                     column="net_cent"),))


def with_xlsxwriter(table: ReportTable, path: Path) -> None:
    """The same cells through xlsxwriter: header, typed values, formats, widths, freeze, filter."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Correcties")
    money = wb.add_format({"num_format": MONEY})
    date = wb.add_format({"num_format": "dd-mm-yyyy"})
    bold = wb.add_format({"bold": True})
    f = table.frame
    n = len(f)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, n, len(table.columns) - 1)
    for c, col in enumerate(table.columns):
        ws.set_column(c, c, 14)
        ws.write_string(0, c, col.key, bold)
    cols = []
    for col in table.columns:
        values = f[col.key]
        if col.kind == "money":
            cols.append(("n", (values.to_numpy() / 100).tolist(), money))
        elif col.kind == "date":
            cols.append(("d", values.dt.to_pydatetime().tolist(), date))
        elif col.kind == "month":
            cols.append(("s", month_strings(values.to_numpy()).tolist(), None))
        elif col.kind == "count":
            cols.append(("n", values.tolist(), None))
        else:
            cols.append(("s", values.tolist(), None))
    for r in range(n):
        for c, (kind, values, fmt) in enumerate(cols):
            if kind == "s":
                ws.write_string(r + 1, c, values[r], fmt)
            elif kind == "n":
                ws.write_number(r + 1, c, values[r], fmt)
            else:
                ws.write_datetime(r + 1, c, values[r], fmt)
    wb.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    table = make_table(rows)
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), time.process_time()
        write_xlsx([table], Path(tmp) / "digibord.xlsx")
        ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        with_xlsxwriter(table, Path(tmp) / "xlsxwriter.xlsx")
        theirs, theirs_cpu = time.perf_counter() - t0, time.process_time() - c0
        size_ours = (Path(tmp) / "digibord.xlsx").stat().st_size
        size_theirs = (Path(tmp) / "xlsxwriter.xlsx").stat().st_size
    print(f"{rows} rows x {len(table.columns)} columns")
    print(f"digibord   {ours:6.2f} s  cpu {ours_cpu:6.2f} s  {size_ours / 1e6:5.1f} MB")
    print(f"xlsxwriter {theirs:6.2f} s  cpu {theirs_cpu:6.2f} s  {size_theirs / 1e6:5.1f} MB"
          "  (constant_memory)")
    print(f"ratio      {ours / theirs:6.2f}  cpu {ours_cpu / theirs_cpu:6.2f}  (target <= 1.2)")


if __name__ == "__main__":
    main()
