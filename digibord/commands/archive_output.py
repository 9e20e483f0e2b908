"""The output files of `digibord archive`: `--csv | --xlsx | --pdf PATH` and `--force` write
the archive's listing as a report (reports/archive_listing.py), through the same writer as
every report (asks nothing, overwrites only with --force)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from digibord.app.export import export_report
from digibord.commands.arguments import output_path
from digibord.export.files import FORMATS
from digibord.i18n import tr

if TYPE_CHECKING:
    from digibord.reconcile.archive_listing import ArchiveListing


def add_file_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    for fmt in FORMATS.values():
        if fmt.option:
            group.add_argument(f"--{fmt.name}", metavar=tr("cli.metavar.path"),
                               type=output_path, help=tr("listing.help.output"))
    parser.add_argument("--force", action="store_true", help=tr("cli.help.force"))


def wanted_file(args: argparse.Namespace) -> tuple[str, str] | None:
    """(format, path) of the file asked for, None for none."""
    for fmt in (f.name for f in FORMATS.values() if f.option):
        path = getattr(args, fmt, None)
        if path:
            return fmt, path
    return None


def write_listing(args: argparse.Namespace, listing: ArchiveListing) -> None:
    fmt, path = wanted_file(args)
    written = export_report(listing, path, fmt, overwrite=args.force)
    sys.stderr.write(tr("cli.written", path=str(written)) + "\n")
