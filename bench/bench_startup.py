"""Start-up of the command line, as whole processes, against `python -c pass` in the same run.

    python bench/bench_startup.py [--runs 15] [--against CHECKOUT|REV]

Each command runs `--runs` times, the commands interleaved (so a busy moment of the shared
machine hits them all alike); the figure is the median wall time, and the ratio is against the
median of `python -c pass` measured in the same rounds; the CPU ratio (user + system, which
other work disturbs less) likewise. Targets (issue 16): `--version` and `--help` within 3x,
`check` of a 100-line borderel within 8x. `--against X` runs the digibord commands of another
checkout too (X: its folder, or a git revision of this repository, extracted with `git archive`
into a temporary folder; its byte-code written here) in the same rounds; each child's digibord
is printed.

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

import checkout  # beside this script: the byte-code written, as installed

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "samples" / "2026-01_01.dat"


def commands(python: str) -> dict[str, list[str]]:
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import pandas'": [python, "-c", "import pandas"],
        **digibord_commands(python),
    }


def digibord_commands(python: str, label: str = "") -> dict[str, list[str]]:
    return {
        f"{label}digibord --version": [python, "-m", "digibord", "--version"],
        f"{label}digibord --help": [python, "-m", "digibord", "--help"],
        f"{label}digibord check (100 lines)": [python, "-m", "digibord", "check", str(SAMPLE)],
    }


def timed(cmd: list[str], env: dict, cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed")
    return wall, usage.ru_utime + usage.ru_stime


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
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="another checkout (a folder, or a git revision) whose commands run "
                        "in the same rounds")
    args = parser.parse_args()
    with checkout.other_checkout(args.against) as other:
        return measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> int:
    env = dict(os.environ, DIGIBORD_HOME=tempfile.mkdtemp(prefix="digibord-bench-"),
               PYTHONPATH=str(REPO))
    print(f"this checkout's children import {checkout.code_of(env, str(REPO))}")
    cmds = {name: (cmd, env, str(REPO)) for name, cmd in commands(sys.executable).items()}
    if other is not None:
        base_env = checkout.child_env(other, env)
        for name, cmd in digibord_commands(sys.executable, "baseline ").items():
            cmds[name] = (cmd, base_env, str(other))
    for cmd, cmd_env, cwd in cmds.values():  # warm the file cache
        timed(cmd, cmd_env, cwd)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    names = list(cmds)
    for i in range(args.runs):  # the order turned by one each round
        for name in names[i % len(names):] + names[:i % len(names)]:
            cmd, cmd_env, cwd = cmds[name]
            times[name].append(timed(cmd, cmd_env, cwd))
    base_wall = statistics.median(t[0] for t in times["python -c pass"])
    base_cpu = statistics.median(t[1] for t in times["python -c pass"])
    print(f"{'command':41} {'median':>9} {'min':>9} {'ratio':>7} {'CPU ratio':>9}")
    for name, values in times.items():
        med = statistics.median(t[0] for t in values)
        cpu = statistics.median(t[1] for t in values)
        print(f"{name:41} {med * 1000:7.1f} ms {min(t[0] for t in values) * 1000:7.1f} ms "
              f"{med / base_wall:6.2f}x {cpu / base_cpu:8.2f}x")
    if other is not None:
        print("\nthis checkout against the baseline, round by round (median of the ratios):")
        for name in digibord_commands(sys.executable):
            pairs = list(zip(times[name], times[f"baseline {name}"], strict=True))
            wall = statistics.median(a[0] / b[0] for a, b in pairs)
            cpu = statistics.median(a[1] / b[1] for a, b in pairs)
            print(f"  {name:32} wall {wall:5.3f}x  CPU {cpu:5.3f}x")
    rows, names = import_costs(sys.executable, env)
    print("\nimports of `digibord check` (cumulative, microseconds):")
    for cumulative, name in rows:
        print(f"  {cumulative:>8}  {name}")
    for heavy in ("pandas", "PySide6", "digibord.archive", "cryptography", "keyring"):
        print(f"  {heavy:18} {'IMPORTED' if heavy in names else 'not imported'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
