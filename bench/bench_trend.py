"""The archive as a history (issue 18): the trend of 84 months (seven years, the retention
period) of a 5 000-employee collectivity, its charts, and one person's history.

    python bench/bench_trend.py [--months 84] [--employees 5000] [--repeat 3]

The series (devtools.synth) is imported once into an archive cached under bench/.cache/
(a DIGIBORD_HOME with its key in a key file) and copied into a temporary home for each run.
Printed, best of --repeat, each with its ratio against a baseline measured in the same run:

- `trend()` (app/trend.py: the summaries, joiners/leavers, ratios) against
  `Archive.summaries()` alone (what reading the stored figures costs); target: within 2 s.
- drawing the Overzicht's premium chart (ChartWidget.grab, offscreen) and the joiners/leavers
  bars against grabbing an empty widget of the same size; target: within 200 ms.
- the trend to PDF and to Excel with charts against the same tables without charts.
- `person_history()` picking the months from the summaries' relatienummers against
  decrypting every month (`read_all=True`): the decision in docs/reports.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ["DIGIBORD_HOME"] = HOME = tempfile.mkdtemp(prefix="digibord-bench-")  # never yours
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import checkout  # noqa: F401,E402  (the checkout on sys.path: devtools/)
import keyring  # noqa: E402
import numpy as np  # noqa: E402
from keyring.backends import fail  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from timing import best  # noqa: E402  (beside this script)

from devtools.synth import generate_series, months_back  # noqa: E402
from digibord.app.export import export_report  # noqa: E402
from digibord.app.history import person_history  # noqa: E402
from digibord.app.trend import trend  # noqa: E402
from digibord.archive import open_archive  # noqa: E402
from digibord.export.pdf import write_pdf  # noqa: E402
from digibord.export.xlsx_charts import write_workbook  # noqa: E402
from digibord.formats.writer import write_borderel  # noqa: E402
from digibord.reports.build import report_tables  # noqa: E402
from digibord.reports.charts import charts_of  # noqa: E402
from digibord.reports.registry import presentation_for  # noqa: E402
from digibord.ui.charts import ChartWidget  # noqa: E402

COLLECTIVITY = "555123456"


def cached_archive(months: int, employees: int) -> None:
    """HOME holding the archive of the series: from bench/.cache/, made there the first time."""
    cache = REPO / "bench" / ".cache" / f"trend-{months}m-{employees}e"
    if not (cache / "done").exists():
        start = time.perf_counter()
        archive = open_archive()
        # one series (the same people throughout: joiners and leavers as a real history);
        # each borderel is let go once it is stored
        series = generate_series(months_back(months), employees, seed=18)
        for i in range(len(series)):
            b, series[i] = series[i], None
            archive.store([archive.prepare(write_borderel(b),
                                           f"{COLLECTIVITY}_{b.header.prolongation_month}.dat")])
        print(f"made the archive of {months} months x {employees} employees in "
              f"{time.perf_counter() - start:.0f} s (cached in {cache})")
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(HOME, cache)
        (cache / "done").write_text("1")
    else:
        shutil.rmtree(HOME)
        shutil.copytree(cache, HOME)
        (Path(HOME) / "done").unlink()


def line(what: str, seconds: float, baseline: float, target: str = "") -> None:
    ratio = seconds / baseline if baseline > 0 else float("inf")
    print(f"  {what:<58} {seconds * 1000:9.1f} ms  {ratio:7.1f}x{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=84)
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(fail.Keyring())  # nor the user's keyring: the key goes to a file there
    cached_archive(args.months, args.employees)
    archive = open_archive()
    r = args.repeat

    print(f"trend of {args.months} months, {args.employees} employees")
    base, pairs = best(lambda: archive.summaries(COLLECTIVITY), r)
    took, result = best(lambda: trend(COLLECTIVITY), r)
    line("Archive.summaries() (baseline)", base, base)
    line("trend()", took, base, f"   target 2 s: {'ok' if took < 2 else 'MISSED'}")
    insured = int(result.rows["insured"].iloc[-1])
    print(f"  ({len(result.rows)} months, {insured} insured in the last)")

    app = QApplication.instance() or QApplication([])
    charts = charts_of(presentation_for(result), result)
    empty = QWidget()
    empty.resize(700, 320)
    base, _ = best(lambda: empty.grab(), r * 3)
    line("grab of an empty widget 700x320 (baseline)", base, base)
    for chart in charts[:2]:
        widget = ChartWidget(chart)
        widget.resize(700, 320)
        took, _ = best(lambda w=widget: w.grab(), r * 3)
        line(f"draw chart '{chart.key}' ({len(chart.months)} months)", took, base,
             f"   target 200 ms: {'ok' if took < 0.2 else 'MISSED'}")
    app.processEvents()

    out = Path(HOME) / "out"
    out.mkdir()
    tables = report_tables(result, "nl")
    base, _ = best(lambda: write_pdf(tables, out / "plain.pdf"), r)
    took, _ = best(lambda: export_report(result, out / "trend.pdf", "pdf", overwrite=True), r)
    line("PDF of the trend's tables (baseline)", base, base)
    line("PDF with its chart pages", took, base)
    base, _ = best(lambda: write_workbook(tables, out / "plain.xlsx"), r)
    took, _ = best(lambda: export_report(result, out / "trend.xlsx", "xlsx", overwrite=True), r)
    line("workbook of the tables, xlsxwriter (baseline)", base, base)
    line("workbook with native charts", took, base)

    # a person who joined in the last half year: the summaries pick a handful of months (for
    # someone insured throughout, both ways read every month)
    recent = np.setdiff1d(pairs[-1][1].relation_numbers, pairs[-7][1].relation_numbers)
    relation = int(recent[len(recent) // 2])
    took, fast = best(lambda: person_history(relation, COLLECTIVITY), 1)
    base, slow = best(lambda: person_history(relation, COLLECTIVITY, read_all=True), 1)
    line("history, every month decrypted (baseline)", base, base)
    line(f"history, months picked from the summaries ({len(fast.rows)} rows)", took, base)
    assert fast.rows.equals(slow.rows)
    shutil.rmtree(HOME, ignore_errors=True)


if __name__ == "__main__":
    main()
