"""A correction report as PDF: 100 000 rows within 5 s and 500 MB peak memory (issue 16), and
10 000 rows; each figure also as a ratio against a baseline measured in the same run (the
machine is shared and its speed varies).

    python bench/bench_pdf.py [ROWS ...]          (default: 10000 100000)

layout    `write_report(result, path, "pdf")`, as `digibord corrections --pdf` does: tables
          from the result, the layout of export/paged.py (widths, pages, group headings and
          subtotals, totals), the drawing, the rename.
baseline  reportlab alone: the same cell strings (made beforehand, not timed) drawn with
          `canvas.drawString` at fixed columns on plain pages, 70 rows a page, no layout, no
          headings or subtotals, the same font.

Each is run in a fresh process (`--child`), so its peak memory (ru_maxrss, which includes the
synthetic result, as in the program) is its own. The result is a synthetic CorrectionsResult
(1-8 correction lines per employee, names with accents, negative amounts). Times are the
process's CPU time (which other work on a busy machine disturbs less) and wall time, of one
run after a warm-up of 100 rows; ratios are of the CPU times."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import checkout  # noqa: F401  (this checkout's digibord first, not an installed one)
import numpy as np
import pandas as pd
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from digibord.export.files import write_report
from digibord.export.fonts import FONT, register_fonts
from digibord.export.paged import cell_texts
from digibord.reconcile.common import BorderelRef
from digibord.reconcile.corrections import CorrectionsResult
from digibord.reports.build import report_tables


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


def run_layout(result, path: Path) -> None:
    write_report(result, path, "pdf", overwrite=True)


def run_baseline(result, path: Path) -> None:
    """The floor reportlab sets: the strings drawn, nothing laid out (see the docstring)."""
    (table,) = report_tables(result, "nl")
    columns = [cell_texts(c, table.frame[c.key], False).tolist() for c in table.columns]
    rows = list(zip(*columns, strict=True))
    register_fonts()
    xs = [30 + i * (780 / len(columns)) for i in range(len(columns))]
    start = time.process_time(), time.perf_counter()
    canvas = Canvas(str(path), pagesize=(841.9, 595.3), pageCompression=1)
    for first in range(0, len(rows), 70):
        canvas.setFont(FONT, 6)
        for k, row in enumerate(rows[first:first + 70]):
            y = 570 - 8 * k
            for x, text in zip(xs, row, strict=True):
                if text:
                    canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
    return start  # the strings are not the baseline's work


def child(mode: str, rows: int) -> None:
    """One measurement in this process; prints a JSON line."""
    result = make_result(rows)
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.pdf"
        path = Path(tmp) / "report.pdf"
        run = run_layout if mode == "layout" else run_baseline
        run(make_result(100), warm)
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        started = run(result, path)
        if started is not None:
            start_cpu, start_wall = started
        cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
        pages = len(PdfReader(str(path)).pages)
        size = path.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_mb": peak, "pages": pages,
                      "mb": size / 1e6}))


def measure(mode: str, rows: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(rows)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], int(sys.argv[3]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for rows in sizes:
        ours, base = measure("layout", rows), measure("baseline", rows)
        for name, m in (("layout", ours), ("baseline", base)):
            print(f"{rows:>7} rows  {name:<8}  {m['pages']:>5} pages  {m['mb']:5.1f} MB  "
                  f"cpu {m['cpu']:6.2f} s  wall {m['wall']:6.2f} s  "
                  f"peak {m['peak_mb']:5.0f} MB")
        target = "  (targets: <= 5 s, <= 500 MB)" if rows == 100_000 else ""
        print(f"{rows:>7} rows  layout/baseline: cpu {ours['cpu'] / base['cpu']:.2f}  "
              f"wall {ours['wall'] / base['wall']:.2f}{target}")


if __name__ == "__main__":
    main()
