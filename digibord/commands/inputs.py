"""Turning a command-line argument into a borderel: a file path, or a month `YYYY-MM` from the
archive (with `--collectivity` where the archive holds several)."""

from __future__ import annotations

import re
from pathlib import Path

from digibord.formats.borderel import Borderel
from digibord.formats.reader import read_borderel

MONTH_ARG = re.compile(r"^\d{4}-\d{2}$")


def load_input(arg: str, collectivity: str | None = None) -> Borderel:
    path = Path(arg)
    if MONTH_ARG.match(arg) and not path.exists():
        from digibord.archive.lookup import load_month

        return load_month(arg, collectivity)
    return read_borderel(path)
