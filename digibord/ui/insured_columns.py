"""What the Verzekerden view and the person dialog need of one borderel, made once per loaded
borderel on the loader's worker thread from the `InsuredList` result (never recomputed here).

Two steps: `prepare_insured` makes what the first screen shows (the result and the cells of
the table), `InsuredData.complete` what sorting, filtering and searching need; the loader runs
the second after the table is on screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from digibord.app.reports import insured_report
from digibord.formats.borderel import Borderel
from digibord.reconcile.insured_list import InsuredList
from digibord.ui.columns import ColumnTable
from digibord.ui.report_tables import column_table

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True, eq=False)
class InsuredData:
    result: InsuredList
    table: ColumnTable

    def complete(self, check: Callable[[], None] | None = None) -> None:
        """The sort and filter data of every column and the search haystack (worker)."""
        self.table.complete(check)


def insured_columns(result: InsuredList, later: bool = False) -> ColumnTable:
    return column_table(result, later=later)


def prepare_insured(borderel: Borderel) -> InsuredData:
    result = insured_report(borderel)
    return InsuredData(result, insured_columns(result, later=True))
