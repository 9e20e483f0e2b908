"""Prolongatieverschillen (reports.md section 3): per (relatienummer, productcode) with a `P`
line in either of two borderels, the net premium in `van` and in `tot`, their difference and a
status; grouped per employee. Totals cover every pair and must equal the `90` records.

Fast path: each pair becomes one int64 key relation_number * K + product index (over the union
of both product code sets); the keys of each side are sorted once and matched with
searchsorted, so no merge of frames is needed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import PROLONGATION, Borderel
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    Family,
    check_total,
    group_bounds,
    run_sums,
    same_collectivity,
    sort_by_rank,
)

NEW = "nieuw"
REMOVED = "vervallen"
CHANGED = "gewijzigd"
UNCHANGED = "ongewijzigd"
STATUSES = (NEW, REMOVED, CHANGED, UNCHANGED)


@dataclass(frozen=True, eq=False)
class DiffResult:
    """Prolongatieverschillen between `van` and `tot` (same collectivity, van.key < tot.key).

    `rows`: every (relatienummer, productcode) pair, `ongewijzigd` included, ordered by employee
    (werknemersnummer, then relatienummer of the employee), then relatienummer, then productcode.
    Columns: policyholder int64, employee_number str, employee_name str, relation_number int64,
        name str, role str (person data from `tot` where the person is there, else `van`),
        product_code str, description str, product_kind str (from `tot`, else `van`),
        status str (`nieuw`, `vervallen`, `gewijzigd`, `ongewijzigd`),
        net_from_cent, net_to_cent, difference_cent int64 (to − from; 0 when absent).
    `employees`: one row per employee in row order: policyholder, employee_number,
        employee_name, start, stop (rows.iloc[start:stop]), net_from_cent, net_to_cent,
        difference_cent (subtotals over all the employee's pairs), changed_count (pairs not
        `ongewijzigd`).
    `include_unchanged`: whether renderers show `ongewijzigd` rows (`--all`); `shown_rows()` and
        `shown_employees()` apply it. Totals always cover every pair:
        total_from_cent = van's totaal prolongatie, total_to_cent = tot's (both checked),
        total_difference_cent = their difference.
    `status_counts`: (status, number of pairs) for each status, in STATUSES order."""

    collectivity_number: str
    collectivity_name: str
    van: BorderelRef
    tot: BorderelRef
    rows: pd.DataFrame
    employees: pd.DataFrame
    include_unchanged: bool
    total_from_cent: int
    total_to_cent: int
    total_difference_cent: int
    status_counts: tuple[tuple[str, int], ...]

    def shown_rows(self) -> pd.DataFrame:
        if self.include_unchanged:
            return self.rows
        return self.rows[self.rows["status"].to_numpy(dtype=object) != UNCHANGED]

    def shown_employees(self) -> pd.DataFrame:
        """Employees with a shown row; start/stop still index `rows` (all pairs)."""
        if self.include_unchanged:
            return self.employees
        return self.employees[self.employees["changed_count"].to_numpy() > 0]

    def employee_shown_rows(self, position: int) -> pd.DataFrame:
        """Shown rows of the employee at `position` in `employees`."""
        emp = self.employees.iloc[position]
        part = self.rows.iloc[int(emp["start"]):int(emp["stop"])]
        if self.include_unchanged:
            return part
        return part[part["status"].to_numpy(dtype=object) != UNCHANGED]


def check_order(van: Borderel, tot: Borderel) -> None:
    """Refuse different collectivities, and `van` not earlier than `tot`."""

    same_collectivity([van, tot])
    if not van.key < tot.key:
        raise CommandRefused(tr("reports.error.diff_order", van=van.source, tot=tot.source,
                                van_label=BorderelRef.of(van).label(),
                                tot_label=BorderelRef.of(tot).label()))


def _p_lines(borderel: Borderel, code_index: pd.Index, k: int):
    lines = borderel.lines
    p = lines["line_kind"].to_numpy(dtype=object) == PROLONGATION
    rel = lines["relation_number"].to_numpy(dtype=np.int64)[p]
    idx = code_index.get_indexer(lines["product_code"].to_numpy(dtype=object)[p])
    return rel * k + idx, lines["net_cent"].to_numpy(dtype=np.int64)[p]


def _product_arrays(van: Borderel, tot: Borderel, codes: np.ndarray):
    """Description and kind per code index, from `tot` where it has the product, else `van`."""
    both = pd.concat([tot.products, van.products]).drop_duplicates("product_code")
    both = both.set_index("product_code").reindex(codes)
    return (both["description"].fillna("").to_numpy(dtype=object),
            both["product_kind"].fillna("").to_numpy(dtype=object))


def _objects(values) -> pd.Series:
    """Text column kept as object (no str inference over half a million rows)."""
    return pd.Series(values, dtype=object, copy=False)


def _categorical(per_code: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Text column of few distinct values given as codes into `per_code` (may repeat)."""
    uniques, inverse = np.unique(per_code.astype(str), return_inverse=True)
    return pd.Categorical.from_codes(inverse.reshape(-1)[codes] if len(per_code) else codes,
                                     categories=uniques.astype(object))


