"""Overzicht: the archive as a history (docs/reports.md, "Trend"). A collectivity's months (or
every collectivity at a glance) as charts and the trend's table, computed from the month
summaries on the worker (app/trend.py); Exporteren and Printen take the trend report. Clicking
a month in a chart opens its prolongatieverschillen against the month it was compared with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from digibord.app.trend import collectivity_choices, trend, trend_overview
from digibord.errors import CommandRefused
from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.reconcile.trend import TrendResult
from digibord.reports.charts import charts_of
from digibord.reports.registry import presentation_for
from digibord.ui.charts import ChartWidget
from digibord.ui.documents import OpenedBorderel
from digibord.ui.report_tables import column_table
from digibord.ui.sources import MonthChoice, archived_entries
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.table_view import ColumnTableView
from digibord.ui.view_export import export_buttons, retranslate_export_buttons
from digibord.ui.views.base import BorderelView

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from digibord.reconcile.trend import TrendOverview
    from digibord.ui.main_window import MainWindow

ALL = "*"  # the switcher's entry for every collectivity at a glance


class OverviewView(BorderelView):
    view_id = "overview"
    title_key = "trend.ui.view"
    needs_borderel = False

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.result = None
        self.charts: list[ChartWidget] = []
        self.which = QComboBox()
        self.which.setObjectName("overview_collectivity")
        self.which.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.which.activated.connect(lambda _i: self.compute())
        self.which_label = QLabel()
        self.which_label.setBuddy(self.which)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("overview_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_buttons = export_buttons(window, self.report_result, "overview")
        self.info = QLabel()
        self.info.setObjectName("overview_info")
        self.info.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.which_label)
        bar.addWidget(self.which)
        bar.addStretch(1)
        for b in self.export_buttons:
            bar.addWidget(b)
        bar.addWidget(self.refresh_button)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.model = ColumnTableModel(parent=self)
        self.table = ColumnTableView()
        self.table.setObjectName("overview_table")
        self.table.setModel(self.model)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid_host)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.info)
        layout.addWidget(split, 1)
        window.archive_updated.connect(self.refresh)
        self.retranslate()

    def show_document(self, doc: OpenedBorderel | None) -> None:
        pass  # the history does not depend on the opened month

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # --- choosing and computing -------------------------------------------------------

    def refresh(self) -> None:
        """The switcher from the archive's listing (no key needed), then the trend."""
        current = self.which.currentData()
        choices = collectivity_choices()
        self.which.clear()
        for c in choices:
            self.which.addItem(c.label(), c.number)
        if sum(not c.demo for c in choices) > 1:
            self.which.addItem(tr("trend.ui.all"), ALL)
        doc = self.main_window.documents.current
        if current is None and doc is not None:  # the open month's collectivity first
            current = doc.borderel.header.collectivity_number
        at = self.which.findData(current) if current is not None else -1
        if at < 0:  # else the first real one (the list puts demo ones last)
            at = 0
        self.which.setCurrentIndex(at)
        self.which_label.setVisible(bool(choices))
        self.which.setVisible(bool(choices))
        if not choices:
            self._show(None)
            self.info.setText(tr("trend.note.empty"))
            return
        self.compute()

    def choose(self, number: str) -> None:
        """Show collectivity `number` (ALL: every one at a glance)."""
        self.which.setCurrentIndex(max(self.which.findData(number), 0))
        self.compute()

    def compute(self) -> None:
        number = self.which.currentData()
        if number is None:
            return

        def work():
            return trend_overview() if number == ALL else trend(number)

        self.main_window.run_task(work, self._show, tr("trend.ui.computing"), tag="overview",
                                  failed=self._failed)

    def _failed(self, exc, details) -> None:
        self._show(None)
        if isinstance(exc, CommandRefused):  # e.g. only demo months: said in the view
            self.info.setText(str(exc))
        else:
            self.main_window.show_failure(exc, details)

    def _show(self, result) -> None:
        self.result = result
        for w in self.charts:
            self.grid.removeWidget(w)
            w.deleteLater()
        self.charts = []
        if result is None:
            self.model.set_table(None)
            self.status_changed.emit()
            return
        for i, chart in enumerate(charts_of(presentation_for(result), result)):
            widget = ChartWidget(chart, self.grid_host)
            widget.month_clicked.connect(self.open_month)
            self.grid.addWidget(widget, i // 2, i % 2)
            self.charts.append(widget)
        self.model.set_table(column_table(result))
        self.table.set_default_widths()
        self.info.setText(self._note(result))
        self.status_changed.emit()

    def _note(self, result) -> str:
        trends = (result,) if isinstance(result, TrendResult) else result.trends
        missing = [f"{month_text(m)} ({t.collectivity_number})" if len(trends) > 1
                   else month_text(m) for t in trends for m in t.missing_months]
        return tr("trend.ui.missing", months=", ".join(missing)) if missing else ""

    # --- a month clicked --------------------------------------------------------------

    def open_month(self, month: int) -> None:
        """Prolongatieverschillen of `month` against the month it was compared with."""
        result = self.result
        if not isinstance(result, TrendResult):
            self.main_window.notify(tr("trend.ui.pick_one"))
            return
        rows = result.rows[result.rows["month"] == month]
        if not len(rows) or int(rows["compared_with"].iloc[0]) == 0:
            self.main_window.notify(tr("trend.ui.no_before", month=month_text(month)))
            return
        row = rows.iloc[0]
        number = result.collectivity_number
        entries = {(e.prolongation_month, e.sequence): e for e in archived_entries(number)}
        pair = [(int(row["compared_with"]), int(row["compared_sequence"])),
                (month, int(row["sequence"]))]
        van, tot = (MonthChoice(number, m, s, entry=entries.get((m, s))) for m, s in pair)
        diff = self.main_window.view("prolongation_diff")
        self.main_window.show_view("prolongation_diff", force=True)
        diff.choose(van, tot)

    # --- words ------------------------------------------------------------------------

    def report_result(self) -> TrendResult | TrendOverview | None:
        return self.result

    def status_text(self) -> str:
        if self.result is None:
            return ""
        months = self.result.months if isinstance(self.result, TrendResult) \
            else tuple(self.result.totals["month"].tolist())
        return tr("trend.ui.status", count=len(months),
                  due=format_euro(self.result.total("total_due_cent")))

    def retranslate(self) -> None:
        self.which_label.setText(tr("trend.ui.collectivity"))
        self.refresh_button.setText(tr("ui.report.refresh"))
        retranslate_export_buttons(self.export_buttons)
        if self.isVisible():
            self.refresh()
