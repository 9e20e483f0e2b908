"""Money is integer euro cents everywhere; these helpers show and read it the Dutch way, and
keep amounts that come from outside (a payroll journal, an option typed by a person) inside
bounds where int64 arithmetic can never wrap."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

# One amount above this is a typing error or the wrong column, never a premium or a deduction:
# € 10 000 000. It also keeps every sum of a file's amounts far inside int64 (9.2e18 cents
# would take 9.2 billion such amounts).
MAX_AMOUNT_CENT = 1_000_000_000
INT64_MAX = int(np.iinfo(np.int64).max)

# ASCII digits only (`\d` would read `٣` as 3); a sign and at most two decimals.
_AMOUNT = re.compile(r"^\s*(?P<sign>[-+]?)\s*(?P<units>[0-9]+)(?:[.,](?P<frac>[0-9]{1,2}))?"
                     r"\s*$")
_MAX_DIGITS = 15  # whole-euro digits: more is beyond any bound (and int64), so not even read


class AmountTooLarge(ValueError):
    """An amount beyond MAX_AMOUNT_CENT (in either direction)."""


class SumOverflow(ArithmeticError):
    """A sum of amounts would leave int64: refused, never wrapped."""


def format_euro(cents: int, symbol: bool = True) -> str:
    """`€ 1.234,56`, `-€ 12,30` (or `1.234,56` / `-12,30` without the symbol)."""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    body = f"{units:,}".replace(",", ".") + f",{rest:02d}"
    return f"{sign}€ {body}" if symbol else f"{sign}{body}"


def format_plain(cents: int, decimal: str = ",") -> str:
    """`-12,30`: two decimals, no thousands separator, as payroll import files want it."""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}{decimal}{rest:02d}"


def parse_amount(text: str, limit: int | None = None) -> int:
    """`12,50` or `12.50` (at most two decimals, no thousands separator, ASCII digits) -> cents.

    Raises ValueError for anything else, AmountTooLarge (a ValueError) beyond `limit` cents
    and, whatever the limit, beyond 15 digits of whole euros (the result always fits int64)."""
    match = _AMOUNT.match(text or "")
    if not match:
        raise ValueError(text)
    if len(match["units"].lstrip("0")) > _MAX_DIGITS:
        raise AmountTooLarge(text)
    frac = (match["frac"] or "").ljust(2, "0")
    value = int(match["units"]) * 100 + int(frac or 0)
    if limit is not None and value > limit:
        raise AmountTooLarge(text)
    return -value if match["sign"] == "-" else value


def beyond_bound(cents: npt.ArrayLike, limit: int = MAX_AMOUNT_CENT) -> np.ndarray:
    """Per amount (int64 cents) whether it lies beyond ±`limit`; vectorised, for a column."""
    c = np.asarray(cents, dtype=np.int64)
    # -(-2**63) would wrap: compare both ends instead of taking the absolute value
    return (c > limit) | (c < -limit)


def checked_sum(values: npt.ArrayLike) -> int:
    """The exact sum of integer amounts as an int, or SumOverflow when it does not fit int64
    (or a value does not). Vectorised: each value is split into its high and low 32 bits,
    whose column sums cannot wrap for fewer than 2**31 values; the two are joined exactly."""
    try:
        c = np.asarray(values, dtype=np.int64).ravel()
    except (OverflowError, ValueError, TypeError):
        raise SumOverflow from None
    if len(c) >= 1 << 31:  # the partial sums below would no longer be safe
        raise SumOverflow
    high = int((c >> 32).sum())
    low = int((c & 0xFFFFFFFF).sum())
    total = (high << 32) + low
    if not -INT64_MAX - 1 <= total <= INT64_MAX:
        raise SumOverflow
    return total


def round_half_away(value: Decimal) -> int:
    """Round to a whole number, half away from zero (0,5 -> 1; -0,5 -> -1)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_percent_bp(bp: int) -> str:
    """Hundredths of a percent -> `12,50 %`."""
    return f"{bp // 100},{bp % 100:02d} %"
