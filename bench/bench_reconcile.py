"""Speed of the reports of reports.md sections 2-4 over synthetic borderels of about 500 000
lines (parsing excluded: the borderels are generated in memory by devtools.synth).

    python bench/bench_reconcile.py [--employees 92000] [--repeat 5]

Prints, best of --repeat (wall time, and the CPU time of that run): the diff of two months
(the full DiffResult: matching, statuses, person data, grouping, subtotals, the checks against
the 90 records; rendering not included), a plain pandas outer merge of the P lines for
comparison (the join alone), the salary conversion and the corrections report.
Targets: diff <= 0.5 s, salary <= 0.5 s."""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from devtools.synth import generate_series
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.salary import SalaryOptions, compute_salary


def best(fn, repeat: int) -> float:
    """Best wall time; the process CPU time of that best run is kept in CPU_TIMES (on a busy
    machine the wall time includes waiting for a core)."""
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, cpu = min(times)
    CPU_TIMES.append(cpu)
    return wall


CPU_TIMES: list[float] = []


def plain_merge(van, tot) -> pd.DataFrame:
    """What the diff replaces: an outer merge of the P lines on (relatienummer, productcode)."""
    cols = ["relation_number", "product_code", "net_cent"]
    a = van.lines.loc[van.lines["line_kind"] == "P", cols]
    b = tot.lines.loc[tot.lines["line_kind"] == "P", cols]
    return a.merge(b, on=["relation_number", "product_code"], how="outer", indicator=True)


def plain_pandas_diff(van, tot) -> pd.DataFrame:
    """The same result the straightforward pandas way: outer merge, person data merged in, a
    sort by werknemersnummer/relatienummer/product and per-employee subtotals."""
    both = plain_merge(van, tot)
    both["net_from"] = both["net_cent_x"].fillna(0).astype("int64")
    both["net_to"] = both["net_cent_y"].fillna(0).astype("int64")
    both["difference"] = both["net_to"] - both["net_from"]
    people = pd.concat([tot.insured, van.insured]).drop_duplicates("relation_number")
    holders = people.loc[people["role"] == "H", ["relation_number", "employee_number", "name"]]
    people = people[["relation_number", "policyholder", "name", "role"]].merge(
        holders.rename(columns={"relation_number": "policyholder", "name": "employee_name"}),
        on="policyholder", how="left")
    rows = both.merge(people, on="relation_number", how="left")
    rows = rows.sort_values(["employee_number", "policyholder", "relation_number",
                             "product_code"])
    rows.groupby("policyholder", sort=False)["difference"].sum()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=92000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    van, tot = generate_series([202602, 202603], args.employees, seed=20260301,
                               missing_employee_numbers=0, bsn_problems=False)
    print(f"generated 2 borderels in {time.perf_counter() - start:.1f} s: "
          f"{len(van.lines):,} and {len(tot.lines):,} lines, {len(tot.insured):,} insured")
    diff = best(lambda: compute_diff(van, tot), args.repeat)
    merge = best(lambda: plain_merge(van, tot), args.repeat)
    pandas_full = best(lambda: plain_pandas_diff(van, tot), args.repeat)
    options = SalaryOptions(percent_bp=1250)
    salary = best(lambda: compute_salary(tot, options), args.repeat)
    salary_amount = best(lambda: compute_salary(tot, SalaryOptions(amount_cent=2500)),
                         args.repeat)
    corrections = best(lambda: compute_corrections([tot]), args.repeat)
    r = compute_diff(van, tot)
    cpu = dict(zip(("diff", "merge", "pandas", "salary", "amount", "corrections"), CPU_TIMES,
                   strict=True))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; wall (cpu)")
    print(f"diff (full result, {len(r.rows):,} pairs) {diff:7.3f} s ({cpu['diff']:.3f})"
          "   target <= 0.500 s")
    print(f"plain pandas outer merge, join only  {merge:7.3f} s ({cpu['merge']:.3f})")
    print(f"plain pandas full diff (same rows)   {pandas_full:7.3f} s ({cpu['pandas']:.3f})")
    print(f"salary, 12,5 %                       {salary:7.3f} s ({cpu['salary']:.3f})"
          "   target <= 0.500 s")
    print(f"salary, fixed amount                 {salary_amount:7.3f} s ({cpu['amount']:.3f})"
          "   target <= 0.500 s")
    print(f"corrections ({len(compute_corrections([tot]).rows):,} lines)"
          f"            {corrections:7.3f} s ({cpu['corrections']:.3f})")


if __name__ == "__main__":
    main()
