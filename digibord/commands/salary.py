"""`digibord salary` (docs/reports.md section 4: the payroll import file, and with --pdf,
--xlsx or --csv the verantwoordingslijst to file with it) and `digibord payroll-check`
(section 5: the borderel against what payroll withheld)."""

from __future__ import annotations

import argparse
import sys

from digibord.app.export import export_report
from digibord.app.payroll import check_payroll
from digibord.app.salary import (
    FOR,
    ON,
    PERIODS,
    OptionError,
    convert_salary,
    parse_amount,
    parse_percent,
    payroll_profile,
    salary_options,
    write_salary_import,
)
from digibord.commands.common import add_output_options, print_json, render
from digibord.commands.reports import load
from digibord.export.atomic import check_target
from digibord.export.text import report_text
from digibord.i18n import language, tr
from digibord.reconcile.salary import SalaryOptions
from digibord.reports import payroll_check
from digibord.reports import salary as salary_report
from digibord.reports.build import report_json

LIST_FORMATS = ("pdf", "xlsx", "csv")  # the verantwoordingslijst, beside the import file


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
        for fmt in LIST_FORMATS:
            parser.add_argument(f"--{fmt}", metavar=tr("cli.metavar.path"),
                                help=tr(f"print.help.salary_{fmt}"))
        parser.add_argument("--columns", metavar=tr("cli.metavar.columns"),
                            help=tr("cli.help.columns", names=", ".join(
                                salary_report.PRESENTATION.column_names())))
        parser.add_argument("--force", action="store_true", help=tr("reports.help.force"))
        parser.set_defaults(handler=run_salary)
    else:
        parser.add_argument("--employee-column", metavar="K",
                            help=tr("payroll.help.employee_column"))
        parser.add_argument("--amount-column", metavar="K",
                            help=tr("payroll.help.amount_column"))
        add_output_options(parser, payroll_check.PRESENTATION)
        parser.set_defaults(handler=run_payroll_check)


def options_of(args: argparse.Namespace) -> SalaryOptions:
    return salary_options(args.period, args.on, args.for_, args.amount, args.percent,
                          args.skip_missing)


def print_not_converted(frame) -> None:
    if len(frame):
        sys.stderr.write(tr("salary.not_converted", count=len(frame)) + "\n")
        for holder, name in zip(frame["policyholder"].tolist(), frame["employee_name"].tolist(),
                                strict=True):
            sys.stderr.write(f"  {name} ({int(holder):010d})\n")


def run_salary(args: argparse.Namespace) -> int:
    chosen = payroll_profile(args.profile)  # refuse a bad profile or target before any work
    target = check_target(args.output, args.force) if args.output else None
    lists = {fmt: check_target(getattr(args, fmt), args.force)
             for fmt in LIST_FORMATS if getattr(args, fmt, None)}
    borderel = load(args, args.file, local_numbers=True)
    result = convert_salary(borderel, options_of(args))
    print_not_converted(result.not_converted)
    if target is not None:
        write_salary_import(result, chosen, target, overwrite=args.force)
        sys.stderr.write(tr("salary.written", path=str(target), profile=chosen.name,
                            count=len(result.rows)) + "\n")
    for fmt, path in lists.items():  # the verantwoordingslijst, from the same result
        written = export_report(result, path, fmt, columns=args.columns,
                                overwrite=args.force)
        sys.stderr.write(tr("cli.written", path=str(written)) + "\n")
    if args.json:
        print_json(report_json(result))
    elif target is None and not lists:
        sys.stdout.write(report_text(result, language()))
    return 0


def run_payroll_check(args: argparse.Namespace) -> int:
    borderel = load(args, args.file, local_numbers=True)
    result = check_payroll(borderel, args.payroll, options_of(args), args.employee_column,
                           args.amount_column)
    print_not_converted(result.not_converted)
    return render(args, result)
