"""Turning a command-line argument into a borderel: a file path, or a month `YYYY-MM` from the
archive (with `--collectivity` where the archive holds several)."""

from __future__ import annotations

import re
from pathlib import Path

from digibord.formats.borderel import Borderel
from digibord.formats.reader import read_borderel

MONTH_ARG = re.compile(r"^\d{4}-\d{2}$")


def load_input(arg: str, collectivity: str | None = None, local_numbers: bool = False) -> Borderel:
    """The borderel named by `arg`. With `local_numbers`, werknemersnummers that the user filled
    in (kept in the archive) complete a file's blanks too, as the salary conversion needs; a month
    from the archive always has them."""
    path = Path(arg)
    if MONTH_ARG.match(arg) and not path.exists():
        from digibord.archive.lookup import load_month

        return load_month(arg, collectivity)
    borderel = read_borderel(path)
    if local_numbers:
        from digibord.archive import apply_local_employee_numbers

        borderel = apply_local_employee_numbers(borderel)
    return borderel
