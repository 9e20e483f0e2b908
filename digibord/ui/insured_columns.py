"""The Verzekerden table's columns (reports.md section 1), built once per loaded borderel on the
loader's worker thread from the `InsuredList` result (the numbers are never recomputed here)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digibord.formats.borderel import RELATION_WIDTH, Borderel
from digibord.reconcile.insured_list import InsuredList, insured_list, mask_bsn
from digibord.ui.columns import (
    ColumnTable,
    code_column,
    date_column,
    money_column,
    text_column,
)


@dataclass(frozen=True, eq=False)
class InsuredData:
    """What the Verzekerden view and the person dialog need of one borderel."""

    result: InsuredList
    table: ColumnTable


def insured_columns(result: InsuredList) -> ColumnTable:
    rows = result.rows
    bsn = rows["bsn"].to_numpy(dtype=object)
    masked = mask_bsn(bsn)  # vectorised once; the cell just picks its entry
    bsn_col = text_column("bsn", "ui.col.bsn", bsn)
    bsn_col.masked = lambda row: masked[row]
    cols = [
        code_column("relatienummer", "ui.col.relation_number", rows["relation_number"],
                    RELATION_WIDTH),
        code_column("relatienummer_hoofdverzekerde", "ui.col.policyholder",
                    rows["policyholder"], RELATION_WIDTH),
        text_column("rol", "ui.col.role", rows["role"]),
        text_column("werknemersnummer", "ui.col.employee_number", rows["employee_number"]),
        text_column("naam", "ui.col.name", rows["name"]),
        date_column("geboortedatum", "ui.col.birth_date", rows["birth_date"]),
        bsn_col,
        date_column("ingangsdatum", "ui.col.start_date", rows["start_date"]),
        date_column("einddatum", "ui.col.end_date", rows["end_date"]),
        money_column("prolongatie", "ui.col.prolongation",
                     rows["prolongation_cent"].to_numpy(np.int64)),
        money_column("correcties", "ui.col.corrections",
                     rows["corrections_cent"].to_numpy(np.int64)),
        money_column("totaal", "ui.col.total", rows["total_cent"].to_numpy(np.int64)),
    ]
    return ColumnTable(cols, search_keys=("naam", "relatienummer", "werknemersnummer"))


def prepare_insured(borderel: Borderel) -> InsuredData:
    result = insured_list(borderel)
    return InsuredData(result, insured_columns(result))
