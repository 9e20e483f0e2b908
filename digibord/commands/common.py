"""What the subcommands share: the output options, turning a result into what was asked
(JSON, a file, a table on the terminal), JSON printing, warnings."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from digibord.app.export import export_report
from digibord.commands.arguments import column_list, input_files, output_path, refuse_clashes
from digibord.commands.output import print_json, print_warnings
from digibord.errors import CommandRefused
from digibord.export.files import FORMATS
from digibord.export.text import report_text
from digibord.i18n import language, tr
from digibord.reports.build import report_json
from digibord.reports.spec import Presentation

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

__all__ = ["CommandRefused", "add_output_options", "print_json", "print_warnings", "render"]


def add_output_options(parser: argparse.ArgumentParser, presentation: Presentation) -> None:
    """`--json | --csv PATH | --xlsx PATH | --pdf PATH` (one at a time), `--columns` with the
    report's own column names, `--force`, `--show-bsn`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=tr("cli.help.json"))
    for fmt in FORMATS.values():
        if fmt.option:
            group.add_argument(f"--{fmt.name}", metavar=tr("cli.metavar.path"),
                               type=output_path, help=tr(f"cli.help.{fmt.name}"))
    parser.add_argument("--columns", metavar=tr("cli.metavar.columns"),
                        type=column_list(presentation),
                        help=tr("cli.help.columns", names=", ".join(
                            presentation.column_names())))
    parser.add_argument("--force", action="store_true", help=tr("cli.help.force"))
    parser.add_argument("--show-bsn", action="store_true", help=tr("cli.help.show_bsn"))


def render(args: argparse.Namespace, result: ReportResult) -> int:
    """The result as the output options ask: JSON on standard output, a file (saying what was
    written), or a plain table on the terminal."""
    if args.json:
        print_json(report_json(result, show_bsn=args.show_bsn))
        return 0
    for fmt in (f.name for f in FORMATS.values() if f.option):
        path = getattr(args, fmt, None)
        if path:
            refuse_clashes([path], input_files(args))
            written = export_report(result, path, fmt, columns=args.columns,
                                    show_bsn=args.show_bsn, overwrite=args.force)
            sys.stderr.write(tr("cli.written", path=str(written)) + "\n")
            return 0
    sys.stdout.write(report_text(result, language(), args.columns,
                                 show_bsn=args.show_bsn))
    return 0
