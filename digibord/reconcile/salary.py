"""Salary conversion (reports.md section 4): per employee the family's premie (P lines),
correctie (C lines) and the employer's bijdrage, for a payroll import file, for one pay period
(docs/reports.md "Salarisperiode 4 weken").

Rounding, half away from zero to whole cents: a percentage bijdrage per person, then summed per
employee; with `4weken` the employee's premie and bijdrage are each converted once (12/13,
rounded, in every period: digibord.reconcile.pay_period)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import PROLONGATION, Borderel, month_text
from digibord.formats.issues import Issue
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    Family,
    check_total,
    codes_in,
    div_round_half_away,
    group_sum,
    text_take,
)
from digibord.reconcile.deduction_rules import borderel_rule_issues, minimum_wage
from digibord.reconcile.pay_period import PayPeriod, PayPeriodRef, for_period, periods_of_month

__all__ = ["ContributionFor", "ContributionOn", "PayPeriod", "PayPeriodRef", "SalaryOptions",
           "SalaryResult", "compute_salary", "resolve_pay_period"]


class ContributionOn(Enum):
    """bijdrage op: which products the employer contributes to."""

    BASIS = "basis"
    SUPPLEMENTARY = "aanvullend"
    TOTAL = "totaal"

    @property
    def product_kinds(self) -> tuple[str, ...]:
        return {"basis": ("B",), "aanvullend": ("A", "T"), "totaal": ("B", "A", "T")}[self.value]


class ContributionFor(Enum):
    """bijdrage voor: which persons of the family the employer contributes for."""

    EMPLOYEE = "werknemer"
    EMPLOYEE_PARTNER = "werknemer-partner"
    EVERYONE = "iedereen"

    @property
    def roles(self) -> tuple[str, ...]:
        return {"werknemer": ("H",), "werknemer-partner": ("H", "P"),
                "iedereen": ("H", "P", "K")}[self.value]


@dataclass(frozen=True)
class SalaryOptions:
    """The choices of section 4. `amount_cent` (fixed euros per person per month) and
    `percent_bp` (hundredths of a percent, 0..10000) exclude each other; both 0 = no bijdrage.

    `pay_period`: the number of the period converted (1-13 with `4weken`, the month 1-12 with
    `maand`) in the borderel's year; None: the first period that starts in the borderel's
    month. `minimum_wage`: werknemersnummers of employees paid at minimum wage (information on
    what may be withheld from them)."""

    period: PayPeriod = PayPeriod.MONTH
    on: ContributionOn = ContributionOn.BASIS
    for_: ContributionFor = ContributionFor.EMPLOYEE
    amount_cent: int = 0
    percent_bp: int = 0
    skip_missing: bool = False
    pay_period: int | None = None
    minimum_wage: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pay_period is not None and not 1 <= self.pay_period <= self.period.count:
            raise ValueError(f"pay_period must be 1..{self.period.count}")
        if self.amount_cent < 0:
            raise ValueError("amount_cent must not be negative")
        if not 0 <= self.percent_bp <= 10000:
            raise ValueError("percent_bp must be 0..10000")
        if self.amount_cent and self.percent_bp:
            raise ValueError("a fixed amount or a percentage, not both")


@dataclass(frozen=True, eq=False)
class SalaryResult:
    """The salary conversion of one borderel.

    `rows`: one row per converted employee with a non-zero amount, ordered by werknemersnummer:
        policyholder int64 (relatienummer of the employee), employee_number str,
        employee_name str, premium_cent, correction_cent, contribution_cent int64 (as written
        to the file: the amounts of the pay period; correction 0 in a period that does not
        pass the borderel's corrections on), monthly_premium_cent,
        monthly_contribution_cent int64 (before that conversion), deduction_cent
        (premium + correction − contribution: what payroll should withhold),
        basic_premium_cent int64 (the part of premium_cent on `B` products).
    `not_converted`: employees without werknemersnummer left out by `skip_missing`, by name:
        policyholder int64, employee_name str, premium_cent, correction_cent,
        contribution_cent (monthly amounts); period_contribution_cent and deduction_cent
        (premium + correction − contribution) as a row would have them (4-weekly when asked).
    `total_*_cent`: sums over `rows`. Over all employees (converted or not) the monthly premie
        and correctie equal the `90` record's totals (checked).
    `pay_period`: the period converted. `corrections_passed`: whether its corrections are in
        `rows` (False in 4-week period 2: January's went with period 1).
    `closing`: lasting values that end (docs/reports.md "Vaste en eenmalige componenten"): per
        employee whose premie or bijdrage of the previous conversion (`closing_from`, the
        period of `previous`) was not 0 and is 0 now: policyholder, employee_number,
        employee_name, premium_cent, contribution_cent (the previous value that ends, 0 where
        that component goes on). Empty without a previous borderel.
    `minimum_wage`: see digibord.reconcile.deduction_rules.minimum_wage.
    `notices`: warnings about the data (rules of deduction) and the options."""

    borderel: BorderelRef
    options: SalaryOptions
    rows: pd.DataFrame
    not_converted: pd.DataFrame
    total_premium_cent: int
    total_correction_cent: int
    total_contribution_cent: int
    pay_period: PayPeriodRef | None = None
    corrections_passed: bool = True
    closing: pd.DataFrame = field(default_factory=lambda: _closing_frame([]))
    closing_from: PayPeriodRef | None = None
    previous: BorderelRef | None = None
    minimum_wage: pd.DataFrame | None = None
    notices: tuple[Issue, ...] = ()

    @property
    def collectivity_number(self) -> str:
        return self.borderel.collectivity_number

    @property
    def collectivity_name(self) -> str:
        return self.borderel.collectivity_name

    @property
    def prolongation_month(self) -> int:
        return self.borderel.prolongation_month

    @property
    def total_deduction_cent(self) -> int:
        """What payroll withholds in total: premie + correctie − bijdrage, as each row's."""
        return self.total_premium_cent + self.total_correction_cent - self.total_contribution_cent


def _closing_frame(parts: list) -> pd.DataFrame:
    names = ("policyholder", "employee_number", "employee_name", "premium_cent",
             "contribution_cent")
    if not parts:
        return pd.DataFrame({n: pd.Series(dtype=object if n.startswith("employee_") else
                                          np.int64) for n in names})
    return pd.DataFrame(dict(zip(names, parts, strict=True)))


def resolve_pay_period(borderel: Borderel, options: SalaryOptions) -> PayPeriodRef:
    """The period converted: the one asked for, which must be a period that starts in the
    borderel's month (the borderel in force at its start), else the first such period."""
    month = borderel.header.prolongation_month
    kind = options.period
    numbers = periods_of_month(month, kind)
    if options.pay_period is None:
        return PayPeriodRef(kind, month // 100, numbers[0])
    period = PayPeriodRef(kind, month // 100, options.pay_period)
    if options.pay_period not in numbers:
        raise CommandRefused(tr("profiles.period.wrong_borderel", source=borderel.source,
                                period=period_words(period), start=period.start.strftime(
                                    "%d-%m-%Y"), wanted=month_text(period.month),
                                month=month_text(month)))
    return period


def period_words(period: PayPeriodRef, lang: str | None = None) -> str:
    """`april 2026` / `periode 4 van 2026 (26-03-2026 t/m 22-04-2026)` for messages."""
    if period.kind is PayPeriod.MONTH:
        return tr("profiles.period.month_words", lang, month=month_text(period.month))
    return tr("profiles.period.four_weeks_words", lang, number=period.number, year=period.year,
              start=period.start.strftime("%d-%m-%Y"), end=period.end.strftime("%d-%m-%Y"))


def compute_salary(borderel: Borderel, options: SalaryOptions | None = None,
                   previous: Borderel | None = None) -> SalaryResult:
    """The conversion of one borderel for one pay period. With `previous` (the borderel of the
    period before, for profiles whose values last until replaced) also the values that end."""
    options = options or SalaryOptions()
    period = resolve_pay_period(borderel, options)
    people = Family.of(borderel.insured)
    n_emp = len(people.employee_holder)
    holders = people.employee_holder
    emp_number = people.employee_number
    emp_name = people.employee_name

    lines = borderel.lines
    is_p = codes_in(lines["line_kind"], pd.Index([PROLONGATION], dtype=object)) == 0
    net = lines["net_cent"].to_numpy(dtype=np.int64)
    person = people.index(lines["relation_number"].to_numpy(dtype=np.int64),
                          lines["line_number"].to_numpy(dtype=np.int64))
    emp = people.employee[person]
    premium = group_sum(emp[is_p], net[is_p], n_emp)
    correction = group_sum(emp[~is_p], net[~is_p], n_emp)

    # bijdrage: per person in scope, on the net premium of their products in scope
    products = borderel.products
    code_in_scope = np.isin(products["product_kind"].to_numpy(dtype=object),
                            options.on.product_kinds)
    code = codes_in(lines["product_code"],
                    pd.Index(products["product_code"].to_numpy(dtype=object)))
    in_scope = is_p & code_in_scope[code]
    role_in_scope = np.isin(people.role_categories.to_numpy(dtype=object), options.for_.roles)
    person_in_scope = np.r_[role_in_scope, False][people.role_code]
    in_scope &= person_in_scope[person]
    person_net = group_sum(person[in_scope], net[in_scope], len(people.relation_number))
    if options.percent_bp:
        person_bijdrage = div_round_half_away(person_net * options.percent_bp, 10000)
    else:
        person_bijdrage = np.minimum(person_net, options.amount_cent)
    person_bijdrage = np.maximum(person_bijdrage, 0)
    person_bijdrage[~person_in_scope] = 0
    contribution = group_sum(people.employee, person_bijdrage, n_emp)

    check_total("totaal prolongatie", int(premium.sum()),
                borderel.trailer.total_prolongation_cent, borderel.source)
    check_total("totaal correcties", int(correction.sum()),
                borderel.trailer.total_corrections_cent, borderel.source)

    # werknemersnummers through their text ranks: '' (unknown), if there, has the lowest
    text = people.employee_text
    by_rank = people.employee_order
    if n_emp and (emp_number[by_rank[:1]].astype(str) == "").all():
        has_number = text != text[by_rank[0]]
    else:
        has_number = np.ones(n_emp, dtype=bool)
    if (np.bincount(text[has_number]) > 1).any():
        numbers = emp_number[has_number].astype(str)
        uniq, counts = np.unique(numbers, return_counts=True)
        shared = uniq[counts > 1]
        who = pd.DataFrame({"n": numbers, "name": emp_name[has_number],
                            "rel": holders[has_number]})
        who = who[who["n"].isin(shared)]
        listing = "; ".join(f"{n}: " + ", ".join(f"{r['name']} ({int(r['rel']):010d})"
                                                 for _, r in g.iterrows())
                            for n, g in who.groupby("n"))
        raise CommandRefused(tr("salary.error.shared_number", source=borderel.source,
                                employees=listing))
    missing = ~has_number  # every employee needs one (reports.md 4), whatever the amounts
    if missing.any() and not options.skip_missing:
        listing = "\n".join(f"  {name} ({int(rel):010d})"
                            for name, rel in zip(emp_name[missing], holders[missing],
                                                 strict=True))
        raise CommandRefused(tr("salary.error.missing_numbers", source=borderel.source,
                                count=int(missing.sum()), employees=listing))

    basic = is_p & (products["product_kind"].to_numpy(dtype=object) == "B")[code]
    monthly_basic = group_sum(emp[basic], net[basic], n_emp)
    monthly_premium, monthly_contribution = premium, contribution
    premium = for_period(premium, period)
    contribution = for_period(contribution, period)
    basic_premium = for_period(monthly_basic, period)
    if not period.passes_corrections:
        correction = np.zeros_like(correction)
    nonzero = (premium != 0) | (correction != 0) | (contribution != 0)

    # by werknemersnummer: the employees in rank order (the numbers are distinct, checked)
    order = by_rank[(nonzero & has_number)[by_rank]]
    rows = pd.DataFrame({
        "policyholder": holders[order],
        # a missing number is '' in the family, so fill only when some number is ''
        "employee_number": text_take(borderel.insured["employee_number"],
                                     people.employee_row[order],
                                     fill=None if has_number.all() else ""),
        "employee_name": text_take(borderel.insured["name"], people.employee_row[order]),
        "premium_cent": premium[order],
        "correction_cent": correction[order],
        "contribution_cent": contribution[order],
        "monthly_premium_cent": monthly_premium[order],
        "monthly_contribution_cent": monthly_contribution[order],
        "deduction_cent": (premium + correction - contribution)[order],
        "basic_premium_cent": basic_premium[order],
    }, copy=False)  # fresh takes: no copy into blocks
    left = np.flatnonzero(missing)
    not_converted = pd.DataFrame({
        "policyholder": holders[left],
        "employee_name": emp_name[left],
        "premium_cent": monthly_premium[left],
        "correction_cent": correction[left],
        "contribution_cent": monthly_contribution[left],
        "period_contribution_cent": contribution[left],
        "deduction_cent": (premium + correction - contribution)[left],
    })
    notices = borderel_rule_issues(borderel)
    wage, wage_notices = minimum_wage(rows, options.minimum_wage)
    result = SalaryResult(
        borderel=BorderelRef.of(borderel),
        options=options,
        rows=rows,
        not_converted=not_converted,
        total_premium_cent=int(rows["premium_cent"].sum()),
        total_correction_cent=int(rows["correction_cent"].sum()),
        total_contribution_cent=int(rows["contribution_cent"].sum()),
        pay_period=period,
        corrections_passed=period.passes_corrections,
        minimum_wage=wage,
        notices=tuple(notices + wage_notices),
    )
    if previous is not None:
        result = _with_closing(result, borderel, previous)
    return result


def _with_closing(result: SalaryResult, borderel: Borderel, previous: Borderel) -> SalaryResult:
    """The lasting values of the previous conversion that are 0 now. The previous borderel is
    converted for the last period it was in force for (so for the period before, when it is
    the borderel of that period), leaving out employees without werknemersnummer."""
    same = (previous.header.collectivity_number == borderel.header.collectivity_number)
    before = ((previous.header.prolongation_month, previous.header.sequence)
              < (borderel.header.prolongation_month, borderel.header.sequence))
    if not same or not before:
        raise CommandRefused(tr("profiles.previous.not_before", previous=previous.source,
                                source=borderel.source))
    kind = result.options.period
    month = previous.header.prolongation_month
    number = periods_of_month(month, kind)[-1]
    if result.pay_period is not None and result.pay_period.month == month:
        number = result.pay_period.number  # a re-issue of the month: the same period again
    before_opts = replace(result.options, pay_period=number, skip_missing=True, minimum_wage=())
    earlier = compute_salary(previous, before_opts)
    now = result.rows
    prev = earlier.rows
    current = pd.Index(now["employee_number"].to_numpy(dtype=object))
    at = current.get_indexer(prev["employee_number"].to_numpy(dtype=object))
    found = at >= 0
    now_premium = np.where(found, now["premium_cent"].to_numpy(np.int64)[np.maximum(at, 0)], 0)
    now_contrib = np.where(found, now["contribution_cent"].to_numpy(np.int64)[np.maximum(at, 0)],
                           0)
    prev_premium = prev["premium_cent"].to_numpy(np.int64)
    prev_contrib = prev["contribution_cent"].to_numpy(np.int64)
    ends_premium = (prev_premium != 0) & (now_premium == 0)
    ends_contrib = (prev_contrib != 0) & (now_contrib == 0)
    keep = np.flatnonzero(ends_premium | ends_contrib)
    closing = _closing_frame([
        prev["policyholder"].to_numpy(np.int64)[keep],
        prev["employee_number"].to_numpy(dtype=object)[keep],
        prev["employee_name"].to_numpy(dtype=object)[keep],
        np.where(ends_premium, prev_premium, 0)[keep].astype(np.int64),
        np.where(ends_contrib, prev_contrib, 0)[keep].astype(np.int64),
    ])
    return replace(result, closing=closing, closing_from=earlier.pay_period,
                   previous=earlier.borderel)
