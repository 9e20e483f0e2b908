"""Workbooks of reports that declare charts (the trend), with native Excel charts.

Why xlsxwriter here and not xlsx.py: a native chart is a drawing part, a chart part, their
relationships and content types beside the sheet; xlsxwriter (already used for the Nmbrs import
file) writes those correctly, and these workbooks are small (a row per month: at most some
hundreds of rows), so its speed does not matter. Every other report keeps the streamed writer
of xlsx.py, which the 100 000-row reports need. The sheets look the same: bold headings,
frozen heading row, autofilter, widths from the content, amounts in euros with the Dutch
currency format, months as text, a totals row of values from the result, an Info sheet; then a
sheet "Grafieken" with each chart and, beside it, the figures it draws (so it can be checked
and reused). Text is always written as text, never as a formula.

`write_workbook(tables, path, show_bsn, lang, charts)` is the xlsx renderer of
digibord/export/files.py: without charts it is xlsx.write_xlsx exactly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xlsxwriter

from digibord.export import xlsx
from digibord.i18n import tr
from digibord.reports.charts import Chart, label_every
from digibord.reports.table import ReportTable, mask_bsn, month_strings

if TYPE_CHECKING:
    from pathlib import Path

MONEY_FORMAT = xlsx.MONEY_FORMAT
MONEY_AXIS = "[$€-413] #,##0"
CHART_ROWS = 20  # rows a chart takes on the sheet
CHART_SIZE = (960, 380)  # pixels


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _cells(kind: str, values: pd.Series, show_bsn: bool) -> list:
    """A column's values as Python objects xlsxwriter writes: text, euros, numbers, fractions
    of one for percentages, dates (None: an empty cell)."""
    if kind == "money":
        # euros with two decimals as the nearest double: exact to the cent up to 10**13
        return (np.asarray(values, dtype=np.int64) / 100).tolist()
    if kind == "percent":
        return (np.asarray(values, dtype=np.int64) / 10000).tolist()
    if kind == "count":
        return np.asarray(values, dtype=np.int64).tolist()
    if kind == "month":
        return month_strings(values.to_numpy()).tolist()
    if kind == "date":
        stamps = pd.to_datetime(values)
        return [None if pd.isna(v) else v.to_pydatetime() for v in stamps]
    if kind == "bsn" and not show_bsn:
        values = mask_bsn(values)
    return values.fillna("").astype(str).tolist()


class _Book:
    def __init__(self, path, lang: str) -> None:
        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                                    "strings_to_numbers": False,
                                                    "strings_to_urls": False})
        self.lang = lang
        b = self.book
        self.head = b.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1})
        self.head_right = b.add_format({"bold": True, "bg_color": "#DDE4EE", "bottom": 1,
                                        "align": "right"})
        self.formats = {"money": b.add_format({"num_format": MONEY_FORMAT}),
                        "count": b.add_format({"num_format": "#,##0"}),
                        "percent": b.add_format({"num_format": "0.00%"}),
                        "date": b.add_format({"num_format": "dd-mm-yyyy"})}
        self.total_label = b.add_format({"bold": True, "top": 1})
        self.total = {"money": b.add_format({"bold": True, "top": 1,
                                             "num_format": MONEY_FORMAT}),
                      "count": b.add_format({"bold": True, "top": 1, "num_format": "#,##0"})}
        self.bold = b.add_format({"bold": True})
        self.stamp = b.add_format({"num_format": "dd-mm-yyyy hh:mm", "align": "left"})
        self.taken: set[str] = set()

    def sheet(self, title: str):
        return self.book.add_worksheet(xlsx._sheet_name(title, self.taken))

    def table(self, table: ReportTable, show_bsn: bool) -> None:
        lang = self.lang
        ws = self.sheet(tr(table.sheet, lang))
        frame = table.frame
        n = len(frame)
        for c, col in enumerate(table.columns):
            heading = col.heading_text(lang)
            ws.write_string(0, c, heading,
                            self.head_right if col.alignment == "right" else self.head)
            values = _cells(col.kind, frame[col.key], show_bsn)
            fmt = self.formats.get(col.kind)
            for r, value in enumerate(values, start=1):  # a row per month: small tables only
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif col.kind == "date":
                    ws.write_datetime(r, c, value, fmt)
                else:
                    ws.write_number(r, c, value, fmt)
            shown = [str(v) for v in values if isinstance(v, str)]
            width = max([len(heading), *(len(s) for s in shown)]) if shown else len(heading)
            if col.kind in ("money", "count", "percent"):
                width = max(width, 14 if col.kind == "money" else 9)
            ws.set_column(c, c, min(max(width, col.width) + 2, xlsx.MAX_WIDTH))
        ws.freeze_panes(1, 0)
        if table.columns:
            ws.autofilter(0, 0, n, len(table.columns) - 1)
        self._totals(ws, table, n + 2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        page = tr("export.page_of", lang, page="&P", pages="&N")
        ws.set_footer(f"&L{tr(table.title, lang).replace('&', '&&')}&R{page}")

    def _totals(self, ws, table: ReportTable, row: int) -> None:
        where = {t.column: t for t in table.totals if t.column}
        keys = [c.key for c in table.columns]
        if not any(k in where for k in keys):
            return
        label_at = next((i for i, k in enumerate(keys) if k not in where), None)
        for c, key in enumerate(keys):
            total = where.get(key)
            if total is not None:
                value = total.value / 100 if total.kind == "money" else int(total.value)
                ws.write_number(row, c, value, self.total.get(total.kind, self.total["count"]))
            elif c == label_at:
                ws.write_string(row, c, tr("export.total", self.lang), self.total_label)
            else:
                ws.write_blank(row, c, None, self.total_label)

    def charts(self, charts: Sequence[Chart]) -> None:
        lang = self.lang
        ws = self.sheet(tr("trend.xlsx.charts", lang))
        data_col = 16 - 2  # the figures beside the charts, from column Q, a block each
        for i, chart in enumerate(charts):
            top = 0
            data_col += 2 + (len(charts[i - 1].series) if i else 0)
            names = chart.categories()
            ws.write_string(top, data_col, tr("trend.col.month", lang), self.head)
            ws.write_column(top + 1, data_col, names)
            fmt = self.formats[chart.unit]
            plot = self.book.add_chart({"type": "column" if any(
                s.kind == "bar" for s in chart.series) else "line"})
            for j, s in enumerate(chart.series):
                col = data_col + 1 + j
                ws.write_string(top, col, s.text(lang), self.head_right)
                values = _cells(chart.unit, pd.Series(s.values), False)
                shown = s.shown().tolist()
                for r, (v, there) in enumerate(zip(values, shown, strict=True), start=top + 1):
                    if there:  # an empty cell: Excel leaves a gap in the line
                        ws.write_number(r, col, v, fmt)
                ws.set_column(col, col, max(len(s.text(lang)) + 2, 14))
                colour = _hex(s.rgb)
                series = {"name": [ws.name, top, col],
                          "categories": [ws.name, top + 1, data_col, top + len(names),
                                         data_col],
                          "values": [ws.name, top + 1, col, top + len(names), col]}
                if s.kind == "bar":
                    series["fill"] = {"color": colour}
                    series["border"] = {"none": True}
                else:
                    series["line"] = {"color": colour, "width": 2}
                    series["marker"] = {"type": "none"}
                plot.add_series(series)
            plot.set_title({"name": tr(chart.title, lang), "name_font": {"size": 12}})
            plot.set_x_axis({"interval_unit": label_every(len(names), 14),
                             "num_font": {"rotation": 0}})
            plot.set_y_axis({"num_format": MONEY_AXIS if chart.unit == "money" else
                             ("0%" if chart.unit == "percent" else "#,##0"),
                             "major_gridlines": {"visible": True,
                                                 "line": {"color": "#DCDEE3"}}})
            plot.set_legend({"position": "right"})
            plot.set_size({"width": CHART_SIZE[0], "height": CHART_SIZE[1]})
            ws.insert_chart(i * CHART_ROWS + 1, 0, plot)
            ws.set_column(data_col, data_col, 10)

    def info(self, tables: list[ReportTable]) -> None:
        ws = self.sheet("Info")
        for r, row in enumerate(xlsx._info_rows(tables, self.lang)):
            for c, (value, style) in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, xlsx._Raw):  # an amount as exact decimal text
                    ws.write_number(r, c, float(value), self.formats["money"])
                elif isinstance(value, str):
                    ws.write_string(r, c, value, self.bold if style else None)
                elif hasattr(value, "year"):
                    ws.write_datetime(r, c, value, self.stamp)
                else:
                    ws.write_number(r, c, value, self.formats["count"])
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 50)


def write_workbook(tables: list[ReportTable], path: str | Path, show_bsn: bool = False,
                   lang: str = "nl", charts: Sequence[Chart] = ()) -> None:
    """The workbook of `tables`: with `charts` through xlsxwriter (tables, "Grafieken",
    Info), without them xlsx.write_xlsx."""
    if not charts:
        xlsx.write_xlsx(tables, path, show_bsn=show_bsn, lang=lang)
        return
    book = _Book(path, lang)
    for table in tables:
        book.table(table, show_bsn)
    book.charts(charts)
    book.info(tables)
    book.book.close()
