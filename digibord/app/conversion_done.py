"""After an import file is written, the same for the window and the command line: the options
remembered for the collectivity's next conversion and check, the month-end step ticked off, and
what could not be kept, told once per reason."""

from __future__ import annotations

from digibord.app import month_end
from digibord.app.notices import merged
from digibord.app.remembered import ConversionSettings, remember_quietly
from digibord.app.salary import WrittenImport
from digibord.reconcile.salary import SalaryResult


def keep_conversion(written: WrittenImport, result: SalaryResult, profile: str,
                    settings: ConversionSettings, by: str = month_end.COMMAND_LINE) -> list[str]:
    """What to tell of a written import file beyond its being written: nothing when the
    conversion was recorded, its options remembered and the step ticked off; else a sentence
    for each reason (one failing archive: one sentence)."""
    return merged([
        written.problem,
        remember_quietly(result.collectivity_number, settings),
        month_end.converted(result, written.path, profile, by),
    ])
