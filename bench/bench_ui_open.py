"""Bench of the window on big borderels (prints figures; not a test).

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_open.py [--lines 500000] [--runs 3]
        [--against main] [--reports]

1. Open a 500 000-line borderel to a usable Verzekerden table, in whole child processes (each
   one a fresh interpreter: one warm-up open, then `--per-child` measured opens, each in a new
   window). With `--against X` (X: another checkout's folder, or a git revision of this
   repository, extracted with `git archive` into a temporary folder) the children of that
   checkout and of this one take turns (interleaved rounds, so a busy moment of the shared
   machine hits both alike) and each figure is printed as baseline / new / ratio, medians over
   all measured opens.
   The clocks of one open:
   - starts: just before `window.open_files([path])` (the user has chosen the file);
   - "usable table": stops when the window's own first paint of the Verzekerden table with
     rows returns (`ColumnTableView.paintEvent` wrapped by the bench; no extra paint is
     added): the rows are on screen, and they sort, filter and open the person dialog;
   - "everything prepared": stops when the loader is idle again (the views' later work,
     Correctiepremies' preparer, the search texts, the archive check, all done);
   - "longest UI pause": a 5 ms QTimer on the UI thread records the largest gap between two
     of its ticks from the start until everything is prepared (the UI thread's own work, the
     model reset and the first paint included; a gap over 50 ms is a pause a user notices);
     "longest timer gap, idle": the same timer for 1 s with nothing loading, before each
     open (what the busy machine alone does to the timer).
   Then, on the opened table, with medians over `--repeats`:
   - "model reset": `model.set_table(table)` (beginResetModel ... endResetModel) alone;
   - "repaint": one synchronous repaint of the table's viewport alone;
   - "first sort": `sortByColumn` of naam and of totaal with the column's cached order
     dropped (one argsort plus the layout change), without the repaint;
   - "repeated sort": the same sort again, its order cached (the layout change only);
   - the reader alone: `parse_borderel` of the same bytes in the same process (the floor the
     window builds on).
2. (`--reports`) The report views on two consecutive months of that size: Correctiepremies
   and Prolongatieverschillen to screen, "toon ongewijzigd", the salary preview, in this
   process, with this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import checkout  # beside this script: this checkout's byte-code written, as installed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent

OPEN_FIGURES = ("usable table", "everything prepared", "longest UI pause",
                "longest UI pause until usable", "longest timer gap, idle")
TABLE_FIGURES = ("model reset", "repaint", "first sort naam", "repeated sort naam",
                 "first sort totaal", "repeated sort totaal", "reader alone")


def borderel_file(n_lines: int, folder: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from devtools.synth import generate_file_lines

    path = folder / f"bench_{n_lines}.dat"
    if not path.exists():
        t = time.perf_counter()
        path.write_bytes(generate_file_lines(n_lines, seed=7))
        print(f"  (generated {path.name}: {path.stat().st_size / 1e6:.0f} MB "
              f"in {time.perf_counter() - t:.1f} s)")
    return path


# --- the child: one interpreter, the code of one checkout ------------------------------------


def child(path: Path, per_child: int, repeats: int) -> dict[str, list[float]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from digibord.formats.reader import parse_borderel
    from digibord.ui.app import create_app
    from digibord.ui.archive_prompt import NEVER, set_keep_policy
    from digibord.ui.main_window import MainWindow
    from digibord.ui.table_view import ColumnTableView

    painted: list[float] = []  # when a paint of the Verzekerden table with rows ended

    def paint_event(self, event) -> None:
        QTableView.paintEvent(self, event)
        if self.objectName() == "insured_table" and self.model().rowCount():
            painted.append(time.perf_counter())

    ColumnTableView.paintEvent = paint_event
    app = create_app(["bench"])
    set_keep_policy(NEVER)  # no archive question in the middle of the clock
    figures: dict[str, list[float]] = {k: [] for k in (*OPEN_FIGURES, *TABLE_FIGURES)}

    def open_once() -> MainWindow:
        win = MainWindow()
        win.resize(1440, 900)
        win.show()
        app.processEvents()
        loop = QEventLoop()
        state = {"last": 0.0, "gap": 0.0, "gap_usable": 0.0, "usable": 0.0, "done": 0.0}

        def tick() -> None:
            now = time.perf_counter()
            state["gap"] = max(state["gap"], now - state["last"])
            state["last"] = now
            if not state["usable"] and painted:
                state["usable"] = painted[0] - t0
                state["gap_usable"] = state["gap"]
            if state["usable"] and not win.loader.busy and not win.worker.busy:
                state["done"] = time.perf_counter() - t0
                loop.quit()

        timer = QTimer()
        timer.setInterval(5)
        idle = {"last": time.perf_counter(), "gap": 0.0}

        def idle_tick() -> None:
            now = time.perf_counter()
            idle["gap"] = max(idle["gap"], now - idle["last"])
            idle["last"] = now

        timer.timeout.connect(idle_tick)
        timer.start()
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
        timer.stop()
        timer.timeout.disconnect(idle_tick)
        figures["longest timer gap, idle"].append(idle["gap"])
        timer.timeout.connect(tick)
        painted.clear()
        t0 = time.perf_counter()
        state["last"] = t0
        timer.start()
        win.open_files([path])
        loop.exec()
        timer.stop()
        figures["usable table"].append(state["usable"])
        figures["everything prepared"].append(state["done"])
        figures["longest UI pause"].append(state["gap"])
        figures["longest UI pause until usable"].append(state["gap_usable"])
        return win

    def close(win: MainWindow) -> None:
        win.close()
        win.deleteLater()
        app.processEvents()

    close(open_once())  # warm-up: imports, Qt's first-time caches, the file in the page cache
    for values in figures.values():
        values.clear()  # the warm-up's figures are not counted
    for _ in range(per_child):
        win = open_once()
        if _ < per_child - 1:
            close(win)

    view = win.view("insured")
    model, table = view.model, view.model.table
    viewport = view.table.viewport()

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t

    for _ in range(repeats):
        figures["model reset"].append(timed(lambda: model.set_table(table)))
        app.processEvents()
        figures["repaint"].append(timed(viewport.repaint))
    for key in ("naam", "totaal"):
        ci = next(i for i, c in enumerate(table.columns) if c.key.startswith(key))
        for _ in range(repeats):
            for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
                table._orders.pop((ci, order == Qt.SortOrder.DescendingOrder), None)
            figures[f"first sort {key}"].append(
                timed(lambda ci=ci: view.table.sortByColumn(ci, Qt.SortOrder.DescendingOrder)))
            app.processEvents()
            view.table.sortByColumn(ci, Qt.SortOrder.AscendingOrder)
            figures[f"repeated sort {key}"].append(
                timed(lambda ci=ci: view.table.sortByColumn(ci, Qt.SortOrder.DescendingOrder)))
            app.processEvents()
    close(win)
    data = path.read_bytes()
    figures["reader alone"].append(timed(lambda: parse_borderel(data, str(path))))
    QApplication.processEvents()
    return figures


def run_child(code: Path, path: Path, per_child: int, repeats: int,
              home: str) -> dict[str, list[float]]:
    env = dict(os.environ, PYTHONPATH=str(code), DIGIBORD_HOME=home,
               QT_QPA_PLATFORM=os.environ["QT_QPA_PLATFORM"])
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_ui_open.py"), "--child", str(code),
         "--file", str(path), "--per-child", str(per_child), "--repeats", str(repeats)],
        capture_output=True, text=True, env=env, cwd=str(code))
    if done.returncode != 0:
        raise SystemExit(f"child of {code} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(label: str, names: tuple[str, ...], new: dict, base: dict | None) -> None:
    print(label)
    if base is not None:
        print(f"  {'':<34} {'baseline':>9} {'new':>9} {'ratio':>7}")
    for name in names:
        n = statistics.median(new[name]) if new[name] else float("nan")
        unit, scale = ("ms", 1000) if n < 1 else ("s", 1)
        if base is not None:
            b = statistics.median(base[name]) if base[name] else float("nan")
            print(f"  {name:<34} {b * scale:7.{2 if unit == 's' else 0}f}{unit:>2} "
                  f"{n * scale:7.{2 if unit == 's' else 0}f}{unit:>2} {n / b:7.2f}")
        else:
            print(f"  {name:<34} {n * scale:7.{2 if unit == 's' else 0}f} {unit}"
                  f"   (min {min(new[name]) * scale:.{2 if unit == 's' else 0}f}, "
                  f"n={len(new[name])})")


def bench_reports(n_lines: int, folder: Path) -> None:
    sys.path.insert(0, str(REPO))
    from devtools.synth import generate_series
    from digibord.formats.writer import write_borderel
    from digibord.ui.app import create_app
    from digibord.ui.archive_prompt import NEVER, set_keep_policy
    from digibord.ui.main_window import MainWindow
    from digibord.ui.salary_dialog import SalaryDialog

    app = create_app(["bench"])

    def wait_for(pred, seconds: float = 300) -> float:
        t = time.perf_counter()
        while not pred() and time.perf_counter() - t < seconds:
            app.processEvents()
            time.sleep(0.002)
        return time.perf_counter() - t

    paths = [folder / f"bench_reports_{n_lines}_{m}.dat" for m in (202602, 202603)]
    if not all(p.exists() for p in paths):
        probe = generate_series([202602], 2000, 7)[0]
        per_employee = (len(probe.insured) + len(probe.lines)) / 2000
        series = generate_series([202602, 202603], int(n_lines / per_employee), 7)
        for p, b in zip(paths, series, strict=True):
            p.write_bytes(write_borderel(b))
    set_keep_policy(NEVER)
    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    t = time.perf_counter()
    win.open_files(paths)
    wait_for(lambda: len(win.documents) == 2 and not win.loader.busy)
    print(f"  open both, everything prepared               {time.perf_counter() - t:6.2f} s")
    lines = len(win.documents.current.borderel.lines)
    print(f"  lines per month: {lines:,}".replace(",", "."))
    for view_id in ("corrections", "prolongation_diff"):
        view = win.view(view_id)
        t = time.perf_counter()
        win.show_view(view_id)
        wait_for(lambda v=view: v.result is not None and v._wanted is None)
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
    t = time.perf_counter()
    dialog = SalaryDialog(win, win.documents.current)
    dialog.show()
    wait_for(lambda: dialog.result is not None and not win.worker.busy)
    print(f"  salary preview                       {time.perf_counter() - t:6.2f} s   "
          f"({len(dialog.result.rows):,} employees)".replace(",", "."))
    dialog.close()
    win.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3, help="rounds of child processes")
    parser.add_argument("--per-child", type=int, default=2, help="measured opens per child")
    parser.add_argument("--repeats", type=int, default=5, help="model reset, repaint, sorts")
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="another checkout, a folder (e.g. /work/main) or a git revision")
    parser.add_argument("--folder", default=tempfile.gettempdir())
    parser.add_argument("--reports", action="store_true", help="also the report views")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(args.child))
        import digibord

        ran = Path(digibord.__file__).resolve()
        if not ran.is_relative_to(args.child.resolve()):  # an install's copy, not the checkout
            raise SystemExit(f"child of {args.child} imported {ran}")
        print(json.dumps(child(args.file, args.per_child, args.repeats)))
        return 0
    with checkout.other_checkout(args.against) as other:
        return measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> int:
    folder = Path(args.folder)
    path = borderel_file(args.lines, folder)
    home = tempfile.mkdtemp(prefix="digibord-bench-")
    print(f"1. open a {args.lines:,}-line borderel ({path.stat().st_size / 1e6:.0f} MB) to the "
          f"Verzekerden table; {args.runs} rounds x {args.per_child} opens per checkout "
          f"after a warm-up each".replace(",", "."))
    print(f"  load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"(1 and 5 min), {os.cpu_count()} cores")
    new: dict[str, list[float]] = {}
    base: dict[str, list[float]] | None = None if other is None else {}
    for _ in range(args.runs):
        runs = [("new", REPO)] + ([] if other is None else [("base", other)])
        if _ % 2:
            runs.reverse()
        for which, code in runs:
            got = run_child(code, path, args.per_child, args.repeats, home)
            into = new if which == "new" else base
            for k, v in got.items():
                into.setdefault(k, []).extend(v)
    report("  open (medians)", OPEN_FIGURES, new, base)
    for label, figures in (("new", new), ("baseline", base)):
        if figures:
            print(f"  each open, {label}: usable " + " ".join(
                f"{v:.2f}" for v in figures["usable table"]) + " s; longest pause " + " ".join(
                f"{v * 1000:.0f}" for v in figures["longest UI pause"]) + " ms")
    report("  on the opened table (medians)", TABLE_FIGURES, new, base)
    print(f"  load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    if args.reports:
        print(f"\n2. report views on two {args.lines:,}-line months".replace(",", "."))
        bench_reports(args.lines, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
