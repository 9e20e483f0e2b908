"""`digibord diff --json` of two 500 000-line months against `digibord check` of the same two
files in one process, both as whole processes:

    python bench/bench_diff_process.py [--employees 92000] [--runs 5] [--warmup 1]

The months are bench_reconcile's (devtools.synth, cached in bench/.cache/). Run in turn A B A B
... after the warm-up pairs, each a fresh process (wall clock from spawn to exit; peak memory is
the child's high-water mark from wait4):
- A: `digibord diff --json VAN TOT` (reading both files with frames, compute_diff, the JSON
  written to /dev/null);
- B: `digibord check VAN TOT`: the same two files read and validated, nothing computed.
Printed: medians of wall time and peak memory, the median of the pair-by-pair differences A - B
(the figure the goal is stated in: within 0.3 s) and of the ratios A / B. Absolute times depend
on the machine's load; the pairing keeps the difference fair when its speed drifts."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from bench_check import digibord_command, run
from bench_reconcile import CACHE, months


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=92000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    args = ap.parse_args()
    months(args.employees)  # generates and caches the two files when they are missing
    van, tot = (str(CACHE / f"reconcile_{args.employees}_{m}.dat") for m in (202602, 202603))
    cmd = digibord_command()
    a = [*cmd, "diff", "--json", van, tot]
    b = [*cmd, "check", van, tot]
    check = subprocess.run(a, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if check.returncode != 0:
        sys.exit(f"diff failed ({check.returncode}): {check.stderr[-2000:]}")
    pairs = []
    for i in range(args.warmup + args.runs):
        ra, rb = run(a), run(b)
        if i >= args.warmup:
            pairs.append((ra, rb))
    med = statistics.median
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} pairs after "
          f"{args.warmup} warm-up; medians")
    print(f"  A diff --json     {med(p[0][0] for p in pairs):6.2f} s "
          f"{med(p[0][1] for p in pairs) / 1024:6.0f} MB peak")
    print(f"  B check both      {med(p[1][0] for p in pairs):6.2f} s "
          f"{med(p[1][1] for p in pairs) / 1024:6.0f} MB peak")
    print(f"  A - B             {med(p[0][0] - p[1][0] for p in pairs):+6.2f} s "
          f"(pairs {min(p[0][0] - p[1][0] for p in pairs):+.2f} .. "
          f"{max(p[0][0] - p[1][0] for p in pairs):+.2f})")
    print(f"  A / B             {med(p[0][0] / p[1][0] for p in pairs):6.2f}x wall, "
          f"{med(p[0][3] / p[1][3] for p in pairs):.2f}x CPU, "
          f"{med(p[0][1] / p[1][1] for p in pairs):.2f}x peak memory")
    print(f"  A - B CPU         {med(p[0][3] - p[1][3] for p in pairs):+6.2f} s")
    codes = sorted({p[0][2] for p in pairs} | {p[1][2] for p in pairs})
    print(f"  exit statuses {codes}")


if __name__ == "__main__":
    main()
