"""One name for "a computed result a report renders" (digibord/reconcile), for signatures.

The registry finds a result's presentation by its type's name, so the reports never import
the computations at run time; the names below exist for readers and type checkers only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, Union

if TYPE_CHECKING:
    from digibord.reconcile.archive_listing import ArchiveListing
    from digibord.reconcile.corrections import CorrectionsResult
    from digibord.reconcile.diff import DiffResult
    from digibord.reconcile.history import PersonHistory
    from digibord.reconcile.insured_list import InsuredList
    from digibord.reconcile.payroll_check import PayrollCheckResult
    from digibord.reconcile.salary import SalaryResult
    from digibord.reconcile.trend import TrendOverview, TrendResult

ReportResult: TypeAlias = Union[  # names, not classes, at run time
    "ArchiveListing", "CorrectionsResult", "DiffResult", "PersonHistory", "InsuredList",
    "PayrollCheckResult", "SalaryResult", "TrendOverview", "TrendResult"]

__all__ = ["ReportResult"]
