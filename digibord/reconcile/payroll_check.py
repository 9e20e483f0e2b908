"""Salary check (reports.md section 5): per werknemersnummer what the borderel says payroll
should withhold (premie + correctie − bijdrage, as the salary conversion computes it) against
what payroll's journal says was withheld, with a status and, for a difference, the known part
that explains it exactly (`verklaring`).

Every employee gets an answer: an employee of the borderel without werknemersnummer is a row
of its own (`geen werknemersnummer`), never a reason to refuse the check."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import PROLONGATION, Borderel
from digibord.formats.journal_amounts import SumOverflow, checked_total
from digibord.formats.payroll_journal import JournalShape, PayrollJournal, match_key
from digibord.i18n import tr
from digibord.reconcile.common import BorderelRef, rows_equal
from digibord.reconcile.pay_period import PayPeriod, spread_four_weekly
from digibord.reconcile.salary import SalaryOptions, SalaryResult, compute_salary

OK = "akkoord"
DIFFERENT = "verschil"
BORDEREL_ONLY = "alleen borderel"
PAYROLL_ONLY = "alleen salaris"
NO_NUMBER = "geen werknemersnummer"
STATUSES = (OK, DIFFERENT, BORDEREL_ONLY, PAYROLL_ONLY, NO_NUMBER)

# verklaring, in the order they are tried: the first that explains a difference exactly wins
CORRECTION = "correctie"
CONTRIBUTION = "bijdrage"
FAMILY_MEMBER = "gezinslid"
PREVIOUS_MONTH = "vorige_maand"
EXPLANATIONS = (CORRECTION, CONTRIBUTION, FAMILY_MEMBER, PREVIOUS_MONTH)

NO_RELATION = -1  # relation_number of a row that is only in the journal
_VALUE_BITS = 40  # member premiums and differences packed with their employee (see _family)


@dataclass(frozen=True, eq=False)
class PayrollCheckResult:
    """The borderel against a payroll journal.

    `rows`: one row per employee found on either side, exceptions first (every status but
        `akkoord`), then by werknemersnummer and relatienummer of the employee:
        employee_number str ('' for `geen werknemersnummer`; as the journal writes it for
        `alleen salaris`), relation_number int64 (relatienummer of the employee; NO_RELATION
        when only in the journal), employee_name str (the journal's name, if it has one, for
        `alleen salaris`), expected_cent int64 (premie + correctie − bijdrage of section 4; 0
        when only in the journal, and for an employee with nothing to convert whom the
        journal names), withheld_cent int64 (0 when absent from the journal),
        difference_cent int64 (withheld − expected: positive = withheld too much), status str
        (STATUSES), explanation object (None or one of EXPLANATIONS, only for `verschil`),
        premium_cent, correction_cent, contribution_cent int64 (the borderel's parts, as the
        salary conversion has them; contribution_cent is the verwachte bijdrage),
        paid_contribution_cent int64 (|Σ bijdrage| of the journal; meaningful when
        `journal.has_contribution`), exception bool (status is not `akkoord`).
    `options`: the salary options used (skip_missing is always on: employees without number
        are rows); `profile`: the name of the profile whose codes were read from the journal.
    `previous`: the borderel the `vorige_maand` explanation was looked up in, or None.
    `warnings`: what the administrator should know but did not stop the check, translated.
    `total_*_cent`: sums over every row (also `geen werknemersnummer`); `status_counts` per
    status in STATUSES order, `explanation_counts` per explanation in EXPLANATIONS order."""

    borderel: BorderelRef
    journal: PayrollJournal
    options: SalaryOptions
    profile: str
    salary: SalaryResult
    rows: pd.DataFrame
    total_expected_cent: int
    total_withheld_cent: int
    total_difference_cent: int
    status_counts: tuple[tuple[str, int], ...]
    explanation_counts: tuple[tuple[str, int], ...]
    previous: BorderelRef | None = None
    warnings: tuple[str, ...] = ()

    @property
    def collectivity_number(self) -> str:
        return self.borderel.collectivity_number

    @property
    def collectivity_name(self) -> str:
        return self.borderel.collectivity_name

    @property
    def payroll_source(self) -> str:
        return self.journal.source

    @property
    def shape(self) -> JournalShape:
        return self.journal.shape

    @property
    def employee_column(self) -> str:
        return self.journal.employee_column

    @property
    def amount_column(self) -> str:
        return self.journal.amount_column

    @property
    def exception_count(self) -> int:
        return int(self.rows["exception"].sum())


def _check_previous(borderel: Borderel, previous: Borderel) -> None:
    """The previous borderel must be the same collectivity's and come earlier (month, then
    volgnummer), as the diff asks of `van` and `tot`."""
    cur, prev = borderel.header, previous.header
    if prev.collectivity_number != cur.collectivity_number:
        raise CommandRefused(tr("payroll.error.previous_collectivity", file=previous.source,
                                other=prev.collectivity_number,
                                number=cur.collectivity_number))
    if (prev.prolongation_month, prev.sequence) >= (cur.prolongation_month, cur.sequence):
        raise CommandRefused(tr("payroll.error.previous_order", file=previous.source,
                                previous=BorderelRef.of(previous).label(),
                                month=BorderelRef.of(borderel).label()))


_MATCHED = ("policyholder", "employee_number", "employee_name", "premium_cent",
            "correction_cent", "contribution_cent", "deduction_cent")


def _borderel_employees(borderel: Borderel, salary: SalaryResult, journal_keys: np.ndarray
                        ) -> pd.DataFrame:
    """The conversion's rows, and the employees with a werknemersnummer it has no row for (all
    three amounts 0) that the journal names: they are in the borderel with nothing to
    withhold, so they are matched (akkoord or verschil), not `alleen salaris`."""
    rows = salary.rows
    ins = borderel.insured
    holders = rows_equal(ins["role"], "H")  # the categorical's codes, no text compared
    if len(holders) == len(rows) + len(salary.not_converted):
        return rows  # the common case: every employee is a row or not converted (no number)
    employee = np.zeros(len(ins), dtype=bool)
    employee[holders] = True
    holder = ins["relation_number"].to_numpy(dtype=np.int64)
    quiet = np.flatnonzero(employee & ~np.isin(holder, rows["policyholder"].to_numpy(
        dtype=np.int64)))
    number = ins["employee_number"].to_numpy(dtype=object)[quiet].astype(str)
    named = (np.char.strip(number) != "") & np.isin(match_key(number).astype(str),
                                                    journal_keys.astype(str))
    if not named.any():
        return rows
    quiet, number = quiet[named], number[named]
    zeros = np.zeros(len(quiet), dtype=np.int64)
    extra = pd.DataFrame({
        "policyholder": holder[quiet], "employee_number": number.astype(object),
        "employee_name": ins["name"].to_numpy(dtype=object)[quiet], "premium_cent": zeros,
        "correction_cent": zeros, "contribution_cent": zeros, "deduction_cent": zeros})
    return pd.concat([rows.loc[:, list(_MATCHED)], extra], ignore_index=True)


def _unique_keys(rows: pd.DataFrame, source: str) -> np.ndarray:
    """Match keys of the borderel's employees; two that become equal cannot be matched."""
    keys = match_key(rows["employee_number"].to_numpy(dtype=object))
    uniq, counts = np.unique(keys.astype(str), return_counts=True)
    if (counts > 1).any():
        raise CommandRefused(tr("payroll.error.ambiguous_numbers", source=source,
                                numbers=", ".join(uniq[counts > 1].tolist())))
    return keys


