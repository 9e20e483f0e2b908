"""Correctiepremies (reports.md section 2): the `C` lines of one or more borderels of one
collectivity, grouped by employee, person, premiemaand and product, with subtotals per employee
and a grand total that must equal the `90` records' totaal correcties."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import CORRECTION, MUTATION_CODES, Borderel
from digibord.i18n import tr
from digibord.reconcile.common import (
    BorderelRef,
    PersonIndex,
    ascii_bytes,
    check_total,
    codes_in,
    employee_order,
    filled,
    group_bounds,
    holders_of,
    in_rank_blocks,
    rows_equal,
    run_sums,
    same_collectivity,
    stable_order,
    text_order,
    text_source,
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
        totaal correcties (checked).
    `replaced`: borderels given but left out, each replaced by a re-issue of its month given
        too (a higher volgnummer: borderel-dat.md, "replaces the earlier one")."""

    collectivity_number: str
    collectivity_name: str
    borderels: tuple[BorderelRef, ...]
    rows: pd.DataFrame
    employees: pd.DataFrame
    total_gross_cent: int
    total_discount_cent: int
    total_net_cent: int
    replaced: tuple[BorderelRef, ...] = ()

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(b.prolongation_month for b in self.borderels)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(b.source for b in self.borderels)


class _Gather:
    """A column given as values.take(index), taken only once the rows' order is known (one
    gather per column instead of two); `values` a small table for columns of few texts."""

    __slots__ = ("index", "values")

    def __init__(self, values, index: np.ndarray) -> None:
        self.values = values
        self.index = index

    def __len__(self) -> int:
        return len(self.index)

    def take(self, order: np.ndarray):
        return self.values.take(self.index[order])

    def whole(self):
        return self.values.take(self.index)


def _text(column: pd.Series, rows: np.ndarray) -> _Gather:
    """A text column at `rows` (common.text_source: no string made per row)."""
    values, codes = text_source(column)
    return _Gather(values, rows if codes is None else codes[rows])


@dataclass(frozen=True, eq=False)
class _Employees:
    """The employees of one borderel's C lines in report order (werknemersnummer, then
    relatienummer): what the employees frame shows of them, without going through the rows."""

    order: np.ndarray  # the employees (numbered in file order) in rank order
    keys: np.ndarray  # their werknemersnummers' sort keys (ascii_bytes, or the texts)
    policyholder: np.ndarray
    employee_number: _Gather
    employee_name: _Gather


def _lines_of(borderel: Borderel) -> tuple[dict, _Employees]:
    """The C lines of one borderel with their person, employee and product, in file order, as
    columns: arrays, or _Gather for text; and their employees in report order."""
    lines = borderel.lines
    c = rows_equal(lines["line_kind"], CORRECTION)
    rel = lines["relation_number"].to_numpy(dtype=np.int64)[c]
    insured = borderel.insured
    persons = PersonIndex(insured["relation_number"].to_numpy(dtype=np.int64),
                          insured["line_number"].to_numpy(dtype=np.int64))
    line = lines["line_number"].to_numpy(dtype=np.int64)[c]
    at = persons.rows(rel, line)
    holder = holders_of(persons, insured["policyholder"].to_numpy(dtype=np.int64), at)
    # the employees of these lines only (a few of the insured), numbered in file order
    is_emp = np.zeros(len(persons.relation), dtype=bool)
    is_emp[holder] = True
    emp_rows = np.flatnonzero(is_emp)
    emp = (np.cumsum(is_emp) - 1)[holder]
    numbers = _text(insured["employee_number"], emp_rows).whole()
    keys = ascii_bytes(np.asarray(numbers, dtype=object))  # None: some missing (or not ASCII)
    if keys is None:
        numbers = filled(numbers, "")
        keys = np.asarray(numbers, dtype=object)
    emp_holder = persons.relation[emp_rows]
    emp_order = employee_order(keys, emp_holder)[1]
    emp_rank = np.empty(len(emp_rows), dtype=np.int64)
    emp_rank[emp_order] = np.arange(len(emp_rows))

    products = borderel.products
    product_codes = products["product_code"]
    code = codes_in(lines["product_code"], pd.Index(product_codes.to_numpy(dtype=object)), c)
    if product_codes.is_unique:  # else reindex refuses the duplicate codes, as it did
        descr = _Gather(_per_product(products["description"]), code)
        kind = _Gather(_per_product(products["product_kind"]), code)
    else:
        by_code = products.set_index("product_code")
        codes = lines["product_code"].to_numpy(dtype=object)[c]
        descr = by_code["description"].reindex(codes).fillna("").to_numpy(dtype=object)
        kind = by_code["product_kind"].reindex(codes).fillna("").to_numpy(dtype=object)
    mutation, mutation_key = _mutations(lines["mutation_code"], c)
    collective = lines["collective_discount_cent"].to_numpy(dtype=np.int64)[c]
    other = lines["other_discount_cent"].to_numpy(dtype=np.int64)[c]
    n = len(c)
    return {
        "prolongation_month": np.full(n, borderel.header.prolongation_month, dtype=np.int64),
        "sequence": np.full(n, borderel.header.sequence, dtype=np.int64),
        "policyholder": emp_holder[emp],
        "employee_number": _Gather(numbers, emp),
        "employee_name": _text(insured["name"], emp_rows[emp]),
        "_rank": emp_rank[emp],
        "_c": c,
        "_emp": emp,
        "relation_number": rel,
        "name": _text(insured["name"], at),
        "role": _text(insured["role"], at),
        "premium_month": lines["premium_month"].to_numpy(dtype=np.int64)[c],
        "product_code": _text(lines["product_code"], c),
        "description": descr,
        "product_kind": kind,
        "mutation_code": mutation,
        "mutation_key": mutation_key,
        "mutation_date": lines["mutation_date"].to_numpy()[c],
        "gross_cent": lines["gross_cent"].to_numpy(dtype=np.int64)[c],
        "collective_discount_cent": collective,
        "other_discount_cent": other,
        "discount_cent": collective + other,
        "net_cent": lines["net_cent"].to_numpy(dtype=np.int64)[c],
        "_line": line,
        "_code": _code_order(lines["product_code"], c),
    }, _Employees(emp_order, keys[emp_order], emp_holder[emp_order], _Gather(numbers, emp_order),
                  _text(insured["name"], emp_rows[emp_order]))


