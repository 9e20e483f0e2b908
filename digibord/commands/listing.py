"""`digibord list`: the verzekerdenoverzicht of one borderel (docs/reports.md section 1)."""

from __future__ import annotations

import argparse

from digibord.app.inputs import load_borderel
from digibord.app.reports import insured_report
from digibord.commands.common import add_output_options, print_warnings, render
from digibord.i18n import tr
from digibord.reports import insured


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=tr("cli.metavar.file"), help=tr("reports.help.file"))
    parser.add_argument("--collectivity", metavar="N", help=tr("cli.help.collectivity"))
    add_output_options(parser, insured.PRESENTATION)
    parser.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    borderel = load_borderel(args.file, args.collectivity)
    print_warnings(borderel.source, borderel.warnings)
    return render(args, insured_report(borderel))
