"""Speed of the reports of reports.md sections 2-4 over two parsed borderels of about 500 000
lines, each against a plain baseline doing the same join or the same sums:

    python bench/bench_reconcile.py [--employees 92000] [--repeat 7] [--against main]

The two months are simulated by devtools.synth, written as .dat files (cached in bench/.cache/)
and read by the reader, so the frames are the reader's, with its string storage. Timed in
--repeat interleaved rounds (each round runs every report and every baseline once, in turn, so
a burst of load on the shared machine hits them alike), wall clock; printed are the medians,
and each ratio as the median of the rounds' ratios (the baselines' polars runs on both cores):
- compute_diff (the full DiffResult: matching, statuses, person data, grouping, subtotals, the
  checks against the 90 records) against a polars full join of the P lines on (relatienummer,
  productcode), and against a pandas outer merge of the same;
- compute_corrections against a group-by of the C lines' gross, discount and net per employee
  (relatienummer of the hoofdverzekerde, found by a join with the insured), polars and pandas;
- compute_salary (12,5 % bijdrage) against a group-by of the P and the C lines' net per
  employee, polars and pandas.
The baselines get their input as ready frames (polars frames converted beforehand, untimed);
they do less than the reports (no person or product data, no order, no subtotals, no checks,
no warnings), which the target (each report within 1.5x its polars baseline) does not allow
for. Printed also: the reports' CPU time (one thread, less sensitive to load), pandas' version
and string storage, whether pyarrow is installed (run it with and without: the storage must
not change with it; `--string-storage pyarrow` measures the storage the program does not
choose) and whether each target is met.
With --against X (X: another checkout's folder, or a git revision of this repository, e.g. main,
extracted with `git archive` into a temporary folder), X's three reports run in the same rounds
(its digibord/ imported as modules of their own), and the ratios this checkout / X are printed:
before -> after in one run.
polars and pyarrow come from the `bench` extra (pip install -e '.[bench]')."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import statistics
import sys
from pathlib import Path

import checkout  # the checkout on sys.path: devtools/
import pandas as pd
from timing import interleaved  # beside this script

from devtools.synth import generate_series
from digibord.formats.reader import parse_borderel
from digibord.formats.writer import write_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.salary import SalaryOptions, compute_salary

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20260301
KEYS = ["relation_number", "product_code"]


TARGET = 1.5  # each report within this multiple of its polars baseline (issue 16)


def months(employees: int):
    paths = [CACHE / f"reconcile_{employees}_{m}.dat" for m in (202602, 202603)]
    if not all(p.exists() for p in paths):
        CACHE.mkdir(exist_ok=True)
        series = generate_series([202602, 202603], employees, seed=SEED,
                                 missing_employee_numbers=0, bsn_problems=False)
        for path, b in zip(paths, series, strict=True):
            path.write_bytes(write_borderel(b))
    return [parse_borderel(p.read_bytes(), str(p)).borderel for p in paths]


def _ours(name: str) -> bool:
    return name == "digibord" or name.startswith("digibord.")


def reports_of(root: Path):
    """compute_diff, compute_corrections, compute_salary and SalaryOptions of the checkout
    `root`: its digibord/ imported there, this checkout's modules put back afterwards (each
    function keeps its own checkout's modules)."""
    folder = str(root)
    saved = {name: module for name, module in sys.modules.items() if _ours(name)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, folder)
    try:
        diff = importlib.import_module("digibord.reconcile.diff")
        corrections = importlib.import_module("digibord.reconcile.corrections")
        salary = importlib.import_module("digibord.reconcile.salary")
        assert diff.__file__.startswith(folder), diff.__file__
    finally:
        sys.path.remove(folder)
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
    return (diff.compute_diff, corrections.compute_corrections, salary.compute_salary,
            salary.SalaryOptions)


def pandas_merge(van, tot) -> pd.DataFrame:
    cols = [*KEYS, "net_cent"]
    a = van.lines.loc[van.lines["line_kind"] == "P", cols]
    b = tot.lines.loc[tot.lines["line_kind"] == "P", cols]
    return a.merge(b, on=KEYS, how="outer", indicator=True)


def pandas_corrections(b) -> pd.DataFrame:
    c = b.lines[b.lines["line_kind"] == "C"]
    c = c.merge(b.insured[["relation_number", "policyholder"]], on="relation_number")
    c = c.assign(discount_cent=c["collective_discount_cent"] + c["other_discount_cent"])
    return c.groupby("policyholder")[["gross_cent", "discount_cent", "net_cent"]].sum()


def pandas_salary(b) -> pd.DataFrame:
    lines = b.lines.merge(b.insured[["relation_number", "policyholder"]], on="relation_number")
    return lines.groupby(["policyholder", "line_kind"])["net_cent"].sum().unstack(fill_value=0)


