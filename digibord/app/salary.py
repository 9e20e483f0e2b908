"""The salary conversion (docs/reports.md section 4) as a use case: its options parsed and
checked once, here, from the words both faces use (`maand`/`4weken`, `basis`, `werknemer`,
`12,50`), the pay period (by default the next one not yet converted), the previous borderel a
profile of lasting values needs, the conversion with the locally filled werknemersnummers, and
the import file with the employer's own settings, recorded in the conversion log."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from digibord.app.collectivity_settings import SettingsStore, settings_store
from digibord.app.conversion_log import ConversionLog
from digibord.app.inputs import load_borderel
from digibord.app.notices import Unkept
from digibord.app.profile_settings import one_off_for, profile_for
from digibord.archive import ArchiveError, apply_local_employee_numbers, open_archive
from digibord.errors import CommandRefused
from digibord.export.payroll_files import payroll_targets, write_payroll_import
from digibord.formats.borderel import Borderel
from digibord.formats.issues import Issue, issue
from digibord.formats.profiles import Profile, list_profiles, load_profile, profile_files
from digibord.i18n import tr
from digibord.money import MAX_AMOUNT_CENT, AmountTooLarge, format_euro
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    PayPeriodRef,
    SalaryOptions,
    SalaryResult,
    compute_salary,
    resolve_pay_period,
)

PERIODS = tuple(p.value for p in PayPeriod)
ON = tuple(o.value for o in ContributionOn)
FOR = tuple(f.value for f in ContributionFor)
CONTRIBUTION_KINDS = ("none", "amount", "percent")
# ASCII digits only: `[0-9]`, never `\d`, which would read `٣` (Arabic-Indic three) as 3
_DECIMAL = re.compile(r"^\s*([0-9]+)(?:[.,]([0-9]{1,2}))?\s*$")
_MAX_DIGITS = 15  # whole units: more is beyond every bound, so the digits are not even read


class OptionError(ValueError):
    """An option the user typed that cannot be used; str() is the message to show."""


def parse_hundredths(text: str) -> int:
    """`12,50` / `12.50` / `12,5` / `12` -> 1250: at most two decimals, no sign, no thousands
    separator, ASCII digits only. ValueError otherwise (AmountTooLarge, a ValueError, for
    more than 15 digits before the decimal mark)."""
    match = _DECIMAL.match(text or "")
    if not match:
        raise ValueError(text)
    if len(match[1].lstrip("0")) > _MAX_DIGITS:
        raise AmountTooLarge(text)
    return int(match[1]) * 100 + int((match[2] or "").ljust(2, "0"))


def parse_amount(text: str) -> int:
    """A contribution in euros per person per month -> cents, at most € 10 000 000
    (OptionError with the message)."""
    try:
        cents = parse_hundredths(text)
    except AmountTooLarge:
        cents = MAX_AMOUNT_CENT + 1
    except ValueError:
        raise OptionError(tr("salary.error.amount", text=text)) from None
    return check_amount(cents, text)


def check_amount(cents: int, text: str | None = None) -> int:
    """A contribution in cents within 0..MAX_AMOUNT_CENT, else OptionError."""
    if not 0 <= cents <= MAX_AMOUNT_CENT:
        raise OptionError(tr("hardening.amount_too_large",
                             text=format_euro(cents) if text is None else text,
                             limit=format_euro(MAX_AMOUNT_CENT)))
    return cents


def parse_percent(text: str) -> int:
    """A contribution as a percentage 0..100 -> hundredths of a percent."""
    try:
        value = parse_hundredths(text)
    except ValueError:
        raise OptionError(tr("salary.error.percent", text=text)) from None
    if value > 10000:
        raise OptionError(tr("salary.error.percent", text=text))
    return value


def parse_pay_period(text: str | int | None, period: str = "4weken") -> int | None:
    """`4` -> 4: a period number 1-13 (`4weken`) or 1-12 (`maand`); OptionError otherwise."""
    if text is None or text == "":
        return None
    count = PayPeriod(period).count
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= count:
        raise OptionError(tr("profiles.error.pay_period", text=text, count=count))
    return int(value)


def parse_employee_numbers(text: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """`E1, E2 E3` -> ("E1", "E2", "E3"): werknemersnummers separated by commas, semicolons or
    spaces."""
    if text is None:
        return ()
    if not isinstance(text, str):
        return tuple(t.strip() for t in text if t.strip())
    return tuple(t for t in re.split(r"[,;\s]+", text) if t)


def salary_options(period: str = "maand", on: str = "basis", for_: str = "werknemer",
                   amount: str | int | None = None, percent: str | int | None = None,
                   skip_missing: bool = False, pay_period: str | int | None = None,
                   minimum_wage: str | tuple[str, ...] | None = None) -> SalaryOptions:
    """SalaryOptions from the words and texts of the command line and the window (amounts as
    typed, or already in cents / hundredths of a percent; the pay period as a number, None
    for the first period of the borderel's month; werknemersnummers at minimum wage)."""
    if amount is not None and percent is not None:
        raise OptionError(tr("salary.error.both"))
    cents = parse_amount(amount) if isinstance(amount, str) else check_amount(int(amount or 0))
    bp = parse_percent(percent) if isinstance(percent, str) else int(percent or 0)
    return SalaryOptions(period=PayPeriod(period), on=ContributionOn(on),
                         for_=ContributionFor(for_), amount_cent=cents, percent_bp=bp,
                         skip_missing=skip_missing,
                         pay_period=parse_pay_period(pay_period, period),
                         minimum_wage=parse_employee_numbers(minimum_wage))


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
    (`given`: keys of BUILT_IN, `skip_missing`, `pay_period` (a number, None for the default)
    and `minimum_wage` (werknemersnummers); None = not given), else `defaults` (e.g.
    remembered for the collectivity), else BUILT_IN. An amount or a percentage given replaces a
    default of either kind. OptionError for a pay period the period kind does not have."""
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
                            skip_missing=bool(given.get("skip_missing")),
                            pay_period=parse_pay_period(given.get("pay_period"),
                                                        str(pick("period"))),
                            minimum_wage=parse_employee_numbers(given.get("minimum_wage")))
    return SalaryChoices(options, str(pick("profile")))


def convert_salary(borderel: Borderel, options: SalaryOptions, local_numbers: bool = True,
                   previous: Borderel | None = None) -> SalaryResult:
    """`digibord salary` and Omzetten salarisborderel: the conversion of one borderel, with the
    locally filled werknemersnummers (pass `local_numbers=False` for a borderel that already
    has them, as the window keeps one while the user tries options). `previous`: the borderel
    of the period before, for a profile of lasting values (see previous_borderel)."""
    return compute_salary(with_local_numbers(borderel) if local_numbers else borderel, options,
                          previous)


def conversion_log(store: SettingsStore | None = None) -> ConversionLog:
    return ConversionLog(store or settings_store())


def default_pay_period(borderel: Borderel, period: str | PayPeriod,
                       store: SettingsStore | None = None) -> int:
    """The period a conversion of this borderel is for unless the user picks another: the
    next period not yet converted for the collectivity when this borderel is the one in force
    for it, else the first period of the borderel's month not yet converted."""
    h = borderel.header
    return conversion_log(store).default_pay_period(h.collectivity_number, h.prolongation_month,
                                                   PayPeriod(period))


def with_default_period(borderel: Borderel, options: SalaryOptions,
                        store: SettingsStore | None = None) -> SalaryOptions:
    """The options with the default pay period filled in when none was chosen."""
    if options.pay_period is not None:
        return options
    return replace(options, pay_period=default_pay_period(borderel, options.period, store))


def pay_period_of(borderel: Borderel, options: SalaryOptions) -> PayPeriodRef:
    """The period the options convert the borderel for (refused when it is not in force)."""
    return resolve_pay_period(borderel, options)


def period_warnings(result: SalaryResult, store: SettingsStore | None = None) -> list[Issue]:
    """The period converted again, or periods skipped since the latest converted."""
    if result.pay_period is None:
        return []
    return conversion_log(store).warnings(result.collectivity_number, result.pay_period)


def previous_borderel(borderel: Borderel, options: SalaryOptions, given: str | None = None,
                      collectivity: str | None = None) -> tuple[Borderel | None, list[Issue]]:
    """The borderel before, for a profile of lasting values: `given` (a file or a month of the
    archive, `--previous`), else the latest borderel of the collectivity in the archive before
    this one's month. None (and no warning) for 4-week period 2, whose period before uses the
    same January borderel; None with a warning when there is none."""
    h = borderel.header
    if given:
        return load_borderel(given, collectivity or h.collectivity_number, local_numbers=True), []
    period = resolve_pay_period(borderel, options)
    if period.previous().month == h.prolongation_month:
        return None, []
    archive = open_archive()
    try:
        earlier = []
        if archive.exists():
            earlier = [e for e in archive.months(h.collectivity_number)
                       if e.prolongation_month < h.prolongation_month]
        if not earlier:
            return None, [issue("profiles.previous.none", source=borderel.source)]
        return archive.load(h.collectivity_number, earlier[-1].prolongation_month), []
    except ArchiveError as exc:  # no key, a changed record: convert, and say what is missing
        return None, [issue("profiles.previous.unreadable", reason=str(exc))]


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


def prepare_conversion(borderel: Borderel, options: SalaryOptions, chosen: Profile | None = None,
                       previous: str | None = None, collectivity: str | None = None,
                       store: SettingsStore | None = None,
                       local_numbers: bool = True) -> SalaryResult:
    """What `digibord salary` and the window's preview both compute: the default pay period
    filled in, the previous borderel looked up for a profile of lasting values, the conversion,
    and its notices (rules of deduction, no previous borderel, a period converted twice or
    skipped)."""
    store = store or settings_store()
    options = with_default_period(borderel, options, store)
    before, notices = None, []
    if chosen is not None and chosen.lasting:
        before, notices = previous_borderel(borderel, options, previous, collectivity)
    result = convert_salary(borderel, options, local_numbers, before)
    notices += period_warnings(result, store)
    return replace(result, notices=result.notices + tuple(notices))


def collectivity_profile(chosen: Profile | str, collectivity: str,
                         overrides: dict[str, str] | None = None,
                         store: SettingsStore | None = None) -> Profile:
    """The profile with the employer's own settings remembered for the collectivity (and
    `overrides`, remembered too; for a profile of lasting values also for its one-off
    profile, where that has the setting: the same employer in the same payroll system)."""
    profile = profile_for(chosen, collectivity, overrides, store)
    if profile.lasting and overrides:
        other = load_profile(profile.one_off)
        shared = {k: v for k, v in overrides.items() if k in other.settings}
        if shared:
            profile_for(other, collectivity, shared, store)
    return profile


def salary_targets(result: SalaryResult, chosen: Profile, path: str | Path,
                   store: SettingsStore | None = None) -> list[Path]:
    """The files write_salary_import makes (a profile of lasting values with corrections: two),
    to check or to ask about before writing."""
    return payroll_targets(result, chosen, path,
                           one_off_for(chosen, result.collectivity_number, store))


def write_salary_import(result: SalaryResult, chosen: Profile, path: str | Path,
                        overwrite: bool = False, store: SettingsStore | None = None,
                        record: bool = True) -> WrittenImport:
    """The payroll import file of a conversion, in the profile's format, with the settings
    remembered for the collectivity (a required setting still empty is written blank: the
    caller warns of it, `profile_settings.profile_warnings`). Recorded in the conversion log
    (unless `record` is False). A profile of lasting values also writes its corrections file
    (salary_targets)."""
    store = store or settings_store()
    collectivity = result.collectivity_number
    chosen = collectivity_profile(chosen, collectivity, store=store)
    one_off = one_off_for(chosen, collectivity, store)
    written = write_payroll_import(result, chosen, path, overwrite, one_off=one_off)
    problem = None
    if record and result.pay_period is not None:
        ref = result.borderel
        try:
            conversion_log(store).record(collectivity, result.pay_period,
                                         ref.prolongation_month, ref.sequence, chosen.name)
        except (CommandRefused, OSError) as exc:
            # the file is written all the same: a sentence to tell, not a failed conversion
            problem = Unkept("salary.warning.not_recorded", str(exc))
    return WrittenImport(written, problem)


class WrittenImport(NamedTuple):
    """A payroll import file written, and why its conversion could not be recorded (None when
    it was)."""

    path: Path
    problem: str | None = None


def written_text(result: SalaryResult, chosen: Profile, paths: list[Path]) -> str:
    """What was written, for the status line and standard error: the file, and for a profile
    of lasting values the corrections file with its own count."""
    text = tr("salary.written", path=str(paths[0]), profile=chosen.name, count=len(result.rows))
    if len(paths) > 1:
        count = int((result.rows["correction_cent"] != 0).sum())
        text += " " + tr("profiles.written_corrections", path=str(paths[1]),
                         profile=chosen.one_off, count=count)
    return text
