"""A month `YYYY-MM` on the command line, taken from the archive (see commands/inputs.py)."""

from __future__ import annotations

from digibord.archive.errors import ArchiveError
from digibord.archive.store import open_archive
from digibord.formats.borderel import Borderel, parse_month_text
from digibord.i18n import tr


def parse_month(month_text: str) -> int:
    try:
        return parse_month_text(month_text)
    except ValueError:
        raise ArchiveError(tr("archive.month.invalid", text=month_text)) from None


def load_month(month_text: str, collectivity: str | None = None,
               sequence: int | None = None) -> Borderel:
    """The current borderel of that month (or volgnummer `sequence`), with the locally filled
    werknemersnummers. CommandRefused (ArchiveError) when the archive does not hold it, or holds
    the month for several collectivities and none is named: the message names the choices."""
    month = parse_month(month_text)
    archive = open_archive()
    if not archive.exists():
        raise ArchiveError(tr("archive.month.no_archive", month=month_text))
    number = archive.resolve_collectivity(collectivity, month)
    return archive.load(number, month, sequence)
