"""What the Verzekerden view and the person dialog need of one borderel, made once per loaded
borderel on the loader's worker thread from the `InsuredList` result (never recomputed here)."""

from __future__ import annotations

from dataclasses import dataclass

from digibord.app.reports import insured_report
from digibord.formats.borderel import Borderel
from digibord.reconcile.insured_list import InsuredList
from digibord.ui.columns import ColumnTable
from digibord.ui.report_tables import column_table


@dataclass(frozen=True, eq=False)
class InsuredData:
    result: InsuredList
    table: ColumnTable


def insured_columns(result: InsuredList) -> ColumnTable:
    return column_table(result)


def prepare_insured(borderel: Borderel) -> InsuredData:
    result = insured_report(borderel)
    return InsuredData(result, insured_columns(result))