def _per_product(column: pd.Series):
    """A products column as a str array with one more '' at the end (the product index -1,
    an unknown code, reads it)."""
    values = np.r_[column.to_numpy(dtype=object), np.nan]
    values[pd.isna(values)] = ""
    return pd.array(values, dtype="str")


def _mutations(column: pd.Series, rows: np.ndarray) -> tuple[_Gather, _Gather]:
    """The mutatiecode of `rows` and its message key `mutation.NN` (`mutation.99` for a code
    not listed), both through the distinct codes: one look-up per code, not per line."""
    values, at = text_source(column)
    codes, uniques = pd.factorize(np.asarray(values.take(rows if at is None else at[rows]),
                                             dtype=object))
    uniques = np.asarray(uniques, dtype=object)
    # a dict look-up per distinct code (a Series.map builds an index for these few)
    keys = np.array([*(MUTATION_CODES.get(u, "mutation.99") for u in uniques.tolist()),
                     "mutation.99"], dtype=object)  # the last for code -1: a missing one
    texts = pd.array(np.append(uniques, np.nan), dtype="str") if column.dtype != object else \
        np.append(uniques, np.nan)
    return _Gather(texts, codes), _Gather(pd.array(keys, dtype="str"), codes)


def _code_order(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Rank of each row's product code text (code-point order), through the categories when
    the column has them."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        # code -1 (missing) picks the rank of the text 'nan', as str() of it sorts
        cats = np.r_[column.cat.categories.to_numpy(dtype=object), np.nan]
        return text_order(cats)[column.cat.codes.to_numpy()[rows]]
    values = column.to_numpy(dtype=object)[rows]
    return text_order(values)


def compute_corrections(borderels: list[Borderel] | tuple[Borderel, ...]) -> CorrectionsResult:
    """Correctiepremies of one borderel, or of several of one collectivity (each row carries its
    borderel's prolongatiemaand). Refuses different collectivities and a month given twice."""

    borderels = sorted(borderels, key=lambda b: b.key)
    if not borderels:
        raise ValueError("no borderel")
    same_collectivity(borderels)
    borderels, replaced = _current_of_each_month(borderels)
    parts, staff = zip(*[_lines_of(b) for b in borderels], strict=True)
    if len(parts) == 1:
        cols = dict(parts[0])
        rank = cols["_rank"]
        # each employee's texts taken once, in rank order: the rows then read them in turn
        # (the strings just touched), not scattered over the insured
        one = staff[0]
        ranked_numbers = one.employee_number.whole()
        ranked_names = one.employee_name.whole()
        cols["employee_number"] = _Gather(ranked_numbers, rank)
        cols["employee_name"] = _Gather(ranked_names, rank)
    else:  # ranks of different borderels do not mix: rank the employees again
        cols = {name: _concat([part[name] for part in parts]) for name in parts[0]}
        code = _joint_code_order([b.lines["product_code"] for b in borderels],
                                 [part["_c"] for part in parts])
        if code is None:
            texts = cols["product_code"]
            texts = texts.whole() if isinstance(texts, _Gather) else texts
            code = _code_order(pd.Series(texts), np.arange(len(texts)))
        cols["_code"] = code
        rank = _joint_rank(staff, parts)
    order = _row_order(cols, rank, [len(part["_line"]) for part in parts],
                       staff[0].order if len(parts) == 1 else None)
    rank_o = rank[order]
    # copy=False: the columns are fresh takes; no copy into blocks of one dtype
    rows = pd.DataFrame({name: _taken(values, order) for name, values in cols.items()
                         if not name.startswith("_")}, copy=False)
    starts, stops = group_bounds(rank_o)
    if len(parts) == 1:  # one borderel: its employees in rank order, one per group of rows
        holders = one.policyholder
        numbers = _as_column(ranked_numbers, inferred=True)
        names = _as_column(ranked_names, inferred=True)
    else:  # each employee's first row: their texts read from the rows just made, in turn
        holders = rows["policyholder"].to_numpy()[starts]
        numbers = _taken(rows["employee_number"].array, starts, inferred=True)
        names = _taken(rows["employee_name"].array, starts, inferred=True)
    # copy=False: fresh arrays (a copy of the texts would touch every string twice more)
    employees = pd.DataFrame({
        "policyholder": holders,
        "employee_number": numbers,
        "employee_name": names,
        "start": starts,
        "stop": stops,
        "gross_cent": run_sums(rows["gross_cent"].to_numpy(), starts),
        "discount_cent": run_sums(rows["discount_cent"].to_numpy(), starts),
        "net_cent": run_sums(rows["net_cent"].to_numpy(), starts),
    }, copy=False)
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
        replaced=tuple(BorderelRef.of(b) for b in replaced),
    )


