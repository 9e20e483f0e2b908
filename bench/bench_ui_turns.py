"""Where the UI thread's time goes while a big borderel opens (prints figures; not a test).

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_turns.py [--lines 500000] [--opens 3]
        [--against main]

In this process, with this checkout: one warm-up open, then `--opens` opens, each in a new
window (as bench_ui_open.py). For each open it prints, in ms since `open_files`, when each
piece ran and how long it took: on the UI thread the turns of showing a month
(`MainWindow._loaded`, `_settle_views`, `_paint_held`, `_remember_opened`) and on the loader's
worker its stages (read, parse, the first preparers, each column's `complete`, the later
preparers), the cyclic garbage collector's runs (`gc gen N`, in either thread) and the
window's own layouts and paints (`ui qt ...`); then every gap over `--gap` ms of a 5 ms timer
on the UI thread, with the UI thread's own CPU time in it and the pieces that overlap it. A
gap that overlaps no UI turn and has little UI CPU is the worker holding the interpreter
lock, or the machine's other work (compare "longest timer gap, idle" of bench_ui_open.py).
Then the medians of the UI turns over the opens and the longest gap during the read.
`--settle S`: the window runs S seconds between showing and the open. The clocks are wrapped
functions (perf_counter around the call): a piece's own time, its waiting for the lock
included. `--against X` runs another checkout's window instead (X: its folder, or a git
revision of this repository, extracted with `git archive` into a temporary folder; the line
"code:" says which was imported).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import checkout  # the checkout on sys.path, its byte-code written

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

UI_TURNS = ("_loaded", "_settle_views", "_paint_held", "_remember_opened")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--opens", type=int, default=3)
    parser.add_argument("--gap", type=float, default=30, help="ms: gaps listed from")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="s: the event loop runs this long between showing and opening")
    parser.add_argument("--folder", default=tempfile.gettempdir())
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="another checkout's window instead, a folder (e.g. /work/main) or a"
                        " git revision (the turns it does not have are left out)")
    args = parser.parse_args()
    with checkout.other_checkout(args.against) as other:
        return measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> int:
    if other is not None:
        sys.path.insert(0, str(other))
    os.environ.setdefault("DIGIBORD_HOME", tempfile.mkdtemp(prefix="digibord-turns-"))

    from bench_ui_open import borderel_file
    from PySide6.QtCore import QEvent, QEventLoop, QTimer

    import digibord
    from digibord.ui import columns, loader
    from digibord.ui import main_window as mw
    from digibord.ui.app import create_app
    from digibord.ui.archive_prompt import NEVER, set_keep_policy

    path = borderel_file(args.lines, Path(args.folder))
    print(f"code: {Path(digibord.__file__).parent}; load {os.getloadavg()[0]:.2f}")
    t0 = [0.0]
    log: list[tuple[float, float, str]] = []  # start, duration, what (s since open)

    def timed(owner, name: str, label: str) -> None:
        fn = getattr(owner, name, None)
        if fn is None:
            return  # an older checkout

        @functools.wraps(fn)
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                log.append((t - t0[0], time.perf_counter() - t, label))

        setattr(owner, name, wrapper)

    collecting: dict[str, tuple[float, int]] = {}  # thread name -> start, generation

    def collected(phase: str, info: dict) -> None:  # the cyclic collector, in either thread
        who = "ui" if threading.current_thread() is threading.main_thread() else "worker"
        if phase == "start":
            collecting[who] = (time.perf_counter(), info["generation"])
        elif who in collecting:
            t, generation = collecting.pop(who)
            log.append((t - t0[0], time.perf_counter() - t, f"{who} gc gen {generation}"))

    gc.callbacks.append(collected)
    window_event = mw.MainWindow.event

    def event(self, e):  # the window's own paint (UpdateRequest) and layout: Qt's turns
        t = time.perf_counter()
        try:
            return window_event(self, e)
        finally:
            kind = e.type()
            if kind in (QEvent.Type.UpdateRequest, QEvent.Type.LayoutRequest):
                log.append((t - t0[0], time.perf_counter() - t, f"ui qt {kind.name}"))

    mw.MainWindow.event = event
    for name in (*UI_TURNS, "_busy", "_progress"):
        timed(mw.MainWindow, name, f"ui {name}")
    timed(loader, "read_input", "worker read")
    timed(loader, "parse_borderel", "worker parse")
    timed(columns.Column, "complete", "worker Column.complete")
    app = create_app(["bench"])
    set_keep_policy(NEVER)

    def open_once() -> list[tuple[float, float, float]]:
        win = mw.MainWindow()
        win.resize(1440, 900)
        win.show()
        app.processEvents()
        if args.settle:  # the window's own start-up work done, as when a user picks a file
            idle = QEventLoop()
            QTimer.singleShot(int(args.settle * 1000), idle.quit)
            idle.exec()
        loop = QEventLoop()
        state = {"last": 0.0, "gaps": []}

        def tick() -> None:
            now = time.perf_counter()
            cpu = time.thread_time()  # the UI thread's own CPU time: busy, or kept waiting
            if now - state["last"] > args.gap / 1000:
                state["gaps"].append((state["last"] - t0[0], now - state["last"],
                                      cpu - state["cpu"]))
            state["last"], state["cpu"] = now, cpu
            if win.documents.current is not None and not win.loader.busy:
                loop.quit()

        timer = QTimer(interval=5)
        timer.timeout.connect(tick)
        log.clear()
        t0[0] = state["last"] = time.perf_counter()
        state["cpu"] = time.thread_time()
        timer.start()
        win.open_files([path])
        loop.exec()
        timer.stop()
        win.close()
        win.deleteLater()
        app.processEvents()
        return state["gaps"]

    open_once()  # warm-up (and the views' imports: their preparers are registered now)
    for table, kind in ((loader.PREPARERS, "preparer"), (loader.LATER_PREPARERS, "later")):
        for key in list(table):
            holder = type("P", (), {"fn": staticmethod(table[key])})
            timed(holder, "fn", f"worker {kind} {key}")
            table[key] = holder.fn
    turns: dict[str, list[float]] = {f"ui {n}": [] for n in UI_TURNS
                                     if hasattr(mw.MainWindow, n)}
    read_longest: list[float] = []  # per open: the longest gap listed during the read
    for i in range(args.opens):
        gaps = open_once()
        read_gaps: list[float] = []
        print(f"open {i + 1}:")
        longest: dict[str, float] = {}  # per turn (_paint_held calls _settle_views again)
        for start, took, what in sorted(log):
            if what in turns:
                longest[what] = max(longest.get(what, 0.0), took)
            print(f"  {start * 1000:7.0f} {took * 1000:7.1f} ms  {what}")
        for what, took in longest.items():
            turns[what].append(took)
        for start, took, cpu in gaps:
            over = sorted({w for s, d, w in log if s < start + took and s + d > start})
            print(f"  gap {took * 1000:4.0f} ms at {start * 1000:5.0f} (ui cpu {cpu * 1000:3.0f}"
                  f" ms): {', '.join(over)}")
            if any(w == "worker read" for w in over):
                read_gaps.append(took)
        read_longest.append(max(read_gaps, default=0.0))
    print("UI turns, medians over the opens:")
    for what, values in turns.items():
        print(f"  {what:<24} {statistics.median(values) * 1000:6.1f} ms   (max "
              f"{max(values) * 1000:.1f})")
    print(f"longest gap listed during the read: median {statistics.median(read_longest) * 1000:.0f}"
          f" ms, max {max(read_longest) * 1000:.0f} ms (0: none over --gap)")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
