"""A table view for `ColumnTableModel`: sortable headers, a header menu with per-column filters
(contains for text, from–to for amounts and dates), column choice, and fixed row heights so that
half a million rows scroll smoothly."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from digibord.i18n import tr
from digibord.money import format_plain, parse_amount
from digibord.ui.columns import (
    DATE,
    MONEY,
    Column,
    RangeFilter,
    TextFilter,
    date_text,
    day_number,
)
from digibord.ui.table_model import FILTER_MARK, ColumnTableModel, SourceRowRole

if TYPE_CHECKING:
    from digibord.ui.columns import Filter

# Column widths come from the header and the first rows only: never a pass over all rows.
WIDTH_SAMPLE_ROWS = 200
WIDTH_LONGEST = 8  # of those rows' texts, the longest few are measured (proportional fonts)
MAX_WIDTH = 320


def parse_date(text: str) -> dt.date:
    """`31-12-2026`, `31-12-26` is not accepted; `2026-12-31` is."""
    text = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class FilterDialog(QDialog):
    """Asks for one column's filter: 'bevat' for text, 'van'/'tot en met' for amounts and dates."""

    def __init__(self, column: Column, current: Filter | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.column = column
        self.setWindowTitle(tr("ui.filter.title", column=tr(column.title_key)))
        form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()
        if column.is_range:
            self.low, self.high = QLineEdit(), QLineEdit()
            hint = tr("ui.filter.hint_date") if column.kind == DATE else tr("ui.filter.hint_amount")
            for edit in (self.low, self.high):
                edit.setPlaceholderText(hint)
            if isinstance(current, RangeFilter):
                self.low.setText(self._show(current.low))
                self.high.setText(self._show(current.high))
            form.addRow(tr("ui.filter.from"), self.low)
            form.addRow(tr("ui.filter.to"), self.high)
        else:
            self.contains = QLineEdit()
            if isinstance(current, TextFilter):
                self.contains.setText(current.needle)
            form.addRow(tr("ui.filter.contains"), self.contains)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{tr(column.title_key)}</b>"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_filter = None
        self.setMinimumWidth(380)

    def _show(self, value: int | None) -> str:
        if value is None:
            return ""
        if self.column.kind == DATE:
            return date_text(value)
        if self.column.kind == MONEY:
            return format_plain(value)
        return str(value)

    def _parse(self, text: str) -> int | None:
        if not text.strip():
            return None
        if self.column.kind == DATE:
            return day_number(parse_date(text))
        if self.column.kind == MONEY:
            return parse_amount(text.replace("€", "").replace(".", "")
                                if "," in text else text.replace("€", ""))
        return int(text)

    def _accept(self) -> None:
        try:
            if self.column.is_range:
                low, high = self._parse(self.low.text()), self._parse(self.high.text())
                self.result_filter = None if low is None and high is None \
                    else RangeFilter(low, high)
            else:
                needle = self.contains.text().strip()
                self.result_filter = TextFilter(needle) if needle else None
        except ValueError:
            self.error.setText(tr("ui.filter.invalid"))
            self.error.show()
            return
        self.accept()


class ColumnTableView(QTableView):
    row_activated = Signal(int)  # source row: double-click or Enter

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        # Fixed, uniform row heights: no per-row measuring with 500 000 rows.
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSortIndicatorShown(True)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda idx: self._activate(idx.row()))

    def model(self) -> ColumnTableModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def set_default_widths(self) -> None:
        """Widths from the header and the first rows' texts; only the few longest texts of
        each column are measured (a paint's worth of work, not 200 rows times the columns)."""
        model = self.model()
        fm = self.fontMetrics()
        header_fm = self.horizontalHeader().fontMetrics()
        rows = model.visible_rows()[:WIDTH_SAMPLE_ROWS].tolist()
        widths = []
        for col in model.table.columns:
            title = header_fm.horizontalAdvance(tr(col.title_key) + FILTER_MARK) + 28  # arrow
            texts = sorted({model.cell_text(col, r) for r in rows}, key=len)[-WIDTH_LONGEST:]
            cells = max((fm.horizontalAdvance(t) for t in texts), default=0)
            if col.kind == MONEY:
                cells = max(cells, fm.horizontalAdvance("-€ 10.000,00"))
            widths.append(min(max(title, cells + 16), MAX_WIDTH))
        # Through the header with its signals held: each sectionResized would have the view
        # repaint its columns once more from a zero timer, just after the first paint of a new
        # table; the view takes the widths from the header when it lays itself out anyway.
        hh = self.horizontalHeader()
        hh.blockSignals(True)
        try:
            for i, width in enumerate(widths):
                hh.resizeSection(i, width)
        finally:
            hh.blockSignals(False)
        self.updateGeometries()
        self.viewport().update()

    def visible_keys(self) -> list[str]:
        """The keys of the columns shown, in the order shown (moved and hidden columns)."""
        model = self.model()
        hh = self.horizontalHeader()
        order = sorted(range(model.columnCount()), key=hh.visualIndex)
        return [model.table.columns[i].key for i in order if not hh.isSectionHidden(i)]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _activate(self, view_row: int) -> None:
        if 0 <= view_row < self.model().rowCount():
            self.row_activated.emit(int(self.model().index(view_row, 0).data(SourceRowRole)))

    # --- header menu --------------------------------------------------------------

    def header_menu(self, section: int) -> QMenu:
        """The header's context menu for column `section` (built fresh, also for tests)."""
        model = self.model()
        menu = QMenu(self)
        if 0 <= section < model.columnCount():
            col = model.table.columns[section]
            name = tr(col.title_key)
            menu.addAction(tr("ui.filter.set", column=name),
                           lambda: self.edit_filter(section)).setObjectName("filter_set")
            clear = menu.addAction(tr("ui.filter.clear", column=name),
                                   lambda: model.set_filter(col.key, None))
            clear.setEnabled(col.key in model.filters())
            menu.addSeparator()
            menu.addAction(tr("ui.sort.ascending"),
                           lambda: self.sortByColumn(section, Qt.SortOrder.AscendingOrder))
            menu.addAction(tr("ui.sort.descending"),
                           lambda: self.sortByColumn(section, Qt.SortOrder.DescendingOrder))
        menu.addSeparator()
        clear_all = menu.addAction(tr("ui.filter.clear_all"), model.clear_filters)
        clear_all.setEnabled(bool(model.filters()))
        columns = menu.addMenu(tr("ui.columns"))
        hh = self.horizontalHeader()
        for i, col in enumerate(model.table.columns):
            act = QAction(tr(col.title_key), columns)
            act.setCheckable(True)
            act.setChecked(not hh.isSectionHidden(i))
            act.toggled.connect(lambda on, i=i: hh.setSectionHidden(i, not on))
            columns.addAction(act)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right click on a cell, the Menu key or Shift+F10: the same menu as the header's,
        for that column (filters and sorting are reachable without a mouse too)."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            section = self.columnAt(event.pos().x())
            at = event.globalPos()
        else:
            section = self.currentIndex().column() if self.currentIndex().isValid() \
                else self.horizontalHeader().logicalIndexAt(0)
            rect = self.visualRect(self.currentIndex())
            at = self.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid()
                                              else QPoint(0, 0))
        if self.model() is None or self.model().columnCount() == 0:
            return
        event.accept()
        menu = self.header_menu(section)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_menu = menu  # (tests)
        menu.popup(at)  # no nested event loop

    def _header_menu(self, pos: QPoint) -> None:
        section = self.horizontalHeader().logicalIndexAt(pos)
        self.header_menu(section).exec(self.horizontalHeader().mapToGlobal(pos))

    def edit_filter(self, section: int) -> None:
        model = self.model()
        col = model.table.columns[section]
        dialog = FilterDialog(col, model.filters().get(col.key), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            model.set_filter(col.key, dialog.result_filter)

    # --- kept between runs ----------------------------------------------------------

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray | bytes | None) -> bool:
        if not state:
            return False
        return self.horizontalHeader().restoreState(QByteArray(state))
