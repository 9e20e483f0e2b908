"""What the window adds to a salary check (Salaris controleren) over the command line's work,
on synthetic journals per component (five pay components per employee) of a synthetic
borderel, in the same process so that a busy machine slows both alike.

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_check.py [--employees 2000 20000]

Prints, best of --repeat, wall seconds of
- cli: read_journal + check_payroll (what `digibord payroll-check` computes);
- window: the dialog's worker jobs (read_preview: the preview with the whole journal read,
  then check_payroll of that journal + the screen's column table) and putting the table on
  screen with "Alleen afwijkingen" (UI thread);
- toggle: switching "Alleen afwijkingen" off and on again (UI thread);
and the ratio window / cli."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkout  # noqa: F401  (beside this script: devtools/ on sys.path, the byte-code)
from bench_journal import journal_text  # beside this script
from timing import best_time as best  # beside this script

from devtools.synth import generate_series
from digibord.app.payroll import check_payroll, read
from digibord.reconcile.salary import SalaryOptions, compute_salary
from digibord.ui.app import create_app
from digibord.ui.payroll_dialog import read_preview
from digibord.ui.payroll_result import PayrollResultPane
from digibord.ui.report_tables import column_table

OPTIONS = SalaryOptions(amount_cent=2500, skip_missing=True)


def cli(borderel, path: Path) -> None:
    check_payroll(borderel, read(path), OPTIONS, local_numbers=False)


def window(pane: PayrollResultPane, borderel, path: Path) -> None:
    shown, _codes = read_preview(path, "csv", None)  # worker
    result = check_payroll(borderel, shown.journal, OPTIONS, local_numbers=False)  # worker
    table = column_table(result)  # worker
    pane.only_exceptions.setChecked(True)
    pane.show_result(result, table, default_filter=True)  # UI thread


def toggle(pane: PayrollResultPane) -> None:
    pane.only_exceptions.setChecked(False)
    pane.only_exceptions.setChecked(True)


def journal(n: int, folder: Path, rng):
    (borderel,) = generate_series([202603], n, seed=7, bsn_problems=False)
    salary = compute_salary(borderel, SalaryOptions(skip_missing=True))
    deductions = salary.rows["deduction_cent"].to_numpy().copy()
    deductions[::7] += 100  # every seventh employee a euro off: exceptions to show
    path = folder / f"journaal_{n}.csv"
    path.write_text(journal_text(salary.rows["employee_number"].tolist(),
                                 deductions.tolist(), rng), encoding="cp1252")
    return borderel, path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    create_app(["bench"])
    pane = PayrollResultPane()
    rng = np.random.default_rng(1)
    print(f"{'employees':>10} {'cli s':>8} {'window s':>9} {'ratio':>6} {'toggle s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.employees:
            borderel, path = journal(n, Path(tmp), rng)
            # cli before and after the window: load on the machine falls on both
            cli_s = best(lambda b=borderel, p=path: cli(b, p), args.repeat)
            window_s = best(lambda b=borderel, p=path: window(pane, b, p), args.repeat)
            cli_s = min(cli_s, best(lambda b=borderel, p=path: cli(b, p), args.repeat))
            toggle_s = best(lambda: toggle(pane), args.repeat)
            print(f"{n:>10} {cli_s:>8.3f} {window_s:>9.3f} {window_s / cli_s:>6.2f} "
                  f"{toggle_s:>9.4f}")


if __name__ == "__main__":
    main()
