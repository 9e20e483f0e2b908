"""Correctiepremies (reports.md section 2): the `C` lines of one or more borderels of one
collectivity, grouped by employee, person, premiemaand and product, with subtotals per employee
and a grand total that must equal the `90` records' totaal correcties."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import CORRECTION, MUTATION_CODES, Borderel
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    Family,
    check_total,
    employee_rank,
    group_bounds,
    run_sums,
    same_collectivity,
)


@dataclass(frozen=True, eq=False)
class CorrectionsResult:
    """Correctiepremies over `borderels` (one or more, same collectivity, prolongation order).

    `rows`: one row per `C` line, ordered by employee (werknemersnummer, then relatienummer of
    the employee), person, premiemaand, product, then borderel and file line. Columns:
        prolongation_month int64 (YYYYMM of the borderel the line is on), sequence int64,
        policyholder int64 (relatienummer of the employee), employee_number str ('' unknown),
        employee_name str, relation_number int64, name str, role str ('H','P','K'),
        premium_month int64 (YYYYMM), product_code str, description str, product_kind str,
        mutation_code str, mutation_key str (message key of its meaning, `mutation.NN`),
        mutation_date datetime64[s], gross_cent, collective_discount_cent,
        other_discount_cent, discount_cent (collective + other), net_cent int64.
    `employees`: one row per employee in row order: policyholder, employee_number,
        employee_name, start, stop (the employee's rows are rows.iloc[start:stop]), and the
        subtotals gross_cent, discount_cent, net_cent.
    `total_*_cent`: grand totals; total_net_cent equals the sum of the `90` records'
        totaal correcties (checked)."""

    collectivity_number: str
    collectivity_name: str
    borderels: tuple[BorderelRef, ...]
    rows: pd.DataFrame
    employees: pd.DataFrame
    total_gross_cent: int
    total_discount_cent: int
    total_net_cent: int

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(b.prolongation_month for b in self.borderels)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(b.source for b in self.borderels)


def _lines_of(borderel: Borderel) -> pd.DataFrame:
    lines = borderel.lines
    c = lines[lines["line_kind"].to_numpy(dtype=object) == CORRECTION]
    rel = c["relation_number"].to_numpy(dtype=np.int64)
    # only the persons of the C lines and their employees: a few of the insured
    insured = borderel.insured
    everyone = insured["relation_number"].to_numpy(dtype=np.int64)
    named = np.isin(everyone, rel)
    holders = insured["policyholder"].to_numpy(dtype=np.int64)[named]
    people = Family.of(insured[named | np.isin(everyone, holders)])
    at = people.index(rel)
    emp = people.employee[at]
    products = borderel.products.set_index("product_code")
    codes = c["product_code"].to_numpy(dtype=object)
    collective = c["collective_discount_cent"].to_numpy(dtype=np.int64)
    other = c["other_discount_cent"].to_numpy(dtype=np.int64)
    mutation = c["mutation_code"].to_numpy(dtype=object)
    keys = pd.Series(mutation, dtype=object).map(MUTATION_CODES).fillna("mutation.99")
    n = len(c)
    return pd.DataFrame({
        "prolongation_month": np.full(n, borderel.header.prolongation_month, dtype=np.int64),
        "sequence": np.full(n, borderel.header.sequence, dtype=np.int64),
        "policyholder": people.employee_holder[emp],
        "employee_number": people.employee_number[emp],
        "employee_name": people.employee_name[emp],
        "_rank": people.employee_rank[emp],
        "relation_number": rel,
        "name": people.name[at],
        "role": people.role[at],
        "premium_month": c["premium_month"].to_numpy(dtype=np.int64),
        "product_code": codes,
        "description": products["description"].reindex(codes).fillna("").to_numpy(dtype=object),
        "product_kind": products["product_kind"].reindex(codes).fillna("").to_numpy(dtype=object),
        "mutation_code": mutation,
        "mutation_key": keys.to_numpy(dtype=object),
        "mutation_date": c["mutation_date"].to_numpy(),
        "gross_cent": c["gross_cent"].to_numpy(dtype=np.int64),
        "collective_discount_cent": collective,
        "other_discount_cent": other,
        "discount_cent": collective + other,
        "net_cent": c["net_cent"].to_numpy(dtype=np.int64),
        "_line": c["line_number"].to_numpy(dtype=np.int64),
    })


def compute_corrections(borderels: list[Borderel] | tuple[Borderel, ...]) -> CorrectionsResult:
    """Correctiepremies of one borderel, or of several of one collectivity (each row carries its
    borderel's prolongatiemaand). Refuses different collectivities and a month given twice."""

    borderels = sorted(borderels, key=lambda b: b.key)
    if not borderels:
        raise ValueError("no borderel")
    same_collectivity(borderels)
    months = [b.header.prolongation_month for b in borderels]
    if len(set(months)) != len(months):
        raise CommandRefused(tr("reports.error.month_twice",
                                files=", ".join(b.source for b in borderels)))
    frames = [_lines_of(b) for b in borderels]
    rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if len(frames) == 1:
        rank = rows["_rank"].to_numpy(dtype=np.int64)
    else:  # ranks of different borderels do not mix: rank the employees again
        rank = employee_rank(rows["employee_number"].to_numpy(dtype=object),
                             rows["policyholder"].to_numpy(dtype=np.int64))
    order = np.lexsort((
        rows["_line"].to_numpy(), rows["sequence"].to_numpy(),
        rows["prolongation_month"].to_numpy(), rows["product_code"].to_numpy(dtype=str),
        rows["premium_month"].to_numpy(), rows["relation_number"].to_numpy(), rank,
    )) if len(rows) else np.zeros(0, dtype=np.int64)
    rows = rows.take(order).drop(columns=["_line", "_rank"]).reset_index(drop=True)
    starts, stops = group_bounds(rank[order])
    employees = pd.DataFrame({
        "policyholder": rows["policyholder"].to_numpy(dtype=np.int64)[starts],
        "employee_number": rows["employee_number"].to_numpy(dtype=object)[starts],
        "employee_name": rows["employee_name"].to_numpy(dtype=object)[starts],
        "start": starts,
        "stop": stops,
        "gross_cent": run_sums(rows["gross_cent"].to_numpy(), starts),
        "discount_cent": run_sums(rows["discount_cent"].to_numpy(), starts),
        "net_cent": run_sums(rows["net_cent"].to_numpy(), starts),
    })
    total_net = int(rows["net_cent"].to_numpy(dtype=np.int64).sum())
    expected = sum(b.trailer.total_corrections_cent for b in borderels)
    check_total("totaal correcties", total_net,
                expected, ", ".join(b.source for b in borderels))
    check_total("subtotals per employee", int(employees["net_cent"].sum()), total_net,
                "corrections")
    first = borderels[-1].header
    return CorrectionsResult(
        collectivity_number=first.collectivity_number,
        collectivity_name=first.collectivity_name,
        borderels=tuple(BorderelRef.of(b) for b in borderels),
        rows=rows,
        employees=employees,
        total_gross_cent=int(rows["gross_cent"].to_numpy(dtype=np.int64).sum()),
        total_discount_cent=int(rows["discount_cent"].to_numpy(dtype=np.int64).sum()),
        total_net_cent=total_net,
    )
