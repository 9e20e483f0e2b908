"""The first rows of a payroll journal as a table, showing what was recognised in it: the row
with the column headings highlighted, each column that is read marked with what it holds, the
cell a refusal is about in red. Row numbers are the file's own (line or sheet row), columns
are lettered as in a spreadsheet.

Clicking a row number picks that row as the heading row; clicking a column letter (or the
right mouse button on a cell) picks what the column holds. The table only reports those
choices (`row_picked`, `role_picked`); `journal_pick.JournalPickForm` keeps them."""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from digibord.formats.payroll_journal import ColumnRoles, ComponentCodes, JournalPreview
from digibord.formats.sheet_columns import column_letter, letter_number
from digibord.i18n import tr

# what a column can hold; the value is the suffix of its words `ui.check.role.<role>`
EMPLOYEE, AMOUNT, COMPONENT = "employee", "amount", "component"
PREMIE, CORRECTIE, BIJDRAGE = "premie", "correctie", "bijdrage"
NAME = "name"  # recognised only, never picked: the employee's name for rows only payroll has
PICKABLE = (EMPLOYEE, AMOUNT, COMPONENT, PREMIE, CORRECTIE, BIJDRAGE)
KIND_ROLES = (PREMIE, CORRECTIE, BIJDRAGE)  # one column per pay component

HEADING_COLOUR = "#c9d9f0"
REFUSED_COLOUR = "#f2b8b5"
ROLE_COLOURS = {EMPLOYEE: "#e2f0d9", AMOUNT: "#fcefc7", PREMIE: "#fcefc7",
                CORRECTIE: "#fcefc7", BIJDRAGE: "#fcefc7", COMPONENT: "#dde8f6"}
TEXT_COLOUR = QColor("#1b1b1b")
TITLE_ROW_COLOUR = QColor("#707070")  # rows above the headings: titles, not data
READ_WIDTH, OTHER_WIDTH = 280, 150  # most pixels a preview column gets
_CELL = re.compile(r"^(?:(?P<sheet>.*)!)?(?P<col>[A-Z]+)(?P<row>\d+)$")


def column_roles(columns: ColumnRoles | None) -> dict[int, str]:
    """Column position -> what it holds, for the columns that are read (and the name)."""
    if columns is None:
        return {}
    roles = {}
    if columns.name is not None:
        roles[columns.name] = NAME
    for col, kind in columns.component_columns:
        roles[col] = kind
    if columns.component is not None:
        roles[columns.component] = COMPONENT
    if columns.amount is not None:
        roles[columns.amount] = AMOUNT
    roles[columns.employee] = EMPLOYEE
    return roles


def role_word(role: str, codes: ComponentCodes | None = None) -> str:
    """`personeelsnummer`, `premie (7500)`: what the column header says a column holds."""
    if role in KIND_ROLES and codes is not None:
        return tr("ui.check.role_code", role=tr(f"ui.check.role.{role}"),
                  code=getattr(codes, role))
    return tr(f"ui.check.role.{role}")


def cell_position(preview: JournalPreview, cell: str) -> tuple[int, int] | None:
    """(row index, column) in the preview of a cell named as a refusal names it
    (`Blad1!D7`); None when it is not among the rows shown or on another sheet."""
    m = _CELL.match(cell or "")
    if m is None:
        return None
    if m["sheet"] is not None and preview.sheet is not None and m["sheet"] != preview.sheet:
        return None
    number = int(m["row"])
    if number not in preview.row_numbers:
        return None
    col = letter_number(m["col"])
    width = len(preview.cells[0]) if preview.cells else 0
    return (preview.row_numbers.index(number), col) if col < width else None


def skipped_rows(preview: JournalPreview | None, heading_row: int | None,
                 roles: dict[int, str], codes: ComponentCodes | None) -> set[int]:
    """Rows below the headings that the reader passes over, to grey them: no personnel number
    (blank, subtotal), or, one row per component, a pay component that is not one of the
    profile's (salary, tax, pension). Totals rows with a number say so in the reader's
    message; they are not guessed here."""
    if preview is None or heading_row is None:
        return set()
    by_role = {r: c for c, r in roles.items()}
    below = list(range(heading_row + 1, len(preview.cells)))
    employee = by_role.get(EMPLOYEE)
    out = set()
    if employee is not None:
        out |= {r for r in below if not preview.cells[r][employee]}
    component = by_role.get(COMPONENT)
    if component is not None and codes is not None and below:
        kinds = codes.kinds([preview.cells[r][component] for r in below])
        out |= {r for r, kind in zip(below, kinds, strict=True) if not kind}
    return out


