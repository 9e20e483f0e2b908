"""A Qt table model over a `ColumnTable`: rows are mapped through one index array (sort order ∩
filter mask), so sorting and filtering are numpy work and only `data()` touches single rows.

Reusable for every report table: give it another ColumnTable."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from digibord.i18n import tr
from digibord.ui.columns import (
    MONEY,
    NUMBER,
    Column,
    ColumnTable,
    Filter,
    RangeFilter,
    TextFilter,
)

FILTER_MARK = " ▾"  # shown after a filtered column's header, like the portal's header arrows
RawRole = Qt.ItemDataRole.UserRole + 1  # the int64 value behind a cell
SourceRowRole = Qt.ItemDataRole.UserRole + 2  # the row in the ColumnTable
# data() is called for every role of every visible cell on each paint: plain ints compare
# several times faster than Qt's enums, and roles it does not serve return at once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RAW = int(RawRole)
_SOURCE_ROW = int(SourceRowRole)
_SERVED = frozenset((_DISPLAY, _ALIGN, _RAW, _SOURCE_ROW))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# asked once per cell on each paint: made once (or-ing Qt's flags costs two enum calls)
_CELL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemNeverHasChildren)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
# From this many rows a sort on a column not ready yet waits (see defer_unready_sort); below,
# making its data here costs a few milliseconds and the sort shows at once.
DEFER_SORT_ROWS = 20_000


class ColumnTableModel(QAbstractTableModel):
    view_changed = Signal()  # after sort, filter, search or a new table: counts/totals change

    def __init__(self, table: ColumnTable | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._table = table or ColumnTable([])
        self._sort: tuple[int, bool] | None = None
        self._filters: dict[str, Filter] = {}
        self._search = ""
        self._unmasked = False
        # A view whose tables a worker completes (Verzekerden) sets this: a sort on a column
        # whose sort data is not made yet waits for `apply_waiting_sort` instead of making it
        # here on the UI thread (a remembered sort would otherwise pause the first screen).
        self.defer_unready_sort = False
        self._sort_waiting = False
        self._rows = np.arange(self._table.n_rows, dtype=np.int64)

    # --- the table and its view -------------------------------------------------------

    @property
    def table(self) -> ColumnTable:
        return self._table

    def set_table(self, table: ColumnTable | None) -> None:
        """Show another table; sort, filters and search stay (filters of unknown columns go)."""
        self.beginResetModel()
        self._table = table or ColumnTable([])
        keys = {c.key for c in self._table.columns}
        self._filters = {k: f for k, f in self._filters.items() if k in keys}
        if self._sort is not None and self._sort[0] >= len(self._table.columns):
            self._sort = None
        self._rows = self._compute_rows()
        self.endResetModel()
        self.view_changed.emit()

    def _compute_rows(self, defer: bool = True) -> np.ndarray:
        sort = self._sort
        self._sort_waiting = False
        if (sort is not None and defer and self.defer_unready_sort
                and self._table.n_rows >= DEFER_SORT_ROWS
                and not self._table.columns[sort[0]].ready):
            self._sort_waiting, sort = True, None  # file order until the sort data is there
        return self._table.view_rows(sort, self._filters, self._search)

    @property
    def sort_waiting(self) -> bool:
        """A sort was asked for and is not applied yet (its column's data is being made)."""
        return self._sort_waiting

    def apply_waiting_sort(self, force: bool = False) -> None:
        """Apply the sort that waited, once its column is ready (`force`: make its data now,
        when no worker is going to)."""
        if not self._sort_waiting or self._sort is None:
            return
        if not force and not self._table.columns[self._sort[0]].ready:
            return
        self._resort(defer=False)

    def visible_rows(self) -> np.ndarray:
        """Source rows in view order (read-only)."""
        return self._rows

    def source_row(self, view_row: int) -> int:
        return int(self._rows[view_row])

    def view_row(self, source_row: int) -> int:
        """Where a source row is shown, -1 when filtered out."""
        hits = np.flatnonzero(self._rows == source_row)
        return int(hits[0]) if len(hits) else -1

    def column_sum(self, key: str) -> int:
        """Sum of an integer column over the visible rows (exact int64)."""
        raw = self._table.column(key).raw
        if len(self._rows) == len(raw):  # every row shown, in whatever order: the same sum
            return int(raw.sum())
        return int(raw[self._rows].sum())

    # --- sorting, filters, search -----------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._table.columns):
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._resort()

    def _resort(self, defer: bool = True) -> None:
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        self._rows = self._compute_rows(defer)
        self._move_persistent(old_rows)
        self.layoutChanged.emit()
        self.view_changed.emit()

    def _move_persistent(self, old_rows: np.ndarray) -> None:
        """Selection and current cell follow their rows through a sort (vectorised)."""
        persistent = self.persistentIndexList()
        if not persistent:
            return
        where = np.full(self._table.n_rows, -1, dtype=np.int64)
        where[self._rows] = np.arange(len(self._rows))
        olds = np.array([p.row() for p in persistent], dtype=np.int64)
        news = where[old_rows[olds]]
        moved = [self.index(int(r), p.column()) for p, r in zip(persistent, news, strict=True)]
        self.changePersistentIndexList(persistent, moved)

    def filters(self) -> dict[str, Filter]:
        return dict(self._filters)

    def set_filter(self, key: str, flt: Filter | None) -> None:
        if flt is None:
            self._filters.pop(key, None)
        else:
            self._filters[key] = flt
        self._refilter()
        ci = self._table.index(key)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, ci, ci)

    def clear_filters(self) -> None:
        self._filters.clear()
        self._search = ""
        self._refilter()
        if self._table.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                        len(self._table.columns) - 1)

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self._refilter()

    def search(self) -> str:
        return self._search

    def _refilter(self) -> None:
        self.beginResetModel()  # row count changes: a reset is the honest signal
        self._rows = self._compute_rows()
        self.endResetModel()
        self.view_changed.emit()

    def set_unmasked(self, unmasked: bool) -> None:
        """Show masked columns (BSN) in full or masked."""
        self._unmasked = unmasked
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    # --- QAbstractTableModel ----------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        role = int(role)
        if role not in _SERVED or not index.isValid():
            return None
        col = self._table.columns[index.column()]
        if role == _ALIGN:
            return _RIGHT if col.kind in (MONEY, NUMBER) else _LEFT
        row = int(self._rows[index.row()])
        if role == _DISPLAY:
            return self.cell_text(col, row)
        if role == _RAW:
            return int(col.raw[row])
        return row  # _SOURCE_ROW

    def cell_text(self, col: Column, row: int) -> str:
        """What a cell of source row `row` shows (BSN masked unless asked)."""
        if col.masked is not None and not self._unmasked:
            return col.masked(row)
        return col.display(row)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._table.columns):
            return None
        col = self._table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = FILTER_MARK if col.key in self._filters else ""
            return tr(col.title_key) + mark
        if role == Qt.ItemDataRole.ToolTipRole:
            flt = self._filters.get(col.key)
            if isinstance(flt, TextFilter):
                return tr("ui.filter.tip_text", text=flt.needle)
            if isinstance(flt, RangeFilter):
                return tr("ui.filter.tip_range")
            return tr("ui.filter.tip_none")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else _NO_FLAGS
