"""The reader's check path of this checkout against the same path of another checkout (by
default the commit 7f0cac4), in one process, interleaved:

    python bench/bench_reader_ab.py [--against 7f0cac4] [--lines 500000] [--rounds 15]

`digibord/formats/reader.py` and `fixed_width.py` of `--against X` (X: another checkout's
folder, or a git revision of this repository, extracted with `git archive` into a temporary
folder) are loaded as modules of their own beside this checkout's (the rest of the package,
frames.py too, is shared), and both `parse_borderel(data, frames=False)` (`--frames`: True)
run in turn on the same bytes of a synthetic borderel (bench_check's cached file). First both
results are compared (the same errors and warnings, or the comparison is meaningless); then
per round the CPU time of each; printed: the medians and the median of the per-round ratios
new / old. Figures of the parse alone, without start-up or reading the file (bench_check.py
measures whole processes)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

import checkout
from bench_check import cached_file

from digibord.formats import reader as new_reader
from digibord.formats.input_file import read_input


def module_at(root: Path, path: str, name: str) -> types.ModuleType:
    source = (root / path).read_text(encoding="utf-8")
    module = types.ModuleType(name)
    module.__file__ = str(root / path)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def issues(result) -> tuple:
    return ([e.to_json() for e in result.errors], [w.to_json() for w in result.warnings],
            result.error_total)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="CHECKOUT|REV", default="7f0cac4",
                    help="the other checkout, a folder or a git revision (default: 7f0cac4)")
    ap.add_argument("--lines", type=int, default=500_000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--frames", action="store_true", help="build the frames too (read_borderel)")
    args = ap.parse_args()
    with checkout.other_checkout(args.against) as other:
        old_fw = module_at(other, "digibord/formats/fixed_width.py", "old_fixed_width")
        old_reader = module_at(other, "digibord/formats/reader.py", "old_reader")
    old_reader.fw = old_fw  # the old reader on the old fixed-width code
    path = str(cached_file(args.lines))
    data = read_input(path)
    fns = {"old": lambda: old_reader.parse_borderel(data, path, frames=args.frames),
           "new": lambda: new_reader.parse_borderel(data, path, frames=args.frames)}
    if issues(fns["old"]()) != issues(fns["new"]()):
        sys.exit("the two readers disagree on this file")
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(args.rounds):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            cpu[name].append(time.process_time() - start)
    med = statistics.median
    ratio = med(n / o for n, o in zip(cpu["new"], cpu["old"], strict=True))
    print(f"new: {new_reader.__file__}")
    what = " with frames" if args.frames else ""
    print(f"{args.lines:,} lines{what}, {args.rounds} rounds, load {os.getloadavg()[0]:.1f}: "
          f"old ({args.against}) {med(cpu['old']) * 1e3:.0f} ms CPU, "
          f"new {med(cpu['new']) * 1e3:.0f} ms; new / old {ratio:.2f}")


if __name__ == "__main__":
    main()
