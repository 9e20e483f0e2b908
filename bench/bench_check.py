"""`digibord check` against a bare numpy parse of the same file, as whole processes.

    python bench/bench_check.py [--sizes 50000 100000 250000 500000 1000000] [--runs 5]
                                [--against CHECKOUT|REV]

For each size a synthetic borderel (devtools.synth.generate_file_lines, cached in bench/.cache/)
is read by these commands, run in turn (A, A', B; A, A', B; ...) after one warm-up round:
- A: `digibord check FILE` (the installed console script beside this Python); and, on a second
  row, the reader's check path alone in a bare process (read_input, then parse_borderel with
  frames=False: what `check` runs once the command line starts without loading every command);
- B: `python bench/floor_parse.py FILE`, the floor: numpy only, every field sliced and its
  digits converted, nothing validated.
Each run is a fresh process: its wall time covers start-up, imports, reading and parsing; its
peak memory is the kernel's high-water mark of that child (wait4's ru_maxrss). The files are
generated in a child process, so this driver stays small and cannot lend the children its own
high-water mark (Linux carries it across exec). Printed: medians of wall time and peak RSS and
the median of the pair-by-pair ratios A/B of wall time and of CPU time (pairing keeps the ratio
fair when the machine's speed drifts; CPU time is the steadier figure on a busy machine); the
ratios are the figures to quote, absolute times depend on the machine's load.
A last row times the start-up alone: `digibord --version` against `python -c "import numpy"`.

Every child imports this checkout's digibord (PYTHONPATH, and the checkout as its working
folder), whatever checkout the installed console script was made for; the path is printed.
`--against X` adds the `check` of another checkout (X: its folder, or a git revision of this
repository, extracted with `git archive` into a temporary folder) to the same rounds: check,
the other's check (`base`) and floor in turn, each against that round's floor, so that before
and after are measured under the same load."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import checkout  # beside this script: the byte-code written, as installed

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SEED = 20260301
FLOOR = HERE / "floor_parse.py"


def cached_file(n_lines: int) -> Path:
    """The synthetic borderel of about `n_lines` lines, generated once (in a child process)."""
    path = CACHE / f"borderel_{n_lines}_{SEED}.dat"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        code = ("import sys; from pathlib import Path; from devtools.synth import "
                "generate_file_lines as g; Path(sys.argv[2]).write_bytes(g(int(sys.argv[1]), "
                f"{SEED}))")
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))  # devtools/ is not installed
        subprocess.run([sys.executable, "-c", code, str(n_lines), str(path)], check=True, env=env)
    return path


READER_ONLY = (
    "import sys\n"
    "from digibord.formats.input_file import read_input\n"
    "from digibord.formats.reader import parse_borderel\n"
    "r = parse_borderel(read_input(sys.argv[1]), sys.argv[1], frames=False)\n"
    "sys.exit(0 if r.valid else 1)\n"
)


def digibord_command() -> list[str]:
    script = Path(sys.executable).with_name("digibord")
    return [str(script)] if script.exists() else [sys.executable, "-m", "digibord"]


# Every child with the OpenBLAS setting digibord makes for itself (digibord/__init__.py), the
# floor and the baselines too: the ratios compare the parsing, not OpenBLAS's thread start.
CHILD_ENV = dict(os.environ, OPENBLAS_NUM_THREADS="1", PYTHONPATH=checkout.ROOT)


def run(cmd: list[str], env: dict | None = None, cwd: str | None = None
        ) -> tuple[float, int, int, float]:
    """Wall seconds, peak RSS (KiB), exit status and CPU seconds (user + system, which other
    work on a busy machine disturbs less) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env or CHILD_ENV, cwd=cwd or checkout.ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode, usage.ru_utime + usage.ru_stime


def paired(a: list[str], b: list[str], runs: int, warmup: int) -> dict:
    """A and B in turn; medians and pair-by-pair ratios."""
    rows = []
    for i in range(warmup + runs):
        ra, rb = run(a), run(b)
        if i >= warmup:
            rows.append((ra, rb))
    return figures(rows)


