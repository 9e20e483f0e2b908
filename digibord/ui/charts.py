"""A report's charts (digibord/reports/charts.py) in the window, drawn with QPainter: lines for
amounts and headcounts, bars for joiners and leavers, the same round grid values, colours and
month labels as the PDF and the workbook. Hovering a month shows its values; clicking one emits
`month_clicked(YYYYMM)` (the Overzicht opens that month's prolongatieverschillen).

Why QPainter and no chart library: QtCharts comes with PySide6-Addons and pyqtgraph with its
own dependencies, both many megabytes in the bundle (docs/bundle.md, "Charts in the window");
a few lines and bars over at most some hundred months are a small amount of drawing.
Coordinates are computed for whole series at once (numpy); only the painting walks points."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.reports.charts import Chart, axis_ticks, label_every, tick_text, value_text

LEFT, RIGHT, TOP, BOTTOM = 78, 14, 44, 26  # margins of the plot inside the widget, pixels


class ChartWidget(QWidget):
    month_clicked = Signal(int)

    def __init__(self, chart: Chart | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: Chart | None = None
        self.hover = -1  # index of the month under the mouse, -1: none
        self.setMouseTracking(True)
        self.setMinimumSize(360, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.set_chart(chart)

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.hover = -1
        if chart is not None:
            self.setObjectName(f"chart_{chart.key}")
        self.update()

    # --- geometry ---------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        return QRectF(LEFT, TOP, max(self.width() - LEFT - RIGHT, 10),
                      max(self.height() - TOP - BOTTOM, 10))

    def _ticks(self) -> list[int]:
        low, high = self.chart.bounds()
        return axis_ticks(low, high)

    def _y(self, values: np.ndarray, ticks: list[int], rect: QRectF) -> np.ndarray:
        low, high = ticks[0], ticks[-1]
        share = (np.asarray(values, dtype=np.float64) - low) / max(high - low, 1)
        return rect.bottom() - share * rect.height()

    def _x(self, rect: QRectF) -> np.ndarray:
        """The centre of each month's slot."""
        n = len(self.chart.months)
        return rect.left() + (np.arange(n, dtype=np.float64) + 0.5) * rect.width() / max(n, 1)

    def month_at(self, x: float) -> int:
        """The index of the month whose slot holds `x`, -1 outside the plot."""
        if self.chart is None or not len(self.chart.months):
            return -1
        rect = self.plot_rect()
        if not rect.left() <= x <= rect.right():
            return -1
        n = len(self.chart.months)
        return min(int((x - rect.left()) * n / rect.width()), n - 1)

    def hover_text(self, index: int) -> str:
        """What the tooltip says for month `index`: the month, then each series' value."""
        chart = self.chart
        lines = [month_text(int(chart.months[index]))]
        lines += [f"{s.text()}: " + (value_text(chart.unit, int(s.values[index]))
                                      if s.shown()[index] else "—")
                  for s in chart.series]
        return "\n".join(lines)

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self.chart
        if chart is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        font = QFont(self.font())
        p.fillRect(self.rect(), palette.base())
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(QRectF(8, 4, self.width() - 16, 18), Qt.AlignmentFlag.AlignLeft,
                   tr(chart.title))
        p.setFont(font)
        self._legend(p, text)
        if not len(chart.months):
            return
        rect = self.plot_rect()
        ticks = self._ticks()
        self._grid(p, rect, ticks, text)
        xs = self._x(rect)
        slot = rect.width() / len(chart.months)
        bars = [s for s in chart.series if s.kind == "bar"]
        zero = float(self._y(np.zeros(1), ticks, rect)[0])
        if bars:
            width = max(slot * 0.8 / len(bars), 1.0)
            for i, s in enumerate(bars):
                ys = self._y(s.values, ticks, rect)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(*s.rgb))
                left = xs - slot * 0.4 + i * width
                shown = s.shown()
                for x, y in zip(left[shown].tolist(), ys[shown].tolist(), strict=True):
                    p.drawRect(QRectF(x, min(y, zero), width, abs(zero - y)))
        for s in chart.series:
            if s.kind != "line":
                continue
            ys = self._y(s.values, ticks, rect)
            shown = s.shown()
            # a run of months that are there is one polyline; a month not there breaks it
            edges = np.flatnonzero(np.diff(np.concatenate([[0], shown.astype(np.int8), [0]])))
            path = QPainterPath()
            for start, stop in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
                path.addPolygon(QPolygonF([QPointF(x, y) for x, y in zip(
                    xs[start:stop].tolist(), ys[start:stop].tolist(), strict=True)]))
            p.setPen(QPen(QColor(*s.rgb), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        if 0 <= self.hover < len(chart.months):
            x = float(xs[self.hover])
            guide = QColor(text)
            guide.setAlpha(90)
            p.setPen(QPen(guide, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        p.end()

    def _grid(self, p: QPainter, rect: QRectF, ticks: list[int], text: QColor) -> None:
        chart = self.chart
        line = QColor(text)
        line.setAlpha(40)
        ys = self._y(np.asarray(ticks), ticks, rect)
        metrics = p.fontMetrics()
        for tick, y in zip(ticks, ys.tolist(), strict=True):
            p.setPen(QPen(line, 1))
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            p.setPen(text)
            p.drawText(QRectF(0, y - 9, LEFT - 6, 18),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       tick_text(chart.unit, tick))
        names = chart.categories()
        room = max(int(rect.width() // max(metrics.horizontalAdvance("2026-03 ") + 4, 1)), 1)
        every = label_every(len(names), room)
        xs = self._x(rect)
        p.setPen(text)
        for i in range(0, len(names), every):
            p.drawText(QRectF(float(xs[i]) - 40, rect.bottom() + 4, 80, 18),
                       Qt.AlignmentFlag.AlignHCenter, names[i])

    def _legend(self, p: QPainter, text: QColor) -> None:
        metrics = p.fontMetrics()
        x = float(self.width() - RIGHT)
        for s in reversed(self.chart.series):
            label = s.text()
            x -= metrics.horizontalAdvance(label) + 28
            p.fillRect(QRectF(x, 28, 14, 4 if s.kind == "line" else 9), QColor(*s.rgb))
            p.setPen(text)
            p.drawText(QRectF(x + 18, 22, metrics.horizontalAdvance(label) + 6, 18),
                       Qt.AlignmentFlag.AlignLeft, label)

    # --- mouse ------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.month_at(event.position().x())
        if index != self.hover:
            self.hover = index
            self.update()
        if index >= 0:
            QToolTip.showText(event.globalPosition().toPoint(), self.hover_text(index), self)
        else:
            QToolTip.hideText()

    def leaveEvent(self, event: QEvent) -> None:
        self.hover = -1
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.month_at(event.position().x())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.month_clicked.emit(int(self.chart.months[index]))

