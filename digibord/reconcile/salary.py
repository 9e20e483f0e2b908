"""Salary conversion (reports.md section 4): per employee the family's premie (P lines),
correctie (C lines) and the employer's bijdrage, for a payroll import file.

Rounding, half away from zero to whole cents: a percentage bijdrage per person, then summed per
employee; with `4weken` the employee's premie and bijdrage are each multiplied by 12/13 once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import PROLONGATION, Borderel
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    Family,
    check_total,
    div_round_half_away,
    group_sum,
)


class PayPeriod(Enum):
    """salarisperiode"""

    MONTH = "maand"
    FOUR_WEEKS = "4weken"


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
    `percent_bp` (hundredths of a percent, 0..10000) exclude each other; both 0 = no bijdrage."""

    period: PayPeriod = PayPeriod.MONTH
    on: ContributionOn = ContributionOn.BASIS
    for_: ContributionFor = ContributionFor.EMPLOYEE
    amount_cent: int = 0
    percent_bp: int = 0
    skip_missing: bool = False

    def __post_init__(self) -> None:
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
        to the file: converted to 4-weekly when asked), monthly_premium_cent,
        monthly_contribution_cent int64 (before that conversion), deduction_cent
        (premium + correction − contribution: what payroll should withhold).
    `not_converted`: employees without werknemersnummer left out by `skip_missing`, by name:
        policyholder int64, employee_name str, premium_cent, correction_cent,
        contribution_cent (monthly amounts); period_contribution_cent and deduction_cent
        (premium + correction − contribution) as a row would have them (4-weekly when asked).
    `total_*_cent`: sums over `rows`. Over all employees (converted or not) the monthly premie
        and correctie equal the `90` record's totals (checked)."""

    borderel: BorderelRef
    options: SalaryOptions
    rows: pd.DataFrame
    not_converted: pd.DataFrame
    total_premium_cent: int
    total_correction_cent: int
    total_contribution_cent: int

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


def compute_salary(borderel: Borderel, options: SalaryOptions | None = None) -> SalaryResult:

    options = options or SalaryOptions()
    people = Family.of(borderel.insured)
    n_emp = len(people.employee_holder)
    holders = people.employee_holder
    emp_number = people.employee_number
    emp_name = people.employee_name

    lines = borderel.lines
    is_p = lines["line_kind"].to_numpy(dtype=object) == PROLONGATION
    net = lines["net_cent"].to_numpy(dtype=np.int64)
    person = people.index(lines["relation_number"].to_numpy(dtype=np.int64))
    emp = people.employee[person]
    premium = group_sum(emp[is_p], net[is_p], n_emp)
    correction = group_sum(emp[~is_p], net[~is_p], n_emp)

    # bijdrage: per person in scope, on the net premium of their products in scope
    products = borderel.products
    code_in_scope = np.isin(products["product_kind"].to_numpy(dtype=object),
                            options.on.product_kinds)
    code = pd.Index(products["product_code"].to_numpy(dtype=object)).get_indexer(
        lines["product_code"].to_numpy(dtype=object))
    in_scope = is_p & code_in_scope[code]
    person_in_scope = np.isin(people.role, options.for_.roles)
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

    nonzero = (premium != 0) | (correction != 0) | (contribution != 0)
    has_number = emp_number.astype(str) != ""
    numbers = emp_number[has_number].astype(str)
    uniq, counts = np.unique(numbers, return_counts=True)
    if (counts > 1).any():
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

    monthly_premium, monthly_contribution = premium, contribution
    if options.period is PayPeriod.FOUR_WEEKS:
        premium = div_round_half_away(premium * 12, 13)
        contribution = div_round_half_away(contribution * 12, 13)

    take = nonzero & has_number
    order = np.flatnonzero(take)
    order = order[np.argsort(emp_number[order].astype(str), kind="stable")]
    rows = pd.DataFrame({
        "policyholder": holders[order],
        "employee_number": emp_number[order],
        "employee_name": emp_name[order],
        "premium_cent": premium[order],
        "correction_cent": correction[order],
        "contribution_cent": contribution[order],
        "monthly_premium_cent": monthly_premium[order],
        "monthly_contribution_cent": monthly_contribution[order],
        "deduction_cent": (premium + correction - contribution)[order],
    })
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
    return SalaryResult(
        borderel=BorderelRef.of(borderel),
        options=options,
        rows=rows,
        not_converted=not_converted,
        total_premium_cent=int(rows["premium_cent"].sum()),
        total_correction_cent=int(rows["correction_cent"].sum()),
        total_contribution_cent=int(rows["contribution_cent"].sum()),
    )
