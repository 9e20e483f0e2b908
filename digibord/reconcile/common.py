"""What the reports of reports.md sections 2-5 share: a reference to a borderel for headings,
the loud check against the `90` record, half-away rounding on integer cents, and the employee
grouping (a family under its hoofdverzekerde), all vectorised over whole columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.errors import CommandRefused
from digibord.formats import frames as _frames  # noqa: F401  (the string storage, set there)
from digibord.formats.borderel import Borderel, month_text
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

    @classmethod
    def of(cls, borderel: Borderel) -> BorderelRef:
        h = borderel.header
        return cls(h.collectivity_number, h.collectivity_name, h.prolongation_month,
                   h.sequence, borderel.source)

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


def same_collectivity(borderels: list[Borderel]) -> None:
    """Refuse borderels of different collectivities (exit 1 through the CLI)."""

    numbers = {b.header.collectivity_number for b in borderels}
    if len(numbers) > 1:
        listing = ", ".join(f"{b.source} ({b.header.collectivity_number})" for b in borderels)
        raise CommandRefused(tr("reports.error.collectivities", files=listing))


@dataclass(frozen=True, eq=False)
class Family:
    """The insured of one or more borderels as arrays, each person once (from the first frame
    that has them: `tot` before `van`), with their employee (the family's hoofdverzekerde).

    Persons keep file order (no sort, no copies of text columns); look-ups go through a hash
    index. Employees are numbered 0..n-1; `employee_rank` orders them by werknemersnummer,
    then relatienummer of the employee."""

    relation_number: np.ndarray  # int64 per person
    name: np.ndarray  # object
    role: np.ndarray  # object
    employee: np.ndarray  # int64 per person: their employee
    employee_holder: np.ndarray  # int64 per employee: relatienummer of the employee
    employee_number: np.ndarray  # object per employee ('' unknown)
    employee_name: np.ndarray  # object per employee
    employee_rank: np.ndarray  # int64 per employee
    lookup_index: pd.Index  # relatienummer -> person row

    @classmethod
    def of(cls, *frames: pd.DataFrame) -> Family:
        rels, names, roles, holders, numbers = [], [], [], [], []
        for i, frame in enumerate(frames):
            rel = frame["relation_number"].to_numpy(dtype=np.int64)
            cols = [rel, frame["name"].to_numpy(dtype=object),
                    frame["role"].to_numpy(dtype=object),
                    frame["policyholder"].to_numpy(dtype=np.int64),
                    frame["employee_number"].fillna("").to_numpy(dtype=object)]
            if i:  # only persons that the earlier frames do not have
                new = pd.Index(np.concatenate(rels)).get_indexer(rel) < 0
                if not new.all():
                    cols = [c[new] for c in cols]
            for store, col in zip((rels, names, roles, holders, numbers), cols, strict=True):
                store.append(col)
        relation = np.concatenate(rels)
        name = np.concatenate(names)
        number = np.concatenate(numbers)
        index = pd.Index(relation)
        holder_row = index.get_indexer(np.concatenate(holders))
        if (holder_row < 0).any():
            raise ReconcileMismatch("a hoofdverzekerde is missing from the insured")
        # every row that is someone's hoofdverzekerde is one employee
        is_emp = np.zeros(len(relation), dtype=bool)
        is_emp[holder_row] = True
        emp_rows = np.flatnonzero(is_emp)
        emp_of_row = np.cumsum(is_emp) - 1
        emp_number = number[emp_rows]
        emp_holder = relation[emp_rows]
        rank = np.empty(len(emp_rows), dtype=np.int64)
        rank[sort_by_rank(text_order(emp_number), emp_holder)] = np.arange(len(emp_rows))
        return cls(relation, name, np.concatenate(roles), emp_of_row[holder_row].astype(np.int64),
                   emp_holder, emp_number, name[emp_rows], rank, index)

    def index(self, relation_numbers: np.ndarray) -> np.ndarray:
        """Person row of each relatienummer (all must be present)."""
        rows = self.lookup_index.get_indexer(np.asarray(relation_numbers, dtype=np.int64))
        if (rows < 0).any():
            missing = np.asarray(relation_numbers)[rows < 0][:5]
            raise ReconcileMismatch(f"premium lines name unknown relatienummers {missing.tolist()}")
        return rows.astype(np.int64)


def text_order(values: np.ndarray) -> np.ndarray:
    """Per value, the rank of its text among the distinct texts (int64, code-point order, equal
    texts equal ranks): the texts as fixed-width strings sorted in C, as bytes when they are
    ASCII (sorting Python strings compares them one pair at a time, slowly)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    text = np.asarray(values, dtype=object).astype(str)
    points = text.view(np.uint32)
    if int(points.max(initial=0)) < 128:  # ASCII: one byte per character, same order
        text = points.astype(np.uint8).view(f"S{text.dtype.itemsize // 4}")
    _, inverse = np.unique(text, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)


def sort_by_rank(rank: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Order of rows by (rank, key) for non-negative int64 keys: one argsort of a packed int64
    where the bits allow it (they do for relatienummer * products), else a lexsort."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    key_bits = int(keys.max()).bit_length()
    rank_bits = int(rank.max()).bit_length()
    if key_bits + rank_bits <= 62:
        return np.argsort((rank.astype(np.int64) << key_bits) | keys)
    return np.lexsort((keys, rank))
