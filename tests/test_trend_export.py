"""The trend to Excel and PDF: the tables from the presentation, native charts in the workbook
(read back by openpyxl) and reportlab charts after the table pages of the PDF (their titles,
axis labels and legends read back by pypdf), in Dutch and English."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from digibord.app.export import export_report, suggested_name
from digibord.app.reports import insured_report
from digibord.app.trend import trend, trend_overview
from digibord.formats.reader import read_borderel
from digibord.reports.build import report_tables
from digibord.reports.charts import axis_ticks, label_every, tick_text
from tests.trend_support import (  # noqa: F401  (the fixtures, registered by their names)
    FIRST,
    SECOND,
    trend_archive_fixture,
    trend_series_fixture,
)


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_the_workbook_has_native_charts_of_the_figures(trend_archive, tmp_path):
    result = trend(FIRST)
    path = export_report(result, tmp_path / suggested_name(result, "xlsx"), "xlsx")
    assert path.name == "trend_2023-01–2025-12.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Trend", "Per productsoort", "Grafieken", "Info"]
    sheet = book["Trend"]
    heads = [c.value for c in sheet[1]]
    assert heads[:3] == ["Maand", "Volgnr.", "Hoofdverz."] and "Vergeleken met" in heads
    months = [sheet.cell(r, 1).value for r in range(2, len(result.rows) + 2)]
    assert months == [f"{m // 100}-{m % 100:02d}" for m in result.months]
    due = heads.index("Te betalen") + 1
    assert [round(sheet.cell(r, due).value * 100) for r in range(2, len(months) + 2)] == \
        result.rows["total_due_cent"].tolist()
    charts = book["Grafieken"]._charts
    assert [type(c).__name__ for c in charts] == ["LineChart", "BarChart", "LineChart",
                                                  "LineChart"]
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert titles[:2] == ["Premie per maand", "Nieuw en vertrokken per maand"]
    assert [len(c.series) for c in charts] == [3, 2, 2, 3]
    # the charts draw the figures written beside them: the joiners' column is the trend's
    bars = charts[1].series[0].val.numRef.f
    column, first_row = bars.split("!")[1].replace("$", "").split(":")[0][:1], 2
    data = book["Grafieken"]
    values = [data[f"{column}{r}"].value for r in range(first_row, first_row + len(months))]
    assert values == result.rows["joiners"].tolist()


def test_the_pdf_draws_its_charts_after_the_tables(trend_archive, tmp_path):
    result = trend(FIRST)
    path = export_report(result, tmp_path / "trend.pdf", "pdf")
    pages = pdf_pages(path)
    assert all(f"van {len(pages)}" in p for p in pages)
    assert "Premie per maand" not in "".join(pages[:-2]) and "Verzekerden" in pages[0]
    assert "Grafieken" in pages[-2] and "Grafieken" in pages[-1]
    charts = pages[-2] + pages[-1]
    for text in ("Premie per maand", "Nieuw en vertrokken per maand", "Te betalen",
                 "Vertrokken", "Aandeel per productsoort", "2023-01", "2024-01", "€ 0"):
        assert text in charts, text
    low, high = 0, int(result.rows["total_due_cent"].max())
    assert tick_text("money", axis_ticks(low, high)[-1]) in pages[-2]
    english = export_report(result, tmp_path / "trend_en.pdf", "pdf", lang="en")
    assert "Joined and left per month" in "".join(pdf_pages(english))


def test_the_overview_to_paper_and_workbook(trend_archive, tmp_path):
    result = trend_overview()
    tables = report_tables(result, "nl")
    assert [t.title for t in tables] == ["trend.title_overview", "trend.title_kinds"]
    pages = pdf_pages(export_report(result, tmp_path / "alle.pdf", "pdf"))
    text = "".join(pages)
    assert "Te betalen per collectiviteit" in text and f"{SECOND} Tweede Zorg B.V." in text
    book = openpyxl.load_workbook(export_report(result, tmp_path / "alle.xlsx", "xlsx"))
    charts = book["Grafieken"]._charts
    assert len(charts[0].series) == 3  # the total and each collectivity


def test_other_reports_keep_the_streamed_workbook(samples_dir, tmp_path):
    result = insured_report(read_borderel(samples_dir / "2026-03_01.dat"))
    path = export_report(result, tmp_path / "v.xlsx", "xlsx")
    book = openpyxl.load_workbook(path)
    assert "Grafieken" not in book.sheetnames
    assert all(not ws._charts for ws in book.worksheets)


@pytest.mark.parametrize(("low", "high", "first", "last"), [
    (0, 2_700_000, 0, 3_000_000), (-1852, 95, -2000, 500), (0, 9, 0, 10), (0, 0, 0, 1)])
def test_round_grid_values(low, high, first, last):
    ticks = axis_ticks(low, high)
    assert ticks[0] == first and ticks[-1] == last and ticks == sorted(ticks)
    assert ticks[0] <= low and ticks[-1] >= high


def test_axis_words():
    assert tick_text("money", 2_500_000) == "€ 25.000"
    assert tick_text("money", 150) == "€ 1,50"
    assert tick_text("count", 15000) == "15.000"
    assert tick_text("percent", 8000) == "80,00 %"
    assert label_every(84) == 6 and label_every(12) == 1
