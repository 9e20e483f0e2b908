"""A report as a view shows it, for Printen and Exporteren: the computed result and what of it is
on screen (the rows that pass the search and the column filters, in the view's order, and the
visible columns in their order), as a `RowSelection` the Qt-free renderers take.

Qt-free on purpose: the views make one from their models (index arrays, column keys), the
print and export dialogs offer "zoals getoond" or "alles", and tests check it without a
window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from digibord.i18n import tr
from digibord.reports.build import table_fields
from digibord.reports.registry import presentation_for
from digibord.reports.selection import RowSelection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from digibord.reports.results import ReportResult


def _count(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


@dataclass(frozen=True, eq=False)
class ShownReport:
    result: object
    rows: np.ndarray | None  # positions in the report's rows frame, in view order; None: all
    columns: tuple[str, ...] | None  # visible field keys in view order; None: the defaults
    total: int  # rows of the report
    unit: str  # i18n key of what a row is
    parts: tuple[str, ...]  # i18n keys of the titles of the report's parts that are there

    @property
    def shown(self) -> int:
        return self.total if self.rows is None else len(self.rows)

    @property
    def filtered(self) -> bool:
        """Fewer rows on screen than in the report (a search or a filter is on)."""
        return self.shown < self.total

    @property
    def differs(self) -> bool:
        """The view shows something else than the report whole (rows, order or columns)."""
        return self.rows is not None or self.columns is not None

    def selection(self, as_shown: bool = True, parts: bool = True) -> RowSelection | None:
        """What to print or export: as shown, or (`as_shown` False) the report whole; with or
        without its parts. None: exactly the report as the command line writes it."""
        if as_shown and self.differs:
            return RowSelection(self.rows, self.columns, parts)
        return None if parts else RowSelection(parts=False)

    def counts_text(self, lang: str | None = None) -> str:
        """`6 van 115 verzekerden`."""
        return tr("print.dialog.counts", lang, shown=_count(self.shown),
                  total=_count(self.total), unit=tr(self.unit, lang))

    def all_text(self, lang: str | None = None) -> str:
        """`115 verzekerden`."""
        return tr("print.dialog.count_all", lang, total=_count(self.total),
                  unit=tr(self.unit, lang))


def shown_report(result: ReportResult, rows: np.ndarray | None = None,
                 columns: Sequence[str] | None = None) -> ShownReport:
    """`rows`: the report's row positions in view order (None, or every row in the report's
    order, when nothing is filtered or sorted); `columns`: the visible field keys in view
    order (None, or the report's default columns, when none is hidden or moved)."""
    p = presentation_for(result)
    total = len(p.rows(result))
    if rows is not None:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == total and np.array_equal(rows, np.arange(total)):
            rows = None
    if columns is not None:
        columns = tuple(columns)
        if list(columns) == [f.key for f in table_fields(p, result)]:
            columns = None
    parts = tuple(part.title for part in p.parts
                  if part.present(result) and any(f.table for f in part.fields))
    return ShownReport(result, rows, columns, total, p.unit, parts)
