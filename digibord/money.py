"""Money is integer euro cents everywhere; these helpers show and read it the Dutch way."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_AMOUNT = re.compile(r"^\s*(?P<sign>[-+]?)\s*(?P<units>\d+)(?:[.,](?P<frac>\d{1,2}))?\s*$")


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


def parse_amount(text: str) -> int:
    """`12,50` or `12.50` (at most two decimals, no thousands separator) -> cents.

    Raises ValueError for anything else."""
    match = _AMOUNT.match(text or "")
    if not match:
        raise ValueError(text)
    frac = (match["frac"] or "").ljust(2, "0")
    value = int(match["units"]) * 100 + int(frac or 0)
    return -value if match["sign"] == "-" else value


def round_half_away(value: Decimal) -> int:
    """Round to a whole number, half away from zero (0,5 -> 1; -0,5 -> -1)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_percent_bp(bp: int) -> str:
    """Hundredths of a percent -> `12,50 %`."""
    return f"{bp // 100},{bp % 100:02d} %"
