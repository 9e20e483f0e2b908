"""A Qt model over a `GroupedTable`: per employee a row with the subtotals (bold, shaded),
then the employee's rows. Which rows are shown is one mask (the search, the column filters,
"toon ongewijzigd"); the model maps through index arrays, so only `data()` looks at single
rows; a status word gives a row its light colour. The view has the same header menu as the
Verzekerden table: a filter per column, clearing them, choosing the columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QContextMenuEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QWidget,
)

from digibord.i18n import tr
from digibord.ui import columns as flat
from digibord.ui.grouped import DATE, MONEY, GroupColumn, GroupedTable
from digibord.ui.table_model import FILTER_MARK
from digibord.ui.table_view import FilterDialog

if TYPE_CHECKING:
    from collections.abc import Collection

# Light backgrounds with dark text: readable in light and dark themes alike.
STATUS_COLOURS = {
    "nieuw": "#dff0d8",
    "vervallen": "#f8dcdc",
    "gewijzigd": "#fcefc7",
    "akkoord": "#dff0d8",
    "verschil": "#f8dcdc",
    "alleen borderel": "#fcefc7",
    "alleen salaris": "#dde8f6",
    "geen werknemersnummer": "#ece3f5",
}
TEXT_ON_COLOUR = QColor("#1b1b1b")
GROUP_COLOUR = "#e8edf3"  # the employee rows with their subtotals
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
WIDTH_SAMPLE = 400  # view rows measured for the column widths
MAX_WIDTH = 360


class GroupedModel(QAbstractTableModel):
    """A flat list: each shown employee's row (bold, shaded, with the subtotals) followed by
    its shown rows. `_line` maps a view row to a table row (>= 0) or to a group (-1 - g), built
    with numpy in one go: no expanding of tree nodes, so 500 000 rows cost no more than 50."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._table: GroupedTable | None = None
        self._groups = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._line = np.zeros(0, dtype=np.int64)
        self._brushes = {k: QBrush(QColor(v)) for k, v in STATUS_COLOURS.items()}
        self._bold = QFont()
        self._bold.setBold(True)
        self._group_brush = QBrush(QColor(GROUP_COLOUR))
        self.filtered: set[str] = set()  # keys of the columns with a filter (header mark)

    @property
    def table(self) -> GroupedTable | None:
        return self._table

    def set_table(self, table: GroupedTable | None, row_mask: np.ndarray | None = None) -> None:
        self.beginResetModel()
        self._table = table
        if table is None:
            self._groups = self._rows = self._line = np.zeros(0, dtype=np.int64)
        else:
            self._groups, self._rows, offsets = table.view(row_mask)
            n_groups = len(self._groups)
            line = np.empty(n_groups + len(self._rows), dtype=np.int64)
            at = offsets[:-1] + np.arange(n_groups)  # each group's line, before its rows
            is_group = np.zeros(len(line), dtype=bool)
            is_group[at] = True
            line[at] = -1 - self._groups
            line[~is_group] = self._rows
            self._line = line
        self.endResetModel()

    def shown_rows(self) -> np.ndarray:
        """Table rows that are shown, in order."""
        return self._rows

    def shown_groups(self) -> np.ndarray:
        """Groups (employees) that are shown, in order."""
        return self._groups

    def group_lines(self) -> np.ndarray:
        """The view rows that are employee rows."""
        return np.flatnonzero(self._line < 0)

    def row_of(self, view_row: int) -> int:
        """The table row shown at `view_row`, -1 for an employee row."""
        v = int(self._line[view_row])
        return v if v >= 0 else -1

    def retranslate(self) -> None:
        if self._table is not None and self._table.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                        len(self._table.columns) - 1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._line)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._table is None:
            return None
        col = self._table.columns[index.column()]
        v = int(self._line[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            if v < 0:
                return "" if col.groups is None else col.text(col.groups[-1 - v])
            return col.text(col.rows[v])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind == MONEY else _LEFT
        if v < 0:
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._group_brush
            if role == Qt.ItemDataRole.ForegroundRole:
                return TEXT_ON_COLOUR
            return None
        if self._table.status is not None and role in (
                Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            brush = self._brushes.get(self._table.status[v])
            if brush is None:
                return None
            return brush if role == Qt.ItemDataRole.BackgroundRole else TEXT_ON_COLOUR
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation != Qt.Orientation.Horizontal or self._table is None
                or not 0 <= section < len(self._table.columns)):
            return None
        col = self._table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.title() + (FILTER_MARK if col.key in self.filtered else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind == MONEY else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("ui.filter.tip_none") if col.key not in self.filtered else None
        return None


def filter_column(col: GroupColumn) -> flat.Column:
    """What the filter dialog needs to know of a column: its heading and whether it takes a
    range (amounts, dates) or "bevat" (texts, months as shown)."""
    kind = {MONEY: flat.MONEY, DATE: flat.DATE}.get(col.kind, flat.TEXT)
    return flat.Column(col.key, col.title_key, kind, np.zeros(0, dtype=np.int64), str)


class GroupedView(QTableView):
    """The list as a table without grid; fixed row heights (as the Verzekerden table), so a
    reset with 500 000 rows measures nothing. `filters` (key -> Filter) are set from the
    header menu; `filters_changed` asks the owner to show the rows again."""

    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filters: dict[str, flat.Filter] = {}
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 6)
        hh = self.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)

    def header(self) -> QHeaderView:
        return self.horizontalHeader()

    def model(self) -> GroupedModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def fit_columns(self, grow_only: bool = False) -> None:
        """Widths from the header and the first rows only, never a pass over all rows; with
        `grow_only` a column only widens (rows shown again must fit, the rest stays put)."""
        model = self.model()
        table = model.table
        if table is None:
            return
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        hfm = self.header().fontMetrics()
        lines = min(model.rowCount(), WIDTH_SAMPLE)
        for c, col in enumerate(table.columns):
            width = hfm.horizontalAdvance(col.title() + FILTER_MARK) + 24
            for r in range(lines):
                cell = model.index(r, c).data() or ""
                metrics = bfm if model.row_of(r) < 0 else fm
                width = max(width, metrics.horizontalAdvance(cell) + 18)
            if col.kind == MONEY:
                width = max(width, bfm.horizontalAdvance("-€ 10.000,00") + 18)
            width = min(width, MAX_WIDTH)
            if grow_only:
                width = max(width, self.columnWidth(c))
            self.setColumnWidth(c, width)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def visible_keys(self) -> list[str]:
        """The keys of the columns shown, in the order shown."""
        table = self.model().table
        if table is None:
            return []
        hh = self.horizontalHeader()
        order = sorted(range(len(table.columns)), key=hh.visualIndex)
        return [table.columns[i].key for i in order if not hh.isSectionHidden(i)]

    def hide_columns(self, keys: Collection[str]) -> None:
        table = self.model().table
        for i, col in enumerate(table.columns if table is not None else []):
            self.horizontalHeader().setSectionHidden(i, col.key in keys)

    def hidden_keys(self) -> list[str]:
        table = self.model().table
        hh = self.horizontalHeader()
        return [c.key for i, c in enumerate(table.columns if table is not None else [])
                if hh.isSectionHidden(i)]

    # --- filters ----------------------------------------------------------------------

    def set_filter(self, key: str, flt: flat.Filter | None) -> None:
        if flt is None:
            self.filters.pop(key, None)
        else:
            self.filters[key] = flt
        self._filters_shown()

    def clear_filters(self) -> None:
        self.filters.clear()
        self._filters_shown()

    def _filters_shown(self) -> None:
        model = self.model()
        model.filtered = set(self.filters)
        if model.columnCount():
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self.filters_changed.emit()

    def edit_filter(self, section: int) -> FilterDialog:
        col = self.model().table.columns[section]
        dialog = FilterDialog(filter_column(col), self.filters.get(col.key), self)
        dialog.setWindowTitle(tr("ui.filter.title", column=col.title()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_filter(col.key, dialog.result_filter))
        self.last_filter_dialog = dialog  # (tests)
        dialog.open()  # no nested event loop
        return dialog

    def header_menu(self, section: int) -> QMenu:
        """The header's context menu for column `section` (built fresh, also for tests)."""
        model = self.model()
        table = model.table
        menu = QMenu(self)
        if table is not None and 0 <= section < len(table.columns):
            col = table.columns[section]
            name = col.title()
            menu.addAction(tr("ui.filter.set", column=name),
                           lambda: self.edit_filter(section)).setObjectName("filter_set")
            clear = menu.addAction(tr("ui.filter.clear", column=name),
                                   lambda: self.set_filter(col.key, None))
            clear.setEnabled(col.key in self.filters)
        menu.addSeparator()
        clear_all = menu.addAction(tr("ui.filter.clear_all"), self.clear_filters)
        clear_all.setEnabled(bool(self.filters))
        columns = menu.addMenu(tr("ui.columns"))
        hh = self.horizontalHeader()
        for i, col in enumerate(table.columns if table is not None else []):
            act = QAction(col.title(), columns)
            act.setCheckable(True)
            act.setChecked(not hh.isSectionHidden(i))
            act.toggled.connect(lambda on, i=i: hh.setSectionHidden(i, not on))
            columns.addAction(act)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right click on a cell, the Menu key or Shift+F10: the header's menu for that
        column (filters are reachable without a mouse too)."""
        if self.model() is None or self.model().columnCount() == 0:
            return
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            section, at = self.columnAt(event.pos().x()), event.globalPos()
        else:
            section = self.currentIndex().column() if self.currentIndex().isValid() \
                else self.horizontalHeader().logicalIndexAt(0)
            rect = self.visualRect(self.currentIndex())
            at = self.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid()
                                              else QPoint(0, 0))
        event.accept()
        menu = self.header_menu(section)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_menu = menu  # (tests)
        menu.popup(at)

    def _header_menu(self, pos: QPoint) -> None:
        section = self.horizontalHeader().logicalIndexAt(pos)
        menu = self.header_menu(section)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_menu = menu
        menu.popup(self.horizontalHeader().mapToGlobal(pos))


class Legend(QWidget):
    """What the row colours mean: per status a small coloured square and its word, as a key on
    a map (plain text, no frame: nothing here looks like a button to press). `set_items`
    again on a language switch."""

    SWATCH = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(2, 0, 0, 0)
        self._layout.setSpacing(4)
        self.labels: dict[str, QLabel] = {}
        self.swatches: dict[str, QLabel] = {}
        self.caption = QLabel()
        self.caption.setObjectName("legend_caption")

    def set_items(self, items: list[tuple[str, str]], caption: str = "") -> None:
        """(status word, text) pairs."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None and item.widget() is not self.caption:
                item.widget().hide()  # at once: deleteLater waits for the event loop
                item.widget().setParent(None)
        self.labels, self.swatches = {}, {}
        self.caption.setText(caption or tr("print.legend.caption"))
        self._layout.addWidget(self.caption)
        self._layout.addSpacing(4)
        for status, text in items:
            name = status.replace(" ", "_")
            swatch = QLabel()
            swatch.setObjectName(f"legend_swatch_{name}")
            swatch.setFixedSize(self.SWATCH, self.SWATCH)
            colour = STATUS_COLOURS.get(status, "white")
            swatch.setStyleSheet(f"background: {colour}; border: 1px solid #9a9a9a;")
            label = QLabel(text)
            label.setObjectName(f"legend_{name}")
            self._layout.addWidget(swatch)
            self._layout.addWidget(label)
            self._layout.addSpacing(10)
            self.labels[status] = label
            self.swatches[status] = swatch
        self._layout.addStretch(1)
