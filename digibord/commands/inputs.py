"""Turning a command-line argument into a borderel: a file path, or a month `YYYY-MM` from the
archive (with `--collectivity` where the archive holds several); and the borderel before one,
for the salary check's `vorige_maand` explanation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from digibord.archive import apply_local_employee_numbers, open_archive
from digibord.archive.lookup import load_month
from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel, month_text
from digibord.formats.reader import read_borderel
from digibord.i18n import tr

MONTH_ARG = re.compile(r"^\d{4}-\d{2}$")


def load_input(arg: str, collectivity: str | None = None, local_numbers: bool = False) -> Borderel:
    """The borderel named by `arg`. With `local_numbers`, werknemersnummers that the user filled
    in (kept in the archive) complete a file's blanks too, as the salary conversion needs; a month
    from the archive always has them."""
    path = Path(arg)
    if MONTH_ARG.match(arg) and not path.exists():
        return load_month(arg, collectivity)
    borderel = read_borderel(path)
    if local_numbers:
        borderel = apply_local_employee_numbers(borderel)
    return borderel


def month_before(month: int) -> int:
    """202601 -> 202512."""
    year, mon = divmod(month, 100)
    return (year - 1) * 100 + 12 if mon == 1 else month - 1


def previous_from_archive(borderel: Borderel) -> tuple[Borderel | None, str | None]:
    """The archive's current borderel of the month before, same collectivity: (borderel, None),
    (None, None) when there is no archive or no such month, or (None, why) when the archive
    holds it but cannot give it (a missing key, a changed record): the check goes on without."""
    number = borderel.header.collectivity_number
    month = month_before(borderel.header.prolongation_month)
    try:
        archive = open_archive()
        if not archive.exists():
            return None, None
        if not any(e.prolongation_month == month for e in archive.months(number)):
            return None, None
        return archive.load(number, month), None
    except (CommandRefused, OSError) as exc:
        return None, tr("payroll.warning.previous_archive", month=month_text(month),
                        reason=str(exc))


def load_previous(arg: str | None, borderel: Borderel, collectivity: str | None = None
                  ) -> Borderel | None:
    """`--previous`: a file or a month `YYYY-MM` of the archive (of the borderel's collectivity
    unless --collectivity says otherwise); not given: previous_from_archive, whose problem, if
    any, is told on standard error."""
    if arg:
        return load_input(arg, collectivity or borderel.header.collectivity_number,
                          local_numbers=True)
    previous, problem = previous_from_archive(borderel)
    if problem:
        sys.stderr.write(problem + "\n")
    return previous
