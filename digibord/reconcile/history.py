"""One person's history over the months kept in the archive (docs/reports.md, "Geschiedenis
van een persoon"): per month held the products and net premium, the corrections booked for
them, and the month they joined or left.

The months a person is in are found from the month summaries' sorted relatienummers (a
`searchsorted` per month, no decryption); only those borderels are then read, and of each only
the person's lines (`person_month`). Joined and left follow the trend's rule
(reconcile/trend.py): compared with the month held before, across a gap; the first month held
has nothing to compare with. A month the person left is a row of its own without premium."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel

STATUSES = ("joined", "insured", "left", "first")  # "first": the first month held
COLUMNS = ("month", "sequence", "status", "role", "products", "net_basis_cent",
           "net_additional_cent", "net_cent", "corrections", "corrections_cent",
           "correction_months", "compared_with")


@dataclass(frozen=True, eq=False)
class PersonMonth:
    """What one borderel says of one person."""

    name: str
    role: str
    employee_number: str
    products: str  # the product codes of the P lines, in order: `B01, A12, T02`
    net_basis_cent: int
    net_additional_cent: int  # aanvullend and tand
    corrections: int  # number of C lines
    corrections_cent: int
    correction_months: str  # the premium months the corrections are for: `2026-01, 2026-02`


@dataclass(frozen=True, eq=False)
class PersonHistory:
    """`rows` (oldest first, COLUMNS): one per month held where the person is insured, and
    one for each month they left (status `left`, no products, 0 premium; corrections of that
    month still shown)."""

    collectivity_number: str
    collectivity_name: str
    relation_number: int
    name: str
    employee_number: str
    rows: pd.DataFrame
    months_held: tuple[int, ...]

    def total(self, column: str) -> int:
        return int(self.rows[column].to_numpy(dtype=np.int64).sum())


def presence(relation_numbers: Sequence[np.ndarray], relation_number: int) -> np.ndarray:
    """Per month (each a sorted array of relatienummers), whether `relation_number` is in it."""
    out = np.zeros(len(relation_numbers), dtype=bool)
    for i, numbers in enumerate(relation_numbers):  # one binary search per month
        at = int(np.searchsorted(numbers, relation_number))
        out[i] = at < len(numbers) and int(numbers[at]) == relation_number
    return out


def person_month(borderel: Borderel, relation_number: int) -> PersonMonth | None:
    """The person's lines of one borderel (None: not in it, neither insured nor corrected)."""
    ins = borderel.insured
    me = ins[ins["relation_number"].to_numpy(dtype=np.int64) == relation_number]
    lines = borderel.lines
    mine = lines[lines["relation_number"].to_numpy(dtype=np.int64) == relation_number]
    if not len(me) and not len(mine):
        return None
    kinds = borderel.products.set_index("product_code")["product_kind"]
    kind = kinds.reindex(mine["product_code"]).to_numpy(dtype=object)
    line_kind = mine["line_kind"].to_numpy(dtype=object)
    net = mine["net_cent"].to_numpy(dtype=np.int64)
    p = line_kind == PROLONGATION
    c = line_kind == CORRECTION
    months = np.unique(mine["premium_month"].to_numpy(dtype=np.int64)[c]) if c.any() \
        else np.zeros(0, dtype=np.int64)
    person = me.iloc[0] if len(me) else None
    return PersonMonth(
        name=str(person["name"]) if person is not None else "",
        role=str(person["role"]) if person is not None else "",
        employee_number=str(person["employee_number"]) if person is not None else "",
        products=", ".join(mine["product_code"].to_numpy(dtype=object)[p].astype(str)),
        net_basis_cent=int(net[p & (kind == "B")].sum()),
        net_additional_cent=int(net[p & (kind != "B")].sum()),
        corrections=int(c.sum()),
        corrections_cent=int(net[c].sum()),
        correction_months=", ".join(f"{m // 100:04d}-{m % 100:02d}" for m in months.tolist()),
    )


def history_months(present: np.ndarray) -> np.ndarray:
    """Indexes of the months held that are rows: the person is in them, or left in them (in
    the month before, not in this one)."""
    before = np.concatenate([[False], present[:-1]])
    return np.flatnonzero(present | before)


def compute_history(collectivity_number: str, collectivity_name: str, relation_number: int,
                    months: Sequence[int], sequences: Sequence[int], present: np.ndarray,
                    found: dict[int, PersonMonth]) -> PersonHistory:
    """Assemble the history: `months`/`sequences` of every month held (oldest first),
    `present` from `presence`, `found` the PersonMonth of each month read (by index)."""
    present = np.asarray(present, dtype=bool)
    before = np.concatenate([[False], present[:-1]])
    rows = []
    for i in history_months(present).tolist():  # the person's months: a few dozen at most
        m = found.get(i)
        if i == 0:
            status = "first"
        elif present[i]:
            status = "insured" if before[i] else "joined"
        else:
            status = "left"
        insured = bool(present[i]) and m is not None
        rows.append({
            "month": int(months[i]), "sequence": int(sequences[i]), "status": status,
            "role": m.role if m else "",
            "products": m.products if insured else "",
            "net_basis_cent": m.net_basis_cent if insured else 0,
            "net_additional_cent": m.net_additional_cent if insured else 0,
            "net_cent": m.net_basis_cent + m.net_additional_cent if insured else 0,
            "corrections": m.corrections if m else 0,
            "corrections_cent": m.corrections_cent if m else 0,
            "correction_months": m.correction_months if m else "",
            "compared_with": int(months[i - 1]) if i else 0,
        })
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("month", "sequence", "net_basis_cent", "net_additional_cent", "net_cent",
                   "corrections", "corrections_cent", "compared_with"):
        frame[column] = frame[column].astype(np.int64)
    latest = next((found[i] for i in sorted(found, reverse=True) if found[i].name), None)
    return PersonHistory(collectivity_number, collectivity_name, int(relation_number),
                         latest.name if latest else "",
                         latest.employee_number if latest else "", frame,
                         tuple(int(m) for m in months))
