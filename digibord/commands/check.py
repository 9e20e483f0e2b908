"""`digibord check FILE ... [--json]`: validate borderels (exit 1 when one has errors)."""

from __future__ import annotations

import argparse
import sys

from digibord.app.check import check_file, check_json
from digibord.commands.output import print_json, print_warnings
from digibord.i18n import tr


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar=tr("cli.metavar.file"),
                        help=tr("cli.help.files"))
    parser.add_argument("--json", action="store_true", help=tr("cli.help.json"))
    parser.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    results = [check_file(f) for f in args.files]
    if args.json:
        print_json(check_json(results))
        return 0 if all(r.valid for r in results) else 1
    for r in results:
        if r.valid:
            h = r.borderel.header
            print(tr("cli.check.valid", file=r.source, collectivity=h.collectivity_number,
                     month=r.borderel.label()))
        else:
            # one line per file on standard output; the explanation of a refused input goes
            # to standard error (cli.md), as the warnings do
            print(tr("cli.check.invalid", file=r.source, count=r.error_total))
            sys.stdout.flush()  # the two streams in file order on one terminal
            sys.stderr.write(r.refusal().describe() + "\n")
        print_warnings(r.source, r.warnings)
    sys.stdout.flush()
    return 0 if all(r.valid for r in results) else 1
