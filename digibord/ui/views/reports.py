"""Correctiepremies and Prolongatieverschillen (reports.md sections 2 and 3): pick the months
(opened borderels and the archive's months of the same collectivity), compute on the worker,
show per employee with subtotals and the grand totals, all taken from the result. A search box
and the header menu's column filters narrow the rows (a group keeps its heading row with the
result's subtotals); Printen and Exporteren take the rows and columns as shown."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from digibord.app.reports import check_pair, check_range, corrections_report, diff_report
from digibord.errors import CommandRefused
from digibord.formats.issues import InputRefused
from digibord.i18n import tr
from digibord.money import format_euro
from digibord.ui.documents import OpenedBorderel
from digibord.ui.grouped import GroupedTable
from digibord.ui.grouped_model import GroupedModel, GroupedView, Legend
from digibord.ui.labels import message_label, totals_label
from digibord.ui.loader import register_preparer
from digibord.ui.person_dialog import PersonDialog
from digibord.ui.printing_request import ShownReport, shown_report
from digibord.ui.report_tables import grouped_table
from digibord.ui.sources import MonthChoice, month_choices, months_between
from digibord.ui.views.base import BorderelView, hook

if TYPE_CHECKING:
    from collections.abc import Callable

    from digibord.reconcile.corrections import CorrectionsResult
    from digibord.reconcile.diff import DiffResult
    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow


def _prepare_corrections(borderel):
    """Correctiepremies of the opened month itself, ready when the file is (worker thread).
    A refusal is left to the view, which computes it again and shows the message."""
    try:
        return corrections_report([borderel])
    except (CommandRefused, InputRefused):
        return None


# after the first screen: the view computes it itself when shown before it is there
register_preparer("corrections", _prepare_corrections, later=True)
SEARCH_DELAY_MS = 200  # one search per pause in typing
FILTER_ON_WORKER = 20_000  # rows from which the search texts are made on the worker


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class ReportView(BorderelView):
    """Two month pickers (van, tot), a message area for refusals, the grouped tree and a totals
    line. Subclasses say how to compute and how to build the table (the HOOKS)."""

    ABSTRACT = True
    HOOKS = (*BorderelView.HOOKS, "compute_result", "build_table", "default_pair",
             "totals_text")

    van_key = "ui.report.van"
    tot_key = "ui.report.tot"

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.doc: OpenedBorderel | None = None
        self.result = None
        self.table_data: GroupedTable | None = None
        self.choices: list[MonthChoice] = []
        self._dirty = True
        self._wanted: tuple | None = None  # (van, tot) being computed
        self._after = None  # called with the next result (Printen)
        self.van_label, self.tot_label = QLabel(), QLabel()
        self.van = QComboBox()
        self.van.setObjectName(f"{self.view_id}_van")
        self.tot = QComboBox()
        self.tot.setObjectName(f"{self.view_id}_tot")
        for box in (self.van, self.tot):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.activated.connect(lambda _i: self.compute())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName(f"{self.view_id}_refresh")
        self.refresh_button.clicked.connect(self.refresh_choices)
        self.bar = QHBoxLayout()
        for w in (self.van_label, self.van, self.tot_label, self.tot):
            self.bar.addWidget(w)
        self.bar.addStretch(1)
        self.bar.addWidget(self.refresh_button)
        self.message = message_label(f"{self.view_id}_message")
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.message.hide()
        self.model = GroupedModel(self)
        self.tree = GroupedView()
        self.tree.setObjectName(f"{self.view_id}_tree")
        self.tree.setModel(self.model)
        self.tree.doubleClicked.connect(lambda index: self.open_person(index.row()))
        self.tree.filters_changed.connect(lambda: self._apply_mask(fit=False))
        self.search = QLineEdit()
        self.search.setObjectName(f"{self.view_id}_search")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName(f"{self.view_id}_clear_filters")
        self.clear_button.clicked.connect(self.clear_filters)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.search_bar = QHBoxLayout()
        self.search_bar.addWidget(self.search, 1)
        self.search_bar.addWidget(self.clear_button)
        self._hidden: list[str] = []  # columns the user hid (kept between months and runs)
        self.totals = totals_label(f"{self.view_id}_totals", padding="4px 2px")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 4, 0, 0)
        self.layout_.addLayout(self.bar)
        self.layout_.addLayout(self.search_bar)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.tree, 1)
        self.layout_.addWidget(self.totals)
        self.layout_.addStretch(0)  # takes the room only while the tree is hidden

    # --- what subclasses provide --------------------------------------------------------

    @hook
    def compute_result(self, van: MonthChoice, tot: MonthChoice,
                       choices: list[MonthChoice]) -> ReportResult:
        """Hook, on the worker thread: the result for the chosen months."""

    @hook
    def build_table(self, result: ReportResult) -> GroupedTable:
        """Hook, on the worker thread: the grouped table the view shows."""

    @hook
    def default_pair(self) -> tuple[MonthChoice | None, MonthChoice | None]:
        """Hook: the months chosen when a borderel opens."""

    def row_mask(self, table: GroupedTable) -> np.ndarray | None:
        return None

    def open_person(self, view_row: int) -> PersonDialog | None:
        """Double-click on a row: the person dialog, from an opened month that has the person
        (the later month first); nothing for months only in the archive."""
        row = self.model.row_of(view_row) if 0 <= view_row < self.model.rowCount() else -1
        if row < 0 or self.result is None:
            return None
        relation = int(self.result.rows["relation_number"].iat[row])
        pair = (self.tot.currentData(), self.van.currentData())
        for choice in pair:
            doc = choice.doc if choice is not None else None
            if doc is None or "insured" not in doc.prepared:
                continue
            if (doc.borderel.insured["relation_number"].to_numpy() == relation).any():
                dialog = PersonDialog(doc, relation, self)
                dialog.show()
                return dialog
        return None

    @hook
    def totals_text(self) -> str:
        """Hook: the totals line under the table."""

    def report_result(self) -> ReportResult | None:
        """The result as shown, for Exporteren and Printen (None when there is none)."""
        return self.result

    def report_rows(self, rows: np.ndarray) -> np.ndarray:
        """The shown table rows as positions in `report_result()`'s rows."""
        return rows

    def shown_report(self) -> ShownReport | None:
        """The report with the rows the view shows (search, filters, toon ongewijzigd) and
        its visible columns in their order."""
        result = self.report_result()
        if result is None:
            return None
        rows = self.report_rows(self.model.shown_rows()) if self.table_data is not None \
            else None
        return shown_report(result, rows, self.tree.visible_keys() or None)

    def with_result(self, callback: Callable[[ReportResult], object]) -> None:
        """`callback(report_result())` now if a result is shown, else after the next
        computation (dropped when that is refused)."""
        if self.result is not None and not self._dirty and self._wanted is None:
            callback(self.report_result())
            return
        self._after = callback
        if not self._dirty and self._wanted is None:
            self.refresh_choices()

    # --- months -------------------------------------------------------------------------

    def show_document(self, doc: OpenedBorderel | None) -> None:
        self.doc = doc
        self._dirty = True
        if doc is None:
            self.choices = []
            self.van.clear()
            self.tot.clear()
            self._show(None, None)
            return
        if self.isVisible():
            self.refresh_choices()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self.doc is not None:
            self.refresh_choices()

    def refresh_choices(self) -> None:
        """List the months again (opened and archived) and compute the default pair."""
        self._dirty = False
        if self.doc is None:
            return
        collectivity = self.doc.borderel.header.collectivity_number
        self.choices = month_choices(self.main_window.documents.all(), collectivity)
        van, tot = self.default_pair()
        self._fill(van, tot)
        self.compute()

    def _fill(self, van: MonthChoice | None, tot: MonthChoice | None) -> None:
        for box, chosen in ((self.van, van), (self.tot, tot)):
            box.blockSignals(True)
            box.clear()
            for c in self.choices:
                box.addItem(c.label(), c)
            if chosen is not None:
                box.setCurrentIndex(self.choices.index(chosen))
            box.blockSignals(False)

    def _doc_choice(self) -> MonthChoice | None:
        return next((c for c in self.choices if c.doc is self.doc), None)

    def choose(self, van: MonthChoice, tot: MonthChoice) -> None:
        """Compute for this pair (the Archief view's "Vergelijken"); adds unknown choices."""
        self._dirty = False
        for c in (van, tot):
            if all(c.ident != o.ident for o in self.choices):
                self.choices.append(c)
        self.choices.sort(key=lambda c: (c.collectivity, c.key))
        van = next(c for c in self.choices if c.ident == van.ident)
        tot = next(c for c in self.choices if c.ident == tot.ident)
        self._fill(van, tot)
        self.compute()

    # --- computing ----------------------------------------------------------------------

    def compute(self) -> None:
        van, tot = self.van.currentData(), self.tot.currentData()
        if van is None or tot is None:
            self._show(None, tr("ui.report.no_pair") if self.doc is not None else None)
            return
        prepared = self._prepared(van, tot)
        if prepared is not None:
            self._done((van, tot), (prepared, self.build_table(prepared)))
            return
        wanted = (van, tot)
        self._wanted = wanted
        choices = list(self.choices)

        def work():
            result = self.compute_result(van, tot, choices)
            return result, self.build_table(result)

        self.main_window.run_task(work, lambda r: self._done(wanted, r),
                                  tr("ui.report.computing"), tag=self.view_id,
                                  failed=lambda e, t: self._failed(wanted, e, t))

    def _prepared(self, van: MonthChoice, tot: MonthChoice):
        return None

    def _done(self, wanted, payload) -> None:
        if self._wanted is not None and wanted != self._wanted:
            return
        self._wanted = None
        result, table = payload
        self._show(result, None, table)

    def _failed(self, wanted, exc: Exception, details: str) -> None:
        if wanted != self._wanted:
            return
        self._wanted = None
        if isinstance(exc, CommandRefused | InputRefused):
            self._show(None, str(exc))  # a refusal is a message in the view, not a dialog
        else:
            self._show(None, None)
            self.main_window.show_error(f"{type(exc).__name__}: {exc}", details)

    def _show(self, result, message: str | None, table: GroupedTable | None = None) -> None:
        self.result = result
        self.table_data = table
        self.message.setText(message or "")
        self.message.setVisible(bool(message))
        self.tree.setVisible(result is not None)
        self.totals.setVisible(result is not None)
        self._apply_mask()
        self.status_changed.emit()
        self.main_window.refresh_actions()
        after, self._after = self._after, None
        if after is not None and result is not None:
            after(self.report_result())

    def _apply_mask(self, fit: bool = True) -> None:
        table = self.table_data
        if self.model.table is not None:
            self._hidden = self.tree.hidden_keys()
        self.model.set_table(table, self._mask(table) if table is not None else None)
        if table is not None:
            self.tree.hide_columns(self._hidden)
            self.tree.fit_columns(grow_only=not fit)
        self.totals.setText(self.totals_text() if self.result is not None else "")
        self.status_changed.emit()

    def _mask(self, table: GroupedTable) -> np.ndarray | None:
        """The subclass's rows (toon ongewijzigd) that also pass the search and the filters.
        A large table makes its search texts on the worker first (shown when ready)."""
        base = self.row_mask(table)
        keys = {c.key for c in table.columns}
        filters = {k: f for k, f in self.tree.filters.items() if k in keys}
        needle = self.search.text().strip()
        if not filters and not needle:
            return base
        if not table.filter_ready and table.n_rows > FILTER_ON_WORKER:
            self.main_window.run_task(table.filter_table, lambda _t: self._filter_ready(table),
                                      tr("print.filter.preparing"), tag=f"{self.view_id}_filter")
            return base
        mask = table.mask(filters, needle)
        return mask if base is None else mask & base

    def _filter_ready(self, table: GroupedTable) -> None:
        if table is self.table_data:
            self._apply_mask(fit=False)

    def apply_search(self) -> None:
        self._search_timer.stop()
        if self.table_data is not None:
            self._apply_mask(fit=False)

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search_timer.stop()
        self.tree.clear_filters()  # shows the rows again

    def status_text(self) -> str:
        if self.result is None:
            return ""
        table = self.table_data
        if table is not None and (self.tree.filters or self.search.text().strip()):
            of = len(table.view(self.row_mask(table))[1])
            shown = tr("print.report.shown", shown=_count(len(self.model.shown_rows())),
                       total=_count(of))
            return f"{shown}  ·  {self.totals_text()}"
        return self.totals_text()

    def retranslate(self) -> None:
        self.van_label.setText(tr(self.van_key))
        self.tot_label.setText(tr(self.tot_key))
        self.refresh_button.setText(tr("ui.report.refresh"))
        self.search.setPlaceholderText(tr("print.report.search"))
        self.clear_button.setText(tr("ui.filter.clear_all"))
        for box in (self.van, self.tot):
            for i in range(box.count()):
                box.setItemText(i, box.itemData(i).label())
        if self.result is not None and self.table_data is not None:
            # words in the table (status, mutation meaning) come from the catalog
            self.table_data = self.build_table(self.result)
            self._apply_mask()
        self.model.retranslate()
        self.status_changed.emit()


    def save_settings(self, settings: QSettings) -> None:
        hidden = self.tree.hidden_keys() if self.model.table is not None else self._hidden
        settings.setValue(f"views/{self.view_id}/hidden_columns", hidden)

    def restore_settings(self, settings: QSettings) -> None:
        value = settings.value(f"views/{self.view_id}/hidden_columns", [])
        self._hidden = [value] if isinstance(value, str) else [str(v) for v in value or []]


