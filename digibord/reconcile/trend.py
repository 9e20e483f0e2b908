"""Trend over the months kept in the archive (docs/reports.md, "Trend"): per month the insured
by rol, the employees, the totals, the joiners and leavers, the average net premium per insured
and the share of basis, aanvullend and tand — computed from the month summaries the archive
keeps (no borderel is decrypted), over whole columns.

The input is the archive's `(entry, summary)` pairs of one collectivity, oldest first (the
current volgnummer of each month); only the attributes named in `MonthEntry` and
`MonthFigures` are read, so this module needs nothing of the archive package.

Joiners and leavers compare a month with the month held before it: a relatienummer in this
month and not in that one joined, the other way round left. After a gap (a month missing from
the archive) the comparison is with the last month held before the gap, and the row says so
(`compared_with`); the first month held has nothing to compare with (0 and 0, no
`compared_with`). A range (`first`, `last`) cuts the rows after this is computed, so the first
month shown is still compared with the month before it when the archive holds that."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import numpy.typing as npt

KINDS = ("b", "a", "t")  # productsoort basis, aanvullend, tand
# columns of TrendResult.rows that add up over collectivities (TrendOverview's total rows)
ADDITIVE = ("insured_h", "insured_p", "insured_k", "insured", "employees",
            "total_prolongation_cent", "total_corrections_cent", "total_due_cent", "joiners",
            "leavers", "prolongation_b_cent", "prolongation_a_cent", "prolongation_t_cent")


class MonthEntry(Protocol):
    prolongation_month: int  # YYYYMM
    sequence: int
    file_name: str
    imported_at: str


class MonthFigures(Protocol):
    insured_h: int
    insured_p: int
    insured_k: int
    employees: int
    total_prolongation_cent: int
    total_corrections_cent: int
    total_due_cent: int
    prolongation_net_b_cent: int
    prolongation_net_a_cent: int
    prolongation_net_t_cent: int
    relation_numbers: np.ndarray  # sorted, unique int64


@dataclass(frozen=True, eq=False)
class TrendResult:
    """One collectivity's months. `rows` (one per month held in the range, oldest first):
    month (YYYYMM), sequence, file_name, imported_at, insured_h, insured_p, insured_k,
    insured, employees, total_prolongation_cent, total_corrections_cent, total_due_cent,
    joiners, leavers, compared_with (YYYYMM of the month compared with, 0: none),
    compared_sequence, gap (compared across missing months), average_premium_cent (net
    prolongatie per insured), share_b_bp / share_a_bp / share_t_bp (hundredths of a percent
    of the net prolongatie), prolongation_b_cent / _a_ / _t_ (int64; bool for gap)."""

    collectivity_number: str
    collectivity_name: str
    rows: pd.DataFrame
    first_month: int  # of the range asked (0: from the first month held)
    last_month: int  # (0: to the last month held)
    missing_months: tuple[int, ...]  # months between the first and last row not held

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(self.rows["month"].tolist())

    def total(self, column: str) -> int:
        return int(self.rows[column].to_numpy(dtype=np.int64).sum())


@dataclass(frozen=True, eq=False)
class TrendOverview:
    """Every collectivity at a glance: per month a row per collectivity (its TrendResult's
    row) and a total row (`is_total`, collectivity_number ''), months oldest first.
    `collectivities` in `rows` counts the collectivities a total row adds up."""

    trends: tuple[TrendResult, ...]
    rows: pd.DataFrame
    first_month: int
    last_month: int

    @property
    def collectivity_number(self) -> str:  # what a report heading names: all of them
        return ", ".join(t.collectivity_number for t in self.trends)

    @property
    def collectivity_name(self) -> str:
        return ""

    @property
    def totals(self) -> pd.DataFrame:
        return self.rows[self.rows["is_total"].to_numpy(dtype=bool)].reset_index(drop=True)

    def total(self, column: str) -> int:
        return int(self.totals[column].to_numpy(dtype=np.int64).sum())


def month_index(months: npt.ArrayLike) -> np.ndarray:
    """YYYYMM -> months since year 0 (consecutive months differ by one)."""
    m = np.asarray(months, dtype=np.int64)
    return (m // 100) * 12 + m % 100 - 1


def month_of_index(index: npt.ArrayLike) -> np.ndarray:
    i = np.asarray(index, dtype=np.int64)
    return (i // 12) * 100 + i % 12 + 1


def rounded_ratio(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> np.ndarray:
    """numerator / denominator per element, rounded half away from zero in int64; 0 where the
    denominator is 0 (no insured, no premium)."""
    n = np.asarray(numerator, dtype=np.int64)
    d = np.asarray(denominator, dtype=np.int64)
    safe = np.where(d == 0, 1, np.abs(d))
    q = (2 * np.abs(n) + safe) // (2 * safe)
    signed = np.where((n < 0) != (d < 0), -q, q)
    return np.where(d == 0, 0, signed).astype(np.int64)


def _changes(numbers: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per month (position i) how many relatienummers are not in month i-1 (joiners) and how
    many of month i-1 are not in month i (leavers); 0 and 0 for the first. One sort of all
    (relatienummer, position) pairs packed into int64, then one pass comparing each pair with
    its neighbour: no loop over persons."""
    n = len(numbers)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sizes = np.fromiter((len(a) for a in numbers), dtype=np.int64, count=n)
    rel = np.concatenate([np.asarray(a, dtype=np.int64) for a in numbers]) if sizes.sum() \
        else np.zeros(0, np.int64)
    pos = np.repeat(np.arange(n, dtype=np.int64), sizes)
    slots = np.int64(n + 1)  # relatienummers have at most 10 digits: 10**10 * 1025 < 2**63
    keys = np.sort(rel * slots + pos)
    # sorted, a person's months are neighbours: the pair after (r, p) is (r, p + 1) exactly
    # when the person is also in the next month (a sequential pass, no random look-ups)
    r, pos = np.divmod(keys, slots)
    follows = (r[1:] == r[:-1]) & (pos[1:] == pos[:-1] + 1)
    has_prev = np.concatenate([[False], follows])
    has_next = np.concatenate([follows, [False]])
    new = (pos > 0) & ~has_prev
    gone = (pos < n - 1) & ~has_next
    joiners = np.bincount(pos[new], minlength=n).astype(np.int64)
    leavers = np.zeros(n, dtype=np.int64)
    leavers[1:] = np.bincount(pos[gone], minlength=n)[:-1]
    return joiners, leavers


