"""`digibord history`: one person's months from the archive (docs/reports.md, "Geschiedenis
van een persoon").

    digibord history RELATIENUMMER [--collectivity N]
                     [--json | --csv PATH | --xlsx PATH | --pdf PATH] [--columns ...] [--force]
"""

from __future__ import annotations

import argparse

from digibord.app.history import parse_relation_number, person_history
from digibord.commands.common import add_output_options, render
from digibord.i18n import tr
from digibord.reports import history as presentation


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("relation", metavar="RELATIENUMMER", help=tr("history.help.relation"))
    parser.add_argument("--collectivity", metavar="N", help=tr("trend.help.collectivity"))
    add_output_options(parser, presentation.PRESENTATION)
    parser.set_defaults(handler=run_history)


def run_history(args: argparse.Namespace) -> int:
    return render(args, person_history(parse_relation_number(args.relation), args.collectivity))
