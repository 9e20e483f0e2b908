"""`digibord corrections` and `digibord diff` (docs/reports.md sections 2 and 3)."""

from __future__ import annotations

import argparse
import sys

from digibord.app import month_end
from digibord.app.inputs import is_month, is_month_range, load_borderel, load_month_range
from digibord.app.reports import corrections_report, diff_report
from digibord.commands.common import add_output_options, print_warnings, render
from digibord.formats.borderel import Borderel
from digibord.i18n import tr
from digibord.reports import corrections, diff


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "corrections":
        parser.add_argument("files", nargs="+", metavar=tr("cli.metavar.file"),
                            help=tr("reports.help.files"))
        add_output_options(parser, corrections.PRESENTATION)
        parser.set_defaults(handler=run_corrections)
    else:
        parser.add_argument("van", metavar=tr("cli.metavar.van"), help=tr("reports.help.van"))
        parser.add_argument("tot", metavar=tr("cli.metavar.tot"), help=tr("reports.help.tot"))
        parser.add_argument("--all", action="store_true", help=tr("reports.help.all"))
        add_output_options(parser, diff.PRESENTATION)
        parser.set_defaults(handler=run_diff)
    parser.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))


def load(args: argparse.Namespace, arg: str, local_numbers: bool = False,
         collectivity: str | None = None) -> Borderel:
    """`arg`'s borderel (a month of `collectivity`, else of --collectivity), its warnings
    told."""
    borderel = load_borderel(arg, collectivity or args.collectivity, local_numbers)
    print_warnings(borderel.source, borderel.warnings)
    return borderel


def tell(message: str | None) -> None:
    if message:
        sys.stderr.write(message + "\n")


def run_corrections(args: argparse.Namespace) -> int:
    borderels = []
    for arg in args.files:
        if is_month_range(arg):  # every month of the archive between (as the window's range)
            for borderel in load_month_range(arg, args.collectivity):
                print_warnings(borderel.source, borderel.warnings)
                borderels.append(borderel)
        else:
            borderels.append(load(args, arg))
    result = corrections_report(borderels)
    for ref in result.replaced:
        tell(tr("reports.note.replaced", file=ref.source, month=ref.label()))
    code = render(args, result)
    if args.pdf:  # printed: the month-end step of the last month
        tell(month_end.printed(result, args.pdf))
    return code


def load_pair(args: argparse.Namespace) -> tuple[Borderel, Borderel]:
    """VAN and TOT. Where one is a file and the other a month of the archive, the file says
    the collectivity of the month (unless --collectivity does): `diff maart.dat 2026-04` needs
    no --collectivity when the archive holds several."""
    month_first = is_month(args.van)
    if month_first == is_month(args.tot) or args.collectivity:
        return load(args, args.van), load(args, args.tot)
    file_arg, month_arg = (args.tot, args.van) if month_first else (args.van, args.tot)
    known = load(args, file_arg)
    other = load(args, month_arg, collectivity=known.header.collectivity_number)
    return (other, known) if month_first else (known, other)


def run_diff(args: argparse.Namespace) -> int:
    van, tot = load_pair(args)
    result = diff_report(van, tot, include_unchanged=args.all)
    code = render(args, result)
    tell(month_end.compared(result))  # the later month's step vergelijken
    if args.pdf:
        tell(month_end.printed(result, args.pdf))
    return code
