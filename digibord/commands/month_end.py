"""`digibord month-end MONTH [--collectivity N] [--json] [--tick STAP | --reopen STAP]`: where the
month-end of a collectivity stands (docs/month-end.md), each step done (when, what), open, or
not possible yet (why), and what earlier months left open."""

from __future__ import annotations

import argparse
import sys

from digibord.app import month_end
from digibord.archive import open_archive
from digibord.archive.lookup import parse_month
from digibord.commands.output import print_json
from digibord.errors import CommandRefused
from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.local_time import local_time_text


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("month", metavar="YYYY-MM", help=tr("monthend.help.month"))
    parser.add_argument("--collectivity", metavar="N", help=tr("monthend.help.collectivity"))
    parser.add_argument("--json", action="store_true", help=tr("monthend.help.json"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--tick", choices=month_end.STEPS, metavar=tr("monthend.metavar.step"),
                       help=tr("monthend.help.tick", steps=", ".join(month_end.STEPS)))
    group.add_argument("--reopen", choices=month_end.STEPS, metavar=tr("monthend.metavar.step"),
                       help=tr("monthend.help.reopen"))
    parser.set_defaults(handler=run_month_end)


def collectivity_of(given: str | None, month: int) -> str:
    """`--collectivity` (leading zeros optional; also one the archive holds no borderel of,
    when its steps were ticked from files), else the only collectivity of the archive."""
    if given is not None:
        wanted = given.strip()
        if not wanted.isdigit():
            raise CommandRefused(tr("monthend.error.collectivity", number=given))
        return wanted.zfill(9)
    archive = open_archive()
    if not archive.exists() or not archive.collectivities():
        raise CommandRefused(tr("monthend.error.no_collectivity", month=month_text(month)))
    every = archive.collectivities()
    holding = [c for c in every if month in c.months]
    if len(holding) == 1:
        return holding[0].number
    if len(every) == 1:
        return every[0].number
    return archive.resolve_collectivity(None, month)  # refuses naming the choices


def text(state: month_end.MonthEnd) -> str:
    """The steps as a plain table for the terminal."""
    title = tr("monthend.title", month=month_text(state.month), number=state.collectivity,
               name=state.name or "")
    lines = [title.rstrip(" —"), ""]
    names = [tr(f"monthend.step.{s.step}") for s in state.steps]
    states = [tr(f"monthend.state.{s.state}") for s in state.steps]
    name_w = max(len(n) for n in names)
    state_w = max(len(s) for s in states)
    for i, s in enumerate(state.steps, start=1):
        what = s.what() if s.done or s.parts else ""
        note = what or (s.reason or "")
        when = local_time_text(s.when) if s.done else ""
        lines.append(f"  {i}  {names[i - 1]:<{name_w}}  {states[i - 1]:<{state_w}}  "
                     f"{when:<16}  {note}".rstrip())
    lines.append("")
    if state.open:
        lines.append(tr("monthend.still_open", steps=", ".join(
            tr(f"monthend.step.{s}") for s in state.open)))
    else:
        lines.append(tr("monthend.all_done"))
    for month, steps in state.earlier:
        lines.append(tr("monthend.earlier_open", month=month_text(month), steps=", ".join(
            tr(f"monthend.step.{s}") for s in steps)))
    if state.problem:
        lines.append(state.problem)
    return "\n".join(lines) + "\n"


def run_month_end(args: argparse.Namespace) -> int:
    month = parse_month(args.month)
    collectivity = collectivity_of(args.collectivity, month)
    if args.tick:
        month_end.done(collectivity, month, args.tick, by=month_end.BY_HAND)
        sys.stderr.write(tr("monthend.ticked", step=tr(f"monthend.step.{args.tick}"),
                            month=month_text(month)) + "\n")
    elif args.reopen and month_end.reopen(collectivity, month, args.reopen):
        sys.stderr.write(tr("monthend.reopened", step=tr(f"monthend.step.{args.reopen}"),
                            month=month_text(month)) + "\n")
    state = month_end.status(collectivity, month)
    if args.json:
        print_json(state.to_json())
    else:
        sys.stdout.write(text(state))
    return 0
