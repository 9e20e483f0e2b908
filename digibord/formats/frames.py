"""The borderel's three frames (docs in digibord/formats/borderel.py) made from the reader's
column arrays, and the program's choice of pandas' string storage. The one module where the
reader's data becomes pandas, so that validating a file (`check`) never imports pandas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from digibord.formats.packing import PACKED_WIDTH, packed_text

# The program's string storage, chosen once here (every module that makes frames imports this
# one: the reader, reconcile.common, synth): text columns are pandas' "str" dtype held as Python
# strings, never as Arrow strings, whether or not pyarrow happens to be installed. Measured on
# two 500 000-line months (docs/reader.md), Arrow storage made compute_diff, corrections and
# salary about twice as slow: each of them takes text columns out as Python objects.
pd.set_option("mode.string_storage", "python")

if TYPE_CHECKING:
    from collections.abc import Callable

_MUTATION = np.array([f"{i:02d}" for i in range(100)], dtype=object)
# Rows per piece of a conversion that holds the interpreter lock all along (text to Python
# strings): a few milliseconds each, so that the window's thread gets its turn while a file
# is parsed on a worker (docs/ui.md, "no pause over 50 ms"). The values are the same.
CHUNK = 1 << 13


def in_chunks(fn: Callable[..., np.ndarray], *arrays: np.ndarray) -> np.ndarray:
    """`fn(*arrays)` computed `CHUNK` rows at a time into one array of the first piece's
    dtype (fn's dtype must not depend on the values: numpy's text operations qualify)."""
    n = len(arrays[0])
    if n <= CHUNK:
        return fn(*arrays)
    first = fn(*(a[:CHUNK] for a in arrays))
    out = np.empty(n, dtype=first.dtype)
    out[:CHUNK] = first
    for lo in range(CHUNK, n, CHUNK):
        out[lo:lo + CHUNK] = fn(*(a[lo:lo + CHUNK] for a in arrays))
    return out


def _obj(values: np.ndarray) -> np.ndarray:
    return in_chunks(lambda part: part.astype(object), values)


def _few(values: np.ndarray) -> pd.Categorical:
    """A text column of few distinct values (line kind, product code, role) as a categorical,
    categories in code-point order: its codes are what the reports match and group on, with no
    hashing of half a million strings; values, comparisons and text output are those of the
    plain column. Short texts of code points below 256 are packed into one integer each."""
    values = np.asarray(values)
    n = len(values)
    width = values.dtype.itemsize // 4 if values.dtype.kind == "U" else 0
    if n and width:
        key = packed_text(values)
        if key is not None:
            # right-aligned, so that the keys of one or two characters stay below 2**16,
            # which _sorted_codes ranks without a sort (the order is the same)
            key >>= np.uint64(8 * (PACKED_WIDTH - width))
            # sorted distinct keys and each row's place among them, as pd.factorize(sort=True)
            # gives them, in numpy (a table of the keys present, or np.unique's sort: numpy
            # lets go of the interpreter lock, pandas' hash does not)
            uniques, codes = _sorted_codes(key)
            first = np.empty(len(uniques), dtype=np.int64)
            first[codes[::-1]] = np.arange(n - 1, -1, -1)
            categories = pd.Index(values[first], dtype=object)
            return pd.Categorical.from_codes(codes, categories=categories)
    codes, uniques = pd.factorize(values.astype(object), sort=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def _sorted_codes(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(key, return_inverse=True)`: without a sort when the keys are below 2**16 (a
    text of one or two characters: the line kind, the role), by a table of which keys occur
    and a running count over it; for wider keys of few distinct values (the product codes)
    through a small table of buckets (_bucketed_codes); else np.unique's sort."""
    if int(key.max()) >= 1 << 16:
        few = _bucketed_codes(key)
        return np.unique(key, return_inverse=True) if few is None else few
    small = key.astype(np.intp)
    present = np.zeros(1 << 16, dtype=bool)
    present[small] = True
    rank = np.cumsum(present, dtype=np.intp) - 1
    return np.flatnonzero(present).astype(key.dtype), rank[small]


BUCKETS = 4093  # a prime: the few codes of a borderel fall into distinct buckets


