"""Trend (docs/reports.md, "Trend"): one collectivity's months from the archive, and every
collectivity at a glance (a row per collectivity and a total per month), with their charts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digibord.formats.borderel import month_text
from digibord.reports.charts import Chart, Series
from digibord.reports.spec import Field, Presentation, TotalSpec


@dataclass(frozen=True)
class Span:
    """The months a trend covers, as a report heading and a file name show them."""

    collectivity_number: str
    collectivity_name: str
    first: int
    last: int
    source: str = ""

    def label(self) -> str:
        if not self.first:
            return ""
        if self.first == self.last:
            return month_text(self.first)
        return f"{month_text(self.first)} – {month_text(self.last)}"


def _span(result, number: str = "", name: str = "") -> tuple[Span, ...]:
    months = result.rows["month"].to_numpy(dtype=np.int64)
    if not len(months):
        return ()
    return (Span(number, name, int(months.min()), int(months.max())),)


def count(key: str, title: str, source: str, **kw) -> Field:
    return Field(key, f"trend.col.{title}", "count", source=source, **kw)


def money(key: str, title: str, source: str, **kw) -> Field:
    return Field(key, f"trend.col.{title}", "money", source=source, **kw)


def share(key: str, title: str, source: str, **kw) -> Field:
    return Field(key, f"trend.col.{title}", "percent", source=source, **kw)


def _gaps(result) -> bool:
    return bool(getattr(result, "missing_months", ()))


# the figures of a month, shared by a collectivity's trend and the overview
FIGURES = (
    count("verzekerden_h", "insured_h", "insured_h"),
    count("verzekerden_p", "insured_p", "insured_p"),
    count("verzekerden_k", "insured_k", "insured_k"),
    count("verzekerden", "insured", "insured"),
    count("werknemers", "employees", "employees"),
    money("totaal_prolongatie_cent", "prolongation", "total_prolongation_cent"),
    money("totaal_correcties_cent", "corrections", "total_corrections_cent"),
    money("totaal_te_betalen_cent", "due", "total_due_cent"),
    count("nieuw", "joiners", "joiners"),
    count("vertrokken", "leavers", "leavers"),
)
RATIOS = (
    money("gemiddelde_premie_cent", "average", "average_premium_cent"),
    share("aandeel_basis_honderdsten", "share_b", "share_b_bp"),
    share("aandeel_aanvullend_honderdsten", "share_a", "share_a_bp"),
    share("aandeel_tand_honderdsten", "share_t", "share_t_bp"),
    money("prolongatie_basis_cent", "prolongation_b", "prolongation_b_cent", optional=True,
          terminal=False),
    money("prolongatie_aanvullend_cent", "prolongation_a", "prolongation_a_cent",
          optional=True, terminal=False),
    money("prolongatie_tand_cent", "prolongation_t", "prolongation_t_cent", optional=True,
          terminal=False),
)
SUMS = (
    TotalSpec("trend.total.prolongation", lambda r: r.total("total_prolongation_cent"),
              field="totaal_prolongatie_cent"),
    TotalSpec("trend.total.corrections", lambda r: r.total("total_corrections_cent"),
              field="totaal_correcties_cent"),
    TotalSpec("trend.total.due", lambda r: r.total("total_due_cent"),
              field="totaal_te_betalen_cent"),
    TotalSpec("trend.total.joiners", lambda r: r.total("joiners"), "count", field="nieuw"),
    TotalSpec("trend.total.leavers", lambda r: r.total("leavers"), "count",
              field="vertrokken"),
)


def _note(result, lang: str):
    months = len(result.rows)
    missing = ", ".join(month_text(m) for m in getattr(result, "missing_months", ()))
    if not months:
        return "trend.note.empty", ()
    span = _span(result)[0]
    if missing:
        return "trend.note.missing", (("count", months), ("span", span.label()),
                                      ("missing", missing))
    return "trend.note.months", (("count", months), ("span", span.label()))


def _json(result, rows: list[dict], parts: dict) -> dict:
    for row in rows:  # a month without one to compare with compares with nothing
        row["vergeleken_met"] = row["vergeleken_met"] or None
    span = _span(result)
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam": result.collectivity_name,
        "van": month_text(span[0].first) if span else None,
        "tot": month_text(span[0].last) if span else None,
        "ontbrekende_maanden": [month_text(m) for m in result.missing_months],
        "rows": rows,
        "totaal_prolongatie_cent": result.total("total_prolongation_cent"),
        "totaal_correcties_cent": result.total("total_corrections_cent"),
        "totaal_te_betalen_cent": result.total("total_due_cent"),
        "totaal_nieuw": result.total("joiners"),
        "totaal_vertrokken": result.total("leavers"),
    }


def _charts(result) -> tuple[Chart, ...]:
    rows = result.rows
    months = rows["month"].to_numpy(dtype=np.int64)

    def values(column: str) -> np.ndarray:
        return rows[column].to_numpy(dtype=np.int64)

    return (
        Chart("premium", "trend.chart.premium", "money", months, (
            Series("trend.series.due", values("total_due_cent"), colour=0),
            Series("trend.series.prolongation", values("total_prolongation_cent"), colour=2),
            Series("trend.series.corrections", values("total_corrections_cent"), colour=1),
        )),
        Chart("changes", "trend.chart.changes", "count", months, (
            Series("trend.series.joiners", values("joiners"), "bar", colour=2),
            Series("trend.series.leavers", values("leavers"), "bar", colour=1),
        )),
        Chart("insured", "trend.chart.insured", "count", months, (
            Series("trend.series.insured", values("insured"), colour=0),
            Series("trend.series.employees", values("employees"), colour=5),
        )),
    )


PRESENTATION = Presentation(
    name="trend",
    result_type="digibord.reconcile.trend:TrendResult",
    title="trend.title",
    sheet="trend.sheet",
    file_stem="trend",
    rows=lambda r: r.rows,
    refs=lambda r: _span(r, r.collectivity_number, r.collectivity_name),
    fields=(
        Field("maand", "trend.col.month", "month", source="month"),
        count("volgnummer", "sequence", "sequence", align="center", terminal=False),
        Field("bestand", "trend.col.file", source="file_name", optional=True,
              terminal=False),
        *FIGURES,
        Field("vergeleken_met", "trend.col.compared_with", "month", source="compared_with",
              when=_gaps),
        *RATIOS,
    ),
    totals=(*SUMS, TotalSpec("trend.total.months", lambda r: len(r.rows), "count")),
    note=_note,
    to_json=_json,
    extra={"charts": _charts},
)


# ---- every collectivity at a glance --------------------------------------------------------

def _overview_rows(result):
    rows = result.rows
    return rows.assign(kind=np.where(rows["is_total"].to_numpy(dtype=bool), "totaal",
                                     "collectiviteit"))


def _overview_json(result, rows: list[dict], parts: dict) -> dict:
    months = result.totals["month"].to_numpy(dtype=np.int64)
    return {
        "collectiviteiten": [{"collectiviteitsnummer": t.collectivity_number,
                              "naam": t.collectivity_name,
                              "ontbrekende_maanden": [month_text(m) for m in t.missing_months]}
                             for t in result.trends],
        "van": month_text(int(months.min())) if len(months) else None,
        "tot": month_text(int(months.max())) if len(months) else None,
        "rows": rows,
        "totaal_prolongatie_cent": result.total("total_prolongation_cent"),
        "totaal_correcties_cent": result.total("total_corrections_cent"),
        "totaal_te_betalen_cent": result.total("total_due_cent"),
        "totaal_nieuw": result.total("joiners"),
        "totaal_vertrokken": result.total("leavers"),
    }


def _overview_note(result, lang: str):
    return "trend.note.overview", (("count", len(result.trends)),
                                   ("span", _overview_span(result)))


def _overview_span(result) -> str:
    spans = _span(result.totals)
    return spans[0].label() if spans else ""


def _overview_refs(result):
    totals = result.totals
    return _span(totals) if len(totals) else ()


def _overview_charts(result) -> tuple[Chart, ...]:
    totals = result.totals
    months = totals["month"].to_numpy(dtype=np.int64)
    each = result.rows[~result.rows["is_total"].to_numpy(dtype=bool)]

    def per_collectivity(column: str) -> tuple[Series, ...]:
        out = []
        for i, t in enumerate(result.trends):
            mine = each[each["collectivity_number"] == t.collectivity_number]
            values = mine.set_index("month")[column].reindex(months, fill_value=0)
            out.append(Series(f"{t.collectivity_number} {t.collectivity_name}".strip(),
                              values.to_numpy(dtype=np.int64), colour=i + 1, literal=True))
        return tuple(out)

    def total(column: str, label: str, kind: str = "line", colour: int = 0) -> Series:
        return Series(label, totals[column].to_numpy(dtype=np.int64), kind, colour)

    return (
        Chart("premium", "trend.chart.due_per_collectivity", "money", months, (
            total("total_due_cent", "trend.series.due_all"),
            *per_collectivity("total_due_cent"))),
        Chart("changes", "trend.chart.changes", "count", months, (
            total("joiners", "trend.series.joiners", "bar", 2),
            total("leavers", "trend.series.leavers", "bar", 1))),
        Chart("insured", "trend.chart.insured_per_collectivity", "count", months, (
            total("insured", "trend.series.insured_all"),
            *per_collectivity("insured"))),
    )


OVERVIEW = Presentation(
    name="trend_overview",
    result_type="digibord.reconcile.trend:TrendOverview",
    title="trend.title_overview",
    sheet="trend.sheet_overview",
    file_stem="trend_alle_collectiviteiten",
    rows=_overview_rows,
    refs=_overview_refs,
    fields=(
        Field("maand", "trend.col.month", "month", source="month"),
        Field("soort", "trend.col.kind", "status", source="kind", words="trend.kind."),
        Field("collectiviteitsnummer", "trend.col.collectivity", source="collectivity_number"),
        Field("naam", "trend.col.name", source="collectivity_name"),
        count("volgnummer", "sequence", "sequence", align="center", table=False),
        *FIGURES,
        *RATIOS,
        count("collectiviteiten", "collectivities", "collectivities", table=False),
    ),
    totals=(*SUMS, TotalSpec("trend.total.collectivities", lambda r: len(r.trends),
                             "count")),
    note=_overview_note,
    to_json=_overview_json,
    extra={"charts": _overview_charts},
)