def _family_member_hit(borderel: Borderel, holders: np.ndarray, difference: np.ndarray,
                       period: PayPeriod = PayPeriod.MONTH) -> np.ndarray:
    """Per row: |difference| is the prolongatie (Σ nettopremie of the P lines) of one `P` or
    `K` member of the employee's family, for the pay period as the premie is. With `4weken`
    the member's share of the 4-weekly premie, either way it is reckoned: 12/13 of their
    prolongatie rounded, or what the family's 12/13 loses without them (a cent apart at most);
    and their monthly prolongatie as it stands (cli.md's words, "the prolongatie of one `P` or
    `K` member", read literally: a journal that withheld it by the month).
    One packed int64 look-up over all families: the employee as a small code in the high bits,
    the amount in the low ones."""
    ins = borderel.insured
    lines = borderel.lines
    is_p = lines["line_kind"].to_numpy(dtype=object) == PROLONGATION
    prol = pd.Series(lines["net_cent"].to_numpy(dtype=np.int64)[is_p]).groupby(
        lines["relation_number"].to_numpy(dtype=np.int64)[is_p]).sum()
    rel = ins["relation_number"].to_numpy(dtype=np.int64)
    holder = ins["policyholder"].to_numpy(dtype=np.int64)
    member = np.isin(ins["role"].to_numpy(dtype=object), ("P", "K")) & (rel != holder)
    own = prol.reindex(rel[member]).fillna(0).to_numpy(dtype=np.int64)
    member_holder = holder[member]
    if period is PayPeriod.MONTH:
        value = np.abs(own)
    else:
        family = pd.Series(prol.reindex(rel).fillna(0).to_numpy(dtype=np.int64)).groupby(
            holder).sum()
        total = family.reindex(member_holder).fillna(0).to_numpy(dtype=np.int64)
        value = np.abs(np.concatenate([
            spread_four_weekly(own),
            spread_four_weekly(total) - spread_four_weekly(total - own), own]))
        member_holder = np.concatenate([member_holder, member_holder, member_holder])
    wanted = np.abs(np.asarray(difference, dtype=np.int64))
    limit = np.int64(1) << _VALUE_BITS
    keep = (value > 0) & (value < limit)
    ask = (wanted > 0) & (wanted < limit)
    codes, _ = pd.factorize(np.concatenate([member_holder[keep], holders[ask]]))
    codes = codes.astype(np.int64)
    members = (codes[:int(keep.sum())] << _VALUE_BITS) | value[keep]
    asked = (codes[int(keep.sum()):] << _VALUE_BITS) | wanted[ask]
    hit = np.zeros(len(wanted), dtype=bool)
    hit[ask] = np.isin(asked, members)
    return hit


