"""Prolongatieverschillen (reports.md section 3): per employee what changed between two months."""

from __future__ import annotations

from typing import TYPE_CHECKING

from digibord.i18n import tr
from digibord.reports.common import PERSON_FIELDS, col, collectivity_json, money, ref_json
from digibord.reports.spec import Grouping, Presentation, Subtotal, TotalSpec
from digibord.reports.table import Total

if TYPE_CHECKING:
    from digibord.reconcile.common import BorderelRef


def month_label(ref: BorderelRef, lang: str | None) -> str:
    """`mrt 2026`, `mrt 2026 (2)` for a re-issue: a month as a column heading says it."""
    month = int(ref.prolongation_month)
    text = f"{tr(f'print.month.{month % 100}', lang)} {month // 100}"
    return text if ref.sequence == 1 else f"{text} ({ref.sequence})"


def _net(side: str, key: str):
    """The heading of a month's column (`Netto mrt 2026`) or total (`Totaal netto mrt 2026`)."""
    return lambda r, lang: (key, (("month", month_label(getattr(r, side), lang)),))


def _totals(result, lang: str) -> tuple:
    counts = tuple(Total("export.total.status", count, "count",
                         params=(("status", tr(f"reports.status.{status}", lang)),))
                   for status, count in result.status_counts)
    return (
        TotalSpec("export.total.net_from", lambda r: r.total_from_cent, field="netto_van_cent",
                  titled=_net("van", "print.total.net_month")),
        TotalSpec("export.total.net_to", lambda r: r.total_to_cent, field="netto_tot_cent",
                  titled=_net("tot", "print.total.net_month")),
        TotalSpec("export.total.difference", lambda r: r.total_difference_cent,
                  field="verschil_cent"),
        *counts,
    )


def _note(result, lang: str):
    shown = "export.note.diff_all" if result.include_unchanged else "export.note.diff_changed"
    return "export.note.diff", (("van", result.van.label()), ("tot", result.tot.label()),
                                ("shown", tr(shown, lang)))


def _json(result, rows: list[dict], parts: dict) -> dict:
    return {
        **collectivity_json(result),
        "van": ref_json(result.van),
        "tot": ref_json(result.tot),
        "rows": rows,
        "totaal_van_cent": result.total_from_cent,
        "totaal_tot_cent": result.total_to_cent,
        "totaal_verschil_cent": result.total_difference_cent,
        "aantallen": dict(result.status_counts),
    }


PRESENTATION = Presentation(
    name="prolongation_diff",
    result_type="digibord.reconcile.diff:DiffResult",
    title="export.title.diff",
    sheet="export.sheet.diff",
    file_stem="prolongatieverschillen",
    rows=lambda r: r.shown_rows(),
    refs=lambda r: (r.van, r.tot),
    fields=(
        *PERSON_FIELDS,
        col("rol", "role", source="role", align="center", aliases=("role",)),
        col("productcode", "product_code", source="product_code", aliases=("product_code",)),
        col("omschrijving", "description", source="description", aliases=("description",),
            terminal=False),
        col("status", "status", "status", "status", words="reports.status."),
        money("netto_van_cent", "net_from", "net_from_cent", aliases=("net_from_cent",),
              titled=_net("van", "print.col.net_month")),
        money("netto_tot_cent", "net_to", "net_to_cent", aliases=("net_to_cent",),
              titled=_net("tot", "print.col.net_month")),
        money("verschil_cent", "difference", "difference_cent", aliases=("difference_cent",)),
    ),
    grouping=Grouping(
        # an employee's subtotals cover all their pairs, shown or not, like the grand totals
        groups=lambda r: r.shown_employees(), key="policyholder", heading="employee",
        subtotals=(Subtotal("export.subtotal.employee", (
            ("netto_van_cent", "net_from_cent"), ("netto_tot_cent", "net_to_cent"),
            ("verschil_cent", "difference_cent"))),),
        repeats=("werknemersnummer", "naam_werknemer")),
    totals=_totals,
    note=_note,
    to_json=_json,
    status_field="status",
    unit="print.unit.pairs",
    extra={"json_order": ("relatienummer", "werknemersnummer", "naam_werknemer", "naam", "rol",
                          "productcode", "omschrijving", "status", "netto_van_cent",
                          "netto_tot_cent", "verschil_cent")},
)
