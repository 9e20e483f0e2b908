"""`digibord salary`: the salary conversion of reports.md section 4, as JSON, on screen, or as
a payroll import file through a profile (payroll-formats.md)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from digibord.commands.common import check_new_file, print_json, print_warnings
from digibord.i18n import tr
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
)

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
    """The choices of section 4, shared by `salary` and `payroll-check`. No defaults here:
    `salary_choices` fills in what was not given (so that remembered defaults can come in)."""
    parser.add_argument("--period", choices=("maand", "4weken"), help=tr("salary.help.period"))
    parser.add_argument("--on", choices=("basis", "aanvullend", "totaal"),
                        help=tr("salary.help.on"))
    parser.add_argument("--for", dest="for_",
                        choices=("werknemer", "werknemer-partner", "iedereen"),
                        help=tr("salary.help.for"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--amount", type=_amount, metavar="EUROS", help=tr("salary.help.amount"))
    group.add_argument("--percent", type=_percent, metavar="P", help=tr("salary.help.percent"))
    parser.add_argument("--skip-missing", action="store_true",
                        help=tr("salary.help.skip_missing"))
    parser.add_argument("--collectivity", metavar="N", help=tr("reports.help.collectivity"))


# what an option is when neither the command line nor remembered defaults say
BUILT_IN = {"period": "maand", "on": "basis", "for": "werknemer", "amount_cent": 0,
            "percent_bp": 0, "profile": "csv"}


@dataclass(frozen=True)
class SalaryChoices:
    """The salary options and profile a command runs with."""

    options: SalaryOptions
    profile: str


def salary_choices(args: argparse.Namespace, defaults: Mapping[str, object] | None = None
                   ) -> SalaryChoices:
    """The one place the options of `salary` and `payroll-check` are decided: what the command
    line gives, else `defaults` (keys of BUILT_IN; e.g. remembered per collectivity), else
    BUILT_IN. An amount or a percentage given replaces a default of either kind."""
    base = {**BUILT_IN, **(defaults or {})}

    def pick(name: str, given):
        return base[name] if given is None else given

    amount, percent = getattr(args, "amount", None), getattr(args, "percent", None)
    if amount is None and percent is None:
        amount, percent = base["amount_cent"], base["percent_bp"]
    options = SalaryOptions(
        period=PayPeriod(pick("period", getattr(args, "period", None))),
        on=ContributionOn(pick("on", getattr(args, "on", None))),
        for_=ContributionFor(pick("for", getattr(args, "for_", None))),
        amount_cent=amount or 0, percent_bp=percent or 0,
        skip_missing=bool(getattr(args, "skip_missing", False)))
    return SalaryChoices(options, str(pick("profile", getattr(args, "profile", None))))


def salary_options(args: argparse.Namespace) -> SalaryOptions:
    return salary_choices(args).options


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
    choices = salary_choices(args)
    profile = None
    target = None
    if args.output:
        from digibord.formats.profiles import load_profile

        profile = load_profile(choices.profile)  # refuse a bad profile before any work
        target = check_new_file(args.output, args.force)
    result = compute_salary(borderel, choices.options)
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
    p.add_argument("--profile", metavar="NAME", help=tr("salary.help.profile"))
    p.add_argument("--json", action="store_true", help=tr("reports.help.json"))
    p.add_argument("-o", "--output", metavar="PATH", help=tr("salary.help.output"))
    p.add_argument("--force", action="store_true", help=tr("reports.help.force"))
    p.set_defaults(handler=_run)
