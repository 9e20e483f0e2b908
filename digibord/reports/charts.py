"""Charts of a report, declared once beside its fields: what the window (digibord/ui/charts.py),
the PDF (digibord/export/pdf_charts.py) and the workbook (digibord/export/xlsx_charts.py) draw.

A presentation that has charts puts `"charts": fn` in its `extra`; `fn(result)` gives the
`Chart`s of that result: a title (an i18n key), the unit of the values (money in cents, a count,
hundredths of a percent), the categories along the x axis (months, as `YYYYMM`) and the series,
each drawn as a line or as bars, with values as int64 and one colour of a palette shared by
every surface, so a line has the same colour on screen, on paper and in Excel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.reports.spec import Presentation

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

UNITS = ("money", "count", "percent")
KINDS = ("line", "bar")
# (r, g, b) 0..255: distinguishable, also for the colour-blind (Okabe & Ito), darker first
PALETTE = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233),
           (230, 159, 0), (0, 0, 0), (240, 228, 66))


@dataclass(frozen=True, eq=False)
class Series:
    label: str  # i18n key, or the text itself when `literal`
    values: np.ndarray  # int64, one per category
    kind: str = "line"
    colour: int = 0  # index into PALETTE
    literal: bool = False
    # which values are there (None: all): a month a collectivity does not have is not drawn,
    # rather than drawn as 0
    present: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown series kind {self.kind!r}")

    def shown(self) -> np.ndarray:
        """Per value whether it is drawn."""
        if self.present is None:
            return np.ones(len(self.values), dtype=bool)
        return np.asarray(self.present, dtype=bool)

    def optional_values(self) -> list[int | None]:
        """The values with None where one is not there (the PDF and the workbook skip those)."""
        shown = self.shown()
        return [int(v) if s else None for v, s in zip(np.asarray(self.values).tolist(),
                                                       shown.tolist(), strict=True)]

    def text(self, lang: str | None = None) -> str:
        return self.label if self.literal else tr(self.label, lang)

    @property
    def rgb(self) -> tuple[int, int, int]:
        return PALETTE[self.colour % len(PALETTE)]


@dataclass(frozen=True, eq=False)
class Chart:
    key: str  # stable: object names, sheet names
    title: str  # i18n key
    unit: str
    months: np.ndarray  # int64 YYYYMM along the x axis
    series: tuple[Series, ...]
    sheet: str = ""  # i18n key of the Excel sheet the chart's data go on ('' = the report's)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown chart unit {self.unit!r}")
        for s in self.series:
            if len(s.values) != len(self.months):
                raise ValueError(f"{self.key}: {s.label} has {len(s.values)} values")

    def categories(self) -> list[str]:
        """The x axis' labels: `2026-03`."""
        m = np.asarray(self.months, dtype=np.int64)
        return [f"{v // 100:04d}-{v % 100:02d}" for v in m.tolist()]

    def bounds(self) -> tuple[int, int]:
        """The lowest and highest value of all series, 0 included (bars stand on 0)."""
        if not self.series or not len(self.months):
            return 0, 0
        values = np.concatenate([np.asarray(s.values, dtype=np.int64)[s.shown()]
                                 for s in self.series])
        if not len(values):
            return 0, 0
        return min(0, int(values.min())), max(0, int(values.max()))


def charts_of(presentation: Presentation, result: ReportResult) -> tuple[Chart, ...]:
    """The charts `presentation` declares for `result` (none for most reports)."""
    make = presentation.extra.get("charts")
    return tuple(make(result)) if make is not None else ()


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that divides `span` into about
    `ticks` parts: the grid of every chart surface."""
    if span <= 0:
        return 1.0
    raw = span / max(ticks, 1)
    power = 10 ** np.floor(np.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def axis_ticks(low: int, high: int, ticks: int = 5) -> list[int]:
    """Grid values (in the chart's own integer unit) from at or below `low` to at or above
    `high`, on a round step."""
    if high <= low:
        high = low + 1
    step = nice_step(high - low, ticks)
    start = np.floor(low / step) * step
    stop = np.ceil(high / step) * step
    count = round(float(stop - start) / step) + 1
    return [round(float(start + i * step)) for i in range(count)]


def value_text(unit: str, value: int) -> str:
    """A value as a person reads it: `€ 1.234,56`, `1.234`, `12,50 %` (hover, data labels)."""
    if unit == "money":
        return format_euro(int(value))
    if unit == "percent":
        return format_percent_bp(int(value))
    return f"{int(value):,}".replace(",", ".")


def tick_text(unit: str, value: int) -> str:
    """A grid line's label: whole euros without `,00` (`€ 25.000`), counts with dots."""
    value = int(value)
    if unit == "money" and value % 100 == 0:
        return format_euro(value)[:-3]
    return value_text(unit, value)


def label_every(count: int, room: int = 14) -> int:
    """Every how many months the x axis writes a label, so that at most `room` are written."""
    return max(1, -(-count // max(room, 1)))