class CorrectionsView(ReportView):
    view_id = "corrections"
    title_key = "ui.view.corrections"
    van_key = "ui.report.from_month"
    tot_key = "ui.report.to_month"

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.retranslate()

    def default_pair(self) -> tuple[MonthChoice | None, MonthChoice | None]:
        c = self._doc_choice()
        return c, c

    def _prepared(self, van, tot):
        if van is tot and van.doc is not None:
            return van.doc.prepared.get("corrections")
        return None

    def compute_result(self, van: MonthChoice, tot: MonthChoice,
                       choices: list[MonthChoice]) -> CorrectionsResult:
        check_range(van.key, tot.key, van.short_label(), tot.short_label())
        picked = months_between(choices, van, tot)
        return corrections_report([c.borderel() for c in picked])

    def build_table(self, result: CorrectionsResult) -> GroupedTable:
        return grouped_table(result)

    def totals_text(self) -> str:
        r = self.result
        return tr("ui.corrections.totals", rows=_count(len(r.rows)),
                  employees=_count(len(r.employees)), gross=format_euro(r.total_gross_cent),
                  discount=format_euro(r.total_discount_cent), net=format_euro(r.total_net_cent))


class DiffView(ReportView):
    view_id = "prolongation_diff"
    title_key = "ui.view.diff"

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.unchanged = QCheckBox()
        self.unchanged.setObjectName("show_unchanged")
        self.unchanged.toggled.connect(self.set_show_unchanged)
        self.legend = Legend()
        self.legend.setObjectName("diff_legend")
        row = QHBoxLayout()
        row.addWidget(self.legend, 1)
        row.addWidget(self.unchanged)
        self.layout_.insertLayout(1, row)
        self.retranslate()

    def default_pair(self) -> tuple[MonthChoice | None, MonthChoice | None]:
        tot = self._doc_choice()
        if tot is None:
            return None, None
        previous = self.main_window.documents.previous_of(self.doc)
        van = next((c for c in self.choices if c.doc is previous), None) if previous else None
        if van is None:  # else the archive's month before it
            earlier = [c for c in self.choices if c.key < tot.key]
            van = earlier[-1] if earlier else None
        return van, tot

    def compute(self) -> None:
        if self.doc is not None and self.van.currentData() is None \
                and self.tot.currentData() is not None:
            self._show(None, tr("ui.diff.no_previous"))
            return
        super().compute()

    def _fill(self, van, tot) -> None:
        super()._fill(van, tot)
        if van is None and tot is not None:
            self.van.setCurrentIndex(-1)

    def compute_result(self, van: MonthChoice, tot: MonthChoice,
                       choices: list[MonthChoice]) -> DiffResult:
        if van.collectivity == tot.collectivity:
            # said in the window's words; diff_report refuses the same pair itself
            check_pair(van.key, tot.key, van.short_label(), tot.short_label())
        return diff_report(van.borderel(), tot.borderel(), include_unchanged=False)

    def build_table(self, result: DiffResult) -> GroupedTable:
        # every pair, `ongewijzigd` too: the view hides those by a mask (toon ongewijzigd)
        return grouped_table(dataclasses.replace(result, include_unchanged=True))

    def row_mask(self, table: GroupedTable) -> np.ndarray | None:
        if self.unchanged.isChecked():
            return None
        return table.status != "ongewijzigd"

    def set_show_unchanged(self, on: bool) -> None:
        self._apply_mask(fit=False)  # same columns: the widths stay

    def report_result(self) -> DiffResult | None:
        if self.result is None:
            return None
        # the same result, shown as on screen: no recomputation
        return dataclasses.replace(self.result, include_unchanged=self.unchanged.isChecked())

    def report_rows(self, rows: np.ndarray) -> np.ndarray:
        """The view's table holds every pair; without "toon ongewijzigd" the report's rows are
        the changed pairs only: count the shown row among those."""
        if self.unchanged.isChecked():
            return rows
        changed = self.result.rows["status"].to_numpy(dtype=object) != "ongewijzigd"
        return (np.cumsum(changed) - 1)[rows]

    def totals_text(self) -> str:
        r = self.result
        counts = "  ·  ".join(f"{tr(f'reports.status.{s}')} {_count(n)}"
                              for s, n in r.status_counts)
        return tr("ui.diff.totals", van=format_euro(r.total_from_cent),
                  tot=format_euro(r.total_to_cent),
                  difference=format_euro(r.total_difference_cent), counts=counts)

    def retranslate(self) -> None:
        self.unchanged.setText(tr("ui.diff.show_unchanged"))
        self.legend.set_items([(s, tr(f"reports.status.{s}"))
                               for s in ("nieuw", "vervallen", "gewijzigd", "ongewijzigd")])
        super().retranslate()

    def save_settings(self, settings: QSettings) -> None:
        super().save_settings(settings)
        settings.setValue("views/prolongation_diff/show_unchanged", self.unchanged.isChecked())

    def restore_settings(self, settings: QSettings) -> None:
        super().restore_settings(settings)
        self.unchanged.setChecked(settings.value("views/prolongation_diff/show_unchanged",
                                                 False, bool))
