"""One person's history (docs/reports.md, "Geschiedenis van een persoon"): per month held the
products and net premium, corrections booked, the month they joined or left."""

from __future__ import annotations

from digibord.formats.borderel import relation_text
from digibord.i18n import tr
from digibord.reports.spec import Field, Presentation, TotalSpec
from digibord.reports.trend import Span, _span


def _refs(result) -> tuple[Span, ...]:
    return _span(result, result.collectivity_number, result.collectivity_name)


def _note(result, lang: str):
    return "history.note", (("name", result.name or "?"),
                            ("relation", relation_text(result.relation_number)),
                            ("count", int((result.rows["status"] != "left").sum())))


def _json(result, rows: list[dict], parts: dict) -> dict:
    for row in rows:
        row["vergeleken_met"] = row["vergeleken_met"] or None
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam_collectiviteit": result.collectivity_name,
        "relatienummer": relation_text(result.relation_number),  # ten digits, as everywhere
        "naam": result.name,
        "werknemersnummer": result.employee_number,
        "maanden_in_archief": len(result.months_held),
        "rows": rows,
        "totaal_netto_premie_cent": result.total("net_cent"),
        "totaal_correcties_cent": result.total("corrections_cent"),
    }


PRESENTATION = Presentation(
    name="history",
    extra_sources=lambda r: (tr("trend.source_archive"),),  # the footer's Bron
    result_type="digibord.reconcile.history:PersonHistory",
    title="history.title",
    sheet="history.sheet",
    file_stem="geschiedenis",
    rows=lambda r: r.rows,
    refs=_refs,
    fields=(
        Field("maand", "history.col.month", "month", source="month"),
        Field("volgnummer", "history.col.sequence", "count", source="sequence",
              align="center"),
        Field("status", "history.col.status", "status", source="status",
              words="history.status."),
        Field("rol", "history.col.role", source="role", align="center"),
        Field("producten", "history.col.products", source="products"),
        Field("netto_basis_cent", "history.col.net_basis", "money", source="net_basis_cent"),
        Field("netto_aanvullend_cent", "history.col.net_additional", "money",
              source="net_additional_cent"),
        Field("netto_premie_cent", "history.col.net", "money", source="net_cent"),
        Field("correcties", "history.col.corrections", "count", source="corrections"),
        Field("correcties_cent", "history.col.corrections_amount", "money",
              source="corrections_cent"),
        Field("correctiemaanden", "history.col.correction_months", source="correction_months"),
        Field("vergeleken_met", "history.col.compared_with", "month", source="compared_with",
              table=False),
    ),
    totals=(TotalSpec("history.total.net", lambda r: r.total("net_cent"),
                      field="netto_premie_cent"),
            TotalSpec("history.total.corrections", lambda r: r.total("corrections_cent"),
                      field="correcties_cent")),
    note=_note,
    to_json=_json,
)
