"""`digibord check` and `digibord list`."""

from __future__ import annotations

import argparse
import sys

from digibord.app.inputs import check_file, load_borderel
from digibord.app.reports import insured_report
from digibord.commands.common import add_output_options, print_json, print_warnings, render
from digibord.export.json_export import check_json
from digibord.i18n import tr
from digibord.reports import insured


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "check":
        parser.add_argument("files", nargs="+", metavar=tr("cli.metavar.file"),
                            help=tr("cli.help.files"))
        parser.add_argument("--json", action="store_true", help=tr("cli.help.json"))
        parser.set_defaults(handler=run_check)
    else:
        parser.add_argument("file", metavar=tr("cli.metavar.file"), help=tr("reports.help.file"))
        parser.add_argument("--collectivity", metavar="N", help=tr("cli.help.collectivity"))
        add_output_options(parser, insured.PRESENTATION)
        parser.set_defaults(handler=run_list)


def run_check(args: argparse.Namespace) -> int:
    results = [check_file(f) for f in args.files]
    if args.json:
        print_json(check_json(results))
    else:
        for r in results:
            if r.valid:
                h = r.borderel.header
                print(tr("cli.check.valid", file=r.source, collectivity=h.collectivity_number,
                         month=r.borderel.label()))
            else:
                print(tr("cli.check.invalid", file=r.source, count=r.error_total))
                print(r.refusal().describe())
            print_warnings(r.source, r.warnings)
    sys.stdout.flush()
    return 0 if all(r.valid for r in results) else 1


def run_list(args: argparse.Namespace) -> int:
    borderel = load_borderel(args.file, args.collectivity)
    print_warnings(borderel.source, borderel.warnings)
    return render(args, insured_report(borderel))