def figures(pairs: list[tuple]) -> dict:
    """Medians of the runs (A, B) of `pairs` and of their pair-by-pair ratios A/B."""
    med = statistics.median
    return {
        "a_wall": med(r[0][0] for r in pairs),
        "b_wall": med(r[1][0] for r in pairs),
        "a_peak": med(r[0][1] for r in pairs) / 1024,
        "b_peak": med(r[1][1] for r in pairs) / 1024,
        "wall_ratio": med(r[0][0] / r[1][0] for r in pairs),
        "wall_spread": (min(r[0][0] / r[1][0] for r in pairs),
                        max(r[0][0] / r[1][0] for r in pairs)),
        "peak_ratio": med(r[0][1] / r[1][1] for r in pairs),
        "cpu_ratio": med(r[0][3] / r[1][3] for r in pairs),
        "exit": sorted({r[0][2] for r in pairs} | {r[1][2] for r in pairs}),
    }


def against_floor(cmds: dict[str, tuple[list[str], dict, str]], floor: list[str], runs: int,
                  warmup: int) -> dict[str, dict]:
    """Each command and the floor once per round, the order turned by one each round (no
    command always runs right after another); per command the medians of its figures and of
    its ratios to the same round's floor."""
    rows: dict[str, list] = {label: [] for label in cmds}
    order = [*cmds, None]  # None: the floor
    for i in range(warmup + runs):
        got = {}
        for label in order[i % len(order):] + order[: i % len(order)]:
            got[label] = run(floor) if label is None else run(*cmds[label])
        rb = got.pop(None)
        if i >= warmup:
            for label, ra in got.items():
                rows[label].append((ra, rb))
    return {label: figures(pairs) for label, pairs in rows.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+",
                    default=[50_000, 100_000, 250_000, 500_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--against", metavar="CHECKOUT|REV",
                    help="another checkout (a folder, or a git revision) whose check runs in "
                    "the same rounds")
    args = ap.parse_args()
    with checkout.other_checkout(args.against) as other:
        measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> None:
    check = digibord_command()
    print(f"this checkout's children import {checkout.code_of(CHILD_ENV, checkout.ROOT)}")
    base_env = None if other is None else checkout.child_env(other, CHILD_ENV)
    print(f"digibord check vs bare numpy parse; whole processes, {args.runs} rounds after "
          f"{args.warmup} warm-up; medians; load {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print(f"{'':6} {'lines':>9} {'MB':>6} {'floor s':>8} {'A s':>8} {'ratio':>6} "
          f"{'(min-max)':>11} {'cpu ratio':>9} {'floor MiB':>10} {'A MiB':>8} "
          f"{'mem ratio':>9}  exit")
    for n in args.sizes:
        path = cached_file(n)
        floor = [sys.executable, str(FLOOR), str(path)]
        cmds = {"check": ([*check, "check", str(path)], CHILD_ENV, checkout.ROOT),
                "reader": ([sys.executable, "-c", READER_ONLY, str(path)], CHILD_ENV,
                           checkout.ROOT)}
        if base_env:
            cmds["base"] = ([*check, "check", str(path)], base_env, str(other))
        for label, r in against_floor(cmds, floor, args.runs, args.warmup).items():
            lo, hi = r["wall_spread"]
            print(f"{label:6} {n:>9,} {path.stat().st_size / 1e6:>6.1f} {r['b_wall']:>8.3f} "
                  f"{r['a_wall']:>8.3f} {r['wall_ratio']:>6.2f} {f'{lo:.2f}-{hi:.2f}':>11} "
                  f"{r['cpu_ratio']:>9.2f} {r['b_peak']:>10.0f} {r['a_peak']:>8.0f} "
                  f"{r['peak_ratio']:>9.2f}  {r['exit']}", flush=True)
    r = paired([*check, "--version"], [sys.executable, "-c", "import numpy"], args.runs,
               args.warmup)
    print(f"start-up: digibord --version {r['a_wall']:.3f} s, {r['a_peak']:.0f} MiB; "
          f"python -c 'import numpy' {r['b_wall']:.3f} s, {r['b_peak']:.0f} MiB; "
          f"ratio {r['wall_ratio']:.2f}")


if __name__ == "__main__":
    main()