def _joint_rank(staff: tuple[_Employees, ...], parts: tuple[dict, ...]) -> np.ndarray:
    """common.employee_rank over the borderels' rows joined, from their employees (a few per
    borderel, each borderel's in rank order): an employee of several borderels (one
    relatienummer) ranks by the werknemersnummer of the first, as employee_rank takes that
    of their first row."""
    holders = np.concatenate([one.policyholder for one in staff])
    if len(holders) == 0:
        return np.zeros(0, dtype=np.int64)
    if all(one.keys.dtype.kind == "S" for one in staff):  # the bytes ascii_bytes made
        numbers = np.concatenate([one.keys for one in staff])
    else:
        numbers = np.concatenate([np.asarray(one.employee_number.whole(), dtype=object)
                                  for one in staff])
    distinct, first, inverse = np.unique(holders, return_index=True, return_inverse=True)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[employee_order(numbers[first], distinct)[1]] = np.arange(len(distinct))
    rank = rank[inverse.reshape(-1)]  # per employee of each borderel
    starts = np.cumsum([0, *(len(one.policyholder) for one in staff)])
    return np.concatenate([rank[start + part["_rank"]]
                           for start, part in zip(starts, parts, strict=False)])


def _joint_code_order(columns: list[pd.Series], rows: list[np.ndarray]) -> np.ndarray | None:
    """_code_order of the borderels' product codes at `rows` joined, through their categories
    (ranks among all their categories: the same order); None unless all are categorical."""
    if not all(isinstance(column.dtype, pd.CategoricalDtype) for column in columns):
        return None
    # each borderel's categories and the text 'nan' of a missing code, as _code_order reads it
    cats = [np.r_[column.cat.categories.to_numpy(dtype=object), np.nan] for column in columns]
    ranks = text_order(np.concatenate(cats))
    starts = np.cumsum([0, *(len(c) for c in cats)])
    return np.concatenate([
        ranks[start + np.mod(column.cat.codes.to_numpy()[at].astype(np.int64), len(c))]
        for start, column, at, c in zip(starts, columns, rows, cats, strict=False)])


def _current_of_each_month(borderels: list[Borderel]) -> tuple[list[Borderel], list[Borderel]]:
    """(the borderels to report on, those replaced): of a month given with several
    volgnummers the highest, a re-issue replacing the earlier ones; one volgnummer of a month
    given twice is refused (which of the two is meant cannot be told). `borderels` in key
    order."""
    keys = [b.key for b in borderels]
    if len(set(keys)) != len(keys):
        twice = [b for b in borderels if keys.count(b.key) > 1]
        raise CommandRefused(tr("reports.error.month_twice",
                                files=", ".join(b.source for b in twice)))
    kept: list[Borderel] = []
    replaced: list[Borderel] = []
    for b, after in pairwise([*borderels, None]):  # a later one of the month replaces b
        same = after is not None and after.header.prolongation_month == b.header.prolongation_month
        (replaced if same else kept).append(b)
    return kept, replaced


