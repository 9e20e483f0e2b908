"""Generating and writing synthetic borderels of about 10k, 100k and 500k lines.

    python bench/bench_write.py [--sizes 10000 100000 500000] [--repeat 3]

For each size: the time `devtools.synth.generate_series` takes to simulate one month (best of
`--repeat`; the employee count is calibrated once so that the file has about that many lines),
and the time `write_borderel` takes to turn it into cp1252 bytes (best of `--repeat`). Nothing
is cached: the generator is part of what is measured.
"""

from __future__ import annotations

import argparse
import time

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)

from devtools.synth import generate_series
from digibord.formats.writer import write_borderel

SEED = 20260301
MONTH = 202603


def best(repeat: int, fn):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    probe = generate_series([MONTH], 2000, SEED)[0]
    per_employee = (len(probe.insured) + len(probe.lines)) / 2000
    print(f"one month, best of {args.repeat}; {per_employee:.2f} lines per employee")
    print(f"{'lines':>9} {'employees':>9} {'generate s':>10} {'write s':>8} {'lines/s':>11} "
          f"{'MB/s':>7}")
    for n in args.sizes:
        employees = max(1, round(n / per_employee))
        gen, b = best(args.repeat, lambda e=employees: generate_series([MONTH], e, SEED)[0])
        wrote, data = best(args.repeat, lambda b=b: write_borderel(b))
        lines = data.count(b"\n")
        print(f"{lines:>9,} {employees:>9,} {gen:>10.3f} {wrote:>8.3f} {lines / wrote:>11,.0f} "
              f"{len(data) / wrote / 1e6:>7.1f}")


if __name__ == "__main__":
    main()
