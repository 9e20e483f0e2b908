"""Premie en werkgeversbijdrage per werknemer (reports.md section 4), and its part: the
employees that were not converted for want of a werknemersnummer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from digibord.reports.common import (
    col,
    collectivity_json,
    money,
    ref_json,
    salary_options_json,
    salary_options_words,
)
from digibord.reports.spec import Presentation, TotalSpec

if TYPE_CHECKING:
    from digibord.reconcile.salary import SalaryResult


def four_weekly(result: SalaryResult) -> bool:
    return result.options.period.value == "4weken"


def _sum(frame, column: str) -> int:
    return int(frame[column].to_numpy(dtype="int64").sum())


def _totals(result, lang: str) -> tuple:
    """The verantwoordingslijst's totals: what is converted, what is not, and the borderel's
    `90` record they add up to (monthly premie and correctie of converted and not converted
    employees; compute_salary refuses a borderel where they would not, so they are its
    totaal prolongatie and totaal correcties)."""
    out = [
        TotalSpec("export.total.premium", lambda r: r.total_premium_cent, field="premie_cent"),
        TotalSpec("export.total.correction", lambda r: r.total_correction_cent,
                  field="correctie_cent"),
        TotalSpec("export.total.contribution", lambda r: r.total_contribution_cent,
                  field="bijdrage_cent"),
        TotalSpec("print.total.deduction", lambda r: r.total_deduction_cent,
                  field="inhouding_cent"),
        TotalSpec("export.total.employees", lambda r: len(r.rows), "count"),
    ]
    if four_weekly(result):
        out += [TotalSpec("print.total.monthly_premium",
                          lambda r: _sum(r.rows, "monthly_premium_cent"),
                          field="maandpremie_cent"),
                TotalSpec("print.total.monthly_contribution",
                          lambda r: _sum(r.rows, "monthly_contribution_cent"),
                          field="maandbijdrage_cent")]
    if len(result.not_converted):
        out += [TotalSpec("print.total.not_converted_premium",
                          lambda r: _sum(r.not_converted, "premium_cent")),
                TotalSpec("print.total.not_converted_correction",
                          lambda r: _sum(r.not_converted, "correction_cent")),
                TotalSpec("print.total.not_converted_count", lambda r: len(r.not_converted),
                          "count")]
    out += [TotalSpec("print.total.record90_prolongation",
                      lambda r: _sum(r.rows, "monthly_premium_cent")
                      + _sum(r.not_converted, "premium_cent")),
            TotalSpec("print.total.record90_corrections",
                      lambda r: _sum(r.rows, "correction_cent")
                      + _sum(r.not_converted, "correction_cent"))]
    return tuple(out)


def _note(result, lang: str):
    words = salary_options_words(result.options, lang)
    if len(result.not_converted):
        return "print.note.salary_skipped", (*words, ("count", len(result.not_converted)))
    return "export.note.salary", words


NOT_CONVERTED = Presentation(
    name="not_converted",
    result_type="digibord.reconcile.salary:SalaryResult",
    title="export.title.not_converted",
    sheet="export.sheet.not_converted",
    rows=lambda r: r.not_converted,
    refs=lambda r: (r.borderel,),
    fields=(
        col("relatienummer", "relation_number", "relation", "policyholder"),
        col("naam", "employee_name", source="employee_name"),
        money("premie_cent", "premium", "premium_cent", json=False),
        money("correctie_cent", "correction", "correction_cent", json=False),
        money("bijdrage_cent", "contribution", "contribution_cent", json=False),
    ),
    totals=(TotalSpec("export.total.employees", lambda r: len(r.not_converted), "count"),),
    json_key="niet_omgezet",
    present=lambda r: len(r.not_converted) > 0,
    unit="print.unit.employees",
)


def _period_json(period) -> dict | None:
    if period is None:
        return None
    return {"soort": period.kind.value, "jaar": period.year, "nummer": period.number,
            "begin": period.start.isoformat(), "eind": period.end.isoformat()}


def _frame_json(frame, keys: dict[str, str]) -> list[dict]:
    """Rows of a small frame as JSON objects: {json key: column}; amounts are int cents."""
    if frame is None or len(frame) == 0:
        return []
    cols = {k: frame[c].tolist() for k, c in keys.items()}
    return [{k: (int(v) if k.endswith("_cent") else v) for k, v in zip(cols, values,
                                                                     strict=True)}
            for values in zip(*cols.values(), strict=True)]


def _json(result, rows: list[dict], parts: dict) -> dict:
    return {
        **collectivity_json(result),
        **ref_json(result.borderel),
        "opties": salary_options_json(result.options),
        "salarisperiode": _period_json(result.pay_period),
        "correcties_doorgegeven": result.corrections_passed,
        "rows": rows,
        "niet_omgezet": parts["niet_omgezet"],
        "afgesloten": _frame_json(result.closing, {
            "werknemersnummer": "employee_number", "naam": "employee_name",
            "premie_cent": "premium_cent", "bijdrage_cent": "contribution_cent"}),
        "minimumloon": _frame_json(result.minimum_wage, {
            "werknemersnummer": "employee_number", "naam": "employee_name",
            "inhouding_cent": "withheld_cent", "toegestaan_cent": "allowed_cent",
            "te_veel_cent": "excess_cent"}),
        "waarschuwingen": [n.to_json() for n in result.notices],
        "totaal_premie_cent": result.total_premium_cent,
        "totaal_correctie_cent": result.total_correction_cent,
        "totaal_bijdrage_cent": result.total_contribution_cent,
    }


PRESENTATION = Presentation(
    name="salary",
    result_type="digibord.reconcile.salary:SalaryResult",
    title="export.title.salary",
    sheet="export.sheet.salary",
    file_stem="salarisborderel",
    rows=lambda r: r.rows,
    refs=lambda r: (r.borderel,),
    fields=(
        col("werknemersnummer", "employee_number", source="employee_number",
            aliases=("employee_number",)),
        col("naam", "employee_name", source="employee_name", aliases=("employee_name",)),
        col("relatienummer", "relation_number", "relation", "policyholder", json=False,
            aliases=("relation_number",)),
        money("maandpremie_cent", "monthly_premium", "monthly_premium_cent", json=False,
              when=four_weekly, aliases=("monthly_premium_cent",)),
        money("maandbijdrage_cent", "monthly_contribution", "monthly_contribution_cent",
              json=False, when=four_weekly, aliases=("monthly_contribution_cent",)),
        money("premie_cent", "premium", "premium_cent", aliases=("premium_cent",)),
        money("correctie_cent", "correction", "correction_cent", aliases=("correction_cent",)),
        money("bijdrage_cent", "contribution", "contribution_cent",
              aliases=("contribution_cent",)),
        money("inhouding_cent", "deduction", "deduction_cent", aliases=("deduction_cent",)),
    ),
    totals=_totals,
    note=_note,
    to_json=_json,
    parts=(NOT_CONVERTED,),
    unit="print.unit.employees",
)