def compute_trend(pairs: Sequence[tuple[MonthEntry, MonthFigures]], collectivity_number: str,
                  collectivity_name: str = "", first: int | None = None,
                  last: int | None = None) -> TrendResult:
    """The trend of one collectivity from its month summaries (oldest first, one per month),
    cut to `first`..`last` (YYYYMM, inclusive; None: open)."""
    entries = [e for e, _ in pairs]
    summaries = [s for _, s in pairs]
    months = np.fromiter((e.prolongation_month for e in entries), dtype=np.int64,
                         count=len(entries))
    if len(months) > 1 and not (np.diff(month_index(months)) > 0).all():
        raise ValueError("trend: months must be given oldest first, each once")

    def figure(name: str) -> np.ndarray:
        return np.fromiter((getattr(s, name) for s in summaries), dtype=np.int64,
                           count=len(summaries))

    rows = pd.DataFrame({
        "month": months,
        "sequence": np.fromiter((e.sequence for e in entries), dtype=np.int64,
                                count=len(entries)),
        "file_name": pd.Series([e.file_name for e in entries], dtype=object),
        "imported_at": pd.Series([e.imported_at for e in entries], dtype=object),
        "insured_h": figure("insured_h"),
        "insured_p": figure("insured_p"),
        "insured_k": figure("insured_k"),
    })
    rows["insured"] = rows["insured_h"] + rows["insured_p"] + rows["insured_k"]
    for column in ("employees", "total_prolongation_cent", "total_corrections_cent",
                   "total_due_cent"):
        rows[column] = figure(column)
    joiners, leavers = _changes([s.relation_numbers for s in summaries])
    rows["joiners"] = joiners
    rows["leavers"] = leavers
    previous = np.r_[0, months[:-1]] if len(months) else months
    rows["compared_with"] = previous.astype(np.int64)
    rows["compared_sequence"] = np.r_[0, rows["sequence"].to_numpy()[:-1]].astype(np.int64) \
        if len(months) else np.zeros(0, np.int64)
    steps = np.diff(month_index(months), prepend=month_index(months[:1]) - 1) \
        if len(months) else np.zeros(0, np.int64)
    rows["gap"] = (steps > 1) & (previous > 0)
    for kind in KINDS:
        rows[f"prolongation_{kind}_cent"] = figure(f"prolongation_net_{kind}_cent")
    add_ratios(rows)
    return _cut(rows, collectivity_number, collectivity_name, first, last)


