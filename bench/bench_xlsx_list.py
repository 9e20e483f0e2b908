"""`digibord list FILE --xlsx OUT` of a 500 000-line borderel: the workbook writer of this
checkout against the writer of a baseline commit (default `main`), whole processes, same run:

    python bench/bench_xlsx_list.py [--employees 92000] [--baseline main] [--runs 3]

The borderel is bench_reconcile's later month (devtools.synth, cached in bench/.cache/). Each run
is a fresh process `python bench/bench_xlsx_list.py --child new|old FILE OUT` that runs the
command line's `main(["list", FILE, "--xlsx", OUT])`; for `old` the baseline's
digibord/export/xlsx.py (from `git show`) is executed into the module first, so everything but
the writer's internals is this checkout's. Runs alternate new, old, new, old ... after one
warm-up pair. Clock: spawn to exit (reading, the list, the workbook); memory: the child's peak
RSS (wait4). Printed: medians, and the medians of the pair-by-pair ratios new / old."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import digibord.export.xlsx as xlsx
from digibord.cli import main as cli_main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WRITER = "digibord/export/xlsx.py"


def child(which: str, path: str, out: str, baseline: str) -> int:
    if which == "old":
        source = subprocess.run(["git", "-C", str(ROOT), "show", f"{baseline}:{WRITER}"],
                                check=True, capture_output=True, text=True).stdout
        exec(compile(source, f"{baseline}:{WRITER}", "exec"), xlsx.__dict__)
    return cli_main(["list", path, "--xlsx", out, "--force"])


def run(cmd: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code:
        sys.exit(f"{cmd}: exit {code}\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=92000)
    ap.add_argument("--baseline", default="main")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", nargs=3, metavar=("WHICH", "FILE", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.exit(child(*args.child, args.baseline))
    path = HERE / ".cache" / f"reconcile_{args.employees}_202603.dat"
    if not path.exists():  # generated in a child, so this driver stays small
        subprocess.run([sys.executable, "-c", "import bench_reconcile as b; "
                        f"b.months({args.employees})"], cwd=HERE, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = {w: str(Path(tmp) / f"{w}.xlsx") for w in ("new", "old")}

        def cmd(w: str) -> list[str]:
            return [sys.executable, __file__, "--baseline", args.baseline,
                    "--child", w, str(path), out[w]]

        pairs = []
        for i in range(1 + args.runs):
            new, old = run(cmd("new")), run(cmd("old"))
            if i:
                pairs.append((new, old))
        sizes = {w: os.path.getsize(out[w]) / 2**20 for w in out}
    med = statistics.median
    print(f"list {path.name} --xlsx; baseline writer {args.baseline}; load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} pairs, medians")
    for j, w in enumerate(("new", "old")):
        print(f"  {w:<4} {med(p[j][0] for p in pairs):6.2f} s  "
              f"{med(p[j][1] for p in pairs):6.0f} MB peak  file {sizes[w]:.1f} MB")
    print(f"  new / old: {med(p[0][0] / p[1][0] for p in pairs):.2f}x time, "
          f"{med(p[0][1] / p[1][1] for p in pairs):.2f}x peak memory")


if __name__ == "__main__":
    main()
