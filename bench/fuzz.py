"""Fuzz the reader and the reports with many seeded mutants (devtools/mutate.py, oracle in
devtools/fuzzing.py) and print mutants per second and the count of each outcome.

    python bench/fuzz.py                    # 100 000 mutants, seed 1, both cores
    python bench/fuzz.py --count 5000 --seed 7 --workers 1

The speed is also given as a ratio against a baseline measured in the same run: the
unmutated seed files put through the same oracle (files per second), so a busy shared machine
moves both figures alike. Every escape (an exception, or a report that does not reconcile) is
printed with the mutant's number and steps; `--seed S --count N+1` makes mutant N again.
Exit status 1 when anything escaped."""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import time
import traceback

import checkout  # noqa: F401  (the checkout on sys.path: devtools/)

from devtools.fuzzing import OUTCOMES, exercise, seeds
from devtools.mutate import Mutator

ESCAPED = "escaped"
_files: list = []  # the seeds, made once per process


def _chunk(job: tuple[int, int, int]) -> tuple[collections.Counter, list[str]]:
    """Mutants `first`..`first+count-1` of the run with `seed` (each worker makes its own
    mutator per mutant number, so the result does not depend on the number of workers)."""
    seed, first, count = job
    if not _files:
        _files.extend(seeds())
    files = _files
    counts: collections.Counter[str] = collections.Counter()
    escapes = []
    for n in range(first, first + count):
        k = n % len(files)
        mutant = Mutator(seed * 1_000_003 + n).mutate(files[k].data)
        try:
            counts[exercise(mutant.data, files[k].partner)] += 1
        except Exception as exc:
            counts[ESCAPED] += 1
            escapes.append(f"mutant {n} of {files[k].name}: {mutant.steps}: "
                           + "".join(traceback.format_exception_only(exc)).strip())
    return counts, escapes


def baseline(rounds: int) -> float:
    """Files per second for the unmutated seeds through the same oracle."""
    files = seeds()
    start = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            exercise(f.data, f.partner)
    return rounds * len(files) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args()

    base = baseline(5)
    jobs = [(args.seed, first, min(args.chunk, args.count - first))
            for first in range(0, args.count, args.chunk)]
    counts: collections.Counter[str] = collections.Counter()
    escapes: list[str] = []
    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        for i, (c, e) in enumerate(pool.imap_unordered(_chunk, jobs), 1):
            counts.update(c)
            escapes.extend(e)
            done = sum(counts.values())
            if i % 20 == 0 or i == len(jobs):
                rate = done / (time.perf_counter() - start)
                print(f"  {done} mutants, {rate:.1f}/s, {counts[ESCAPED]} escaped", flush=True)
    wall = time.perf_counter() - start
    total = sum(counts.values())
    rate = total / wall
    print(f"{total} mutants in {wall:.0f} s with {args.workers} worker(s): {rate:.1f} mutants/s")
    print(f"baseline (unmutated seeds, 1 process): {base:.1f} files/s; "
          f"ratio mutants/s per worker to baseline {rate / args.workers / base:.2f}")
    for outcome in (*OUTCOMES, ESCAPED):
        print(f"  {outcome:<24} {counts[outcome]:>7}  ({100 * counts[outcome] / total:.1f} %)")
    for line in escapes[:50]:
        print("ESCAPED " + line)
    return 1 if escapes else 0


if __name__ == "__main__":
    raise SystemExit(main())