def _taken(values, order: np.ndarray, inferred: bool = False):
    """values.take(order) for a column of the result, with the dtype the frames of the C lines
    gave it before: a str array with no value as an object array (a frame infers str only
    from a string); text that joining the borderels made object stays object, unless
    `inferred` (a column made from its values, which infers str again)."""
    return _as_column(values.take(order), inferred)


def _as_column(taken, inferred: bool = False):
    """_taken of values already taken."""
    if isinstance(taken, np.ndarray):
        return taken
    if isinstance(taken.dtype, pd.StringDtype) and len(taken) and \
            (not pd.isna(taken[0]) or not bool(taken.isna().all())):
        return taken
    if inferred or isinstance(taken.dtype, pd.StringDtype):
        return np.asarray(taken, dtype=object)
    return pd.Series(np.asarray(taken, dtype=object), dtype=object, copy=False)


def _concat(parts: list):
    """One column over the borderels, as pandas joined their frames: text of a borderel
    without C lines was object, and object with str makes object."""
    if all(isinstance(p, _Gather) and len(p) for p in parts):
        joint = _joint_gather(parts)
        if joint is not None:
            return joint
    parts = [p.whole() if isinstance(p, _Gather) else p for p in parts]
    if all(isinstance(p, np.ndarray) and p.dtype != object for p in parts):
        return np.concatenate(parts)
    return pd.concat([pd.Series(p if len(p) else np.asarray(p, dtype=object)) for p in parts],
                     ignore_index=True).array


def _joint_gather(parts: list[_Gather]) -> _Gather | None:
    """The parts as one _Gather over their tables joined, where _concat would give a str array
    (str tables of one dtype) and the tables are no larger than the rows (the few texts of a
    product, a mutatiecode, an employee): no text copied per row until the rows' order is
    known. None otherwise."""
    dtype = getattr(parts[0].values, "dtype", None)
    if not isinstance(dtype, pd.StringDtype) or \
            any(getattr(p.values, "dtype", None) != dtype or not len(p.values) for p in parts) or \
            sum(len(p.values) for p in parts) > sum(len(p) for p in parts):
        return None
    values = pd.concat([pd.Series(p.values) for p in parts], ignore_index=True).array
    starts = np.cumsum([0, *(len(p.values) for p in parts)])
    # index -1 reads a table's last value (a missing one): made explicit before joining
    index = np.concatenate([start + np.mod(p.index, len(p.values))
                            for start, p in zip(starts, parts, strict=False)])
    return _Gather(values, index)


def _row_order(cols: dict, rank: np.ndarray, sizes: list[int],
               by_rank: np.ndarray | None = None) -> np.ndarray:
    """Rows by employee rank, relatienummer, premiemaand, productcode, then borderel and file
    line. The borderels come in (prolongatiemaand, volgnummer) order and each one's lines in
    file order (checked), so a stable sort of one packed key of the first four does it;
    otherwise, or when the key does not fit in 63 bits, a lexsort of them all. `by_rank`
    (one borderel): its employees, numbered in file order (cols' `_emp`), in rank order."""
    n = len(rank)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rel = cols["relation_number"]
    month = cols["premium_month"]
    code = cols["_code"]
    line = cols["_line"]
    bounds = np.cumsum([0, *sizes])
    in_file_order = all((line[a + 1:b] >= line[a:b - 1]).all()
                        for a, b in pairwise(bounds) if b - a > 1)
    month0 = month - month.min()
    widths = [int(x.max()).bit_length() for x in (rank, rel, month0, code)]
    if in_file_order and rel.min() >= 0 and sum(widths) <= 63:
        # in the high bits the rank, or with `by_rank` the employee numbered in file order
        # (the employees' numbers span what their ranks span)
        key = (rank if by_rank is None else cols["_emp"]).astype(np.int64)
        for values, width in zip((rel, month0, code), widths[1:], strict=True):
            key = (key << width) | values
        if by_rank is None:
            return stable_order(key)
        return in_rank_blocks(key, cols["_emp"], by_rank)
    return np.lexsort((line, cols["sequence"], cols["prolongation_month"], code, month, rel,
                       rank))
