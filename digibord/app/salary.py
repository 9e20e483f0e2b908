"""The salary conversion (docs/reports.md section 4) as a use case: its options parsed and
checked once, here, from the words both faces use (`maand`/`4weken`, `basis`, `werknemer`,
`12,50`), the conversion with the locally filled werknemersnummers, and the import file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from digibord.archive import apply_local_employee_numbers
from digibord.errors import CommandRefused
from digibord.export.payroll_files import write_payroll_import
from digibord.formats.borderel import Borderel
from digibord.formats.profiles import Profile, list_profiles, load_profile, profile_files
from digibord.i18n import tr
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
    SalaryResult,
    compute_salary,
)

PERIODS = tuple(p.value for p in PayPeriod)
ON = tuple(o.value for o in ContributionOn)
FOR = tuple(f.value for f in ContributionFor)
CONTRIBUTION_KINDS = ("none", "amount", "percent")
_DECIMAL = re.compile(r"^\s*([0-9]+)(?:[.,]([0-9]{1,2}))?\s*$")


class OptionError(ValueError):
    """An option the user typed that cannot be used; str() is the message to show."""


def parse_hundredths(text: str) -> int:
    """`12,50` / `12.50` / `12,5` / `12` -> 1250: at most two decimals, no sign, no thousands
    separator, ASCII digits only. ValueError otherwise."""
    match = _DECIMAL.match(text or "")
    if not match:
        raise ValueError(text)
    return int(match[1]) * 100 + int((match[2] or "").ljust(2, "0"))


def parse_amount(text: str) -> int:
    """A contribution in euros per person per month -> cents (OptionError with the message)."""
    try:
        return parse_hundredths(text)
    except ValueError:
        raise OptionError(tr("salary.error.amount", text=text)) from None


def parse_percent(text: str) -> int:
    """A contribution as a percentage 0..100 -> hundredths of a percent."""
    try:
        value = parse_hundredths(text)
    except ValueError:
        raise OptionError(tr("salary.error.percent", text=text)) from None
    if value > 10000:
        raise OptionError(tr("salary.error.percent", text=text))
    return value


def salary_options(period: str = "maand", on: str = "basis", for_: str = "werknemer",
                   amount: str | int | None = None, percent: str | int | None = None,
                   skip_missing: bool = False) -> SalaryOptions:
    """SalaryOptions from the words and texts of the command line and the window (amounts as
    typed, or already in cents / hundredths of a percent)."""
    if amount is not None and percent is not None:
        raise OptionError(tr("salary.error.both"))
    cents = parse_amount(amount) if isinstance(amount, str) else int(amount or 0)
    bp = parse_percent(percent) if isinstance(percent, str) else int(percent or 0)
    return SalaryOptions(period=PayPeriod(period), on=ContributionOn(on),
                         for_=ContributionFor(for_), amount_cent=cents, percent_bp=bp,
                         skip_missing=skip_missing)


def with_local_numbers(borderel: Borderel) -> Borderel:
    """The borderel with the werknemersnummers the user filled in (kept in the archive) where
    the file has none."""
    return apply_local_employee_numbers(borderel)


# what an option is when neither the user nor a remembered default says
BUILT_IN: dict[str, object] = {"period": "maand", "on": "basis", "for": "werknemer",
                               "amount_cent": 0, "percent_bp": 0, "profile": "csv"}


@dataclass(frozen=True)
class SalaryChoices:
    """The salary options and the payroll profile a conversion or a check runs with."""

    options: SalaryOptions
    profile: str


def salary_choices(given: Mapping[str, object],
                   defaults: Mapping[str, object] | None = None) -> SalaryChoices:
    """The one place the options of a conversion and a check are decided: what the user gave
    (`given`: keys of BUILT_IN and `skip_missing`; None = not given), else `defaults` (e.g.
    remembered for the collectivity), else BUILT_IN. An amount or a percentage given replaces a
    default of either kind."""
    base = {**BUILT_IN, **(defaults or {})}

    def pick(name: str) -> object:
        value = given.get(name)
        return base[name] if value is None else value

    amount, percent = given.get("amount_cent"), given.get("percent_bp")
    if amount is None and percent is None:
        amount, percent = base["amount_cent"], base["percent_bp"]
    options = SalaryOptions(period=PayPeriod(pick("period")), on=ContributionOn(pick("on")),
                            for_=ContributionFor(pick("for")), amount_cent=int(amount or 0),
                            percent_bp=int(percent or 0),
                            skip_missing=bool(given.get("skip_missing")))
    return SalaryChoices(options, str(pick("profile")))


def convert_salary(borderel: Borderel, options: SalaryOptions,
                   local_numbers: bool = True) -> SalaryResult:
    """`digibord salary` and Omzetten salarisborderel: the conversion of one borderel, with the
    locally filled werknemersnummers (pass `local_numbers=False` for a borderel that already
    has them, as the window keeps one while the user tries options)."""
    return compute_salary(with_local_numbers(borderel) if local_numbers else borderel, options)


def payroll_profile(name: str) -> Profile:
    """The payroll profile called `name` (refused with a message naming file and setting)."""
    return load_profile(name)


def profile_choices() -> list[tuple[str, str, bool]]:
    """(name, title, the user's own) of every profile, built-in and the user's; a profile that
    cannot be read has title None (the window says so)."""
    files = profile_files()
    out = []
    for name in list_profiles():
        try:
            title = load_profile(name).title
        except CommandRefused:
            title = None
        out.append((name, title, files[name][1] == "user"))
    return out


def write_salary_import(result: SalaryResult, chosen: Profile, path: str | Path,
                        overwrite: bool = False) -> Path:
    """The payroll import file of a conversion, in the profile's format."""
    return write_payroll_import(result, chosen, path, overwrite)
