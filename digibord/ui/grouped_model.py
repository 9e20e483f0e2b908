"""A two-level Qt model over a `GroupedTable`: employees (with their subtotals, bold) and under
each its rows. Which rows are shown is one mask; the model maps through index arrays, so only
`data()` looks at single rows, and a status word gives a row its (light) background colour."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeView,
    QWidget,
)

from digibord.i18n import tr
from digibord.ui.grouped import MONEY, GroupedTable

# Light backgrounds with dark text: readable in light and dark themes alike.
STATUS_COLOURS = {
    "nieuw": "#dff0d8",
    "vervallen": "#f8dcdc",
    "gewijzigd": "#fcefc7",
    "akkoord": "#dff0d8",
    "verschil": "#f8dcdc",
    "alleen borderel": "#fcefc7",
    "alleen salaris": "#dde8f6",
}
TEXT_ON_COLOUR = QColor("#1b1b1b")
GROUP_COLOUR = "#e8edf3"  # the employee rows with their subtotals
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_GROUP = 0  # internal id of a group row; a child row's id is its group's position + 1
WIDTH_SAMPLE = 200
MAX_WIDTH = 360


class GroupedModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._table: GroupedTable | None = None
        self._groups = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._brushes = {k: QBrush(QColor(v)) for k, v in STATUS_COLOURS.items()}
        self._bold = QFont()
        self._bold.setBold(True)
        self._group_brush = QBrush(QColor(GROUP_COLOUR))

    @property
    def table(self) -> GroupedTable | None:
        return self._table

    def set_table(self, table: GroupedTable | None, row_mask: np.ndarray | None = None) -> None:
        self.beginResetModel()
        self._table = table
        if table is None:
            self._groups = np.zeros(0, dtype=np.int64)
            self._rows = np.zeros(0, dtype=np.int64)
            self._offsets = np.zeros(1, dtype=np.int64)
        else:
            self._groups, self._rows, self._offsets = table.view(row_mask)
        self.endResetModel()

    def shown_rows(self) -> np.ndarray:
        """Row numbers (into the table) that are shown, in order."""
        return self._rows

    def shown_groups(self) -> np.ndarray:
        return self._groups

    def retranslate(self) -> None:
        if self._table is not None and self._table.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                        len(self._table.columns) - 1)

    # --- structure --------------------------------------------------------------------

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        ident = index.internalId()
        if ident == _GROUP:
            return QModelIndex()
        return self.createIndex(ident - 1, 0, _GROUP)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != _GROUP or parent.column() != 0:
            return 0
        g = parent.row()
        return int(self._offsets[g + 1] - self._offsets[g])

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self._table.columns) if self._table is not None else 0

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    # --- cells ------------------------------------------------------------------------

    def row_of(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The table row of a child index (-1 for a group row)."""
        ident = index.internalId()
        if ident == _GROUP:
            return -1
        return int(self._rows[self._offsets[ident - 1] + index.row()])

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._table is None:
            return None
        col = self._table.columns[index.column()]
        group_row = index.internalId() == _GROUP
        if role == Qt.ItemDataRole.DisplayRole:
            if group_row:
                if col.groups is None:
                    return ""
                return col.text(col.groups[self._groups[index.row()]])
            return col.text(col.rows[self.row_of(index)])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind == MONEY else _LEFT
        if group_row:
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._group_brush
            if role == Qt.ItemDataRole.ForegroundRole:
                return TEXT_ON_COLOUR
            return None
        if self._table.status is not None and not group_row and role in (
                Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            brush = self._brushes.get(self._table.status[self.row_of(index)])
            if brush is None:
                return None
            return brush if role == Qt.ItemDataRole.BackgroundRole else TEXT_ON_COLOUR
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation != Qt.Orientation.Horizontal or self._table is None
                or not 0 <= section < len(self._table.columns)):
            return None
        col = self._table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(col.title_key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.kind == MONEY else _LEFT
        return None


class GroupedView(QTreeView):
    """The tree: uniform row heights (no measuring per row), groups expanded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.header().setStretchLastSection(False)
        self.header().setSectionsMovable(False)

    def model(self) -> GroupedModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def show_all(self) -> None:
        self.expandAll()
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widths from the header and the first rows only, never a pass over all rows."""
        model = self.model()
        table = model.table
        if table is None:
            return
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        hfm = self.header().fontMetrics()
        n_groups = min(model.rowCount(), WIDTH_SAMPLE)
        samples: list[tuple[int, QModelIndex]] = []
        for g in range(n_groups):
            parent = model.index(g, 0)
            samples.append((1, parent))
            for r in range(min(model.rowCount(parent), 8)):
                samples.append((0, model.index(r, 0, parent)))
        for c, col in enumerate(table.columns):
            width = hfm.horizontalAdvance(tr(col.title_key)) + 24
            for is_group, idx in samples:
                cell = idx.siblingAtColumn(c).data() or ""
                width = max(width, (bfm if is_group else fm).horizontalAdvance(cell) + 18)
            if col.kind == MONEY:
                width = max(width, bfm.horizontalAdvance("-€ 10.000,00") + 18)
            if c == 0:  # the rows under an employee stand one level in, plus the arrow
                width += 2 * self.indentation()
            self.setColumnWidth(c, min(width, MAX_WIDTH))
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


class Legend(QWidget):
    """A row of coloured labels explaining the status colours; `set_items` again on a language
    switch."""

    STYLE = "padding: 2px 8px; border: 1px solid #b8b8b8; border-radius: 3px; color: #1b1b1b;"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.labels: dict[str, QLabel] = {}

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """(status word, text) pairs."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:  # at once: deleteLater waits for the event loop
                item.widget().hide()
                item.widget().setParent(None)
        self.labels = {}
        for status, text in items:
            label = QLabel(text)
            label.setObjectName(f"legend_{status.replace(' ', '_')}")
            colour = STATUS_COLOURS.get(status, "white")
            label.setStyleSheet(f"{self.STYLE} background: {colour};")
            self._layout.addWidget(label)
            self.labels[status] = label
        self._layout.addStretch(1)
