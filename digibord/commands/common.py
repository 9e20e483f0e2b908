"""What the subcommands share: output options, JSON printing, refusing input."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from digibord.errors import CommandRefused

__all__ = ["CommandRefused", "add_output_options", "print_json", "print_warnings"]


def add_output_options(
    parser: argparse.ArgumentParser, xlsx: bool = True, pdf: bool = True, csv: bool = True
) -> None:
    """`--json | --csv PATH | --xlsx PATH | --pdf PATH` (one at a time), as cli.md has them."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="JSON op standaarduitvoer")
    if csv:
        group.add_argument("--csv", metavar="PATH", help="CSV-bestand")
    if xlsx:
        group.add_argument("--xlsx", metavar="PATH", help="Excel-bestand")
    if pdf:
        group.add_argument("--pdf", metavar="PATH", help="PDF-bestand")
    if xlsx or pdf:
        parser.add_argument(
            "--columns",
            metavar="COLS",
            help="kolommen voor Excel/PDF, komma-gescheiden (standaard: alle)",
        )
        parser.add_argument(
            "--show-bsn", action="store_true", help="BSN voluit tonen in plaats van gemaskeerd"
        )


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def print_warnings(source: str, warnings) -> None:
    for w in warnings:
        sys.stderr.write(w.describe(source) + "\n")
