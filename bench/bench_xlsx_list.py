"""`digibord list FILE --xlsx OUT` (and `--csv`, `--json`) of a 500 000-line borderel: this
checkout against another checkout (default the revision `main`), whole processes, same run:

    python bench/bench_xlsx_list.py [--employees 92000] [--against main] [--runs 3]
                                    [--formats xlsx,csv,json]

The borderel is bench_reconcile's later month (devtools.synth, cached in bench/.cache/; with
92 000 employees 772 292 lines: 268 250 insured, 504 033 P and C lines). The baseline is the
other checkout's whole package: `--against X`, X its folder or a git revision of this
repository (extracted with `git archive` into a temporary folder), so a change anywhere
(reader, reports, writer) is measured; both checkouts' byte-code is written first, as
installed. Each run is a fresh process
`python -c "...main(['list', FILE, '--xlsx', OUT, '--force'])"` with the package it measures
first on PYTHONPATH. Runs alternate new, old, new, old ... after one warm-up pair, per format.
Clock: spawn to exit (reading, the list, the file); CPU: user + system of the child; memory:
the child's peak RSS (wait4). Printed per format: medians, the medians of the pair-by-pair
ratios new / old, and whether the two outputs are the same (a workbook part by part, its
creation time aside; CSV and JSON byte for byte).

`--stages` instead prints where this checkout's peak is: one process reading, listing, making
the compact tables and writing the workbook, with the resident memory after each stage and
the peak within it (Linux: the peak is reset between stages through /proc/self/clear_refs)."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import checkout  # beside this script: the byte-code written, as installed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = ("import sys; from digibord.cli import main; "
         "sys.exit(main(['list', sys.argv[1], *sys.argv[2:]]))")
_CREATED = re.compile(rb"<v>\d{5}\.\d+</v>")  # the Info sheet's 'Gemaakt op'
STAGES = """
import sys, time
def memory():
    with open("/proc/self/status") as f:
        d = dict(line.split(":", 1) for line in f)
    return int(d["VmRSS"].split()[0]) // 1024, int(d["VmHWM"].split()[0]) // 1024
def stage(name, work):
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak (VmHWM) starts again from here
    t = time.process_time()
    out = work()
    now, peak = memory()
    print(f"  {name:<30} {time.process_time() - t:5.2f} s CPU  peak {peak:5} MB  after {now:5} MB")
    return out
from digibord.app.inputs import load_borderel
from digibord.app.reports import insured_report
from digibord.export.xlsx import write_xlsx
from digibord.reports.build import report_tables
print(f"  {'imports':<30} {'':14} {'':4}  after {memory()[0]:5} MB")
b = stage("read_borderel", lambda: load_borderel(sys.argv[1]))
r = stage("insured_list", lambda: insured_report(b))
t = stage("report_tables(compact=True)", lambda: report_tables(r, "nl", compact=True))
stage("write_xlsx", lambda: write_xlsx(t, sys.argv[2]))
"""


def run(package: Path, args: list[str], stdout: Path, home: Path) -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(package), "DIGIBORD_HOME": str(home)}
    start = time.perf_counter()
    with stdout.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=out,
                                stderr=subprocess.PIPE, cwd=package, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code:
        sys.exit(f"{args}: exit {code}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def workbook_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: _CREATED.sub(b"", zf.read(n)) for n in zf.namelist()
                if n != "docProps/core.xml"}


def same_output(fmt: str, a: Path, b: Path) -> bool:
    if fmt == "xlsx":
        return workbook_parts(a) == workbook_parts(b)
    return a.read_bytes() == b.read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employees", type=int, default=92000)
    ap.add_argument("--against", metavar="CHECKOUT|REV", default="main",
                    help="the other checkout, a folder or a git revision (default: main)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--formats", default="xlsx,csv,json")
    ap.add_argument("--stages", action="store_true")
    args = ap.parse_args()
    path = HERE / ".cache" / f"reconcile_{args.employees}_202603.dat"
    if not path.exists():  # generated in a child, so this driver stays small
        subprocess.run([sys.executable, "-c", "import bench_reconcile as b; "
                        f"b.months({args.employees})"], cwd=HERE, check=True)
    if args.stages:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"list {path.name} --xlsx in stages (this checkout; load "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
            subprocess.run([sys.executable, "-c", STAGES, str(path), str(Path(tmp) / "o.xlsx")],
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                          "DIGIBORD_HOME": tmp}, check=True)
        return
    med = statistics.median
    with checkout.other_checkout(args.against) as old_pkg, \
            tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        packages = {"new": ROOT, "old": old_pkg}
        print(f"list {path.name}; baseline {args.against} (whole package); load "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} pairs, medians")
        for fmt in args.formats.split(","):
            out = {w: tmp / f"{w}.{fmt}" for w in packages}
            stdout = {w: tmp / f"{w}.{fmt}.stdout" for w in packages}

            cmd = {w: [str(path), *(["--json"] if fmt == "json"
                                     else [f"--{fmt}", str(out[w]), "--force"])]
                   for w in packages}
            pairs = []
            for i in range(1 + args.runs):
                new, old = (run(packages[w], cmd[w], stdout[w], tmp / "home")
                            for w in ("new", "old"))
                if i:
                    pairs.append((new, old))
            result = {w: (stdout[w] if fmt == "json" else out[w]) for w in packages}
            same = same_output(fmt, result["new"], result["old"])
            sizes = {w: os.path.getsize(result[w]) / 2**20 for w in packages}
            print(f" --{fmt} (load now {os.getloadavg()[0]:.1f}; outputs "
                  f"{'the same' if same else 'DIFFERENT'})")
            for j, w in enumerate(packages):
                print(f"  {w:<4} {med(p[j][0] for p in pairs):6.2f} s wall "
                      f"{med(p[j][1] for p in pairs):6.2f} s CPU "
                      f"{med(p[j][2] for p in pairs):6.0f} MB peak  file {sizes[w]:.1f} MB")
            print(f"  new / old: {med(p[0][0] / p[1][0] for p in pairs):.2f}x wall, "
                  f"{med(p[0][1] / p[1][1] for p in pairs):.2f}x CPU, "
                  f"{med(p[0][2] / p[1][2] for p in pairs):.2f}x peak memory", flush=True)


if __name__ == "__main__":
    main()
