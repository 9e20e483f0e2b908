"""Salaris controleren (docs/reports.md section 5) as a use case: the payroll export read, the
borderel converted with the same options, the two compared."""

from __future__ import annotations

from pathlib import Path

from digibord.app.salary import convert_salary
from digibord.formats.borderel import Borderel
from digibord.formats.payroll_export import payroll_headings, read_payroll_export
from digibord.reconcile.payroll_check import PayrollCheckResult, compute_payroll_check
from digibord.reconcile.salary import SalaryOptions

__all__ = ["check_payroll", "payroll_headings"]


def check_payroll(borderel: Borderel, payroll: str | Path, options: SalaryOptions,
                  employee_column: str | None = None,
                  amount_column: str | None = None) -> PayrollCheckResult:
    export = read_payroll_export(payroll, employee_column, amount_column)
    return compute_payroll_check(convert_salary(borderel, options), export)