def _bucketed_codes(key: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """`np.unique(key, return_inverse=True)` where no two distinct keys share a bucket
    (key mod BUCKETS), None where two do: each bucket's key scattered into a table and read
    back, the distinct keys then sorted among themselves. Five array passes over the rows, no
    sort of them."""
    bucket = (key % np.uint64(BUCKETS)).astype(np.intp)
    slot = np.zeros(BUCKETS, dtype=key.dtype)
    slot[bucket] = key
    if not (slot[bucket] == key).all():  # another key took the bucket of some row's
        return None
    used = np.zeros(BUCKETS, dtype=bool)
    used[bucket] = True
    at = np.flatnonzero(used)
    uniques = slot[at]
    order = np.argsort(uniques)
    rank = np.empty(BUCKETS, dtype=np.intp)
    rank[at[order]] = np.arange(len(at))
    return uniques[order], rank[bucket]


def holders_above(relation: np.ndarray, holders: np.ndarray, rows: np.ndarray | None = None,
                  *, own: np.ndarray | None = None,
                  find: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Row of each person's hoofdverzekerde (of persons `rows` only, when given; int64), from
    the persons' relatienummers `relation` and their policyholders' `holders`: the nearest row
    at or above that is its own policyholder (`own`: those rows, increasing; by default where
    holders == relation), where it has the relatienummer wanted, as it has wherever a family
    stands together after its hoofdverzekerde (the insurer writes them so): no search. The
    others through `find` (relatienummers to rows, -1 where absent), -1 without it. A table
    over all rows, or for a few `rows` a binary search among the `own` rows."""
    if rows is None:
        if own is None:
            latest = np.where(holders == relation, np.arange(len(relation), dtype=np.int64), -1)
        else:
            latest = np.full(len(relation), -1, dtype=np.int64)
            latest[own] = own
        np.maximum.accumulate(latest, out=latest)
        wanted = holders
    else:
        if own is None:
            own = np.flatnonzero(holders == relation)
        above = np.searchsorted(own, rows, side="right") - 1
        latest = own[np.maximum(above, 0)].astype(np.int64, copy=False) if len(own) else \
            np.zeros(len(rows), dtype=np.int64)
        latest[above < 0] = -1
        wanted = holders[rows]
    if len(latest) == 0:
        return latest
    # over all rows the table only grows: -1 stands at most before the first own row
    safe = latest if rows is None and latest[0] >= 0 else np.maximum(latest, 0)
    miss = relation[safe] != wanted
    if safe is not latest:
        miss |= latest < 0
    odd = np.flatnonzero(miss)
    if len(odd):
        latest[odd] = -1 if find is None else find(wanted[odd])
    return latest


def products_frame(*, product_code: np.ndarray, product_kind: np.ndarray,
                   description: np.ndarray, discount_bp: np.ndarray,
                   line_number: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "product_code": _obj(product_code),
            "product_kind": _obj(product_kind),
            "description": _obj(description),
            "discount_bp": discount_bp,
            "line_number": line_number,
        }
    )


def insured_frame(*, relation_number: np.ndarray, policyholder: np.ndarray,
                  role: np.ndarray, employee_number: np.ndarray, bsn: np.ndarray,
                  surname: np.ndarray, prefix: np.ndarray, initials: np.ndarray,
                  name: np.ndarray, birth_date: np.ndarray, gender: np.ndarray,
                  start_date: np.ndarray, end_date: np.ndarray,
                  line_number: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "relation_number": relation_number,
            "policyholder": policyholder,
            "role": _few(role),
            "employee_number": _obj(employee_number),
            "bsn": _obj(bsn),
            "surname": _obj(surname),
            "prefix": _obj(prefix),
            "initials": _obj(initials),
            "name": _obj(name),
            "birth_date": birth_date,
            "gender": _obj(gender),
            "start_date": start_date,
            "end_date": end_date,
            "line_number": line_number,
        }
    )


def lines_frame(*, relation_number: np.ndarray, line_kind: np.ndarray,
                premium_month: np.ndarray, product_code: np.ndarray, gross_cent: np.ndarray,
                collective_discount_cent: np.ndarray, other_discount_cent: np.ndarray,
                net_cent: np.ndarray, mutation_code: np.ndarray, mutation_date: np.ndarray,
                line_number: np.ndarray) -> pd.DataFrame:
    """`mutation_code` as the numbers 0..99; the frame holds their two-digit text."""
    return pd.DataFrame(
        {
            "relation_number": relation_number,
            "line_kind": _few(line_kind),
            "premium_month": premium_month,
            "product_code": _few(product_code),
            "gross_cent": gross_cent,
            "collective_discount_cent": collective_discount_cent,
            "other_discount_cent": other_discount_cent,
            "net_cent": net_cent,
            "mutation_code": _MUTATION[mutation_code],
            "mutation_date": mutation_date,
            "line_number": line_number,
        }
    )
