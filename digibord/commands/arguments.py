"""Argument types the commands share: what argparse can refuse itself is a wrong command line
(exit 2, with the usage), never a refused input found after work has begun (exit 1)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from digibord.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

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
