"""A Qt model over a `GroupedTable`: per employee a row with the subtotals (bold, shaded),
then the employee's rows. Which rows are shown is one mask; the model maps through index
arrays, so only `data()` looks at single rows; a status word gives a row its light colour."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
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

    def __init__(self, parent=None):
        super().__init__(parent)
        self._table: GroupedTable | None = None
        self._groups = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._line = np.zeros(0, dtype=np.int64)
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

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._line)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
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


class GroupedView(QTableView):
    """The list as a table without grid; fixed row heights (as the Verzekerden table), so a
    reset with 500 000 rows measures nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setHighlightSections(False)

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
            width = hfm.horizontalAdvance(tr(col.title_key)) + 24
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
