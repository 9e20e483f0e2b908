"""How long a correction report takes as PDF: 10 000 rows (target <= 1.0 s) and 100 000 rows.

    python bench/bench_pdf.py [ROWS ...]

The result is a synthetic CorrectionsResult (1-8 correction lines per employee, names with
accents, negative amounts) rendered through write_report, as `digibord corrections --pdf`
does: the result-to-table mapping, the layout and drawing, the rename. "first" includes
loading the fonts (once per process); "best" is the best of three after that, as wall time
and as the process's CPU time (which other work on a busy machine disturbs less)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from pypdf import PdfReader

from digibord.export.files import write_report
from digibord.reconcile.common import BorderelRef
from digibord.reconcile.corrections import CorrectionsResult


def make_result(rows: int, seed: int = 7) -> CorrectionsResult:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, rows)
    employee = np.repeat(np.arange(len(sizes)), sizes)[:rows]
    holder = 10_000_000 + employee * 7
    gross = rng.integers(-25_000, 25_000, rows)
    collective = np.abs(gross) // 10
    other = np.zeros(rows, dtype=np.int64)
    codes = np.array(["BEK", "ABT", "TGD", "BRK"], dtype=object)[np.arange(rows) % 4]
    descr = {"BEK": "VGZ Eigen Keuze", "ABT": "VGZ Aanvullend Beter",
             "TGD": "VGZ Tand Goed (tot € 250 p.j.)", "BRK": "VGZ Ruime Keuze"}
    mutation = np.array(["01", "02", "03", "08"], dtype=object)[rng.integers(0, 4, rows)]
    frame = pd.DataFrame({
        "prolongation_month": np.full(rows, 202603, dtype=np.int64),
        "sequence": np.ones(rows, dtype=np.int64),
        "policyholder": holder,
        "employee_number": pd.Series(employee).map("E{:06d}".format).to_numpy(dtype=object),
        "employee_name": pd.Series(employee).map("J.H. van der Bërg-Öztürk {}".format)
        .to_numpy(dtype=object),
        "relation_number": holder + np.arange(rows) % 3,
        "name": pd.Series(np.arange(rows) % 3).map(
            {0: "J.H. van der Bërg", 1: "F. Çelik", 2: "Noë van der Bërg"}).to_numpy(object),
        "role": np.array(["H", "P", "K"], dtype=object)[np.arange(rows) % 3],
        "premium_month": np.full(rows, 202602, dtype=np.int64),
        "product_code": codes,
        "description": pd.Series(codes).map(descr).to_numpy(dtype=object),
        "product_kind": pd.Series(codes).str[0].to_numpy(dtype=object),
        "mutation_code": mutation,
        "mutation_key": ("mutation." + pd.Series(mutation)).to_numpy(dtype=object),
        "mutation_date": np.full(rows, np.datetime64("2026-02-12", "s")),
        "gross_cent": gross,
        "collective_discount_cent": collective,
        "other_discount_cent": other,
        "discount_cent": collective + other,
        "net_cent": gross - collective - other,
    })
    starts = np.flatnonzero(np.r_[True, employee[1:] != employee[:-1]])
    sums = frame.groupby(employee, sort=False)[["gross_cent", "discount_cent", "net_cent"]].sum()
    employees = pd.DataFrame({
        "policyholder": holder[starts], "employee_number": frame["employee_number"].iloc[starts],
        "employee_name": frame["employee_name"].iloc[starts], "start": starts,
        "stop": np.r_[starts[1:], rows], **{k: sums[k].to_numpy() for k in sums.columns}})
    ref = BorderelRef("123456789", "Stichting Kinderopvang ’t Klavertje", 202603, 1,
                      "2026-03_01.dat")
    return CorrectionsResult("123456789", "Stichting Kinderopvang ’t Klavertje", (ref,), frame,
                             employees.reset_index(drop=True), int(gross.sum()),
                             int((collective + other).sum()), int(frame["net_cent"].sum()))


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            result = make_result(rows)
            path = Path(tmp) / f"c{rows}.pdf"
            times, cpu = [], []
            for _ in range(4):
                start, start_cpu = time.perf_counter(), time.process_time()
                write_report(result, path, "pdf", overwrite=True)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            pages = len(PdfReader(str(path)).pages)
            target = "  (target <= 1.0 s)" if rows == 10_000 else ""
            print(f"{rows:>7} rows  {pages:>5} pages  {path.stat().st_size / 1e6:5.1f} MB  "
                  f"first {times[0]:6.2f} s  best {min(times[1:]):6.2f} s  "
                  f"(cpu best {min(cpu[1:]):6.2f} s){target}")


if __name__ == "__main__":
    main()
