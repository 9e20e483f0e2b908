"""Bench of the window on big borderels (prints figures; not a test).

1. From choosing a 500 000-line borderel to the Verzekerden table on screen (first paint).
2. Sort and filter times on a table of about 500 000 insured rows.
3. Scrolling: time to paint the table at random positions.
4. The report views on two consecutive months of that size: Correctiepremies and
   Prolongatieverschillen to screen, "toon ongewijzigd", the salary preview.

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_open.py [--lines 500000] [--rows 500000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DIGIBORD_HOME", tempfile.mkdtemp(prefix="digibord-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from devtools.synth import generate_file_lines
from digibord.ui.app import create_app
from digibord.ui.columns import RangeFilter, TextFilter, day_number
from digibord.ui.main_window import MainWindow


def borderel_file(n_lines: int, folder: Path) -> Path:
    path = folder / f"bench_{n_lines}.dat"
    if not path.exists():
        t = time.perf_counter()
        path.write_bytes(generate_file_lines(n_lines, seed=7))
        print(f"  (generated {path.name}: {path.stat().st_size / 1e6:.0f} MB "
              f"in {time.perf_counter() - t:.1f} s)")
    return path


def open_to_screen(app: QApplication, path: Path) -> tuple[MainWindow, dict[str, float]]:
    """Open as the window does (worker thread), until the table's first paint after loading."""
    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    app.processEvents()
    view = win.view("insured")
    times: dict[str, float] = {}
    ticks = []  # UI thread stays responsive: time between event-loop turns while loading
    t0 = time.perf_counter()
    win.open_files([path])
    last = time.perf_counter()
    while not len(win.documents):
        app.processEvents()
        now = time.perf_counter()
        ticks.append(now - last)
        last = now
        time.sleep(0.005)
    times["loaded (signal)"] = time.perf_counter() - t0
    # repaint() paints synchronously: when it returns, the rows are on screen. (No Python
    # eventFilter here: with PySide6 6.12 one crashes the interpreter at exit.)
    app.processEvents()
    view.table.viewport().repaint()
    times["table on screen"] = time.perf_counter() - t0
    times["longest UI pause while loading"] = max(ticks) if ticks else 0.0
    while win.loader.busy:
        app.processEvents()
    return win, times


def timed(fn, app: QApplication) -> float:
    t = time.perf_counter()
    fn()
    app.processEvents()
    return time.perf_counter() - t


def bench_table(app: QApplication, win: MainWindow) -> None:
    view = win.view("insured")
    model = view.model
    table = model.table
    print(f"  rows: {model.rowCount():,}".replace(",", "."))
    for ci, col in enumerate(table.columns):
        figures = []
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            table._orders.clear()  # measure the argsort, not the cache
            figures.append(timed(lambda ci=ci, order=order: view.table.sortByColumn(ci, order),
                                 app))
        print(f"  sort {col.key:<32} asc {figures[0] * 1000:6.0f} ms   "
              f"desc {figures[1] * 1000:6.0f} ms")
    cached = timed(lambda: view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder), app)
    print(f"  sort again (cached order)          {cached * 1000:6.0f} ms")
    filters = [
        ("naam bevat 'jan'", lambda: model.set_filter("naam", TextFilter("jan"))),
        ("+ totaal van € 150,00", lambda: model.set_filter("totaal", RangeFilter(15000, None))),
        ("+ geboortedatum 1980-1990", lambda: model.set_filter(
            "geboortedatum", RangeFilter(day_number(dt.date(1980, 1, 1)),
                                         day_number(dt.date(1989, 12, 31))))),
        ("alle filters wissen", model.clear_filters),
        ("zoeken '12'", lambda: model.set_search("12")),
        ("zoeken 'de vries'", lambda: model.set_search("de vries")),
        ("zoeken wissen", lambda: model.set_search("")),
    ]
    for label, fn in filters:
        t = timed(fn, app)
        print(f"  filter {label:<30} {t * 1000:6.0f} ms  -> "
              f"{model.rowCount():,} rows".replace(",", "."))
    # Scrolling: paint the viewport at random positions.
    bar = view.table.verticalScrollBar()
    import random

    rnd = random.Random(1)
    frames = []
    for _ in range(60):
        bar.setValue(rnd.randrange(bar.maximum() + 1))
        t = time.perf_counter()
        view.table.viewport().repaint()
        frames.append(time.perf_counter() - t)
    print(f"  scroll: paint at a random position median {statistics.median(frames) * 1000:.1f} ms, "
          f"max {max(frames) * 1000:.1f} ms")


