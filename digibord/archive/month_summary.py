"""A small summary of one stored borderel, computed at import, so that a trend over years of
months never decrypts every borderel again (issue 18): counts by rol, employees, the totals,
the net premium of the P lines per productsoort, and the sorted relatienummers of the insured
(joiners and leavers between two months without the borderels). Sealed like a record, bound
to the record it summarises (summaries.py stores and reads them)."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from digibord.archive import crypto
from digibord.archive.entries import ArchiveEntry
from digibord.formats.borderel import PROLONGATION, Borderel

VERSION = 1  # of what is computed: a summary of another version is made again
_MAGIC = b"DBS1"
KINDS = ("B", "A", "T")  # productsoort: basis, aanvullend, tand


@dataclass(frozen=True, eq=False)
class MonthSummary:
    """One borderel in figures. Money in cents; `relation_numbers` sorted, unique, int64 and
    read-only."""

    insured_h: int  # hoofdverzekerden (rol H)
    insured_p: int  # partners (rol P)
    insured_k: int  # children (rol K)
    employees: int  # families: distinct relatienummers of the hoofdverzekerde
    total_prolongation_cent: int  # net of the P lines
    total_corrections_cent: int  # net of the C lines
    total_due_cent: int
    prolongation_net_b_cent: int  # net of the P lines of basis products
    prolongation_net_a_cent: int  # ... of aanvullend products
    prolongation_net_t_cent: int  # ... of tand products
    relation_numbers: np.ndarray

    @property
    def insured_count(self) -> int:
        return self.insured_h + self.insured_p + self.insured_k

    def joiners(self, previous: MonthSummary) -> np.ndarray:
        """Relatienummers insured now and not in `previous` (sorted)."""
        return np.setdiff1d(self.relation_numbers, previous.relation_numbers, assume_unique=True)

    def leavers(self, previous: MonthSummary) -> np.ndarray:
        """Relatienummers in `previous` and not insured now (sorted)."""
        return np.setdiff1d(previous.relation_numbers, self.relation_numbers, assume_unique=True)

    def figures(self) -> dict[str, int]:
        """Every figure but the relatienummers, by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "relation_numbers"}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MonthSummary):
            return NotImplemented
        return (self.figures() == other.figures()
                and np.array_equal(self.relation_numbers, other.relation_numbers))

    __hash__ = None  # equal by value, and holds an array: not hashable


def summarize(borderel: Borderel) -> MonthSummary:
    """The summary of a parsed borderel, over whole columns."""
    insured, lines, products = borderel.insured, borderel.lines, borderel.products
    role = insured["role"].to_numpy(dtype=object)
    net = lines["net_cent"].to_numpy(dtype=np.int64)
    is_p = lines["line_kind"].to_numpy(dtype=object) == PROLONGATION
    kinds = pd.Series(products["product_kind"].to_numpy(dtype=object),
                      index=products["product_code"].to_numpy(dtype=object))
    kind = lines["product_code"].map(kinds[~kinds.index.duplicated()]).to_numpy(dtype=object)
    by_kind = {k: int(net[is_p & (kind == k)].sum()) for k in KINDS}
    prolongation = int(net[is_p].sum())
    corrections = int(net[~is_p].sum())
    return MonthSummary(
        insured_h=int(np.count_nonzero(role == "H")),
        insured_p=int(np.count_nonzero(role == "P")),
        insured_k=int(np.count_nonzero(role == "K")),
        employees=int(np.unique(insured["policyholder"].to_numpy(dtype=np.int64)).size),
        total_prolongation_cent=prolongation,
        total_corrections_cent=corrections,
        total_due_cent=prolongation + corrections,
        prolongation_net_b_cent=by_kind["B"],
        prolongation_net_a_cent=by_kind["A"],
        prolongation_net_t_cent=by_kind["T"],
        relation_numbers=_frozen(np.unique(insured["relation_number"].to_numpy(dtype=np.int64))),
    )


def _frozen(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


def entry_aad(entry: ArchiveEntry) -> bytes:
    """Binds a summary to its record: moved to another one, it does not open."""
    return b"digibord-summary-v1\n" + json.dumps(
        [entry.collectivity_number, entry.prolongation_month, entry.sequence,
         entry.sha256]).encode("utf-8")


def pack(summary: MonthSummary) -> bytes:
    """The figures as JSON, then the relatienummers as little-endian int64 differences (small
    numbers that compress well; crypto.seal compresses)."""
    head = json.dumps(summary.figures(), sort_keys=True).encode("utf-8")
    deltas = np.diff(summary.relation_numbers, prepend=np.int64(0)).astype("<i8")
    return _MAGIC + struct.pack("<I", len(head)) + head + deltas.tobytes()


def unpack(data: bytes) -> MonthSummary:
    """ValueError for anything that is not a packed summary."""
    if data[:4] != _MAGIC or len(data) < 8:
        raise ValueError("not a summary")
    (size,) = struct.unpack("<I", data[4:8])
    head = json.loads(data[8:8 + size])
    rest = data[8 + size:]
    if len(rest) % 8:
        raise ValueError("relatienummers cut off")
    numbers = np.cumsum(np.frombuffer(rest, dtype="<i8")).astype(np.int64)
    return MonthSummary(**{k: int(v) for k, v in head.items()},
                        relation_numbers=_frozen(numbers))


def seal(key: bytes, summary: MonthSummary, associated: bytes) -> tuple[bytes, bytes]:
    return crypto.seal(key, pack(summary), associated)


def open_sealed(key: bytes, nonce: bytes, ciphertext: bytes,
                associated: bytes) -> MonthSummary | None:
    """The summary, or None when it does not open (then it is made again from its record)."""
    try:
        return unpack(crypto.unseal(key, nonce, ciphertext, associated))
    except (crypto.InvalidTag, ValueError, TypeError, KeyError):
        return None
