"""Argument types the commands share: what argparse can refuse itself is a wrong command line
(exit 2, with the usage), never a refused input found after work has begun (exit 1)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.errors import UsageRefused
from digibord.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from digibord.reports.spec import Presentation


def output_path(text: str) -> str:
    """An output file's path: an empty one (`--csv ""`, an unset `$OUT` in a script) would
    otherwise be taken as no output at all, and nothing written with exit 0."""
    if not text.strip():
        raise argparse.ArgumentTypeError(tr("cli.error.empty_path"))
    return text


def column_list(presentation: Presentation) -> Callable[[str], str]:
    """`--columns a,b`: every name one of the report's table columns (its key or an alias);
    kept as written."""

    def check(text: str) -> str:
        names = [n.strip() for n in text.split(",") if n.strip()]
        unknown = [n for n in names if presentation.table_field(n) is None]
        if unknown:
            raise argparse.ArgumentTypeError(tr(
                "export.error.unknown_columns", columns=", ".join(unknown),
                known=", ".join(presentation.column_names())))
        return text

    return check


def assignment(text: str) -> str:
    """`--set NAME=VALUE`: a name, an equals sign, a value (which may be empty)."""
    key, sep, _value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(tr("profiles.error.assignment_text", text=text))
    return text


# the options that name a file the command reads
_INPUTS = ("file", "files", "van", "tot", "payroll", "previous", "profile")


def input_files(args: argparse.Namespace) -> list[str]:
    """The files the command line names to read (a month of the archive is no file)."""
    found: list[str] = []
    for name in _INPUTS:
        value = getattr(args, name, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item and os.path.isfile(item):
                found.append(item)
    return found


def refuse_clashes(outputs: Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """Every output its own file, and none a file read: else one would silently replace the
    other (the import file by its verantwoordingslijst, the borderel by its import file),
    even with --force, which allows replacing what was there before, not what this run
    makes or reads."""
    seen: dict[Path, str] = {}
    for path in outputs:
        key = _identity(path)
        if key in seen:
            raise UsageRefused(tr("cli.error.same_output", path=str(path), other=seen[key]))
        seen[key] = str(path)
    for path in inputs:
        key = _identity(path)
        if key in seen:
            raise UsageRefused(tr("cli.error.output_is_input", path=seen[key]))


def _identity(path: str | Path) -> Path:
    return Path(os.path.normcase(os.path.abspath(Path(path).expanduser()))).resolve()
