"""The charts of a report (digibord/reports/charts.py) as PDF pages after its tables, drawn with
reportlab's own graphics (`reportlab.graphics.charts`): lines for amounts and headcounts, bars
for joiners and leavers, a legend, round grid values, every few months a label.

`write_pdf` (pdf.py) calls `page_count` before it numbers its pages and `draw_pages` after the
table pages, so "Pagina X van Y" counts these pages too; nothing else of pdf.py is involved.
Values become plot coordinates (floats) only here; every text shown is made from the integers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.renderPDF import draw as draw_drawing
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from digibord.i18n import tr
from digibord.reports.charts import Chart, axis_ticks, label_every, tick_text
from digibord.reports.table import ReportMeta

PAGE = landscape(A4)
PER_PAGE = 2
MARGIN = 34.0
HEADER = 46.0
GREY = colors.Color(0.55, 0.58, 0.62)
GRID = colors.Color(0.86, 0.87, 0.89)


def page_count(charts: Sequence[Chart]) -> int:
    return -(-len(charts) // PER_PAGE)


def _colour(chart_series) -> colors.Color:
    r, g, b = chart_series.rgb
    return colors.Color(r / 255, g / 255, b / 255)


def chart_drawing(chart: Chart, width: float, height: float, lang: str, font: str,
                  bold: str) -> Drawing:
    """One chart with its title, axes, grid and legend, `width` × `height` points."""
    d = Drawing(width, height)
    d.add(String(0, height - 12, tr(chart.title, lang), fontName=bold, fontSize=10))
    bars = any(s.kind == "bar" for s in chart.series)
    plot = VerticalBarChart() if bars else HorizontalLineChart()
    plot.x, plot.y = 62, 46
    plot.width, plot.height = width - 62 - 150, height - 46 - 26
    # reportlab leaves out None: a month a series does not have is not drawn
    data = [tuple(None if v is None else float(v) for v in s.optional_values())
            for s in chart.series]
    plot.data = data or [()]
    names = chart.categories()
    every = label_every(len(names), int(plot.width // 46))
    plot.categoryAxis.categoryNames = [n if i % every == 0 else ""
                                       for i, n in enumerate(names)]
    labels = plot.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.angle = font, 7, 0
    labels.boxAnchor = "n"
    plot.categoryAxis.strokeColor = GREY
    plot.categoryAxis.joinAxisMode = "bottom"  # the months under the plot, also below 0
    plot.categoryAxis.visibleTicks = False
    low, high = chart.bounds()
    ticks = axis_ticks(low, high)
    value = plot.valueAxis
    value.valueMin, value.valueMax = float(ticks[0]), float(ticks[-1])
    value.valueSteps = [float(t) for t in ticks]
    value.labelTextFormat = lambda v, unit=chart.unit: tick_text(unit, round(v))
    value.labels.fontName, value.labels.fontSize = font, 7
    value.visibleGrid = True
    value.gridStrokeColor = GRID
    value.gridStrokeWidth = 0.5
    value.strokeColor = GREY
    for i, s in enumerate(chart.series):
        if bars:
            plot.bars[i].fillColor = _colour(s)
            plot.bars[i].strokeColor = None
        else:
            plot.lines[i].strokeColor = _colour(s)
            plot.lines[i].strokeWidth = 1.6
    if bars:
        plot.groupSpacing = 1 if len(names) > 40 else 3
        plot.barSpacing = 0
    d.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 138, height - 40
    legend.fontName, legend.fontSize = font, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 10
    legend.dx = legend.dy = 8
    legend.colorNamePairs = [(_colour(s), s.text(lang)) for s in chart.series]
    d.add(legend)
    return d


def draw_pages(canvas: Canvas, charts: Sequence[Chart], title: str, meta: ReportMeta,
               first_number: int, total: int, lang: str, font: str, bold: str) -> None:
    """The chart pages, `PER_PAGE` charts stacked on each, with the report's heading."""
    for p in range(page_count(charts)):
        canvas.setPageSize(PAGE)
        width, height = PAGE
        y = height - MARGIN
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(bold, 12)
        canvas.drawString(MARGIN, y - 10, f"{tr(title, lang)} — {tr('trend.pdf.charts', lang)}")
        canvas.setFont(font, 8)
        who = tr("export.pdf.collectivity", lang, number=meta.collectivity_number,
                 name=meta.collectivity_name)
        months = tr("export.pdf.months", lang, months=", ".join(meta.months))
        canvas.drawString(MARGIN, y - 23, f"{who}    {months}")
        canvas.drawRightString(width - MARGIN, y - 10, tr(
            "export.page_of", lang, page=first_number + p, pages=total))
        canvas.drawRightString(width - MARGIN, y - 23, tr(
            "export.pdf.created", lang, when=meta.created_at.strftime("%d-%m-%Y %H:%M")))
        canvas.setStrokeColorRGB(0.55, 0.58, 0.62)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y - HEADER + 8, width - MARGIN, y - HEADER + 8)
        room = height - 2 * MARGIN - HEADER
        each = room / PER_PAGE
        for i, chart in enumerate(charts[p * PER_PAGE:(p + 1) * PER_PAGE]):
            drawing = chart_drawing(chart, width - 2 * MARGIN, each - 12, lang, font, bold)
            draw_drawing(drawing, canvas, MARGIN, MARGIN + room - (i + 1) * each)
        canvas.showPage()
