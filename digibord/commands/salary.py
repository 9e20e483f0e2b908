"""`digibord salary` (docs/reports.md section 4: the payroll import file) and
`digibord payroll-check` (section 5: the borderel against what payroll withheld)."""

from __future__ import annotations

import argparse
import sys

from digibord.app.payroll import check_payroll
from digibord.app.profile_settings import parse_assignments, profile_warnings
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
    salary_options,
    salary_targets,
    write_salary_import,
    written_text,
)
from digibord.commands.common import CommandRefused, add_output_options, print_json, render
from digibord.commands.reports import load
from digibord.export.atomic import check_target
from digibord.export.text import report_text
from digibord.formats.profiles import check_required
from digibord.i18n import language, tr
from digibord.money import format_euro
from digibord.reconcile.salary import SalaryOptions, period_words
from digibord.reports import payroll_check
from digibord.reports.build import report_json


def _argument_type(parse):
    def convert(text: str) -> int:
        try:
            return parse(text)
        except OptionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def add_salary_options(parser: argparse.ArgumentParser) -> None:
    """The choices of section 4, shared by `salary` and `payroll-check`."""
    parser.add_argument("--period", default="maand", choices=PERIODS,
                        help=tr("salary.help.period"))
    parser.add_argument("--pay-period", type=_pay_period, metavar="N",
                        help=tr("profiles.help.pay_period"))
    parser.add_argument("--on", default="basis", choices=ON, help=tr("salary.help.on"))
    parser.add_argument("--for", dest="for_", default="werknemer", choices=FOR,
                        help=tr("salary.help.for"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--amount", type=_argument_type(parse_amount),
                       metavar=tr("cli.metavar.euros"), help=tr("salary.help.amount"))
    group.add_argument("--percent", type=_argument_type(parse_percent), metavar="P",
                       help=tr("salary.help.percent"))
    parser.add_argument("--skip-missing", action="store_true",
                        help=tr("salary.help.skip_missing"))
    parser.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))
    parser.add_argument("--profile", default="csv", metavar=tr("cli.metavar.name"),
                        help=tr("salary.help.profile"))


def add_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=tr("cli.metavar.file"), help=tr("reports.help.file"))
    if name == "payroll-check":
        parser.add_argument("payroll", metavar=tr("cli.metavar.payroll"),
                            help=tr("payroll.help.payroll"))
    add_salary_options(parser)
    if name == "salary":
        parser.add_argument("--json", action="store_true", help=tr("reports.help.json"))
        parser.add_argument("-o", "--output", metavar=tr("cli.metavar.path"),
                            help=tr("salary.help.output"))
        parser.add_argument("--force", action="store_true", help=tr("reports.help.force"))
        parser.add_argument("--previous", metavar=tr("profiles.metavar.previous"),
                            help=tr("profiles.help.previous"))
        parser.add_argument("--set", dest="settings", action="append",
                            metavar=tr("profiles.metavar.setting"),
                            help=tr("profiles.help.set"))
        parser.add_argument("--minimum-wage", metavar=tr("profiles.metavar.numbers"),
                            help=tr("profiles.help.minimum_wage"))
        parser.set_defaults(handler=run_salary)
    else:
        parser.add_argument("--employee-column", metavar="K",
                            help=tr("payroll.help.employee_column"))
        parser.add_argument("--amount-column", metavar="K",
                            help=tr("payroll.help.amount_column"))
        add_output_options(parser, payroll_check.PRESENTATION)
        parser.set_defaults(handler=run_payroll_check)


def _pay_period(text: str) -> int:
    """1-13 here; whether it fits `--period` (1-12 for months) is checked with the options."""
    if not text.isdigit() or not 1 <= int(text) <= 13:
        raise argparse.ArgumentTypeError(tr("profiles.error.pay_period", text=text, count=13))
    return int(text)


def options_of(args: argparse.Namespace) -> SalaryOptions:
    try:
        return salary_options(args.period, args.on, args.for_, args.amount, args.percent,
                              args.skip_missing, getattr(args, "pay_period", None),
                              getattr(args, "minimum_wage", None))
    except OptionError as exc:
        raise CommandRefused(str(exc)) from None


def print_notices(notices, source: str) -> None:
    for notice in notices:
        sys.stderr.write(tr("profiles.warning", text=notice.describe(source)) + "\n")


def print_minimum_wage(frame) -> None:
    if frame is None or len(frame) == 0:
        return
    sys.stderr.write(tr("profiles.minimum_wage.title") + "\n")
    for row in frame.itertuples(index=False):  # a handful of marked employees
        sys.stderr.write("  " + tr("profiles.minimum_wage.row", number=row.employee_number,
                                   name=row.employee_name,
                                   withheld=format_euro(int(row.withheld_cent)),
                                   allowed=format_euro(int(row.allowed_cent)),
                                   excess=format_euro(int(row.excess_cent))) + "\n")


def print_not_converted(frame) -> None:
    if len(frame):
        sys.stderr.write(tr("salary.not_converted", count=len(frame)) + "\n")
        for holder, name in zip(frame["policyholder"].tolist(), frame["employee_name"].tolist(),
                                strict=True):
            sys.stderr.write(f"  {name} ({int(holder):010d})\n")


def run_salary(args: argparse.Namespace) -> int:
    chosen = payroll_profile(args.profile)  # refuse a bad profile or target before any work
    overrides = parse_assignments(args.settings)
    options = options_of(args)
    target = check_target(args.output, args.force) if args.output else None
    borderel = load(args, args.file, local_numbers=True)
    chosen = collectivity_profile(chosen, borderel.header.collectivity_number, overrides)
    if target is not None:
        check_required(chosen)  # before the work; its corrections profile when it is used
    if args.previous and not chosen.lasting:
        sys.stderr.write(tr("profiles.previous.unused", profile=chosen.name) + "\n")
    result = prepare_conversion(borderel, options, chosen, args.previous, args.collectivity)
    if target is not None:
        sys.stderr.write(tr("profiles.converting", period=period_words(result.pay_period),
                            profile=chosen.name) + "\n")
    print_notices(result.notices, borderel.source)
    for text in profile_warnings(chosen):
        sys.stderr.write(tr("profiles.warning", text=text) + "\n")
    print_not_converted(result.not_converted)
    print_minimum_wage(result.minimum_wage)
    if target is not None:
        for other in salary_targets(result, chosen, target)[1:]:
            check_target(other, args.force)
        write_salary_import(result, chosen, target, overwrite=args.force)
        sys.stderr.write(written_text(result, chosen, salary_targets(result, chosen, target))
                         + "\n")
    if args.json:
        print_json(report_json(result))
    elif target is None:
        sys.stdout.write(report_text(result, language()))
    return 0


def run_payroll_check(args: argparse.Namespace) -> int:
    borderel = load(args, args.file, local_numbers=True)
    result = check_payroll(borderel, args.payroll, options_of(args), args.employee_column,
                           args.amount_column)
    print_not_converted(result.not_converted)
    return render(args, result)
