"""Verzekerdenoverzicht (reports.md section 1) and its part "Polis per verzekerde"."""

from __future__ import annotations

import pandas as pd

from digibord.reconcile.common import BorderelRef
from digibord.reports.common import col, money
from digibord.reports.spec import Grouping, Presentation, Subtotal, TotalSpec


def _refs(result) -> tuple:
    return (BorderelRef.of(result.borderel),)


def _policy_rows(result) -> pd.DataFrame:
    """Each P line with its product and the person's name and werknemersnummer."""
    lines = result.policy_lines
    people = result.rows.set_index("relation_number")
    rel = lines["relation_number"]
    return lines.assign(
        name=people["name"].reindex(rel).fillna("").to_numpy(dtype=object),
        employee_number=people["employee_number"].reindex(rel).fillna("").to_numpy(
            dtype=object),
        product_kind=lines["product_kind"].fillna(""),
        discount_bp=lines["discount_bp"].fillna(0).astype("int64"),
    )


POLICIES = Presentation(
    name="policies",
    result_type="digibord.reconcile.insured_list:InsuredList",
    title="export.title.policies",
    sheet="export.sheet.policies",
    rows=_policy_rows,
    refs=_refs,
    fields=(
        col("relatienummer", "relation_number", "relation", "relation_number"),
        col("naam", "name", source="name"),
        col("werknemersnummer", "employee_number", source="employee_number"),
        col("productcode", "product_code", source="product_code"),
        col("omschrijving", "description", source="description"),
        col("productsoort", "product_kind", "word", "product_kind", words="export.kind."),
        money("bruto_cent", "gross", "gross_cent"),
        col("korting_procent", "discount_percent", "percent", "discount_bp"),
        money("collectieve_korting_cent", "collective_discount", "collective_discount_cent"),
        money("overige_korting_cent", "other_discount", "other_discount_cent"),
        money("netto_cent", "net", "net_cent"),
    ),
    grouping=Grouping(
        groups=lambda r: r.rows, key="relation_number", heading="person",
        subtotals=(Subtotal("export.subtotal.basis", (("netto_cent", "basis_cent"),)),
                   Subtotal("export.subtotal.additional", (("netto_cent", "additional_cent"),)),
                   Subtotal("export.subtotal.person", (("netto_cent", "prolongation_cent"),))),
        repeats=("relatienummer", "naam", "werknemersnummer")),
    totals=(TotalSpec("export.total.net", lambda r: r.total_prolongation_cent,
                      field="netto_cent"),),
    unit="print.unit.policy_lines",
    follows="relation_number",  # only the chosen people's policies, in their order
)


def _json(result, rows: list[dict], parts: dict) -> dict:
    h = result.borderel.header
    return {
        "collectiviteitsnummer": h.collectivity_number,
        "naam": h.collectivity_name,
        "prolongatiemaand": BorderelRef.of(result.borderel).month_text,
        "volgnummer": h.sequence,
        "totaal_prolongatie_cent": result.total_prolongation_cent,
        "totaal_correcties_cent": result.total_corrections_cent,
        "totaal_cent": result.total_cent,
        "verzekerden": rows,
    }


PRESENTATION = Presentation(
    name="insured",
    result_type="digibord.reconcile.insured_list:InsuredList",
    title="export.title.insured",
    sheet="export.sheet.insured",
    file_stem="verzekerden",
    rows=lambda r: r.rows,
    refs=_refs,
    fields=(
        col("relatienummer", "relation_number", "relation", "relation_number",
            aliases=("relation_number",)),
        col("relatienummer_hoofdverzekerde", "policyholder", "relation", "policyholder",
            aliases=("policyholder",), terminal=False),
        col("rol", "role", source="role", align="center", aliases=("role",)),
        col("werknemersnummer", "employee_number", source="employee_number",
            aliases=("employee_number",)),
        col("naam", "name", source="name", aliases=("name",)),
        col("geboortedatum", "birth_date", "date", "birth_date", aliases=("birth_date",),
            terminal=False),
        col("bsn", "bsn", "bsn", "bsn", terminal=False),
        col("ingangsdatum", "start_date", "date", "start_date", aliases=("start_date",),
            terminal=False),
        col("einddatum", "end_date", "date", "end_date", aliases=("end_date",),
            terminal=False),
        money("prolongatie_cent", "prolongation", "prolongation_cent",
              aliases=("prolongation_cent", "prolongatie"), terminal=False),
        money("correcties_cent", "corrections", "corrections_cent",
              aliases=("corrections_cent", "correcties"), terminal=False),
        money("totaal_cent", "total", "total_cent", aliases=("total_cent", "totaal")),
    ),
    totals=(
        TotalSpec("export.total.prolongation", lambda r: r.total_prolongation_cent,
                  field="prolongatie_cent"),
        TotalSpec("export.total.corrections", lambda r: r.total_corrections_cent,
                  field="correcties_cent"),
        TotalSpec("export.total.all", lambda r: r.total_cent, field="totaal_cent"),
        TotalSpec("export.total.insured", lambda r: len(r.rows), "count"),
    ),
    to_json=_json,
    parts=(POLICIES,),
    unit="print.unit.insured",
)
