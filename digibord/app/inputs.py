"""Loading an input: a borderel file, or a month `YYYY-MM` kept in the archive."""

from __future__ import annotations

import re
from pathlib import Path

from digibord.archive import apply_local_employee_numbers, open_archive
from digibord.archive.lookup import load_month, parse_month
from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel, month_before, month_text
from digibord.formats.reader import read_borderel
from digibord.i18n import tr

MONTH_ARG = re.compile(r"^\d{4}-\d{2}$")
MONTH_RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")


def is_month(arg: str) -> bool:
    """`2026-03` names a month of the archive (unless a file of that name exists)."""
    return bool(MONTH_ARG.match(arg)) and not Path(arg).exists()


def load_borderel(arg: str, collectivity: str | None = None,
                  local_numbers: bool = False) -> Borderel:
    """The borderel named by `arg`: a file, or a month of the archive (`--collectivity` picks
    the collectivity where the archive holds several). With `local_numbers`, werknemersnummers
    the user filled in (kept in the archive) complete a file's blanks, as the salary conversion
    needs; a month from the archive always has them. InputRefused / CommandRefused say why
    not."""
    if is_month(arg):
        return load_month(arg, collectivity)
    borderel = read_borderel(Path(arg))
    return apply_local_employee_numbers(borderel) if local_numbers else borderel


def is_month_range(arg: str) -> bool:
    """`2026-01..2026-03`: every month of the archive from the one to the other (Correctiepremies
    over a range, as the window picks it), unless a file of that name exists."""
    return bool(MONTH_RANGE.match(arg)) and not Path(arg).exists()


def load_month_range(arg: str, collectivity: str | None = None) -> list[Borderel]:
    """The current borderel of each month the archive holds from the first month of `arg`
    (`2026-01..2026-03`) to the last, both ends included and required, of one collectivity
    (the first month's: `collectivity` picks it where the archive holds several)."""
    first_text, last_text = MONTH_RANGE.match(arg).groups()
    first = load_month(first_text, collectivity)
    if not first.header.prolongation_month < parse_month(last_text):
        raise CommandRefused(tr("reports.error.range_order", range=arg))
    number = first.header.collectivity_number
    last = load_month(last_text, number)
    archive = open_archive()
    between = [e.prolongation_month for e in archive.months(number)
               if first.header.prolongation_month < e.prolongation_month
               < last.header.prolongation_month]
    return [first, *(archive.load(number, month) for month in between), last]


def load_archived(collectivity: str, month: int, sequence: int | None = None) -> Borderel:
    """A month kept in the archive (decrypted and parsed in memory), with the locally filled
    werknemersnummers."""
    return open_archive().load(collectivity, month, sequence)


def previous_from_archive(borderel: Borderel) -> tuple[Borderel | None, str | None]:
    """The archive's current borderel of the month before, same collectivity: (borderel, None),
    (None, None) when there is no archive or no such month, or (None, why) when the archive
    holds it but cannot give it (a missing key, a changed record): the work goes on without."""
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
                  ) -> tuple[Borderel | None, str | None]:
    """The borderel before `borderel`: `arg` (a file or a month `YYYY-MM` of the archive, of the
    borderel's collectivity unless `collectivity` says otherwise), else the archive's month
    before (see previous_from_archive). Returns (borderel or None, a problem to tell or None)."""
    if arg:
        return load_borderel(arg, collectivity or borderel.header.collectivity_number,
                             local_numbers=True), None
    return previous_from_archive(borderel)
