"""Amounts in a payroll journal as integer cents, column-wise and exactly (reports.md
section 5): `1.234,56`, `1234,56`, `1,234.56`, `-12,30`, `12,30-`, `(12,30)`, `€ 12,30`,
`EUR 12,30`, and Excel numbers.

Text is parsed as digits, never through float. The decimal mark is decided over all the amounts
that are read from one file together (a file writes one notation): the separator that stands
before the last one or two digits of some value, or the last one of a value that has both. A
value written the other way is refused, so is a value with two signs (`+-445,26`), more than two
decimals (trailing zeros aside) or more than € 10 000 000. Excel numbers are turned into text
by their shortest exact representation and rounded to cents half away from zero."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

# one bound for every amount from outside (€ 10 000 000), re-exported for payroll_journal
from digibord.money import MAX_AMOUNT_CENT

if TYPE_CHECKING:
    from collections.abc import Sequence

# |sum| stays below this or the sum is refused: int64 never wraps silently
_SUM_LIMIT = 2.0 ** 62

# problem codes (message keys `payroll.amount.<code>`)
NOT_AN_AMOUNT = "not_amount"
TWO_SIGNS = "two_signs"
DECIMALS = "decimals"
TOO_LARGE = "too_large"
OTHER_NOTATION = "other_notation"

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SHAPE = re.compile(
    r"^(?P<open>\()?(?P<s1>[-+])?(?:€|EUR)?(?P<s2>[-+])?(?P<num>[\d.,]+)(?:€|EUR)?"
    r"(?P<s3>-)?(?P<close>\))?$", re.IGNORECASE)
# the decimal mark a value votes for: the separator before its last one or two digits, or the
# last separator of a value that has both
_VOTE = re.compile(r"(?:^|\d)(?P<mark>[.,])\d{1,2}$|\.[\d.]*(?P<comma>,)\d+$"
                   r"|,[\d,]*(?P<point>\.)\d+$")


class SumOverflow(ArithmeticError):
    """A sum of amounts would leave int64: refused, never wrapped."""


def checked_total(cents: np.ndarray) -> int:
    """Σ cents as int, refused (SumOverflow) when the magnitudes together could leave int64:
    every partial sum, also per group, is then bounded too, so grouped int64 sums are safe."""
    values = np.asarray(cents, dtype=np.int64)
    if np.abs(values.astype(np.float64)).sum() >= _SUM_LIMIT:
        raise SumOverflow
    return int(values.sum())


def number_texts(values: Sequence[float]) -> list[str]:
    """Excel numbers as their shortest exact decimal text (`146.03`, `-791.9`, `25`); NaN and
    infinities as `nan`/`inf` (which are then not amounts)."""
    out = []
    for v in values:  # one conversion per cell, as the workbook reader hands them over
        if isinstance(v, int) or not math.isfinite(v):  # bool is an int: `True`, not a number
            out.append(str(v))
        else:
            out.append(np.format_float_positional(v, unique=True, trim="-"))
    return out


def decimal_votes(texts: Sequence[str]) -> pd.Series:
    """Per value the decimal mark it votes for (`,` or `.`), or NaN."""
    num = _clean(texts).str.extract(_SHAPE)["num"].fillna("")
    found = num.str.extract(_VOTE)
    return found["mark"].fillna(found["comma"]).fillna(found["point"])


def decide_decimal(votes: pd.Series) -> str | None:
    """The decimal mark of a file: the first vote (conflicting votes are refused per value)."""
    given = votes.dropna()
    return None if given.empty else str(given.iloc[0])


def _clean(texts) -> pd.Series:
    s = pd.Series(list(texts), dtype=object).fillna("").astype(str)
    return s.str.replace(_SPACES, "", regex=True).str.replace("\u2212", "-", regex=False)


def parse_amounts(texts: Sequence[str], decimal: str | None = None, exact: bool = True,
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Amount texts -> (int64 cents, problem code per value or None).

    `decimal`: the decimal mark (`,` or `.`), None when no value of the file shows it (then a
    separator groups thousands: `1.234` is 1234 euros). `exact`: more than two decimals are a
    problem unless they are zeros; False (Excel numbers) rounds them half away from zero.
    An empty text is 0 without a problem; a value with a problem is 0 too."""
    s = _clean(texts)
    n = len(s)
    problem = pd.Series([None] * n, dtype=object)

    def flag(mask, code: str) -> None:  # the first problem found for a value is the one told
        problem[np.asarray(mask, dtype=bool) & problem.isna().to_numpy()] = code

    if n == 0:
        return np.zeros(0, dtype=np.int64), problem.to_numpy()
    empty = (s == "").to_numpy()
    m = s.str.extract(_SHAPE)
    shaped = m["num"].notna().to_numpy() & ~empty
    flag(~shaped & ~empty, NOT_AN_AMOUNT)
    opened, closed = m["open"].notna().to_numpy(), m["close"].notna().to_numpy()
    flag(shaped & (opened != closed), NOT_AN_AMOUNT)
    signs = (m["s1"].notna().to_numpy().astype(np.int64) + m["s2"].notna().to_numpy()
             + m["s3"].notna().to_numpy() + (opened & closed))
    flag(shaped & (signs > 1), TWO_SIGNS)
    negative = ((m["s1"] == "-").to_numpy() | (m["s2"] == "-").to_numpy()
                | m["s3"].notna().to_numpy() | (opened & closed))

    num = m["num"].fillna("")
    if decimal is None:
        valid = num.str.fullmatch(r"\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:,\d{3})+")
        whole = num.str.replace(r"[.,]", "", regex=True)
        frac = pd.Series([""] * n, dtype=object)
    else:
        thousands = "." if decimal == "," else ","
        d, t = re.escape(decimal), re.escape(thousands)
        valid = num.str.fullmatch(
            rf"\d+(?:{d}\d*)?|{d}\d+|[1-9]\d{{0,2}}(?:{t}\d{{3}})+(?:{d}\d*)?")
        # written the other way: the thousands separator after the decimal mark, or before
        # the last one or two digits
        other = num.str.contains(rf"{d}.*{t}") | num.str.fullmatch(rf"[\d{t}]*{t}\d{{1,2}}")
        flag(shaped & ~valid.to_numpy() & other.to_numpy(), OTHER_NOTATION)
        parts = num.str.replace(thousands, "", regex=False).str.partition(decimal)
        whole, frac = parts[0], parts[2]
    valid = valid.to_numpy()
    flag(shaped & ~valid, NOT_AN_AMOUNT)

    ok = shaped & valid & problem.isna().to_numpy()
    whole = whole.where(ok, "0").str.lstrip("0").replace("", "0")
    frac = frac.where(ok, "").fillna("")
    big = (whole.str.len() > 12).to_numpy()  # int64 would not hold it; far above the cap
    flag(ok & big, TOO_LARGE)
    rest = frac.str.slice(2)
    if exact:
        flag(ok & (rest.str.strip("0") != "").to_numpy(), DECIMALS)
        up = np.zeros(n, dtype=np.int64)
    else:  # half away from zero: the magnitude goes up when the dropped part is >= one half
        up = (rest.str.slice(0, 1).replace("", "0").astype(np.int64) >= 5).to_numpy()
    good = ok & ~big
    units = whole.where(good, "0").astype(np.int64).to_numpy()
    hundredths = frac.str.slice(0, 2).str.ljust(2, "0").where(good, "00").astype(np.int64)
    magnitude = units * 100 + hundredths.to_numpy() + np.where(good, up, 0)
    flag(good & (magnitude > MAX_AMOUNT_CENT), TOO_LARGE)
    cents = np.where(negative, -magnitude, magnitude).astype(np.int64)
    bad = problem.notna().to_numpy()
    cents[bad] = 0
    return cents, problem.to_numpy()
