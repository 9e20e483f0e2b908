"""Overzicht: the archive's months as charts and a table in the window, without a borderel open;
hover shows a month's values, a click opens its prolongatieverschillen, the switcher holds every
collectivity and all of them at a glance."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from digibord.app.trend import trend
from digibord.reports.charts import Chart, Series
from digibord.ui.charts import ChartWidget
from digibord.ui.views.overview import ALL
from tests.trend_support import (  # noqa: F401  (the fixtures, registered by their names)
    FIRST,
    MISSING,
    SECOND,
    trend_archive_fixture,
    trend_series_fixture,
)


def shown_overview(qtbot, window, number=FIRST):
    window.show_view("overview")
    view = window.view("overview")
    qtbot.waitUntil(lambda: view.result is not None and not window.worker.busy, timeout=30000)
    assert view.which.currentData() == SECOND  # the first in the list when nothing is open
    view.result = None
    view.choose(number)
    qtbot.waitUntil(lambda: view.result is not None and not window.worker.busy, timeout=30000)
    return view


def test_the_overview_shows_the_months_without_a_borderel(qtbot, window, trend_archive):
    view = shown_overview(qtbot, window)
    expected = trend(FIRST)
    assert view.which.currentData() == FIRST
    assert [view.which.itemData(i) for i in range(view.which.count())] == [SECOND, FIRST, ALL]
    assert [w.chart.key for w in view.charts] == ["premium", "changes", "insured", "kinds"]
    premium = view.charts[0].chart
    assert premium.months.tolist() == list(expected.months)
    assert premium.series[0].values.tolist() == expected.rows["total_due_cent"].tolist()
    assert view.model.rowCount() == len(expected.rows)
    assert "2024-05" in view.info.text()  # the missing month is said
    assert view.report_result() is view.result
    assert "maanden" in view.status_text()


def test_all_collectivities_at_a_glance(qtbot, window, trend_archive):
    view = shown_overview(qtbot, window, ALL)
    due = view.charts[0].chart
    assert len(due.series) == 3  # the total and each collectivity
    names = [s.text() for s in due.series[1:]]
    assert names[0] == f"{SECOND} Tweede Zorg B.V." and names[1].startswith(FIRST)
    # a month a collectivity does not hold is not drawn as 0, nor the total's dip there
    months = due.months.tolist()
    total, second, first = due.series
    gap = months.index(MISSING)
    assert not first.shown()[gap] and second.shown()[gap] and not total.shown()[gap]
    assert not second.shown()[months.index(202312)] and total.shown()[months.index(202312)]
    assert f"{first.text()}: —" in view.charts[0].hover_text(gap)
    assert not view.charts[0].grab().isNull()


def _move(widget, x: float, y: float) -> None:
    event = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(x, y),
                        QPointF(widget.mapToGlobal(QPoint(int(x), int(y)))),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_hover_and_click_a_month(qtbot, window, trend_archive):
    view = shown_overview(qtbot, window)
    chart = view.charts[0]
    rect = chart.plot_rect()
    months = list(chart.chart.months)
    index = months.index(202406)  # right after the missing month: compared with 2024-04
    x = rect.left() + (index + 0.5) * rect.width() / len(months)
    assert chart.month_at(x) == index
    _move(chart, x, rect.center().y())
    assert chart.hover == index
    text = chart.hover_text(index)
    assert text.startswith("2024-06") and "Te betalen: €" in text
    with qtbot.waitSignal(chart.month_clicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                         pos=QPoint(int(x), int(rect.center().y())))
    assert clicked.args == [202406]
    diff = window.view("prolongation_diff")
    qtbot.waitUntil(lambda: diff.result is not None and not window.worker.busy, timeout=30000)
    assert window.tabs.currentWidget() is diff
    assert (diff.result.van.prolongation_month, diff.result.tot.prolongation_month) == \
        (MISSING - 1, 202406)


def test_a_chart_of_its_own():
    chart = Chart("x", "trend.chart.changes", "count", np.array([202601, 202602]), (
        Series("trend.series.joiners", np.array([3, 5]), "bar"),))
    widget = ChartWidget(chart)
    widget.resize(400, 240)
    assert widget.month_at(widget.plot_rect().right() - 1) == 1
    assert widget.month_at(2) == -1
    assert widget.hover_text(1) == "2026-02\nNieuw: 5"
    assert not widget.grab().isNull()


def test_the_archief_view_switches_collectivity(qtbot, window, trend_archive):
    window.show_view("archive")
    view = window.view("archive")
    qtbot.waitUntil(lambda: bool(view.entries), timeout=20000)
    every = len(view.entries)
    assert view.which.isVisibleTo(view) and view.which.count() == 3
    view.choose_collectivity(SECOND)
    assert {e.collectivity_number for e in view.entries} == {SECOND}
    assert view.tree.topLevelItemCount() == 1
    assert len(view.report_result().rows) == len(view.entries) < every
    view.choose_collectivity(None)
    assert len(view.entries) == every and view.tree.topLevelItemCount() == 2
