"""`digibord trend`: the archive's months of a collectivity as a trend, or every collectivity at
a glance (docs/reports.md, "Trend").

    digibord trend [--collectivity N | --all-collectivities] [--from YYYY-MM] [--to YYYY-MM]
                   [--json | --csv PATH | --xlsx PATH | --pdf PATH] [--columns ...] [--force]
"""

from __future__ import annotations

import argparse

from digibord.app.trend import month_bound, trend, trend_overview
from digibord.commands.common import add_output_options, render
from digibord.i18n import tr
from digibord.reports import trend as presentation


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--collectivity", metavar="N", help=tr("trend.help.collectivity"))
    which.add_argument("--all-collectivities", action="store_true",
                       help=tr("trend.help.all_collectivities"))
    parser.add_argument("--from", dest="first", metavar="YYYY-MM", help=tr("trend.help.from"))
    parser.add_argument("--to", dest="last", metavar="YYYY-MM", help=tr("trend.help.to"))
    add_output_options(parser, presentation.PRESENTATION)
    parser.set_defaults(handler=run_trend)


def run_trend(args: argparse.Namespace) -> int:
    first, last = month_bound(args.first), month_bound(args.last)
    if args.all_collectivities:
        return render(args, trend_overview(first, last))
    return render(args, trend(args.collectivity, first, last))
