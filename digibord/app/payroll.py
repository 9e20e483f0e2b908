"""Salaris controleren (docs/reports.md section 5) as a use case: the payroll journal read with
the profile's component codes, the borderel converted with the same options, the two compared,
with the month before for the `vorige_maand` explanation."""

from __future__ import annotations

from pathlib import Path

from digibord.archive import apply_local_employee_numbers
from digibord.formats.borderel import Borderel
from digibord.formats.payroll_journal import (
    ComponentCodes,
    JournalPick,
    JournalPreview,
    PayrollJournal,
    column_pick,
    payroll_headings,
    preview_journal,
    read_journal,
)
from digibord.formats.profiles import load_profile
from digibord.reconcile.payroll_check import PayrollCheckResult, compute_payroll_check
from digibord.reconcile.salary import SalaryOptions

__all__ = ["check_payroll", "column_pick", "journal_codes", "payroll_headings",
           "preview", "read"]


def journal_codes(profile: str) -> ComponentCodes:
    """The pay component codes payroll uses, from the profile (refused when it is bad)."""
    return ComponentCodes.of_profile(load_profile(profile))


def read(path: str | Path, profile: str = "csv", pick: JournalPick | None = None
         ) -> PayrollJournal:
    return read_journal(path, journal_codes(profile), pick)


def preview(path: str | Path, profile: str = "csv", pick: JournalPick | None = None,
            rows: int = 30) -> JournalPreview:
    """The first rows of a journal with what was recognised (the window's preview)."""
    return preview_journal(path, journal_codes(profile), pick, rows)


def check_payroll(borderel: Borderel, journal: PayrollJournal | str | Path,
                  options: SalaryOptions, profile: str = "csv",
                  previous: Borderel | None = None, pick: JournalPick | None = None,
                  local_numbers: bool = True) -> PayrollCheckResult:
    """The check of one borderel against a journal (read here when a path is given), with the
    werknemersnummers the user filled in; `previous` for the `vorige_maand` explanation."""
    if not isinstance(journal, PayrollJournal):
        journal = read(journal, profile, pick)
    if local_numbers:
        borderel = apply_local_employee_numbers(borderel)
    return compute_payroll_check(borderel, journal, options, profile=load_profile(profile).name,
                                 previous=previous)
