"""Prolongatieverschillen (reports.md section 3): per (relatienummer, productcode) with a `P`
line in either of two borderels, the net premium in `van` and in `tot`, their difference and a
status; grouped per employee. Totals cover every pair and must equal the `90` records.

Each pair becomes one dense key, person row * K + product index (over the union of both product
code sets): the pairs are matched, and put in order, through tables indexed by that key."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import PROLONGATION, Borderel
from digibord.formats.frames import holders_above
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    Family,
    PersonIndex,
    ReconcileMismatch,
    check_total,
    codes_in,
    gather,
    group_bounds,
    numbers_filled,
    rows_equal,
    run_sums,
    same_collectivity,
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


def _p_lines(borderel: Borderel, code_index: pd.Index):
    """The P lines' relatienummers, product indexes into `code_index`, net premiums and file
    lines."""
    lines = borderel.lines
    p = rows_equal(lines["line_kind"], PROLONGATION)
    return (lines["relation_number"].to_numpy(dtype=np.int64)[p],
            codes_in(lines["product_code"], code_index, p),
            lines["net_cent"].to_numpy(dtype=np.int64)[p],
            lines["line_number"].to_numpy(dtype=np.int64)[p])


FAMILY_COLUMNS = ["relation_number", "name", "role", "policyholder", "employee_number"]


def _families(van: Borderel, rel: np.ndarray, line: np.ndarray) -> pd.DataFrame:
    """The part of van's insured that `tot` may lack, in the columns Family reads: the
    families of the persons of van's lines `rel` (relatienummers, file lines `line`: the pairs
    only van has); the rest of van's persons are never looked at. Where each family stands
    together after its hoofdverzekerde (the insurer's files) by file position, no hashing
    (frames.holders_above); else by hashing the holders."""
    ins = van.insured
    if len(rel) == 0:
        return ins[FAMILY_COLUMNS].iloc[:0]
    relation = ins["relation_number"].to_numpy(dtype=np.int64)
    holder = ins["policyholder"].to_numpy(dtype=np.int64)
    holder_row = holders_above(relation, holder)  # -1: a family not together
    if (holder_row >= 0).all():
        at = PersonIndex(relation, ins["line_number"].to_numpy(dtype=np.int64)).find(rel, line)
        # relatienummers are unique among the persons: equal holder rows, equal holders
        wanted = np.zeros(len(relation), dtype=bool)
        wanted[holder_row[at[at >= 0]]] = True
        members = wanted[holder_row]
    else:
        # a hash of the few relatienummers asked for, probed by each person (np.isin sorts)
        holders = np.unique(holder[pd.Series(relation, copy=False).isin(np.unique(rel)).to_numpy()])
        members = pd.Series(holder, copy=False).isin(holders).to_numpy()
    return ins[FAMILY_COLUMNS].iloc[np.flatnonzero(members)]


def _product_arrays(van: Borderel, tot: Borderel, codes: np.ndarray):
    """Description and kind per code index, from `tot` where it has the product, else `van`
    (the first record of a code in each): a dict over the few products, no frame work."""
    found: dict[object, tuple[object, object]] = {}
    for products in (tot.products, van.products):
        for entry in zip(products["product_code"].tolist(), products["description"].tolist(),
                         products["product_kind"].tolist(), strict=True):
            found.setdefault(entry[0], entry[1:])
    blank = ("", "")
    pairs = [tuple("" if pd.isna(v) else v for v in found.get(c, blank)) for c in codes.tolist()]
    return (np.array([d for d, _ in pairs], dtype=object),
            np.array([k for _, k in pairs], dtype=object))


def _objects(values) -> pd.Series:
    """Text column kept as object (no str inference over half a million rows)."""
    return pd.Series(values, dtype=object, copy=False)


def _categorical(per_code: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Text column of few distinct values given as codes into `per_code` (may repeat)."""
    inverse, uniques = pd.factorize(np.asarray(per_code, dtype=object), sort=True)
    # the codes are made valid here: no check of each row
    return pd.Categorical.from_codes(inverse[codes] if len(per_code) else codes,
                                     categories=pd.Index(uniques, dtype=object), validate=False)


def _table(size: int, keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A dense table over 0..size-1 holding `values` at `keys`, -1 elsewhere: the pairs are
    unique per borderel (the reader refuses a second P line of a person and product) and
    their keys dense (person row * products + product), so matching and ordering them is
    one scatter and one gather each, no hashing and no sort."""
    table = np.full(size, -1, dtype=np.int32 if size < 2**31 else np.int64)
    table[keys] = values
    return table


def compute_diff(van: Borderel, tot: Borderel, include_unchanged: bool = False) -> DiffResult:
    check_order(van, tot)
    codes = np.union1d(van.products["product_code"].to_numpy(dtype=str),
                       tot.products["product_code"].to_numpy(dtype=str)).astype(object)
    code_index = pd.Index(codes)
    k = max(len(codes), 1)
    rel_t, prod_t, net_t, line_t = _p_lines(tot, code_index)
    rel_v, prod_v, net_v, line_v = _p_lines(van, code_index)
    n_t, n_v = len(rel_t), len(rel_v)

    # Match the pairs on (person, product) with persons numbered as tot's insured, plus (in
    # the odd case) the relatienummers of tot's lines that tot's insured lacks.
    known = PersonIndex(tot.insured["relation_number"].to_numpy(dtype=np.int64),
                        tot.insured["line_number"].to_numpy(dtype=np.int64))
    n_known = len(known.relation)
    id_t = known.find(rel_t, line_t)
    id_v = known.find(rel_v)
    strays = np.unique(rel_t[id_t < 0])
    if len(strays):
        stray_index = pd.Index(strays)
        id_t = np.where(id_t < 0, n_known + stray_index.get_indexer(rel_t), id_t)
        at = stray_index.get_indexer(rel_v)
        id_v = np.where((id_v < 0) & (at >= 0), n_known + at, id_v)
    space = (n_known + len(strays)) * k
    in_space = id_v >= 0
    van_at = _table(space, id_v[in_space] * k + prod_v[in_space],
                    np.flatnonzero(in_space))[id_t * k + prod_t].astype(np.int64)
    in_van = van_at >= 0
    matched = np.zeros(n_v, dtype=bool)
    matched[van_at[in_van]] = True
    only_van = np.flatnonzero(~matched)

    # The persons: tot's insured, then van's families of the pairs that only van has.
    extra = _families(van, rel_v[only_van], line_v[only_van])
    people = Family.of(tot.insured, extra, first=known)
    if len(strays) or not in_space[only_van].all():
        id_t, id_v = _person_ids(people, n_known, rel_t, id_t, rel_v, id_v, only_van)

    # Order: persons by employee rank and relatienummer, pairs by person and product, as
    # positions in one dense table (every union pair once: tot's, then van's alone).
    order = people.person_order()
    n_persons = len(order)
    position = np.empty(n_persons, dtype=np.int64)
    position[order] = np.arange(n_persons)
    source = _table(n_persons * k,
                    np.concatenate([position[id_t] * k + prod_t,
                                    position[id_v[only_van]] * k + prod_v[only_van]]),
                    np.r_[np.arange(n_t), n_t + only_van])
    slot = np.flatnonzero(source >= 0)
    source = source.take(slot)
    person_o = order[slot // k]
    prod_o = slot % k
    # per source (tot's pairs, then van's): the two nets and the status, read in row order
    from_t = np.r_[net_v, 0][van_at]  # van_at -1 (not in van) reads the 0
    # nieuw 0, vervallen 1, gewijzigd 2, ongewijzigd 3
    status_t = np.where(van_at < 0, 0, np.where(from_t != net_t, 2, 3)).astype(np.int8)
    net_from = np.concatenate([from_t, net_v]).take(source)
    net_to = np.concatenate([net_t, np.zeros(n_v, dtype=np.int64)]).take(source)
    status_code = np.concatenate([status_t, np.ones(n_v, dtype=np.int8)]).take(source)

    emp_o = people.employee[person_o]
    rank_o = people.employee_rank[emp_o]
    starts, stops = group_bounds(rank_o)
    # Text is read once per row, straight from the persons' arrays: the reader's strings lie
    # in file order, not in this one, and each read of a string elsewhere in memory costs
    # more than the rest of the row. The employees' texts are the rows' at `starts`.
    number = gather(people.employee_number, emp_o)
    name = gather(people.employee_name, emp_o)
    employee_numbers = number
    # a person only in van shows van's werknemersnummer ("person data from tot where the
    # person is there, else from van"), also when their employee is in tot under another
    # number; the employee's group and subtotal keep tot's
    from_van = np.flatnonzero(person_o >= len(tot.insured))
    if len(from_van):
        own = numbers_filled(people.person_number[person_o[from_van]])[0]
        differs = own != number[from_van]
        if differs.any():
            number = np.array(number, dtype=object)
            number[from_van[differs]] = own[differs]
    description, kind = _product_arrays(van, tot, codes)
    difference = net_to - net_from
    holder = people.employee_holder[emp_o]
    rows = pd.DataFrame({
        "policyholder": holder,
        "employee_number": _objects(number),
        "employee_name": _objects(name),
        "relation_number": people.relation_number[person_o],
        "name": _objects(gather(people.name, person_o)),
        "role": pd.Categorical.from_codes(people.role_code[person_o],
                                          categories=people.role_categories, validate=False),
        # few distinct values: categoricals over the codes, no string copies per row
        "product_code": _categorical(codes, prod_o),
        "description": _categorical(description, prod_o),
        "product_kind": _categorical(kind, prod_o),
        "status": _categorical(np.array(STATUSES, dtype=object), status_code),
        "net_from_cent": net_from,
        "net_to_cent": net_to,
        "difference_cent": difference,
    }, copy=False)
    changed = (status_code != 3).astype(np.int64)
    employees = pd.DataFrame({
        "policyholder": holder[starts],
        "employee_number": _objects(gather(employee_numbers, starts)),
        "employee_name": _objects(gather(name, starts)),
        "start": starts,
        "stop": stops,
        "net_from_cent": run_sums(net_from, starts),
        "net_to_cent": run_sums(net_to, starts),
        "difference_cent": run_sums(difference, starts),
        "changed_count": run_sums(changed, starts),
    }, copy=False)
    total_from = int(net_from.sum())
    total_to = int(net_to.sum())
    check_total("totaal prolongatie (van)", total_from, van.trailer.total_prolongation_cent,
                van.source)
    check_total("totaal prolongatie (tot)", total_to, tot.trailer.total_prolongation_cent,
                tot.source)
    total_diff = int(difference.sum())
    check_total("verschil", total_diff, total_to - total_from, "diff")
    new_pairs = int(np.count_nonzero(van_at < 0))
    changed_pairs = int(np.count_nonzero(status_t == 2))
    counts = (new_pairs, len(only_van), changed_pairs, n_t - new_pairs - changed_pairs)
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


def _person_ids(people: Family, n_known: int, rel_t: np.ndarray, id_t: np.ndarray,
                rel_v: np.ndarray, id_v: np.ndarray, only_van: np.ndarray):
    """Person rows in `people` of the pairs when some are not tot's insured (van's families,
    or relatienummers no insured has: ReconcileMismatch, naming them as the pairs list them)."""
    added = PersonIndex(people.relation_number[n_known:])
    id_t = id_t.copy()
    odd_t = id_t >= n_known
    found = added.find(rel_t[odd_t])
    id_t[odd_t] = np.where(found >= 0, n_known + found, -1)
    id_v = id_v.copy()
    odd_v = np.zeros(len(id_v), dtype=bool)
    odd_v[only_van] = True
    odd_v &= (id_v < 0) | (id_v >= n_known)
    found = added.find(rel_v[odd_v])
    id_v[odd_v] = np.where(found >= 0, n_known + found, -1)
    missing = np.r_[rel_t[id_t < 0], rel_v[only_van][id_v[only_van] < 0]]
    if len(missing):
        raise ReconcileMismatch(
            f"premium lines name unknown relatienummers {missing[:5].tolist()}")
    return id_t, id_v
