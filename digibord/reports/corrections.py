"""Correctiepremies (reports.md section 2): the `C` lines per employee with subtotals."""

from __future__ import annotations

from digibord.reports.common import PERSON_FIELDS, col, collectivity_json, money, ref_json
from digibord.reports.spec import Grouping, Presentation, Subtotal, TotalSpec


def _several(result) -> bool:
    return len(result.borderels) > 1


def _json(result, rows: list[dict], parts: dict) -> dict:
    return {
        **collectivity_json(result),
        "borderellen": [ref_json(b) for b in result.borderels],
        "vervangen": [ref_json(b) for b in result.replaced],  # by a re-issue also given
        "rows": rows,
        "totaal_bruto_cent": result.total_gross_cent,
        "totaal_korting_cent": result.total_discount_cent,
        "totaal_netto_cent": result.total_net_cent,
    }


PRESENTATION = Presentation(
    name="corrections",
    result_type="digibord.reconcile.corrections:CorrectionsResult",
    title="export.title.corrections",
    sheet="export.sheet.corrections",
    file_stem="correctiepremies",
    rows=lambda r: r.rows,
    refs=lambda r: tuple(r.borderels),
    fields=(
        col("prolongatiemaand", "prolongation_month", "month", "prolongation_month",
            when=_several, aliases=("prolongation_month",)),
        *PERSON_FIELDS,
        col("premiemaand", "premium_month", "month", "premium_month",
            aliases=("premium_month",)),
        col("productcode", "product_code", source="product_code", aliases=("product_code",)),
        col("omschrijving", "description", source="description", aliases=("description",),
            terminal=False),
        col("mutatiecode", "mutation_code", source="mutation_code", align="center",
            aliases=("mutation_code",)),
        col("mutatie", "mutation", "word", "mutation_key", aliases=("mutation",)),
        col("mutatiedatum", "mutation_date", "date", "mutation_date",
            aliases=("mutation_date",)),
        money("bruto_cent", "gross", "gross_cent", aliases=("gross_cent",)),
        money("korting_cent", "discount", "discount_cent", aliases=("discount_cent",)),
        money("collectieve_korting_cent", "collective_discount", "collective_discount_cent",
              table=False),
        money("overige_korting_cent", "other_discount", "other_discount_cent", table=False),
        money("netto_cent", "net", "net_cent", aliases=("net_cent",)),
    ),
    grouping=Grouping(
        groups=lambda r: r.employees, key="policyholder", heading="employee",
        subtotals=(Subtotal("export.subtotal.employee", (
            ("bruto_cent", "gross_cent"), ("korting_cent", "discount_cent"),
            ("netto_cent", "net_cent"))),),
        repeats=("werknemersnummer", "naam_werknemer")),
    totals=(
        TotalSpec("export.total.gross", lambda r: r.total_gross_cent, field="bruto_cent"),
        TotalSpec("export.total.discount", lambda r: r.total_discount_cent,
                  field="korting_cent"),
        TotalSpec("export.total.net", lambda r: r.total_net_cent, field="netto_cent"),
        TotalSpec("export.total.rows", lambda r: len(r.rows), "count"),
    ),
    to_json=_json,
    unit="print.unit.corrections",
)
