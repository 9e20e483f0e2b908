"""What the pay periods, the lasting values and the rules of deduction cost on top of the plain
monthly salary conversion, over synthetic borderels of about 500 000 lines (parse excluded).

    PYTHONPATH=. python bench/bench_salary_periods.py [--employees 92000] [--repeat 5]

Prints, best of --repeat, each figure as a ratio against the baseline measured in the same
process (the machine is shared and noisy: absolute seconds say little, ratios do): the plain
monthly conversion without rules (baseline), the monthly conversion (with the rules of
deduction), a 4-week period, a conversion with the previous month (closing lines of lasting
values), the rules alone, and writing the file of each profile (against writing the generic
csv)."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

import checkout  # noqa: F401  (beside this script: devtools/ on sys.path, the byte-code)
from timing import best_time as best  # beside this script

from devtools.synth import generate_series
from digibord.export.payroll_files import write_payroll_import
from digibord.formats.profiles import load_profile, with_settings
from digibord.reconcile import salary as salary_module
from digibord.reconcile.deduction_rules import borderel_rule_issues
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary


def profiles():
    """The built-in profiles, required settings filled (Exact Online left out: the synthetic
    werknemersnummers have letters)."""
    out = {}
    for name in ("csv", "afas", "afas-mutaties", "loket", "nmbrs", "raet-dpia100"):
        p = load_profile(name)
        values = {k: "X1" for k in p.required}
        out[name] = with_settings(p, values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=92000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    feb, mar = generate_series([202602, 202603], args.employees, seed=20260301,
                               missing_employee_numbers=0, bsn_problems=False)
    print(f"generated 2 borderels in {time.perf_counter() - start:.1f} s: "
          f"{len(feb.lines):,} and {len(mar.lines):,} lines, {len(mar.insured):,} insured")
    options = SalaryOptions(amount_cent=2500)
    december = replace_month(mar, 202612)
    with mock.patch.object(salary_module, "borderel_rule_issues", lambda b: []):
        base = best(lambda: compute_salary(mar, options), args.repeat)
    figures = {
        "monthly, with the rules of deduction": best(lambda: compute_salary(mar, options),
                                                     args.repeat),
        "4-week period 4": best(lambda: compute_salary(
            mar, replace(options, period=PayPeriod.FOUR_WEEKS)), args.repeat),
        "period 13 (the remainder)": best(lambda: compute_salary(
            december, replace(options, period=PayPeriod.FOUR_WEEKS)), args.repeat),
        "with the previous month (closing lines)": best(
            lambda: compute_salary(mar, options, feb), args.repeat),
        "the rules alone": best(lambda: borderel_rule_issues(mar), args.repeat),
    }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"baseline: monthly conversion without rules {base:.3f} s = 1.00")
    for what, seconds in figures.items():
        print(f"  {what:45s} {seconds / base:5.2f} x baseline")
    result = compute_salary(mar, options, feb)
    with tempfile.TemporaryDirectory() as folder:
        written = {}
        for name, profile in profiles().items():
            def write(profile=profile, name=name):
                target = Path(folder) / f"{name}{profile.settings['extension']}"
                write_payroll_import(result, profile, target, overwrite=True)
            written[name] = best(write, max(1, args.repeat // 2))
    csv = written["csv"]
    print(f"writing: generic csv {csv:.3f} s = 1.00 ({len(result.rows):,} employees)")
    for name, seconds in written.items():
        print(f"  {name:45s} {seconds / csv:5.2f} x csv")


def replace_month(borderel, month: int):
    """The borderel as if it were of `month` (a header change only: the P lines keep their own
    premiemaand, which the conversion does not look at)."""
    header = replace(borderel.header, prolongation_month=month)
    return replace(borderel, header=header)


if __name__ == "__main__":
    main()
