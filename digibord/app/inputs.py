"""Loading an input: a borderel file, or a month `YYYY-MM` kept in the archive."""

from __future__ import annotations

import re
from pathlib import Path

from digibord.archive import apply_local_employee_numbers, open_archive
from digibord.archive.lookup import load_month
from digibord.formats.borderel import Borderel
from digibord.formats.reader import read_borderel

MONTH_ARG = re.compile(r"^\d{4}-\d{2}$")


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


def load_archived(collectivity: str, month: int, sequence: int | None = None) -> Borderel:
    """A month kept in the archive (decrypted and parsed in memory), with the locally filled
    werknemersnummers."""
    return open_archive().load(collectivity, month, sequence)
