"""What the subcommands share: output options, JSON printing, refusing input."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from digibord.errors import CommandRefused

__all__ = [
    "CommandRefused",
    "add_output_options",
    "check_new_file",
    "print_json",
    "print_warnings",
]


def add_output_options(
    parser: argparse.ArgumentParser, xlsx: bool = True, pdf: bool = True, csv: bool = True
) -> None:
    """`--json | --csv PATH | --xlsx PATH | --pdf PATH` (one at a time), as cli.md has them."""
    from digibord.i18n import tr

    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=tr("cli.help.json"))
    if csv:
        group.add_argument("--csv", metavar="PATH", help=tr("cli.help.csv"))
    if xlsx:
        group.add_argument("--xlsx", metavar="PATH", help=tr("cli.help.xlsx"))
    if pdf:
        group.add_argument("--pdf", metavar="PATH", help=tr("cli.help.pdf"))
    if xlsx or pdf:
        parser.add_argument(
            "--columns",
            metavar="COLS",
            help=tr("cli.help.columns"),
        )
        parser.add_argument(
            "--force", action="store_true", help=tr("cli.help.force")
        )
        parser.add_argument(
            "--show-bsn", action="store_true", help=tr("cli.help.show_bsn")
        )


def check_new_file(path: str, force: bool) -> Path:
    """An output path the command may write: an existing file is never overwritten without
    --force (a script cannot be asked), and the folder must exist."""
    from digibord.i18n import tr

    target = Path(path)
    if target.exists() and not force:
        raise CommandRefused(tr("reports.error.exists", path=path))
    if not target.parent.exists():
        raise CommandRefused(tr("reports.error.no_folder", path=path))
    return target


def print_json(obj: Any) -> None:
    """JSON is UTF-8 (RFC 8259) whatever the console's code page, so a script on Windows reads
    `’t Klavertje` the same as one on Linux."""
    text = json.dumps(obj, ensure_ascii=False, indent=1) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout (tests, embedding): it takes text
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def print_warnings(source: str, warnings) -> None:
    for w in warnings:
        sys.stderr.write(w.describe(source) + "\n")
