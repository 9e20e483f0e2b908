"""`digibord salary` (docs/reports.md section 4: the payroll import file, and with --pdf,
--xlsx or --csv the verantwoordingslijst to file with it) and `digibord payroll-check`
(section 5: the borderel against what payroll withheld)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.app import month_end
from digibord.app.conversion_done import keep_conversion
from digibord.app.export import export_report
from digibord.app.inputs import load_previous
from digibord.app.payroll import check_payroll, column_pick, read
from digibord.app.profile_settings import one_off_for, parse_assignments, profile_warnings
from digibord.app.remembered import Decided, decide, remember_quietly
from digibord.app.salary import (
    FOR,
    ON,
    PERIODS,
    OptionError,
    collectivity_profile,
    parse_amount,
    parse_percent,
    payroll_profile,
    prepare_conversion,
    salary_targets,
    write_salary_import,
    written_text,
)
from digibord.commands.arguments import (
    assignment,
    column_list,
    input_files,
    output_path,
    refuse_clashes,
)
from digibord.commands.common import add_output_options, print_json, print_warnings, render
from digibord.commands.reports import load
from digibord.errors import CommandRefused, UsageRefused
from digibord.export.atomic import check_target
from digibord.export.payroll_files import has_corrections
from digibord.export.text import report_text
from digibord.formats.borderel import Borderel
from digibord.formats.payroll_journal import JournalPick, JournalRefused, JournalShape
from digibord.formats.profiles import unknown_profile
from digibord.i18n import language, tr
from digibord.money import format_euro
from digibord.reconcile.salary import period_words
from digibord.reports import payroll_check
from digibord.reports import salary as salary_report
from digibord.reports.build import report_json
from digibord.reports.payroll_check import options_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from digibord.formats.issues import Issue

LIST_FORMATS = ("pdf", "xlsx", "csv")  # the verantwoordingslijst, beside the import file


def _argument_type(parse):
    def convert(text: str) -> int:
        try:
            return parse(text)
        except OptionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def add_salary_options(parser: argparse.ArgumentParser) -> None:
    """The choices of section 4, shared by `salary` and `payroll-check`. No defaults here:
    `choices_of` fills in what was not given (remembered for the collectivity, else built in)."""
    parser.add_argument("--period", choices=PERIODS, help=tr("salary.help.period"))
    parser.add_argument("--pay-period", type=_pay_period, metavar="N",
                        help=tr("profiles.help.pay_period"))
    parser.add_argument("--on", choices=ON, help=tr("salary.help.on"))
    parser.add_argument("--for", dest="for_", choices=FOR, help=tr("salary.help.for"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--amount", type=_argument_type(parse_amount),
                       metavar=tr("cli.metavar.euros"), help=tr("salary.help.amount"))
    group.add_argument("--percent", type=_argument_type(parse_percent), metavar="P",
                       help=tr("salary.help.percent"))
    parser.add_argument("--skip-missing", action="store_true",
                        help=tr("salary.help.skip_missing"))
    parser.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))


SHAPES = {"per-werknemer": JournalShape.PER_EMPLOYEE,
          "per-component": JournalShape.PER_COMPONENT,
          "kolom-per-component": JournalShape.COLUMN_PER_COMPONENT}


def _heading_row(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(text)
    return int(text)


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=tr("cli.metavar.file"), help=tr("reports.help.file"))
    if name == "payroll-check":
        parser.add_argument("payroll", metavar=tr("cli.metavar.payroll"),
                            help=tr("payroll.help.payroll"))
    add_salary_options(parser)
    if name == "salary":
        parser.add_argument("--profile", metavar=tr("cli.metavar.name"),
                            help=tr("salary.help.profile"))
        parser.add_argument("--json", action="store_true", help=tr("reports.help.json"))
        parser.add_argument("-o", "--output", metavar=tr("cli.metavar.path"), type=output_path,
                            help=tr("salary.help.output"))
        for fmt in LIST_FORMATS:
            parser.add_argument(f"--{fmt}", metavar=tr("cli.metavar.path"), type=output_path,
                                help=tr(f"print.help.salary_{fmt}"))
        parser.add_argument("--columns", metavar=tr("cli.metavar.columns"),
                            type=column_list(salary_report.PRESENTATION),
                            help=tr("cli.help.columns", names=", ".join(
                                salary_report.PRESENTATION.column_names())))
        parser.add_argument("--force", action="store_true", help=tr("reports.help.force"))
        parser.add_argument("--previous", metavar=tr("profiles.metavar.previous"),
                            help=tr("profiles.help.previous"))
        parser.add_argument("--set", dest="settings", action="append", type=assignment,
                            metavar=tr("profiles.metavar.setting"),
                            help=tr("profiles.help.set"))
        parser.add_argument("--minimum-wage", metavar=tr("profiles.metavar.numbers"),
                            help=tr("profiles.help.minimum_wage"))
        parser.set_defaults(handler=run_salary)
        return
    parser.add_argument("--profile", metavar=tr("cli.metavar.name"),
                        help=tr("payroll.help.profile"))
    parser.add_argument("--previous", metavar=tr("cli.metavar.previous"),
                        help=tr("payroll.help.previous"))
    parser.add_argument("--employee-column", metavar="K",
                        help=tr("payroll.help.employee_column"))
    parser.add_argument("--amount-column", metavar="K", help=tr("payroll.help.amount_column"))
    parser.add_argument("--component-column", metavar="K",
                        help=tr("payroll.help.component_column"))
    parser.add_argument("--heading-row", metavar="N", type=_heading_row,
                        help=tr("payroll.help.heading_row"))
    parser.add_argument("--shape", choices=tuple(SHAPES), help=tr("payroll.help.shape"))
    add_output_options(parser, payroll_check.PRESENTATION)
    parser.set_defaults(handler=run_payroll_check)


def _pay_period(text: str) -> int:
    """1-13 here; whether it fits `--period` (1-12 for months) is checked with the options."""
    if not text.isdigit() or not 1 <= int(text) <= 13:
        raise argparse.ArgumentTypeError(tr("profiles.error.pay_period", text=text, count=13))
    return int(text)


def given_of(args: argparse.Namespace) -> dict[str, object]:
    """The options the user gave on the command line (None: not given)."""
    return {"period": args.period, "on": args.on, "for": args.for_, "amount_cent": args.amount,
            "percent_bp": args.percent, "profile": args.profile,
            "skip_missing": args.skip_missing, "pay_period": args.pay_period,
            "minimum_wage": getattr(args, "minimum_wage", None)}


def choices_of(args: argparse.Namespace, borderel: Borderel) -> Decided:
    """The options and profile the command runs with: as given, else remembered for the
    borderel's collectivity, else built in (what could not be used of the remembered ones is
    told on standard error)."""
    try:
        decided = decide(borderel.header.collectivity_number, given_of(args))
    except OptionError as exc:
        raise CommandRefused(str(exc)) from None
    warn(*decided.warnings)
    return decided


def warn(*messages: str | None) -> None:
    for message in messages:
        if message:
            sys.stderr.write(tr("remembered.warning", text=message) + "\n")


def with_origins(obj: dict, decided: Decided, key: str = "herkomst_opties") -> dict:
    """The JSON of a result with where each option came from (docs/cli.md)."""
    obj[key] = dict(decided.origins)
    return obj

def print_notices(notices: Sequence[Issue], source: str) -> None:
    for notice in notices:
        sys.stderr.write(tr("profiles.warning", text=notice.describe(source)) + "\n")


def print_minimum_wage(frame: pd.DataFrame | None) -> None:
    if frame is None or len(frame) == 0:
        return
    sys.stderr.write(tr("profiles.minimum_wage.title") + "\n")
    for row in frame.itertuples(index=False):  # a handful of marked employees
        sys.stderr.write("  " + tr("profiles.minimum_wage.row", number=row.employee_number,
                                   name=row.employee_name,
                                   withheld=format_euro(int(row.withheld_cent)),
                                   allowed=format_euro(int(row.allowed_cent)),
                                   excess=format_euro(int(row.excess_cent))) + "\n")


def print_not_converted(frame: pd.DataFrame) -> None:
    if len(frame):
        sys.stderr.write(tr("salary.not_converted", count=len(frame)) + "\n")
        for holder, name in zip(frame["policyholder"].tolist(), frame["employee_name"].tolist(),
                                strict=True):
            sys.stderr.write(f"  {name} ({int(holder):010d})\n")


def named_profile(name: str) -> None:
    """`--profile NAME` checked before any work: a name no profile has is a wrong command line
    (exit 2, as a value outside an option's choices); a profile that cannot be honoured is a
    refused input (exit 1, naming its file and setting)."""
    unknown = unknown_profile(name)
    if unknown is not None:
        raise UsageRefused(unknown)
    payroll_profile(name)


def run_salary(args: argparse.Namespace) -> int:
    if args.profile:
        named_profile(args.profile)  # refuse a bad profile named before any work
    overrides = parse_assignments(args.settings)
    inputs = input_files(args)
    asked = {fmt: getattr(args, fmt) for fmt in LIST_FORMATS if getattr(args, fmt, None)}
    refuse_clashes([p for p in (args.output, *asked.values()) if p], inputs)
    target = check_target(args.output, args.force) if args.output else None
    lists = {fmt: check_target(path, args.force) for fmt, path in asked.items()}
    borderel = load(args, args.file, local_numbers=True)
    decided = choices_of(args, borderel)
    options = decided.choices.options
    collectivity = borderel.header.collectivity_number
    chosen = collectivity_profile(decided.profile, collectivity, overrides)
    if args.previous and not chosen.lasting:
        sys.stderr.write(tr("profiles.previous.unused", profile=chosen.name) + "\n")
    result = prepare_conversion(borderel, options, chosen, args.previous, args.collectivity)
    # a profile of lasting values writes its corrections beside the import file: each target
    # refused before anything is said or written
    paths = salary_targets(result, chosen, target) if target is not None else []
    if target is not None:
        refuse_clashes([*paths, *lists.values()], inputs)
        for other in paths[1:]:
            check_target(other, args.force)
        sys.stderr.write(tr("profiles.converting", period=period_words(result.pay_period),
                            profile=chosen.name) + "\n")
    print_notices(result.notices, borderel.source)
    # a required setting still empty is written blank, and said (payroll-formats.md gives it
    # no default: the conversion does not fail for it)
    one_off = one_off_for(chosen, collectivity) if has_corrections(result) else None
    for text in profile_warnings(chosen, one_off, written=target is not None):
        sys.stderr.write(tr("profiles.warning", text=text) + "\n")
    print_not_converted(result.not_converted)
    print_minimum_wage(result.minimum_wage)
    if target is not None:
        written = write_salary_import(result, chosen, target, overwrite=args.force)
        sys.stderr.write(written_text(result, chosen, paths) + "\n")
        folder = str(Path(target).resolve().parent)
        warn(*keep_conversion(written, result, chosen.name,
                              decided.settings_to_remember(folder)))
    for fmt, path in lists.items():  # the verantwoordingslijst, from the same result
        written = export_report(result, path, fmt, columns=args.columns,
                                overwrite=args.force)
        sys.stderr.write(tr("cli.written", path=str(written)) + "\n")
    if args.json:
        if target is None:  # the conversion handed to a script: its options are kept too
            warn(remember_quietly(collectivity, decided.settings_to_remember()))
        obj = report_json(result)
        # `opties` of salary has its own shape (periode, bijdrage_op, ...): the words of
        # payroll-check's `opties` go beside it
        obj["gebruikte_opties"] = options_json(result.options, decided.profile.name)
        print_json(with_origins(obj, decided))
    elif target is None and not lists:
        sys.stdout.write(report_text(result, language()))
    return 0


def journal_pick(args: argparse.Namespace) -> JournalPick:
    """The expert overrides of the journal's columns: a heading or a 1-based column number;
    --heading-row is the line (CSV) or row (Excel) as a person counts."""
    return column_pick(args.employee_column, args.amount_column, args.component_column,
                       args.heading_row - 1 if args.heading_row else None,
                       SHAPES[args.shape] if args.shape else None)


def run_payroll_check(args: argparse.Namespace) -> int:
    if args.profile:
        named_profile(args.profile)  # refuse a bad profile named before any work
    borderel = load(args, args.file, local_numbers=True)
    decided = choices_of(args, borderel)
    choices = decided.choices
    try:
        journal = read(args.payroll, decided.profile, journal_pick(args))
    except JournalRefused as exc:
        if exc.unrecognised:  # on the command line the columns are named with options
            raise CommandRefused(f"{exc}\n{tr('payroll.cli.hint')}") from exc
        raise
    for warning in journal.warnings:
        sys.stderr.write(f"{journal.source}: {warning}\n")
    previous, problem = load_previous(args.previous, borderel, args.collectivity)
    if problem:
        sys.stderr.write(problem + "\n")
    if previous is not None:
        print_warnings(previous.source, previous.warnings)
    result = check_payroll(borderel, journal, choices.options, decided.profile, previous,
                           local_numbers=False)
    for warning in result.warnings:
        sys.stderr.write(warning + "\n")
    if args.json:
        print_json(with_origins(report_json(result, show_bsn=args.show_bsn), decided))
        code = 0
    else:
        code = render(args, result)
    warn(month_end.checked(result))
    return code
