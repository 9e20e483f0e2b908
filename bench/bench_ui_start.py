"""Start-up of the window, as whole processes, against `python -c pass` and
`python -c "import PySide6.QtWidgets"` in the same run (prints figures; not a test).

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_start.py [--runs 9] [--against main]

Each process runs `--runs` times, all of them interleaved (so a busy moment of the shared
machine hits them alike); figures are medians of wall time, ratios against `python -c pass`
of the same rounds. Target (issue 16): the window's first frame within 0.8 s on this machine.

The clock of the window starts just before the process is spawned (`subprocess.Popen`) and
stops when its line "window shown after ..." is read from its output: with
DIGIBORD_QUIT_AFTER_SHOW=1 the window prints it once its first frame is painted
(`MainWindow.first_painted`: after the window's first paintEvent and its children's, in the
same pass) and quits; "to exit" also counts the shutting down. The baselines stop when their
process ends. The window starts as a returning user's does: a settings folder with a recent
file, so nothing is opened at start (a first start opens the demo months after the frame).
With `--against X` (X: another checkout's folder, or a git revision of this repository,
extracted with `git archive` into a temporary folder), that checkout's window runs in the same
rounds (an older window may print its line from a zero timer after show() instead of after the
paint).

Then `-X importtime` of the window's start: the modules that cost most, and which of the
libraries the first frame does not need were imported at all.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import checkout  # beside this script: this checkout's byte-code written, as installed

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "samples" / "2026-01_01.dat"
WINDOW = "import sys; from digibord.ui.app import main; sys.exit(main([]))"
NOT_NEEDED = ("pandas", "reportlab", "cryptography", "keyring", "xlsxwriter", "openpyxl",
              "digibord.archive", "digibord.export.pdf", "digibord.export.xlsx")


def returning_home() -> str:
    """A settings folder with one recent file: the window opens nothing at start."""
    home = tempfile.mkdtemp(prefix="digibord-bench-start-")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from digibord.ui import settings; "
            "settings.add_recent_file(sys.argv[2]); settings.settings().sync()")
    subprocess.run([sys.executable, "-c", code, str(REPO), str(SAMPLE)], check=True,
                   env=dict(os.environ, DIGIBORD_HOME=home))
    return home


def run_plain(cmd: list[str], env: dict) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=True, cwd=env.get("PYTHONPATH"))
    took = time.perf_counter() - start
    return took, took


def run_window(cmd: list[str], env: dict) -> tuple[float, float]:
    start = time.perf_counter()
    # cwd: `python -c` puts it first on sys.path, so it decides which checkout is imported
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True, cwd=env["PYTHONPATH"])
    shown = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("window shown after"):
            shown = time.perf_counter() - start
    proc.wait()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} ended with {proc.returncode}")
    return shown, time.perf_counter() - start


def import_costs(env: dict) -> tuple[list[tuple[int, str]], set[str], set[str]]:
    """-X importtime of a window start, its output and the window's line in one stream: the
    costliest imports before the first frame, the modules imported before it and after."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", WINDOW],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          check=True, cwd=env["PYTHONPATH"])
    rows = []
    before: set[str] = set()
    after: set[str] = set()
    shown = False
    for line in done.stdout.splitlines():
        if line.startswith("window shown after"):
            shown = True
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (p.strip() for p in line[len("import time:"):].split("|"))
        if cumulative.isdigit():
            (after if shown else before).add(name.strip())
            if not shown:
                rows.append((int(cumulative), name))
    rows.sort(reverse=True)
    return rows[:15], before, after


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="another checkout, a folder (e.g. /work/main) or a git revision")
    args = parser.parse_args()
    with checkout.other_checkout(args.against) as other:
        return measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> int:
    python = sys.executable
    home = returning_home()
    base_env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                    DIGIBORD_HOME=home)
    here_env = dict(base_env, PYTHONPATH=str(REPO), DIGIBORD_QUIT_AFTER_SHOW="1")
    jobs: dict[str, tuple] = {
        "python -c pass": (run_plain, [python, "-c", "pass"], base_env),
        "python -c 'import PySide6.QtWidgets'": (
            run_plain, [python, "-c", "import PySide6.QtWidgets"], base_env),
        "window, first frame (this checkout)": (run_window, [python, "-c", WINDOW], here_env),
    }
    if other is not None:  # its byte-code written too, so both start as installed
        baseline_env = checkout.child_env(other, here_env)
        jobs["window, first frame (baseline)"] = (run_window, [python, "-c", WINDOW],
                                                  baseline_env)
    print(f"window start-up, {args.runs} interleaved rounds; load before: "
          f"{os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1 and 5 min), "
          f"{os.cpu_count()} cores")
    shown: dict[str, list[float]] = {k: [] for k in jobs}
    ended: dict[str, list[float]] = {k: [] for k in jobs}
    for r in range(args.runs):
        order = list(jobs.items())
        if r % 2:
            order.reverse()
        for name, (fn, cmd, env) in order:
            a, b = fn(cmd, env)
            shown[name].append(a)
            ended[name].append(b)
    floor = statistics.median(shown["python -c pass"])
    print(f"  {'':<40} {'first frame':>12} {'to exit':>9} {'x python -c pass':>17}")
    for name in jobs:
        s, e = statistics.median(shown[name]), statistics.median(ended[name])
        print(f"  {name:<40} {s:10.3f} s {e:7.3f} s {s / floor:12.1f}")
    if other is not None:
        b = statistics.median(shown["window, first frame (baseline)"])
        n = statistics.median(shown["window, first frame (this checkout)"])
        print(f"  first frame: baseline {b:.3f} s / new {n:.3f} s = {n / b:.2f}")
    qt = statistics.median(shown["python -c 'import PySide6.QtWidgets'"])
    n = statistics.median(shown["window, first frame (this checkout)"])
    print(f"  the window beyond importing Qt's widgets: {n - qt:.3f} s; target 0.8 s: "
          f"{'met' if n <= 0.8 else 'not met'} ({n:.3f} s)")
    print(f"  load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")

    rows, before, after = import_costs(here_env)
    print("\n-X importtime of the window's start until its first frame (cumulative):")
    for micros, name in rows:
        print(f"  {micros / 1000:8.1f} ms  {name}")
    print(f"  modules imported before the first frame: {len(before)}, after it (the views, "
          f"on the worker): {len(after)}")
    early = [m for m in NOT_NEEDED if m in before]
    late = [m for m in NOT_NEEDED if m in after]
    print(f"  not needed for the first frame, imported before it: {', '.join(early) or 'none'}")
    print(f"  ... imported after it: {', '.join(late) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
