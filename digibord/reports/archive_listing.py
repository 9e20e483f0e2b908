"""The archive's listing (docs/reports.md, "Archiefoverzicht"): per collectivity the months
kept, each volgnummer with its totals and import time, replaced re-issues and demo files
marked; the totals are those of the borderels reports use."""

from __future__ import annotations

from digibord.i18n import tr
from digibord.reports.spec import Field, Presentation, TotalSpec
from digibord.reports.trend import Span


def _refs(result) -> tuple[Span, ...]:
    months = result.months
    if not months:
        return ()
    numbers = ", ".join(n for n, _ in result.collectivities)
    name = result.collectivities[0][1] if len(result.collectivities) == 1 else ""
    return (Span(numbers, name, months[0], months[-1]),)


def _note(result, lang: str):
    status = result.rows["status"]
    return "listing.note", (("count", len(result.rows)),
                            ("collectivities", len(result.collectivities)),
                            ("replaced", int((status == "replaced").sum())))


def _json(result, rows: list[dict], parts: dict) -> dict:
    return {
        "collectiviteiten": [{"collectiviteitsnummer": n, "naam": name}
                             for n, name in result.collectivities],
        "rows": rows,
        "totaal_prolongatie_cent": result.current_total("total_prolongation_cent"),
        "totaal_correcties_cent": result.current_total("total_corrections_cent"),
        "totaal_te_betalen_cent": result.current_total("total_due_cent"),
    }


PRESENTATION = Presentation(
    name="archive_listing",
    extra_sources=lambda r: (tr("trend.source_archive"),),  # the footer's Bron
    result_type="digibord.reconcile.archive_listing:ArchiveListing",
    title="listing.title",
    sheet="listing.sheet",
    file_stem="archief",
    rows=lambda r: r.rows,
    refs=_refs,
    fields=(
        Field("collectiviteitsnummer", "listing.col.collectivity", source="collectivity_number"),
        Field("naam", "listing.col.name", source="collectivity_name"),
        Field("maand", "listing.col.month", "month", source="month"),
        Field("volgnummer", "listing.col.sequence", "count", source="sequence",
              align="center"),
        Field("status", "listing.col.status", "status", source="status",
              words="listing.status."),
        Field("bestand", "listing.col.file", source="file_name"),
        Field("geimporteerd", "listing.col.imported", source="imported_text", json=False),
        Field("geimporteerd_op", "listing.col.imported", source="imported_at", table=False),
        Field("verzekerden", "listing.col.insured", "count", source="insured_count"),
        Field("regels", "listing.col.lines", "count", source="line_count", optional=True),
        Field("totaal_prolongatie_cent", "listing.col.prolongation", "money",
              source="total_prolongation_cent"),
        Field("totaal_correcties_cent", "listing.col.corrections", "money",
              source="total_corrections_cent"),
        Field("totaal_te_betalen_cent", "listing.col.due", "money", source="total_due_cent"),
    ),
    totals=(
        TotalSpec("listing.total.prolongation",
                  lambda r: r.current_total("total_prolongation_cent"),
                  field="totaal_prolongatie_cent"),
        TotalSpec("listing.total.corrections",
                  lambda r: r.current_total("total_corrections_cent"),
                  field="totaal_correcties_cent"),
        TotalSpec("listing.total.due", lambda r: r.current_total("total_due_cent"),
                  field="totaal_te_betalen_cent"),
        TotalSpec("listing.total.borderels", lambda r: len(r.rows), "count"),
    ),
    note=_note,
    to_json=_json,
)