class JournalPreviewModel(QAbstractTableModel):
    """The preview's cells; `roles` and `heading_row` are what the reader recognised (or the
    user picked), `refused` the cell a refusal names."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.preview: JournalPreview | None = None
        self.roles: dict[int, str] = {}
        self.heading_row: int | None = None
        self.refused: tuple[int, int] | None = None
        self.refusal = ""
        self.ignored: set[int] = set()  # rows below the headings that are not read
        self.codes: ComponentCodes | None = None
        self._brushes = {k: QBrush(QColor(v)) for k, v in ROLE_COLOURS.items()}
        self._heading_brush = QBrush(QColor(HEADING_COLOUR))
        self._refused_brush = QBrush(QColor(REFUSED_COLOUR))
        self._bold = QFont()
        self._bold.setBold(True)

    def set_preview(self, preview: JournalPreview | None, codes: ComponentCodes | None = None,
                    picked_row: int | None = None, picked: dict[int, str] | None = None
                    ) -> None:
        """`picked_row`, `picked` (column -> role): the user's choices, shown where the
        reader recognised nothing (yet)."""
        self.beginResetModel()
        self.preview = preview
        self.codes = codes
        self.roles = column_roles(preview.columns) if preview is not None else {}
        self.heading_row = preview.heading_row if preview is not None else None
        if preview is not None and preview.columns is None:
            self.heading_row = picked_row
            self.roles = dict(picked or {})
        self.refused = None
        self.refusal = ""
        if preview is not None and preview.reason and preview.cell:
            self.refused = cell_position(preview, preview.cell)
            self.refusal = preview.reason
        self.ignored = skipped_rows(preview, self.heading_row, self.roles, codes)
        self.endResetModel()

    def _not_read(self, row: int) -> bool:
        """A title row above the headings, or a row below them that the reader skips."""
        above = self.heading_row is not None and row < self.heading_row
        return above or row in self.ignored

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.preview is None:
            return 0
        return len(self.preview.cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.preview is None or not self.preview.cells:
            return 0
        return len(self.preview.cells[0])

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.preview is None:
            return None
        row, col = index.row(), index.column()
        refused = self.refused == (row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.preview.cells[row][col]
        if role == Qt.ItemDataRole.BackgroundRole:
            if refused:
                return self._refused_brush
            if row == self.heading_row:
                return self._heading_brush
            if self._not_read(row):
                return None
            return self._brushes.get(self.roles.get(col, ""))
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._not_read(row) and not refused:
                return TITLE_ROW_COLOUR
            return TEXT_COLOUR if refused or row == self.heading_row or col in self.roles \
                else None
        if role == Qt.ItemDataRole.FontRole and (row == self.heading_row or refused):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if refused:
                return self.refusal
            if row in self.ignored:
                return tr("ui.check.row_not_read")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.preview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self.preview.row_numbers):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                number = self.preview.row_numbers[section]
                return str(number) if number > 0 else "–"
            if role == Qt.ItemDataRole.FontRole and section == self.heading_row:
                return self._bold
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("ui.check.row_tip")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            held = self.roles.get(section)
            word = role_word(held, self.codes) if held is not None else ""
            return f"{column_letter(section)}\n{word}"
        if role == Qt.ItemDataRole.FontRole and section in self.roles:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("ui.check.column_tip")
        return None


class JournalPreviewView(QTableView):
    """The preview table. `row_picked(row index)`; `role_picked(column, role)`."""

    row_picked = Signal(int)
    role_picked = Signal(int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("journal_preview")
        self.preview_model = JournalPreviewModel(self)
        self.setModel(self.preview_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._cell_menu)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 6)
        vh.setSectionsClickable(True)
        vh.sectionClicked.connect(self.row_picked.emit)
        hh = self.horizontalHeader()
        hh.setSectionsClickable(True)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.sectionClicked.connect(self._header_clicked)
        self.menu: QMenu | None = None  # the last role menu (tests pick from it)

    def set_preview(self, preview: JournalPreview | None, codes: ComponentCodes | None = None,
                    picked_row: int | None = None, picked: dict[int, str] | None = None
                    ) -> None:
        self.preview_model.set_preview(preview, codes, picked_row, picked)
        self._fit_columns()
        refused = self.preview_model.refused
        if refused is not None:
            self.scrollTo(self.preview_model.index(*refused),
                          QAbstractItemView.ScrollHint.PositionAtCenter)
        else:  # from the top: the title rows above the headings are part of the picture
            self.scrollToTop()

    def _fit_columns(self) -> None:
        """Widths from the cells shown (there are few), never wider than a third of the view."""
        bold = self.font()
        bold.setBold(True)  # the heading row and the marked columns are bold
        fm = QFontMetrics(bold)
        model = self.preview_model
        for col in range(model.columnCount()):
            texts = [model.headerData(col, Qt.Orientation.Horizontal) or ""]
            first = model.heading_row or 0  # a title above the headings may spill over
            texts += [str(model.index(r, col).data() or "")
                      for r in range(first, model.rowCount())]
            widest = max(fm.horizontalAdvance(line) for t in texts for line in t.split("\n"))
            # the columns read in full; the others narrower, so that the amount stays in view
            cap = READ_WIDTH if col in model.roles else OTHER_WIDTH
            self.setColumnWidth(col, min(cap, widest + 18))

    def role_menu(self, column: int) -> QMenu:
        """What column `column` holds: one action per pickable role."""
        menu = QMenu(self)
        menu.setObjectName("journal_role_menu")
        codes = self.preview_model.codes
        title = menu.addAction(tr("ui.check.column_menu", column=column_letter(column)))
        title.setEnabled(False)
        for role in PICKABLE:
            act = QAction(tr(f"ui.check.pick.{role}", code=getattr(codes, role, "")
                             if role in KIND_ROLES else ""), menu)
            act.setObjectName(f"journal_role_{role}")
            act.setCheckable(True)
            act.setChecked(self.preview_model.roles.get(column) == role)
            act.triggered.connect(lambda _c=False, r=role: self.role_picked.emit(column, r))
            menu.addAction(act)
        self.menu = menu
        return menu

    def _header_clicked(self, column: int) -> None:
        hh = self.horizontalHeader()
        x = hh.sectionViewportPosition(column)
        self.role_menu(column).popup(hh.mapToGlobal(QPoint(x, hh.height())))

    def _cell_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        menu = self.role_menu(index.column())
        menu.addSeparator()
        number = self.preview_model.headerData(index.row(), Qt.Orientation.Vertical)
        act = menu.addAction(tr("ui.check.pick.heading_row", row=number))
        act.setObjectName("journal_pick_row")
        row = index.row()
        act.triggered.connect(lambda _c=False: self.row_picked.emit(row))
        menu.popup(self.viewport().mapToGlobal(pos))


def recognised_text(preview: JournalPreview, codes: ComponentCodes | None, chosen: bool) -> str:
    """What was read from the journal, in an administrator's words, one line each: the shape,
    the sheet, the heading row and per column what it holds."""
    if preview.columns is None:
        return tr("ui.check.found.none")
    lines = [tr("ui.check.found.picked" if chosen else "ui.check.found.auto"),
             tr("ui.check.found.shape", shape=tr(f"payroll.shape.{preview.shape.key}"))]
    if preview.sheet:
        lines.append(tr("ui.check.found.sheet", sheet=preview.sheet))
    row = preview.heading_row
    lines.append(tr("ui.check.found.row", row=preview.row_numbers[row]))
    headings = preview.cells[row]
    roles = column_roles(preview.columns)
    order = {r: i for i, r in enumerate((EMPLOYEE, NAME, COMPONENT, AMOUNT, *KIND_ROLES))}
    for col, held in sorted(roles.items(), key=lambda item: order[item[1]]):
        word = role_word(held, codes)
        lines.append(tr("ui.check.found.column", role=word[:1].upper() + word[1:],
                        letter=column_letter(col),
                        heading=headings[col] if col < len(headings) else ""))
    return "\n".join(lines)