def wait_for(app: QApplication, pred, seconds: float = 300) -> float:
    t = time.perf_counter()
    while not pred() and time.perf_counter() - t < seconds:
        app.processEvents()
        time.sleep(0.002)
    return time.perf_counter() - t


def bench_reports(app: QApplication, n_lines: int, folder: Path) -> None:
    from devtools.synth import generate_series
    from digibord.formats.writer import write_borderel

    paths = [folder / f"bench_reports_{n_lines}_{m}.dat" for m in (202602, 202603)]
    if not all(p.exists() for p in paths):
        probe = generate_series([202602], 2000, 7)[0]
        per_employee = (len(probe.insured) + len(probe.lines)) / 2000
        series = generate_series([202602, 202603], int(n_lines / per_employee), 7)
        for p, b in zip(paths, series, strict=True):
            p.write_bytes(write_borderel(b))
    from digibord.ui.archive_prompt import NEVER, set_keep_policy

    set_keep_policy(NEVER)
    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    t = time.perf_counter()
    win.open_files(paths)
    wait_for(app, lambda: len(win.documents) == 2 and not win.loader.busy)
    print(f"  open both (with the Correctiepremies preparer)  {time.perf_counter() - t:6.2f} s")
    lines = len(win.documents.current.borderel.lines)
    print(f"  lines per month: {lines:,}".replace(",", "."))
    for view_id in ("corrections", "prolongation_diff"):
        view = win.view(view_id)
        t = time.perf_counter()
        win.show_view(view_id)
        wait_for(app, lambda v=view: v.result is not None and v._wanted is None)
        view.tree.viewport().repaint()
        print(f"  {view_id:<28} to screen {time.perf_counter() - t:6.2f} s   "
              f"({len(view.model.shown_groups()):,} employees; "
              f"{len(view.model.shown_rows()):,} rows shown)".replace(",", "."))
    diff = win.view("prolongation_diff")
    for on in (True, False):
        t = time.perf_counter()
        diff.unchanged.setChecked(on)
        diff.tree.viewport().repaint()
        print(f"  toon ongewijzigd {'aan' if on else 'uit'}                  "
              f"{time.perf_counter() - t:6.2f} s")
    from digibord.ui.salary_dialog import SalaryDialog

    t = time.perf_counter()
    dialog = SalaryDialog(win, win.documents.current)
    dialog.show()
    wait_for(app, lambda: dialog.result is not None and not win.worker.busy)
    print(f"  salary preview                       {time.perf_counter() - t:6.2f} s   "
          f"({len(dialog.result.rows):,} employees)".replace(",", "."))
    dialog.close()
    win.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--rows", type=int, default=500_000,
                        help="insured rows wanted for the sort/filter figures")
    parser.add_argument("--folder", default=tempfile.gettempdir())
    parser.add_argument("--reports-only", action="store_true")
    args = parser.parse_args()
    folder = Path(args.folder)
    app = create_app(["bench"])
    if args.reports_only:
        print(f"3. report views on two {args.lines:,}-line months".replace(",", "."))
        bench_reports(app, args.lines, folder)
        return 0

    print(f"1. open a {args.lines:,}-line borderel to the table on screen".replace(",", "."))
    path = borderel_file(args.lines, folder)
    win, times = open_to_screen(app, path)
    for label, t in times.items():
        print(f"  {label:<32} {t:6.2f} s")
    rows_per_line = len(win.documents.current.borderel.insured) / args.lines
    bench_table(app, win)
    win.close()

    n_lines = int(args.rows / rows_per_line) + 1
    print(f"\n2. about {args.rows:,} insured rows ({n_lines:,}-line borderel)".replace(",", "."))
    path = borderel_file(n_lines, folder)
    win, times = open_to_screen(app, path)
    for label, t in times.items():
        print(f"  {label:<32} {t:6.2f} s")
    bench_table(app, win)
    win.close()

    print(f"\n3. report views on two {args.lines:,}-line months".replace(",", "."))
    bench_reports(app, args.lines, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
