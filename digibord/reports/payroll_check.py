"""Controle salaris (reports.md section 5): per werknemersnummer what the borderel says payroll
should withhold against what the payroll export says it withheld."""

from __future__ import annotations

from pathlib import Path

from digibord.i18n import tr
from digibord.reports.common import (
    col,
    collectivity_json,
    money,
    ref_json,
    salary_options_json,
)
from digibord.reports.spec import Presentation, TotalSpec
from digibord.reports.table import Total


def _totals(result, lang: str) -> tuple:
    counts = tuple(Total("export.total.status", count, "count",
                         params=(("status", tr(f"payroll.status.{status}", lang)),))
                   for status, count in result.status_counts)
    return (
        TotalSpec("export.total.expected", lambda r: r.total_expected_cent,
                  field="verwacht_cent"),
        TotalSpec("export.total.withheld", lambda r: r.total_withheld_cent,
                  field="ingehouden_cent"),
        TotalSpec("export.total.difference", lambda r: r.total_difference_cent,
                  field="verschil_cent"),
        *counts,
    )


def _note(result, lang: str):
    return "export.note.payroll_check", (("payroll", Path(result.payroll_source).name),
                                         ("employee_column", result.employee_column),
                                         ("amount_column", result.amount_column))


NOT_CONVERTED = Presentation(
    name="payroll_not_converted",
    result_type="digibord.reconcile.payroll_check:PayrollCheckResult",
    title="export.title.not_converted",
    sheet="export.sheet.not_converted",
    rows=lambda r: r.not_converted,
    fields=(
        col("relatienummer", "relation_number", "relation", "policyholder", table=False),
        col("naam", "employee_name", source="employee_name", table=False),
    ),
    json_key="niet_omgezet",
    present=lambda r: False,
)


def _json(result, rows: list[dict], parts: dict) -> dict:
    return {
        **collectivity_json(result),
        **ref_json(result.borderel),
        "salarisbestand": result.payroll_source,
        "kolom_werknemer": result.employee_column,
        "kolom_bedrag": result.amount_column,
        "opties": salary_options_json(result.options),
        "rows": rows,
        "niet_omgezet": parts["niet_omgezet"],
        "totaal_verwacht_cent": result.total_expected_cent,
        "totaal_ingehouden_cent": result.total_withheld_cent,
        "totaal_verschil_cent": result.total_difference_cent,
        "aantallen": dict(result.status_counts),
    }


PRESENTATION = Presentation(
    name="payroll_check",
    result_type="digibord.reconcile.payroll_check:PayrollCheckResult",
    title="export.title.payroll_check",
    sheet="export.sheet.payroll_check",
    file_stem="salariscontrole",
    rows=lambda r: r.rows,
    refs=lambda r: (r.borderel,),
    extra_sources=lambda r: (r.payroll_source,),
    fields=(
        col("werknemersnummer", "employee_number", source="employee_number",
            aliases=("employee_number",)),
        col("naam", "employee_name", source="employee_name", aliases=("employee_name",)),
        money("verwacht_cent", "expected", "expected_cent", aliases=("expected_cent",)),
        money("ingehouden_cent", "withheld", "withheld_cent", aliases=("withheld_cent",)),
        money("verschil_cent", "difference", "difference_cent", aliases=("difference_cent",)),
        col("status", "status", "status", "status", words="payroll.status."),
    ),
    totals=_totals,
    note=_note,
    to_json=_json,
    parts=(NOT_CONVERTED,),
    status_field="status",
)
