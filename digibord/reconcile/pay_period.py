"""Pay periods (verrekenperioden, docs/reports.md "Salarisperiode 4 weken"): the 12 months or
the 13 four-week periods of a year, the borderel in force at a period's start, in which period
a borderel's corrections are passed on, and how a monthly amount is spread over 13 periods so
that a year of an unchanged premium collects exactly twelve months.

Four-week period p of year Y starts on day 28 (p - 1) + 1 of the year and lasts 28 days;
period 13 also takes the last day (two in a leap year) of December."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

import numpy as np

from digibord.reconcile.common import div_round_half_away

FOUR_WEEKS_DAYS = 28


class PayPeriod(Enum):
    """salarisperiode"""

    MONTH = "maand"
    FOUR_WEEKS = "4weken"

    @property
    def count(self) -> int:
        """Periods in a year."""
        return 12 if self is PayPeriod.MONTH else 13


@dataclass(frozen=True)
class PayPeriodRef:
    """One pay period: the month 1-12 or the 4-week period 1-13 of `year`."""

    kind: PayPeriod
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= self.kind.count:
            raise ValueError(f"pay period {self.number} outside 1..{self.kind.count}")

    @property
    def start(self) -> dt.date:
        if self.kind is PayPeriod.MONTH:
            return dt.date(self.year, self.number, 1)
        return dt.date(self.year, 1, 1) + dt.timedelta(days=FOUR_WEEKS_DAYS * (self.number - 1))

    @property
    def end(self) -> dt.date:
        """The last day, inclusive."""
        if self.number == self.kind.count:
            return dt.date(self.year, 12, 31)
        return self.next().start - dt.timedelta(days=1)

    @property
    def month(self) -> int:
        """YYYYMM of the borderel in force at the period's start."""
        return self.start.year * 100 + self.start.month

    @property
    def index(self) -> int:
        """A running number over the years: consecutive periods differ by 1."""
        return self.year * self.kind.count + self.number - 1

    @property
    def passes_corrections(self) -> bool:
        """Corrections of a borderel go with the first period that uses it: every month; of
        the 4-week periods all but period 2 (January is in force at the start of 1 and 2)."""
        return self.number == periods_of_month(self.month, self.kind)[0]

    def next(self) -> PayPeriodRef:
        return from_index(self.kind, self.index + 1)

    def previous(self) -> PayPeriodRef:
        return from_index(self.kind, self.index - 1)

    def text(self) -> str:
        """`2026-04` (a month) or `2026/04` (period 4 of 2026), as files and logs write it."""
        sep = "-" if self.kind is PayPeriod.MONTH else "/"
        return f"{self.year:04d}{sep}{self.number:02d}"


def from_index(kind: PayPeriod, index: int) -> PayPeriodRef:
    year, rest = divmod(index, kind.count)
    return PayPeriodRef(kind, year, rest + 1)


def periods_of_month(month: int, kind: PayPeriod) -> list[int]:
    """The period numbers whose start lies in `month` (YYYYMM): the borderel of that month is
    the one in force for them. Months: [m]; four weeks: January [1, 2], February [3], ...,
    December [13] (the same in a leap year)."""
    year, mon = divmod(month, 100)
    if kind is PayPeriod.MONTH:
        return [mon]
    return [p for p in range(1, 14) if PayPeriodRef(kind, year, p).start.month == mon]


def spread_four_weekly(monthly_cent: np.ndarray) -> np.ndarray:
    """A monthly amount for a 4-week period: 12/13 of it rounded half away from zero, the same
    in every period 1-13 (reports.md 4: "multiplied by 12/13 once and rounded"), so 13 periods
    of an unchanged amount come within 13 half cents of 12 months."""
    return div_round_half_away(np.asarray(monthly_cent, dtype=np.int64) * 12, 13)


def for_period(monthly_cent: np.ndarray, period: PayPeriodRef) -> np.ndarray:
    """The amount of `period` for a monthly amount (a month is itself)."""
    if period.kind is PayPeriod.MONTH:
        return np.asarray(monthly_cent, dtype=np.int64)
    return spread_four_weekly(monthly_cent)
