"""Start-up of the command line, as whole processes, against `python -c pass` in the same run.

    python bench/bench_startup.py [--runs 15]

Each command runs `--runs` times, the commands interleaved (so a busy moment of the shared
machine hits them all alike); the figure is the median wall time, and the ratio is against the
median of `python -c pass` measured in the same rounds. Targets (issue 16): `--version` and
`--help` within 3x, `check` of a 100-line borderel within 8x.

Then `-X importtime` of `check`: the modules that cost most, and whether pandas, Qt or the
archive were imported at all (they must not be, for these three).
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

import checkout  # noqa: F401  (beside this script: the byte-code written, as installed)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "samples" / "2026-01_01.dat"


def commands(python: str) -> dict[str, list[str]]:
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import pandas'": [python, "-c", "import pandas"],
        "digibord --version": [python, "-m", "digibord", "--version"],
        "digibord --help": [python, "-m", "digibord", "--help"],
        "digibord check (100 lines)": [python, "-m", "digibord", "check", str(SAMPLE)],
    }


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=True)
    return time.perf_counter() - start


def import_costs(python: str, env: dict) -> tuple[list[tuple[int, str]], set[str]]:
    done = subprocess.run([python, "-X", "importtime", "-m", "digibord", "check", str(SAMPLE)],
                          capture_output=True, text=True, env=env, check=True)
    rows = []
    names = set()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (p.strip() for p in line[len("import time:"):].split("|"))
        if cumulative.isdigit():
            rows.append((int(cumulative), name))
            names.add(name.strip())
    rows.sort(reverse=True)
    return rows[:12], names


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ, DIGIBORD_HOME=tempfile.mkdtemp(prefix="digibord-bench-"),
               PYTHONPATH=str(REPO))
    cmds = commands(sys.executable)
    for cmd in cmds.values():  # warm the file cache
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            times[name].append(timed(cmd, env))
    base = statistics.median(times["python -c pass"])
    print(f"{'command':32} {'median':>9} {'min':>9} {'ratio':>7}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:32} {med * 1000:7.1f} ms {min(values) * 1000:7.1f} ms {med / base:6.2f}x")
    rows, names = import_costs(sys.executable, env)
    print("\nimports of `digibord check` (cumulative, microseconds):")
    for cumulative, name in rows:
        print(f"  {cumulative:>8}  {name}")
    for heavy in ("pandas", "PySide6", "digibord.archive", "cryptography", "keyring"):
        print(f"  {heavy:18} {'IMPORTED' if heavy in names else 'not imported'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
