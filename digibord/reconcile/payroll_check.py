"""Salary check (reports.md section 5): per werknemersnummer what the borderel says payroll
should withhold (premie + correctie − bijdrage, as the salary conversion computes it) against
what the payroll export says was withheld."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.formats.payroll_export import PayrollExport, match_key
from digibord.reconcile.common import BorderelRef
from digibord.reconcile.salary import SalaryOptions, SalaryResult

OK = "akkoord"
DIFFERENT = "verschil"
BORDEREL_ONLY = "alleen borderel"
PAYROLL_ONLY = "alleen salaris"
STATUSES = (OK, DIFFERENT, BORDEREL_ONLY, PAYROLL_ONLY)


@dataclass(frozen=True, eq=False)
class PayrollCheckResult:
    """The borderel against a payroll export.

    `rows`: one row per werknemersnummer found on either side, ordered by werknemersnummer:
        employee_number str (as the borderel writes it; as the export does for payroll-only),
        employee_name str ('' when only in the export), expected_cent int64 (premie +
        correctie − bijdrage of section 4, 0 when the borderel has no row), withheld_cent
        int64 (summed over the export's rows of that employee, 0 when absent),
        difference_cent int64 (withheld − expected: positive = withheld too much),
        status str (`akkoord`, `verschil`, `alleen borderel`, `alleen salaris`).
    Numbers are matched ignoring case, surrounding spaces and, for all-digit numbers, leading
    zeros (spreadsheets drop them). An employee on both sides whose amounts agree is
    `akkoord`, on both sides with different amounts `verschil`; an employee on one side only is
    `alleen borderel` / `alleen salaris`, whatever the amount.
    `not_converted`: the salary conversion's employees without werknemersnummer (cannot be
        matched), as SalaryResult.not_converted.
    `salary`: the conversion the expected amounts come from.
    `total_*_cent`: sums over rows; `status_counts` per status in STATUSES order."""

    borderel: BorderelRef
    payroll_source: str
    employee_column: str
    amount_column: str
    options: SalaryOptions
    salary: SalaryResult
    rows: pd.DataFrame
    not_converted: pd.DataFrame
    total_expected_cent: int
    total_withheld_cent: int
    total_difference_cent: int
    status_counts: tuple[tuple[str, int], ...]

    @property
    def collectivity_number(self) -> str:
        return self.borderel.collectivity_number

    @property
    def collectivity_name(self) -> str:
        return self.borderel.collectivity_name


def compute_payroll_check(salary: SalaryResult, payroll: PayrollExport) -> PayrollCheckResult:
    from digibord.errors import CommandRefused
    from digibord.i18n import tr

    s = salary.rows
    b_key = match_key(s["employee_number"].to_numpy(dtype=object))
    uniq, counts = np.unique(b_key, return_counts=True)
    if (counts > 1).any():
        raise CommandRefused(tr("payroll.error.ambiguous_numbers", source=salary.borderel.source,
                                numbers=", ".join(uniq[counts > 1].tolist())))
    left = pd.DataFrame({
        "key": b_key,
        "employee_number": s["employee_number"].to_numpy(dtype=object),
        "employee_name": s["employee_name"].to_numpy(dtype=object),
        "expected_cent": s["deduction_cent"].to_numpy(dtype=np.int64),
    })
    right = pd.DataFrame({
        "key": payroll.amounts["key"].to_numpy(dtype=object),
        "payroll_number": payroll.amounts["employee_number"].to_numpy(dtype=object),
        "withheld_cent": payroll.amounts["withheld_cent"].to_numpy(dtype=np.int64),
    })
    both = left.merge(right, on="key", how="outer", indicator=True)
    in_b = both["_merge"].to_numpy(dtype=object) != "right_only"
    in_p = both["_merge"].to_numpy(dtype=object) != "left_only"
    expected = np.where(in_b, both["expected_cent"].fillna(0).to_numpy(), 0).astype(np.int64)
    withheld = np.where(in_p, both["withheld_cent"].fillna(0).to_numpy(), 0).astype(np.int64)
    number = np.where(in_b, both["employee_number"].to_numpy(dtype=object),
                      both["payroll_number"].to_numpy(dtype=object))
    name = np.where(in_b, both["employee_name"].to_numpy(dtype=object), "")
    diff = withheld - expected
    # presence first, as the statuses' names say; the amounts decide only when both have a row
    status = np.where(in_b & in_p, np.where(diff == 0, OK, DIFFERENT),
                      np.where(in_b, BORDEREL_ONLY, PAYROLL_ONLY)).astype(object)
    order = np.argsort(number.astype(str), kind="stable")
    rows = pd.DataFrame({
        "employee_number": number[order].astype(object),
        "employee_name": name[order].astype(object),
        "expected_cent": expected[order],
        "withheld_cent": withheld[order],
        "difference_cent": diff[order],
        "status": status[order],
    })
    counts = rows["status"].value_counts()
    return PayrollCheckResult(
        borderel=salary.borderel,
        payroll_source=payroll.source,
        employee_column=payroll.employee_column,
        amount_column=payroll.amount_column,
        options=salary.options,
        salary=salary,
        rows=rows,
        not_converted=salary.not_converted,
        total_expected_cent=int(expected.sum()),
        total_withheld_cent=int(withheld.sum()),
        total_difference_cent=int(diff.sum()),
        status_counts=tuple((st, int(counts.get(st, 0))) for st in STATUSES),
    )
