"""The former name of digibord.formats.payroll_journal, kept so that callers of the old names
(`read_payroll_export`, `payroll_headings`, `match_key`, `PayrollExportRefused`) keep working
until they move; new code imports payroll_journal."""

from __future__ import annotations

from digibord.formats.payroll_journal import (
    JournalRefused,
    PayrollJournal,
    match_key,
    payroll_headings,
    read_payroll_export,
)

PayrollExportRefused = JournalRefused
PayrollExport = PayrollJournal

__all__ = ["PayrollExport", "PayrollExportRefused", "match_key", "payroll_headings",
           "read_payroll_export"]