def compute_diff(van: Borderel, tot: Borderel, include_unchanged: bool = False) -> DiffResult:
    check_order(van, tot)
    codes = np.union1d(van.products["product_code"].to_numpy(dtype=str),
                       tot.products["product_code"].to_numpy(dtype=str)).astype(object)
    code_index = pd.Index(codes)
    k = max(len(codes), 1)
    keys_tot, net_tot = _p_lines(tot, code_index, k)
    keys_van, net_van = _p_lines(van, code_index, k)
    # rows: tot's pairs in file order, then van's pairs that tot does not have; one hash
    # look-up matches them (the final order comes from one sort of a packed key below)
    pos = pd.Index(keys_van).get_indexer(keys_tot)
    in_van = pos >= 0
    matched = np.zeros(len(keys_van), dtype=bool)
    matched[pos[in_van]] = True
    keys = np.concatenate([keys_tot, keys_van[~matched]])
    net_from = np.concatenate([np.where(in_van, net_van[pos] if len(net_van) else 0, 0),
                               net_van[~matched]]).astype(np.int64)
    net_to = np.concatenate([net_tot, np.zeros(int((~matched).sum()), dtype=np.int64)])
    n_tot = len(keys_tot)
    status_code = np.full(len(keys), 1, dtype=np.int64)  # vervallen
    status_code[:n_tot] = np.where(~in_van, 0, np.where(net_from[:n_tot] != net_to[:n_tot], 2, 3))

    rel = keys // k
    prod = keys % k
    people = Family.of(tot.insured, van.insured)
    person = people.index(rel)
    emp = people.employee[person]
    rank = people.employee_rank[emp]
    order = sort_by_rank(rank, keys)
    person_o = person[order]
    emp_o = emp[order]
    description, kind = _product_arrays(van, tot, codes)
    prod_o = prod[order]
    rows = pd.DataFrame({
        "policyholder": people.employee_holder[emp_o],
        "employee_number": _objects(people.employee_number[emp_o]),
        "employee_name": _objects(people.employee_name[emp_o]),
        "relation_number": rel[order],
        "name": _objects(people.name[person_o]),
        "role": _objects(people.role[person_o]),
        # few distinct values: categoricals over the codes, no string copies per row
        "product_code": _categorical(codes, prod_o),
        "description": _categorical(description, prod_o),
        "product_kind": _categorical(kind, prod_o),
        "status": _categorical(np.array(STATUSES, dtype=object), status_code[order]),
        "net_from_cent": net_from[order],
        "net_to_cent": net_to[order],
        "difference_cent": (net_to - net_from)[order],
    }, copy=False)
    starts, stops = group_bounds(rank[order])
    changed = (status_code[order] != 3).astype(np.int64)
    first = emp_o[starts]
    employees = pd.DataFrame({
        "policyholder": people.employee_holder[first],
        "employee_number": people.employee_number[first],
        "employee_name": people.employee_name[first],
        "start": starts,
        "stop": stops,
        "net_from_cent": run_sums(rows["net_from_cent"].to_numpy(), starts),
        "net_to_cent": run_sums(rows["net_to_cent"].to_numpy(), starts),
        "difference_cent": run_sums(rows["difference_cent"].to_numpy(), starts),
        "changed_count": run_sums(changed, starts),
    })
    total_from = int(net_from.sum())
    total_to = int(net_to.sum())
    check_total("totaal prolongatie (van)", total_from, van.trailer.total_prolongation_cent,
                van.source)
    check_total("totaal prolongatie (tot)", total_to, tot.trailer.total_prolongation_cent,
                tot.source)
    total_diff = int((net_to - net_from).sum())
    check_total("verschil", total_diff, total_to - total_from, "diff")
    counts = np.bincount(status_code, minlength=4) if len(status_code) else np.zeros(4, int)
    h = tot.header
    return DiffResult(
        collectivity_number=h.collectivity_number,
        collectivity_name=h.collectivity_name,
        van=BorderelRef.of(van),
        tot=BorderelRef.of(tot),
        rows=rows,
        employees=employees,
        include_unchanged=include_unchanged,
        total_from_cent=total_from,
        total_to_cent=total_to,
        total_difference_cent=total_diff,
        status_counts=tuple((s, int(c)) for s, c in zip(STATUSES, counts, strict=True)),
    )
