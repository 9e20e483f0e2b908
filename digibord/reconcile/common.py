"""What the reports of reports.md sections 2-5 share: a reference to a borderel for headings,
the loud check against the `90` record, half-away rounding on integer cents, and the employee
grouping (a family under its hoofdverzekerde), all vectorised over whole columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel, month_text
from digibord.formats.frames import holders_above  # the string storage is set there too
from digibord.formats.packing import packed_text
from digibord.i18n import tr


class ReconcileMismatch(AssertionError):
    """A computed total disagrees with the borderel's `90` record: a bug of ours, never rounded
    away (the reader already checked the file's own totals)."""


@dataclass(frozen=True)
class BorderelRef:
    """What a heading needs of one borderel: collectivity, month, volgnummer, source file."""

    collectivity_number: str
    collectivity_name: str
    prolongation_month: int  # YYYYMM
    sequence: int
    source: str
    file_name: str = ""  # the file's name: `source`, or for a month of the archive the
    # name it was imported with (JSON's `bestand`; `source` then names the archive)

    @classmethod
    def of(cls, borderel: Borderel) -> BorderelRef:
        h = borderel.header
        return cls(h.collectivity_number, h.collectivity_name, h.prolongation_month,
                   h.sequence, borderel.source, borderel.file_name or borderel.source)

    @property
    def month_text(self) -> str:
        return month_text(self.prolongation_month)

    @property
    def key(self) -> tuple[int, int]:
        return (self.prolongation_month, self.sequence)

    def label(self) -> str:
        """`2026-03` or `2026-03 (2)` for a re-issue."""
        return self.month_text if self.sequence == 1 else f"{self.month_text} ({self.sequence})"


def check_total(what: str, computed: int, expected: int, source: str) -> None:
    """Raise ReconcileMismatch when a report's total differs from the `90` record."""
    if int(computed) != int(expected):
        raise ReconcileMismatch(
            f"{source}: {what} computed {int(computed)} cent, 90 record says {int(expected)} cent")


def gather(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """values[rows]; for Python objects through pandas' take, which copies them about twice
    as fast as numpy's indexing."""
    if values.dtype == object:
        return pd.api.extensions.take(values, rows)
    return values[rows]


def div_round_half_away(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """numerator / denominator rounded to a whole number, half away from zero, exactly in int64
    (floor((2|n| + d) / 2d) carries the sign back)."""
    n = np.asarray(numerator, dtype=np.int64)
    d = np.int64(denominator)
    q = (2 * np.abs(n) + d) // (2 * d)
    return np.where(n < 0, -q, q).astype(np.int64)


def group_sum(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Integer sums of `values` per group code 0..size-1 (bincount would go through float)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, codes, np.asarray(values, dtype=np.int64))
    return out


def lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `keys` in the sorted array and whether each was found."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return pos, sorted_keys[pos] == keys


def employee_rank(employee_number: np.ndarray, policyholder: np.ndarray) -> np.ndarray:
    """A rank per row that orders employees by werknemersnummer, then relatienummer of the
    employee: computed over the distinct employees only (few), then spread to the rows."""
    if len(policyholder) == 0:
        return np.zeros(0, dtype=np.int64)
    holders, first, inverse = np.unique(policyholder, return_index=True, return_inverse=True)
    numbers = np.asarray(employee_number, dtype=object)[first].astype(str)
    order = np.lexsort((holders, numbers))
    rank = np.empty(len(holders), dtype=np.int64)
    rank[order] = np.arange(len(holders), dtype=np.int64)
    return rank[inverse.reshape(-1)]


def group_bounds(rank_sorted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and stop row of each run of equal values in an already sorted rank column."""
    n = len(rank_sorted)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, rank_sorted[1:] != rank_sorted[:-1]]).astype(np.int64)
    stops = np.r_[starts[1:], n].astype(np.int64)
    return starts, stops


def run_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of each run (rows already grouped), int64."""
    values = np.asarray(values, dtype=np.int64)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(values, starts).astype(np.int64)


def codes_in(column: pd.Series, categories: pd.Index,
             rows: np.ndarray | None = None) -> np.ndarray:
    """Position of each value of a text column in `categories` (-1 where absent), of `rows`
    only when given: through the column's categorical codes when the frame has them (a
    look-up over its few categories), else one hash look-up per row (frames made elsewhere,
    e.g. by devtools.synth)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        own = np.r_[categories.get_indexer(column.cat.categories), -1]
        codes = column.cat.codes.to_numpy()
        # code -1 (missing) picks the -1 at the end
        return own[codes if rows is None else codes[rows]]
    values = column.to_numpy(dtype=object)
    return categories.get_indexer(values if rows is None else values[rows])


def rows_equal(column: pd.Series, value: str) -> np.ndarray:
    """Rows (int64) where a text column equals `value`: one comparison of the categorical
    codes when the column has them (the line kinds), else through codes_in."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        at = int(column.cat.categories.get_indexer([value])[0])
        if at < 0:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(column.cat.codes.to_numpy() == at)
    return np.flatnonzero(codes_in(column, pd.Index([value], dtype=object)) == 0)


def same_collectivity(borderels: list[Borderel]) -> None:
    """Refuse borderels of different collectivities (exit 1 through the CLI)."""

    numbers = {b.header.collectivity_number for b in borderels}
    if len(numbers) > 1:
        listing = ", ".join(f"{b.source} ({b.header.collectivity_number})" for b in borderels)
        raise CommandRefused(tr("reports.error.collectivities", files=listing))


class PersonIndex:
    """Row of a relatienummer among persons (the insured in file order).

    In a borderel each `20` line follows its person's `10` record (the insurer writes them
    so): the person of a line is then the last `10` record above it, found for every line
    at once through a table over the file's line numbers, and checked by comparing its
    relatienummer. Only lines that fail the check (frames made otherwise) are looked up in a
    hash index of the persons, built on first need. Relatienummers are unique among the
    persons (the reader refuses a second `10` record of one)."""

    __slots__ = ("_index", "line", "relation")

    def __init__(self, relation: np.ndarray, line: np.ndarray | None = None) -> None:
        self.relation = np.asarray(relation, dtype=np.int64)
        self.line = None if line is None else np.asarray(line, dtype=np.int64)
        self._index: pd.Index | None = None

    def find(self, relation_numbers: np.ndarray, line: np.ndarray | None = None) -> np.ndarray:
        """Row of each relatienummer, -1 where it is not among the persons (int64); `line`:
        the file line of each (the lines' line numbers, in the persons' file)."""
        q = np.asarray(relation_numbers, dtype=np.int64)
        n = len(q)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if len(self.relation) == 0:
            return np.full(n, -1, dtype=np.int64)
        rows = self._above(q, line) if line is not None and self.line is not None else None
        if rows is None:
            return self._hashed(q)
        wrong = np.flatnonzero(rows < 0)
        if len(wrong):
            rows[wrong] = self._hashed(q[wrong])
        return rows

    def _above(self, q: np.ndarray, line: np.ndarray) -> np.ndarray | None:
        """The person whose record is the last one above each line, where it has the line's
        relatienummer; -1 where not; None when the line numbers do not allow a table."""
        own = self.line
        if 2 * len(line) < len(own) and (own[1:] > own[:-1]).all():
            # few lines (the C lines): a binary search in the persons' increasing lines
            rows = np.searchsorted(own, line, side="right") - 1
        else:
            top = max(int(own.max()), int(line.max()))
            if min(int(own.min()), int(line.min())) < 0 or \
                    top > 4 * (len(own) + len(line)) + 64:
                return None
            last = np.zeros(top + 1, dtype=np.int64)
            last[own] = np.arange(1, len(own) + 1)
            np.maximum.accumulate(last, out=last)
            rows = last[line] - 1
        ok = (rows >= 0) & (self.relation[np.maximum(rows, 0)] == q)
        if not ok.all():
            rows[~ok] = -1
        return rows

    def _hashed(self, q: np.ndarray) -> np.ndarray:
        """Through the hash index, looking up only the first of each run of equal values."""
        if self._index is None:
            self._index = pd.Index(self.relation)
        head = _run_heads(q)
        heads = q[head]
        rows = self._index.get_indexer(heads).astype(np.int64)
        return rows if len(heads) == len(q) else rows[np.cumsum(head, dtype=np.int64) - 1]

    def rows(self, relation_numbers: np.ndarray, line: np.ndarray | None = None) -> np.ndarray:
        """Row of each relatienummer (all must be present)."""
        rows = self.find(relation_numbers, line)
        if (rows < 0).any():
            missing = np.asarray(relation_numbers)[rows < 0][:5]
            raise ReconcileMismatch(f"premium lines name unknown relatienummers {missing.tolist()}")
        return rows


def _run_heads(q: np.ndarray) -> np.ndarray:
    """True where a run of equal values starts."""
    head = np.empty(len(q), dtype=bool)
    if len(q):
        head[0] = True
        np.not_equal(q[1:], q[:-1], out=head[1:])
    return head


def holders_of(persons: PersonIndex, holders: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Row of the hoofdverzekerde of persons `rows` (a few of them: the C lines' persons),
    from the policyholder relatienummers `holders` (one per person), whose own hoofdverzekerde
    must be there as well; ReconcileMismatch when one is missing. frames.holders_above for
    `rows` only (a binary search among the persons who are their own policyholder), the
    others through persons.find."""
    relation = persons.relation
    rows = np.asarray(rows, dtype=np.int64)
    found = holders_above(relation, holders, rows, find=persons.find)
    if (found < 0).any():
        raise ReconcileMismatch("a hoofdverzekerde is missing from the insured")
    # one found by persons.find who is not their own policyholder: theirs must be there
    second = found[holders[found] != relation[found]]
    if len(second) and (persons.find(holders[second]) < 0).any():
        raise ReconcileMismatch("a hoofdverzekerde is missing from the insured")
    return found


def text_source(column: pd.Series) -> tuple[object, np.ndarray | None]:
    """A text column as (values, codes): its values are `values.take(codes)` (`values.take`
    of the rows when codes is None). pandas' str array as the frame holds it (a str column,
    or the categories of a categorical one with codes), so a frame made of a take needs no
    inference over Python strings; an object array for other columns, which a frame infers
    as before."""
    dtype = column.dtype
    codes = None
    if isinstance(dtype, pd.StringDtype):
        values = column.array
    elif isinstance(dtype, pd.CategoricalDtype) and \
            all(isinstance(v, str) for v in dtype.categories):
        values = pd.array(np.append(dtype.categories.to_numpy(dtype=object), np.nan),
                          dtype="str")
        codes = column.cat.codes.to_numpy()  # -1 (missing) reads the NaN at the end
    else:
        values = column.to_numpy(dtype=object)
    return values, codes


def text_take(column: pd.Series, rows: np.ndarray,
              fill: str | None = None) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """A text column's values at `rows` for a new frame, with the dtype a frame infers from
    them (str from strings, object for none), without that inference: pandas' str array taken
    as the frame holds it where it can (text_source), an object array otherwise."""
    values, codes = text_source(column)
    taken = values.take(rows if codes is None else codes[rows])
    if fill is not None:
        taken = filled(taken, fill)
    if not isinstance(taken, np.ndarray) and (len(taken) == 0 or (
            pd.isna(taken[0]) and bool(taken.isna().all()))):
        return np.asarray(taken, dtype=object)
    return taken


def filled(values: np.ndarray | pd.api.extensions.ExtensionArray,
           fill: str) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """`values` (an array) with missing values replaced by `fill`."""
    if isinstance(getattr(values, "dtype", None), pd.StringDtype) and \
            values.dtype.na_value is not pd.NA:
        objects = np.asarray(values, dtype=object)
        missing = objects != objects  # the str array's missing value is NaN, never equal
    else:
        missing = pd.isna(values)
    if not missing.any():
        return values
    values = values.copy()
    values[missing] = fill
    return values


def role_codes(columns: list[pd.Series]) -> tuple[list[np.ndarray], pd.Index]:
    """Codes of text columns of few values (roles) into one list of categories: the values
    present, code-point order (-1 where missing); through the columns' own categorical codes
    where they have them, so no string is hashed per row."""
    parts, uniques = [], []
    for column in columns:
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.cat.codes.to_numpy().astype(np.int64)
            cats = column.cat.categories.to_numpy(dtype=object)
        else:
            codes, cats = pd.factorize(column.to_numpy(dtype=object))
            codes = codes.astype(np.int64)
            cats = np.asarray(cats, dtype=object)
        parts.append((codes, cats))
        used = np.bincount(codes[codes >= 0], minlength=len(cats)) > 0 if len(codes) else \
            np.zeros(len(cats), dtype=bool)
        uniques.extend(cats[used].tolist())
    categories = pd.Index(sorted(set(uniques)), dtype=object)
    out = []
    for codes, cats in parts:
        mapping = np.r_[categories.get_indexer(cats), -1]
        out.append(mapping[codes])  # -1 picks the -1 at the end
    return out, categories


@dataclass(frozen=True, eq=False)
class Family:
    """The insured of one or more borderels as arrays, each person once (from the first frame
    that has them: `tot` before `van`), with their employee (the family's hoofdverzekerde).

    Persons keep file order (no sort, no copies of text columns); `persons` finds their rows.
    Employees are numbered 0..n-1 in file order; `employee_rank` orders them by
    werknemersnummer, then relatienummer of the employee; `employee_text` is the rank of the
    werknemersnummer's text alone (equal numbers equal ranks)."""

    relation_number: np.ndarray  # int64 per person
    name: np.ndarray  # object
    role_code: np.ndarray  # int64 per person: position in role_categories (-1 missing)
    role_categories: pd.Index  # the roles present, code-point order
    employee: np.ndarray  # int64 per person: their employee
    employee_holder: np.ndarray  # int64 per employee: relatienummer of the employee
    employee_number: np.ndarray  # object per employee ('' unknown)
    employee_name: np.ndarray  # object per employee
    employee_text: np.ndarray  # int64 per employee: rank of the number's text
    employee_rank: np.ndarray  # int64 per employee
    employee_order: np.ndarray  # int64: the employees by rank (argsort of employee_rank)
    employee_row: np.ndarray  # int64 per employee: their person row
    persons: PersonIndex
    # object per person: the werknemersnummer their own frame gives them (their employee's
    # there), which differs from employee_number only for a person of a later frame whose
    # employee's number changed
    person_number: np.ndarray

    @classmethod
    def of(cls, *frames: pd.DataFrame, first: PersonIndex | None = None) -> Family:
        """`first`: a PersonIndex over frames[0]'s relatienummers, when the caller has one."""
        rels, names, roles, holders, numbers = [], [], [], [], []
        for i, frame in enumerate(frames):
            rel = frame["relation_number"].to_numpy(dtype=np.int64)
            keep = None
            if i:  # only persons that the earlier frames do not have
                known = first if (first is not None and i == 1) else \
                    PersonIndex(np.concatenate(rels))
                keep = known.find(rel) < 0 if len(rel) else np.zeros(0, dtype=bool)
                if keep.all():
                    keep = None
            cols = [rel, frame["name"].to_numpy(dtype=object), frame["role"],
                    frame["policyholder"].to_numpy(dtype=np.int64),
                    frame["employee_number"].to_numpy(dtype=object)]
            if keep is not None:
                cols = [c[keep] for c in cols]
            for store, col in zip((rels, names, roles, holders, numbers), cols, strict=True):
                store.append(col)
        relation = np.concatenate(rels) if len(rels) > 1 else rels[0]
        name = np.concatenate(names) if len(names) > 1 else names[0]
        number = np.concatenate(numbers) if len(numbers) > 1 else numbers[0]
        codes, categories = role_codes(roles)
        role_code = np.concatenate(codes) if len(codes) > 1 else codes[0]
        if first is not None and len(frames) == 1:
            persons = first
        else:  # line numbers place lines only among the persons of one file
            persons = PersonIndex(relation, frames[0]["line_number"].to_numpy(dtype=np.int64)
                                  if len(frames) == 1 else None)
        holder_row = _family_holders(first or PersonIndex(rels[0]), rels, holders)
        # every row that is someone's hoofdverzekerde is one employee
        is_emp = np.zeros(len(relation), dtype=bool)
        is_emp[holder_row] = True
        emp_rows = np.flatnonzero(is_emp)
        emp_of_row = np.cumsum(is_emp) - 1
        emp_number, emp_text = numbers_filled(number[emp_rows])
        emp_holder = relation[emp_rows]
        text, order = employee_order(emp_text, emp_holder)
        rank = np.empty(len(emp_rows), dtype=np.int64)
        rank[order] = np.arange(len(emp_rows))
        return cls(relation, name, role_code, categories,
                   emp_of_row[holder_row].astype(np.int64), emp_holder, emp_number,
                   name[emp_rows], text, rank, order.astype(np.int64), emp_rows, persons,
                   number)

    def index(self, relation_numbers: np.ndarray, line: np.ndarray | None = None) -> np.ndarray:
        """Person row of each relatienummer (all must be present); `line`: their file lines
        (PersonIndex.find)."""
        return self.persons.rows(relation_numbers, line)

    def person_order(self) -> np.ndarray:
        """The persons ordered by employee rank, then relatienummer (int64 rows; equal keys,
        a relatienummer twice in frames made elsewhere, in row order). The persons are sorted
        by (employee, relatienummer) packed into an int64: employees are numbered in file
        order and families stand together, so these keys are nearly sorted and a stable sort
        (timsort, over runs) is several times faster than sorting by rank; the employees'
        blocks are then laid out in rank order, no second sort. A lexsort where the keys do
        not fit."""
        emp = self.employee
        n = len(emp)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        rel = self.relation_number
        if int(emp.max()).bit_length() + int(rel.max()).bit_length() > 62 or rel.min() < 0:
            return np.lexsort((rel, self.employee_rank[emp]))
        return in_rank_blocks((emp << int(rel.max()).bit_length()) | rel, emp,
                              self.employee_order)


def in_rank_blocks(key: np.ndarray, group: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """The stable order of rows by (rank of their group, then `key`'s low bits): `key` is the
    int64 of each row's group (numbered 0.. in file order, `group`) in its high bits and what
    orders the rows within it below; `ranked`: the groups in rank order. Where groups stand
    together in the file (families, an employee's lines) these keys are nearly sorted, and a
    stable sort (timsort, over runs) is several times faster than one by rank; the groups'
    blocks are then laid out in rank order with one repeat, no second sort."""
    by_group = np.argsort(key, kind="stable")
    counts = np.bincount(group, minlength=len(ranked))
    block = np.cumsum(counts) - counts  # each group's first row in by_group
    size = counts[ranked]
    shift = block[ranked] - (np.cumsum(size) - size)  # block start minus its new place
    return by_group[np.repeat(shift, size) + np.arange(len(group))].astype(np.int64, copy=False)


def _family_holders(first: PersonIndex, rels: list[np.ndarray],
                    holders: list[np.ndarray]) -> np.ndarray:
    """Row of each person's hoofdverzekerde among the persons of all parts (the first frame's,
    then the few each later frame adds): within the first part without hashing where its
    families stand together (frames.holders_above); the later parts through the first part's
    index and a small one of their own. ReconcileMismatch when one is missing."""
    found = holders_above(first.relation, holders[0], find=first.find)
    if len(rels) > 1:
        n_first = len(first.relation)
        added = PersonIndex(np.concatenate(rels[1:]))
        rest = np.concatenate(holders[1:])
        later = first.find(rest) if len(rest) else np.zeros(0, dtype=np.int64)
        found = np.concatenate([found, later])
        missing = np.flatnonzero(found < 0)
        if len(missing):
            at = added.find(np.concatenate(holders)[missing])
            found[missing] = np.where(at >= 0, n_first + at, -1)
    if (found < 0).any():
        raise ReconcileMismatch("a hoofdverzekerde is missing from the insured")
    return found


def numbers_filled(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Werknemersnummers with '' for missing ones, as objects and as fixed-width text (bytes
    when all are ASCII str: ascii_bytes). Missing values are looked for only among the texts
    that str() makes of them ('nan', 'None', '<NA>'): one comparison of fixed-width strings
    instead of a type test per value."""
    numbers = np.asarray(numbers, dtype=object)
    raw = ascii_bytes(numbers)
    if raw is not None:  # all str (none missing) and ASCII: as bytes, which sort the same
        return numbers, raw
    text = numbers.astype(str)
    maybe = np.flatnonzero((text == "nan") | (text == "None") | (text == "<NA>"))
    if len(maybe):
        absent = maybe[pd.isna(numbers[maybe])]
        if len(absent):
            numbers = numbers.copy()
            numbers[absent] = ""
            text = numbers.astype(str)
    return numbers, text


def employee_order(numbers: np.ndarray, holders: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The employees ordered by werknemersnummer (text, code-point order), then relatienummer
    `holders` (distinct): (rank of each number's text, equal texts equal ranks; the order). One
    sort of the texts' keys (text_keys; short ones by radix_order); the few equal numbers are
    then put in relatienummer order among themselves."""
    n = len(numbers)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = text_keys(numbers)
    order = radix_order(keys) if keys.dtype == np.uint64 else \
        np.argsort(keys).astype(np.int64, copy=False)
    ordered = keys[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    run = np.cumsum(new) - 1
    text = np.empty(n, dtype=np.int64)
    text[order] = run
    if not new.all():  # equal numbers (e.g. several unknown): by relatienummer among them
        settle_ties(order, run, ~new[1:], holders)
    return text, order


def radix_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") of uint64 keys (int64 rows): a pass of numpy's radix
    sort of 16-bit integers per 16-bit digit that varies, lowest first (twice as fast as
    sorting the 64-bit keys; short werknemersnummers leave the lowest digits empty)."""
    order = np.arange(len(keys), dtype=np.int64)
    if len(keys) < 2:
        return order
    for shift in range(0, 64, 16):
        digit = ((keys >> np.uint64(shift)) & np.uint64(0xFFFF)).astype(np.uint16)
        if digit.min() != digit.max():
            order = order[np.argsort(digit[order], kind="stable")]
    return order


def text_keys(values: np.ndarray) -> np.ndarray:
    """Sort keys of texts in code-point order, equal texts equal keys: the texts as fixed-width
    strings, packed into one unsigned integer each when they are short and of code points
    below 256, else as bytes when they are ASCII (sorting Python strings compares them one
    pair at a time), else the fixed-width strings."""
    n = len(values)
    kind = getattr(getattr(values, "dtype", None), "kind", None)
    if kind == "S":  # ASCII texts as ascii_bytes makes them: the keys their code points give
        key = packed_text(values)
        return values if key is None else key
    if kind == "U":
        text = values
    else:
        raw = ascii_bytes(values)
        if raw is not None:
            key = packed_text(raw)
            return raw if key is None else key
        text = np.asarray(values, dtype=object).astype(str)
    key = packed_text(text)
    if key is not None:
        return key
    width = text.dtype.itemsize // 4
    points = text.view(np.uint32).reshape(n, width)
    if width > 8 and int(points.max()) < 128:  # ASCII: one byte per character, same order
        return points.astype(np.uint8).reshape(-1).view(f"S{width}")
    return text  # (8 characters or fewer: packed_text refused a code point of 256 or more)


def ascii_bytes(values: np.ndarray | list) -> np.ndarray | None:
    """Texts (all str, ASCII, no NUL in them) as one fixed-width bytes array ('S', padded with
    NUL, which compares and sorts as the texts do); None for anything else. One join of the
    texts and a few array operations: no conversion of each Python string on its own (what
    astype(str) does, several times slower)."""
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    n = len(items)
    try:
        joined = "\x00".join(items)
    except TypeError:  # not all str (a missing value)
        return None
    if n == 0 or not joined.isascii():
        return None
    buf = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    ends = np.flatnonzero(buf == 0)
    if len(ends) != n - 1:  # a NUL inside a text
        return None
    starts = np.r_[0, ends + 1]
    lengths = np.r_[ends, len(buf)] - starts
    width = int(lengths.max())
    if width == 0:
        return np.zeros(n, dtype="S1")
    if (lengths == width).all():
        grid = np.append(buf, np.uint8(0)).reshape(n, width + 1)[:, :width]
    else:
        grid = np.zeros((n, width), dtype=np.uint8)
        chars = np.ones(len(buf), dtype=bool)
        chars[ends] = False
        row = np.repeat(np.arange(n), lengths)
        grid[row, np.flatnonzero(chars) - starts[row]] = buf[chars]
    return np.ascontiguousarray(grid).view(f"S{width}").reshape(n)


def text_order(values: np.ndarray) -> np.ndarray:
    """Per value, the rank of its text among the distinct texts (int64, code-point order, equal
    texts equal ranks), through text_keys."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(text_keys(values), return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)


def stable_order(key: np.ndarray) -> np.ndarray:
    """`np.argsort(key, kind="stable")` of int64 keys (int64 rows) through numpy's unstable
    sort, several times faster on keys in no particular order; the few equal keys are then
    put back in row order."""
    order = np.argsort(key).astype(np.int64, copy=False)
    if len(order) < 2:
        return order
    ordered = key[order]
    tie = ordered[1:] == ordered[:-1]
    if tie.any():  # the sorted positions in runs of equal keys: their rows ascending
        settle_ties(order, ordered, tie)
    return order


def settle_ties(order: np.ndarray, ordered: np.ndarray, tie: np.ndarray,
                by: np.ndarray | None = None) -> None:
    """Puts the rows of each run of equal keys in `order` (rows by sorted keys; `ordered`:
    anything ascending that is equal exactly where those keys are, e.g. the keys in that
    order; `tie[i]`: positions i and i + 1 are equal) in the order of `by` of the row (the
    row itself by default), in place; only the positions in runs are touched."""
    at = np.flatnonzero(np.r_[tie, False] | np.r_[False, tie])
    rows = order[at]
    order[at] = rows[np.lexsort((rows if by is None else by[rows], ordered[at]))]
