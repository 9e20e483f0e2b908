"""Controle salaris (reports.md section 5): per employee what the borderel says payroll should
withhold against what payroll's journal says it withheld, exceptions first, with the known part
that explains a difference (`verklaring`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from digibord.i18n import tr
from digibord.reports.common import (
    col,
    collectivity_json,
    money,
    ref_json,
    salary_options_words,
)
from digibord.reports.spec import Field, Presentation, TotalSpec
from digibord.reports.table import Total

if TYPE_CHECKING:
    from digibord.formats.payroll_journal import PayrollJournal
    from digibord.reconcile.payroll_check import PayrollCheckResult
    from digibord.reconcile.salary import SalaryOptions


def has_contribution(result: PayrollCheckResult) -> bool:
    """The journal has the bijdrage component: expected and paid contribution are shown."""
    return result.journal.has_contribution


def options_text(result: PayrollCheckResult, lang: str | None = None) -> str:
    """The options a salary check used, in words: period, contribution, profile, previous."""
    previous = result.previous.label() if result.previous is not None else \
        tr("payroll.no_previous", lang)
    return tr("payroll.options", lang, **dict(salary_options_words(result.options, lang)),
              profile=result.profile, previous=previous)


def columns_read(journal: PayrollJournal) -> str:
    """`Personeelsnummer, Looncomponent, Bedrag`: the journal's columns read, in its words."""
    cols = journal.columns
    parts = [journal.employee_column, journal.component_column,
             journal.heading(cols.amount) if cols.amount is not None else "",
             *(journal.heading(c) for c, _ in cols.component_columns)]
    return ", ".join(p for p in parts if p)


def options_json(options: SalaryOptions, profile: str) -> dict:
    """`opties` of payroll-check (docs/cli.md): the salary options and the profile used."""
    percent = None
    if options.percent_bp:
        whole, rest = divmod(options.percent_bp, 100)
        percent = whole if rest == 0 else options.percent_bp / 100
    return {
        "period": options.period.value,
        "on": options.on.value,
        "for": options.for_.value,
        "amount_cent": None if options.percent_bp else options.amount_cent,
        "percent": percent,
        "profile": profile,
    }


def _totals(result, lang: str) -> tuple:
    counts = tuple(Total("export.total.status", count, "count",
                         params=(("status", tr(f"payroll.status.{status}", lang)),))
                   for status, count in result.status_counts)
    explained = tuple(Total("export.total.explanation", count, "count", params=(
        ("explanation", tr(f"payroll.explanation.{kind}", lang)),))
        for kind, count in result.explanation_counts if count)
    return (
        TotalSpec("export.total.expected", lambda r: r.total_expected_cent,
                  field="verwacht_cent"),
        TotalSpec("export.total.withheld", lambda r: r.total_withheld_cent,
                  field="ingehouden_cent"),
        TotalSpec("export.total.difference", lambda r: r.total_difference_cent,
                  field="verschil_cent"),
        *counts, *explained,
    )


def _note(result, lang: str):
    journal = result.journal
    return "export.note.payroll_check", (
        ("payroll", Path(result.payroll_source).name),
        ("shape", tr(f"payroll.shape.{result.shape.key}", lang)),
        ("row", journal.heading_row_number), ("columns", columns_read(journal)),
        ("options", options_text(result, lang)))


def _json(result, rows: list[dict], parts: dict) -> dict:
    j = result.journal
    components: dict[str, str] = {}  # two columns of one component: both headings
    for c, kind in j.columns.component_columns:
        components[kind] = ", ".join(filter(None, (components.get(kind), j.heading(c))))
    return {
        **collectivity_json(result),
        **ref_json(result.borderel),
        "vorm": result.shape.value,
        "opties": options_json(result.options, result.profile),
        "salarisbestand": result.payroll_source,
        "werkblad": j.sheet,
        "koprij": j.heading_row_number,
        "kolom_werknemer": j.employee_column,
        "kolom_bedrag": j.heading(j.columns.amount) or None,
        "kolom_component": j.component_column or None,
        "kolommen_component": components,
        "omgekeerd_teken": j.negated,
        "vorige": ref_json(result.previous) if result.previous is not None else None,
        "rows": rows,
        "totaal_verwacht_cent": result.total_expected_cent,
        "totaal_ingehouden_cent": result.total_withheld_cent,
        "totaal_verschil_cent": result.total_difference_cent,
        "aantallen": dict(result.status_counts),
        "verklaringen": dict(result.explanation_counts),
        "waarschuwingen": [*j.warnings, *result.warnings],
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
        # None for a row only in the journal
        col("relatienummer", "relation_number", "relation", "relation_number",
            aliases=("relation_number",), terminal=False),
        money("verwacht_cent", "expected", "expected_cent", aliases=("expected_cent",)),
        money("ingehouden_cent", "withheld", "withheld_cent", aliases=("withheld_cent",)),
        money("verschil_cent", "difference", "difference_cent", aliases=("difference_cent",)),
        col("status", "status", "status", "status", words="payroll.status."),
        Field("verklaring", "export.col.explanation", "status", "explanation",
              words="payroll.explanation.", aliases=("explanation",)),
        money("premie_cent", "premium", "premium_cent", optional=True),
        money("correctie_cent", "correction", "correction_cent", optional=True),
        Field("afwijking", "export.col.exception", "flag", "exception", table=False),
        money("verwachte_bijdrage_cent", "expected_contribution", "contribution_cent",
              json=has_contribution, when=has_contribution, terminal=False),
        money("betaalde_bijdrage_cent", "paid_contribution", "paid_contribution_cent",
              json=has_contribution, when=has_contribution, terminal=False),
    ),
    totals=_totals,
    note=_note,
    to_json=_json,
    status_field="status",
    extra={"json_order": ("werknemersnummer", "relatienummer", "naam", "verwacht_cent",
                          "ingehouden_cent", "verschil_cent", "status", "verklaring",
                          "premie_cent", "correctie_cent", "afwijking",
                          "verwachte_bijdrage_cent", "betaalde_bijdrage_cent")},
)