def _previous_expected(previous: Borderel | None, options: SalaryOptions, keys: np.ndarray,
                       warnings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(found, verwacht of the previous borderel) per key, with the same options. An employee
    counts as found when the previous conversion has a row for them (all amounts 0: no row).
    A previous borderel that cannot be converted (a shared werknemersnummer) explains nothing:
    it only serves explanations, so it is told in `warnings`, not refused."""
    found = np.zeros(len(keys), dtype=bool)
    expected = np.zeros(len(keys), dtype=np.int64)
    if previous is None:
        return found, expected
    try:  # for its own pay period (the first that starts in its month), not the one checked
        prev = compute_salary(previous, replace(options, pay_period=None)).rows
    except CommandRefused as exc:
        warnings.append(tr("payroll.warning.previous_unusable", reason=str(exc)))
        return found, expected
    prev_keys = pd.Series(match_key(prev["employee_number"].to_numpy(dtype=object)))
    single = ~prev_keys.duplicated(keep=False).to_numpy()  # an ambiguous number explains nothing
    index = pd.Index(prev_keys[single].to_numpy(dtype=object))
    pos = index.get_indexer(keys)
    found = pos >= 0
    values = prev["deduction_cent"].to_numpy(dtype=np.int64)[single]
    expected[found] = values[pos[found]]
    return found, expected


def _explanations(borderel: Borderel, previous: Borderel | None, options: SalaryOptions,
                  rows: pd.DataFrame, keys: np.ndarray, withheld: np.ndarray,
                  difference: np.ndarray, status: np.ndarray, warnings: list[str]
                  ) -> np.ndarray:
    """The verklaring of each `verschil` row, the first of EXPLANATIONS that fits exactly."""
    different = status == DIFFERENT
    correction = rows["correction_cent"].to_numpy(dtype=np.int64)
    contribution = rows["contribution_cent"].to_numpy(dtype=np.int64)
    holders = rows["policyholder"].to_numpy(dtype=np.int64)
    by_correction = difference == -correction
    by_contribution = (contribution != 0) & (np.abs(difference) == contribution)
    by_member = _family_member_hit(borderel, holders, difference, options.period)
    found, before = _previous_expected(previous, options, keys, warnings)
    by_previous = found & (withheld == before)
    n = len(difference)
    return np.select(
        [different & by_correction, different & by_contribution, different & by_member,
         different & by_previous],
        [np.full(n, e, dtype=object) for e in EXPLANATIONS], default=None).astype(object)


def compute_payroll_check(borderel: Borderel, journal: PayrollJournal,
                          options: SalaryOptions | None = None, *, profile: str = "csv",
                          previous: Borderel | None = None) -> PayrollCheckResult:
    """The check of one borderel against a journal read with the profile's codes (`profile`
    is its name, for the result). `previous`: the borderel before, for `vorige_maand`; it must
    be of the same collectivity and earlier (CommandRefused otherwise)."""
    options = replace(options or SalaryOptions(), skip_missing=True)
    if previous is not None:
        _check_previous(borderel, previous)
    salary = compute_salary(borderel, options)
    j = journal.amounts
    s = _borderel_employees(borderel, salary, j["key"].to_numpy(dtype=object))
    keys = _unique_keys(s, salary.borderel.source)
    pos = pd.Index(j["key"].to_numpy(dtype=object)).get_indexer(keys)
    in_journal = pos >= 0
    take = np.where(in_journal, pos, 0)

    def journal_value(column: str) -> np.ndarray:
        values = j[column].to_numpy(dtype=np.int64)
        return np.where(in_journal, values[take] if len(values) else 0, 0).astype(np.int64)

    expected = s["deduction_cent"].to_numpy(dtype=np.int64)
    withheld = journal_value("withheld_cent")
    difference = withheld - expected
    status = np.where(in_journal, np.where(difference == 0, OK, DIFFERENT),
                      BORDEREL_ONLY).astype(object)
    warnings: list[str] = []
    explanation = _explanations(borderel, previous, options, s, keys, withheld, difference,
                                status, warnings)
    matched = pd.DataFrame({
        "employee_number": s["employee_number"].to_numpy(dtype=object),
        "relation_number": s["policyholder"].to_numpy(dtype=np.int64),
        "employee_name": s["employee_name"].to_numpy(dtype=object),
        "expected_cent": expected, "withheld_cent": withheld, "difference_cent": difference,
        "status": status, "explanation": explanation,
        "premium_cent": s["premium_cent"].to_numpy(dtype=np.int64),
        "correction_cent": s["correction_cent"].to_numpy(dtype=np.int64),
        "contribution_cent": s["contribution_cent"].to_numpy(dtype=np.int64),
        "paid_contribution_cent": journal_value("contribution_cent"),
    })

    only = np.ones(len(j), dtype=bool)
    only[pos[in_journal]] = False
    jw = j["withheld_cent"].to_numpy(dtype=np.int64)[only]
    zeros = np.zeros(int(only.sum()), dtype=np.int64)
    payroll_only = pd.DataFrame({
        "employee_number": j["employee_number"].to_numpy(dtype=object)[only],
        "relation_number": np.full(len(zeros), NO_RELATION, dtype=np.int64),
        "employee_name": j["employee_name"].to_numpy(dtype=object)[only],
        "expected_cent": zeros, "withheld_cent": jw, "difference_cent": jw,
        "status": np.full(len(zeros), PAYROLL_ONLY, dtype=object),
        "explanation": np.full(len(zeros), None, dtype=object),
        "premium_cent": zeros, "correction_cent": zeros, "contribution_cent": zeros,
        "paid_contribution_cent": j["contribution_cent"].to_numpy(dtype=np.int64)[only],
    })

    nc = salary.not_converted
    due = nc["deduction_cent"].to_numpy(dtype=np.int64)
    correction = nc["correction_cent"].to_numpy(dtype=np.int64)
    bijdrage = nc["period_contribution_cent"].to_numpy(dtype=np.int64)
    none = np.zeros(len(nc), dtype=np.int64)
    no_number = pd.DataFrame({
        "employee_number": np.full(len(nc), "", dtype=object),
        "relation_number": nc["policyholder"].to_numpy(dtype=np.int64),
        "employee_name": nc["employee_name"].to_numpy(dtype=object),
        "expected_cent": due, "withheld_cent": none, "difference_cent": -due,
        "status": np.full(len(nc), NO_NUMBER, dtype=object),
        "explanation": np.full(len(nc), None, dtype=object),
        "premium_cent": due - correction + bijdrage, "correction_cent": correction,
        "contribution_cent": bijdrage, "paid_contribution_cent": none,
    })

    rows = pd.concat([matched, no_number, payroll_only], ignore_index=True)
    rows["exception"] = rows["status"].to_numpy(dtype=object) != OK
    explanation = rows["explanation"].to_numpy(dtype=object)
    rows["explanation"] = pd.Series(np.where(pd.notna(explanation), explanation, None),
                                    dtype=object)
    rows = rows.sort_values(["exception", "employee_number", "relation_number"],
                            ascending=[False, True, True], kind="stable").reset_index(drop=True)
    for column in ("expected_cent", "withheld_cent", "difference_cent", "premium_cent",
                   "correction_cent", "contribution_cent", "paid_contribution_cent",
                   "relation_number"):
        rows[column] = rows[column].astype(np.int64)
    try:
        totals = [checked_total(rows[c].to_numpy()) for c in
                  ("expected_cent", "withheld_cent", "difference_cent")]
    except SumOverflow:
        raise CommandRefused(tr("payroll.error.overflow")) from None
    statuses = rows["status"].value_counts()
    explained = rows["explanation"].value_counts()
    return PayrollCheckResult(
        borderel=salary.borderel, journal=journal, options=options, profile=profile,
        salary=salary, rows=rows, total_expected_cent=totals[0], total_withheld_cent=totals[1],
        total_difference_cent=totals[2],
        status_counts=tuple((st, int(statuses.get(st, 0))) for st in STATUSES),
        explanation_counts=tuple((e, int(explained.get(e, 0))) for e in EXPLANATIONS),
        previous=BorderelRef.of(previous) if previous is not None else None,
        warnings=tuple(warnings))