def polars_baselines(van, tot):
    import polars as pl

    cols = [*KEYS, "net_cent"]

    def frame(df):  # without pyarrow: numbers as arrays, text as lists
        return pl.DataFrame({c: df[c].to_numpy() if df[c].dtype.kind in "iu" else df[c].tolist()
                             for c in df.columns})

    a = frame(van.lines.loc[van.lines["line_kind"] == "P", cols])
    b = frame(tot.lines.loc[tot.lines["line_kind"] == "P", cols])
    lines = frame(tot.lines[["relation_number", "line_kind", "gross_cent",
                             "collective_discount_cent", "other_discount_cent", "net_cent"]])
    people = frame(tot.insured[["relation_number", "policyholder"]])

    def join():
        return a.join(b, on=KEYS, how="full", coalesce=True)

    def corrections():
        c = lines.filter(pl.col("line_kind") == "C").join(people, on="relation_number")
        return c.group_by("policyholder").agg(
            pl.col("gross_cent").sum(),
            (pl.col("collective_discount_cent") + pl.col("other_discount_cent")).sum(),
            pl.col("net_cent").sum(),
        )

    def salary():
        x = lines.join(people, on="relation_number")
        p = pl.col("line_kind") == "P"
        return x.group_by("policyholder").agg(
            pl.col("net_cent").filter(p).sum().alias("premium"),
            pl.col("net_cent").filter(~p).sum().alias("correction"),
        )

    return join, corrections, salary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=92000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--string-storage", choices=["python", "pyarrow"],
                        help="override the program's choice (to measure the other one)")
    parser.add_argument("--against", metavar="CHECKOUT|REV",
                        help="also time this checkout's reports in the same rounds (a folder, "
                        "or a git revision)")
    args = parser.parse_args()
    with checkout.other_checkout(args.against) as other:
        measure(args, other)


def measure(args: argparse.Namespace, other: Path | None) -> None:
    if args.string_storage:
        pd.set_option("mode.string_storage", args.string_storage)
    van, tot = months(args.employees)
    storage = tot.insured["name"].dtype  # a text column (line kind, code, role: categorical)
    print(f"pandas {pd.__version__}, text columns {storage} "
          f"(storage {getattr(storage, 'storage', 'object')}); pyarrow "
          f"{'installed' if importlib.util.find_spec('pyarrow') else 'not installed'}; "
          f"{len(van.lines):,} and {len(tot.lines):,} lines; load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.repeat} interleaved rounds")
    options = SalaryOptions(percent_bp=1250)
    fns = {
        "compute_diff": lambda: compute_diff(van, tot),
        "compute_corrections": lambda: compute_corrections([tot]),
        "compute_salary": lambda: compute_salary(tot, options),
        "pandas outer merge": lambda: pandas_merge(van, tot),
        "pandas group-by (corrections)": lambda: pandas_corrections(tot),
        "pandas group-by (salary)": lambda: pandas_salary(tot),
    }
    if importlib.util.find_spec("polars"):
        join, corrections, salary = polars_baselines(van, tot)
        fns["polars full join"] = join
        fns["polars group-by (corrections)"] = corrections
        fns["polars group-by (salary)"] = salary
    else:
        print("polars is not installed: pip install -e '.[bench]' for its baselines",
              file=sys.stderr)
    if other is not None:
        old_diff, old_corrections, old_salary, old_options = reports_of(other)
        old = old_options(percent_bp=1250)
        fns[f"{args.against}: compute_diff"] = lambda: old_diff(van, tot)
        fns[f"{args.against}: compute_corrections"] = lambda: old_corrections([tot])
        fns[f"{args.against}: compute_salary"] = lambda: old_salary(tot, old)
    for fn in fns.values():  # warm-up
        fn()
    wall, cpu = interleaved(fns, args.repeat)
    for name in fns:
        print(f"  {name:<32} {statistics.median(wall[name]):7.3f} s wall, "
              f"{statistics.median(cpu[name]):7.3f} s CPU")
    print(f"ratios (report / baseline, median of the rounds' ratios; target {TARGET}x polars):")
    pairs = [
        ("compute_diff", ("polars full join", "pandas outer merge")),
        ("compute_corrections", ("polars group-by (corrections)",
                                 "pandas group-by (corrections)")),
        ("compute_salary", ("polars group-by (salary)", "pandas group-by (salary)")),
    ]
    if args.against:  # the same ratios of the checkout compared with
        pairs += [(f"{args.against}: {report}", baselines) for report, baselines in pairs]
    for report, baselines in pairs:
        ratios = {b: statistics.median(r / x for r, x in zip(wall[report], wall[b], strict=True))
                  for b in baselines if b in wall}
        parts = [f"{ratio:.2f}x {b}" for b, ratio in ratios.items()]
        verdict = ""
        if baselines[0] in ratios:
            met = ratios[baselines[0]] <= TARGET
            verdict = f"  -> target {'met' if met else 'NOT met'}"
        print(f"  {report:<20} " + ", ".join(parts) + verdict)
    if args.against:
        print(f"this checkout / {args.against} (median of the rounds' ratios):")
        for report in ("compute_diff", "compute_corrections", "compute_salary"):
            before = f"{args.against}: {report}"
            ratio = statistics.median(r / x for r, x in zip(wall[report], wall[before],
                                                            strict=True))
            cpu_ratio = statistics.median(r / x for r, x in zip(cpu[report], cpu[before],
                                                                strict=True))
            print(f"  {report:<20} {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU")
    print(f"load {os.getloadavg()[0]:.1f} after the run")


if __name__ == "__main__":
    main()