def add_ratios(rows: pd.DataFrame) -> None:
    """The average net premium per insured and the share of each productsoort, from the
    sums in `rows` (so a total row gets the ratios of its sums, not an average of ratios)."""
    rows["average_premium_cent"] = rounded_ratio(rows["total_prolongation_cent"],
                                                 rows["insured"])
    kinds_total = sum(rows[f"prolongation_{k}_cent"].to_numpy(dtype=np.int64) for k in KINDS)
    for kind in KINDS:
        rows[f"share_{kind}_bp"] = rounded_ratio(
            rows[f"prolongation_{kind}_cent"].to_numpy(dtype=np.int64) * 10000, kinds_total)


def _cut(rows: pd.DataFrame, number: str, name: str, first: int | None,
         last: int | None) -> TrendResult:
    months = rows["month"].to_numpy(dtype=np.int64)
    keep = np.ones(len(rows), dtype=bool)
    if first is not None:
        keep &= months >= first
    if last is not None:
        keep &= months <= last
    rows = rows[keep].reset_index(drop=True)
    held = month_index(rows["month"])
    missing: tuple[int, ...] = ()
    if len(held):
        every = np.arange(held[0], held[-1] + 1)
        missing = tuple(month_of_index(np.setdiff1d(every, held)).tolist())
    return TrendResult(number, name, rows, int(first or 0), int(last or 0), missing)


def combine_trends(trends: Sequence[TrendResult], first: int | None = None,
                   last: int | None = None) -> TrendOverview:
    """Every collectivity's rows and, per month, a total row over the collectivities that
    hold that month: sums of the counts and amounts, the ratios of those sums."""
    parts = []
    for t in trends:
        part = t.rows.copy()
        part.insert(1, "collectivity_number", t.collectivity_number)
        part.insert(2, "collectivity_name", t.collectivity_name)
        parts.append(part)
    if parts:
        each = pd.concat(parts, ignore_index=True)
    else:
        each = compute_trend([], "").rows.assign(collectivity_number="", collectivity_name="")
    each["is_total"] = False
    each["collectivities"] = np.int64(1)
    grouped = each.groupby("month", sort=True)
    totals = grouped[list(ADDITIVE)].sum().astype(np.int64).reset_index()
    totals["collectivities"] = grouped.size().to_numpy(dtype=np.int64)
    add_ratios(totals)
    totals["collectivity_number"] = ""
    totals["collectivity_name"] = ""
    totals["sequence"] = np.int64(0)
    totals["file_name"] = ""
    totals["imported_at"] = ""
    totals["compared_with"] = np.int64(0)
    totals["compared_sequence"] = np.int64(0)
    totals["gap"] = False
    totals["is_total"] = True
    both = pd.concat([each, totals[each.columns]], ignore_index=True)
    # per month the collectivities by number, then the total
    order = np.lexsort((both["collectivity_number"].to_numpy(dtype=object).astype(str),
                        both["is_total"].to_numpy(dtype=bool),
                        both["month"].to_numpy(dtype=np.int64)))
    rows = both.iloc[order].reset_index(drop=True)
    return TrendOverview(tuple(trends), rows, int(first or 0), int(last or 0))
