"""`digibord salary`: the salary conversion of reports.md section 4, as JSON, on screen, or as
a payroll import file through a profile (payroll-formats.md)."""

from __future__ import annotations

import argparse
import re
import sys

from digibord.commands.common import check_new_file, print_json, print_warnings
from digibord.i18n import tr

_DECIMAL = re.compile(r"^\s*(\d+)(?:[.,](\d{1,2}))?\s*$")


def parse_hundredths(text: str) -> int:
    """`12,50` / `12.50` / `12,5` / `12` -> 1250: at most two decimals, no sign, no thousands
    separator. ValueError otherwise."""
    match = _DECIMAL.match(text or "")
    if not match:
        raise ValueError(text)
    return int(match[1]) * 100 + int((match[2] or "").ljust(2, "0"))


def _amount(text: str) -> int:
    try:
        return parse_hundredths(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("salary.error.amount", text=text)) from None


def _percent(text: str) -> int:
    try:
        value = parse_hundredths(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("salary.error.percent", text=text)) from None
    if value > 10000:
        raise argparse.ArgumentTypeError(tr("salary.error.percent", text=text))
    return value


def add_salary_options(parser: argparse.ArgumentParser) -> None:
    """The choices of section 4, shared by `salary` and `payroll-check`."""
    parser.add_argument("--period", choices=("maand", "4weken"), default="maand",
                        help=tr("salary.help.period"))
    parser.add_argument("--on", choices=("basis", "aanvullend", "totaal"), default="basis",
                        help=tr("salary.help.on"))
    parser.add_argument("--for", dest="for_", default="werknemer",
                        choices=("werknemer", "werknemer-partner", "iedereen"),
                        help=tr("salary.help.for"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--amount", type=_amount, metavar="EUROS", help=tr("salary.help.amount"))
    group.add_argument("--percent", type=_percent, metavar="P", help=tr("salary.help.percent"))
    parser.add_argument("--skip-missing", action="store_true",
                        help=tr("salary.help.skip_missing"))
    parser.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))


def salary_options(args: argparse.Namespace):
    from digibord.reconcile.salary import (
        ContributionFor,
        ContributionOn,
        PayPeriod,
        SalaryOptions,
    )

    return SalaryOptions(
        period=PayPeriod(args.period), on=ContributionOn(args.on),
        for_=ContributionFor(args.for_), amount_cent=args.amount or 0,
        percent_bp=args.percent or 0, skip_missing=args.skip_missing)


def print_not_converted(result) -> None:
    frame = result.not_converted
    if len(frame):
        sys.stderr.write(tr("salary.not_converted", count=len(frame)) + "\n")
        for holder, name in zip(frame["policyholder"].tolist(), frame["employee_name"].tolist(),
                                strict=True):
            sys.stderr.write(f"  {name} ({int(holder):010d})\n")


def _run(args: argparse.Namespace) -> int:
    from digibord.commands.inputs import load_input
    from digibord.export.json_export import salary_json
    from digibord.reconcile.salary import compute_salary

    borderel = load_input(args.file, args.collectivity, local_numbers=True)
    print_warnings(borderel.source, borderel.warnings)
    profile = None
    target = None
    if args.output:
        from digibord.formats.profiles import load_profile

        profile = load_profile(args.profile)  # refuse a bad profile before any work
        target = check_new_file(args.output, args.force)
    result = compute_salary(borderel, salary_options(args))
    print_not_converted(result)
    if target is not None:
        from digibord.formats.payroll_import import write_payroll_import

        write_payroll_import(result, profile, target)
        sys.stderr.write(tr("salary.written", path=str(target), profile=profile.name,
                            count=len(result.rows)) + "\n")
    if args.json:
        print_json(salary_json(result))
    elif target is None:
        from digibord.commands.report_cmds import print_salary

        print_salary(result)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("salary", help=tr("salary.help.command"),
                              description=tr("salary.help.command"))
    p.add_argument("file", metavar="FILE", help=tr("reports.help.file"))
    add_salary_options(p)
    p.add_argument("--profile", default="csv", metavar="NAME", help=tr("salary.help.profile"))
    p.add_argument("--json", action="store_true", help=tr("reports.help.json"))
    p.add_argument("-o", "--output", metavar="PATH", help=tr("salary.help.output"))
    p.add_argument("--force", action="store_true", help=tr("reports.help.force"))
    p.set_defaults(handler=_run)
