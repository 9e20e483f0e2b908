"""The user's own reading of a payroll journal, where recognition fails or guesses wrong: the
sheet of a workbook, the row with the column headings, and which column holds the personnel
number, the amount withheld, the pay component, or (one column per component) the premie,
correctie and bijdrage. Each choice the user makes is kept; everything else is left to
recognition (`JournalPick` fields None). The form always shows what is in effect: the
recognised column, or the one picked.

The journal's shape follows from the columns picked: a pay-component column means one row per
component, premie/correctie/bijdrage columns mean one column per component, "(geen)" as the
pay-component column means one amount per employee."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from digibord.formats.payroll_journal import (
    ComponentCodes,
    JournalPick,
    JournalPreview,
    JournalShape,
)
from digibord.formats.sheet_columns import column_letter
from digibord.i18n import tr
from digibord.ui.journal_preview import (
    AMOUNT,
    COMPONENT,
    EMPLOYEE,
    KIND_ROLES,
    PICKABLE,
    column_roles,
)

NONE = -1  # "(geen)": this journal has no such column
OPTIONAL = (COMPONENT, *KIND_ROLES)  # may be "(geen)"
MAX_TITLE_ROWS = 20


def likely_heading_row(preview: JournalPreview) -> int:
    """Where the headings probably are when none were recognised: the first of the fullest
    rows among the first non-blank ones (a title row fills one cell)."""
    rows = [i for i, r in enumerate(preview.cells) if any(r)][:MAX_TITLE_ROWS + 1]
    if not rows:
        return 0
    return max(rows, key=lambda i: (sum(1 for c in preview.cells[i] if c), -i))


class JournalPickForm(QWidget):
    """`changed` when the user chose something; `pick()` is then the JournalPick to read with."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("journal_pick")
        self.preview: JournalPreview | None = None
        self.codes = ComponentCodes()
        self._sheets: tuple[str, ...] = ()
        self._sheet: str | None = None  # the user's choices; None = recognise
        self._row: int | None = None
        self._explicit: dict[str, int] = {}  # role -> column, or NONE
        self._shown_row = 0  # the heading row the combos take their texts from

        self.sheet = QComboBox()
        self.sheet.setObjectName("journal_sheet")
        self.sheet.activated.connect(self._sheet_chosen)
        self.row = QSpinBox()
        self.row.setObjectName("journal_heading_row")
        self.row.setKeyboardTracking(False)  # typed numbers count on Enter or leaving
        self.row.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 40)
        self.row.valueChanged.connect(self._row_typed)
        # Enter takes the row shown, also when it is the one proposed (no change to signal)
        self.row.lineEdit().returnPressed.connect(lambda: self._row_typed(self.row.value()))
        self.boxes: dict[str, QComboBox] = {}
        for role in PICKABLE:
            box = QComboBox()
            box.setObjectName(f"journal_column_{role}")
            box.setMinimumContentsLength(16)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.activated.connect(lambda _i, r=role: self._column_chosen(r))
            self.boxes[role] = box
        self.recognise = QPushButton()
        self.recognise.setObjectName("journal_recognise")
        self.recognise.setAutoDefault(False)
        self.recognise.clicked.connect(self.reset)
        self.labels = {key: QLabel() for key in ("sheet", "row", *PICKABLE)}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.labels["sheet"], self.sheet)
        form.addRow(self.labels["row"], self.row)
        for role in PICKABLE:
            form.addRow(self.labels[role], self.boxes[role])
        form.addRow("", self.recognise)
        self.form = form
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        self.labels["sheet"].setText(tr("ui.check.sheet"))
        self.labels["row"].setText(tr("ui.check.heading_row"))
        for role in PICKABLE:
            self.labels[role].setText(tr(f"ui.check.column.{role}",
                                         code=getattr(self.codes, role, "")))
            self.boxes[role].setPlaceholderText(tr("ui.check.choose_column"))
        self.recognise.setText(tr("ui.check.recognise"))
        self.recognise.setToolTip(tr("ui.check.recognise_tip"))
        if self.preview is not None:
            self.show_preview(self.preview)

    # --- what the user chose ------------------------------------------------------------

    def start(self) -> None:
        """A new file: nothing chosen yet."""
        self._sheets = ()
        self._sheet = None
        self._row = None
        self._explicit = {}
        self.preview = None

    def reset(self) -> None:
        """Opnieuw herkennen: forget the choices (the sheet too) and recognise again."""
        self._sheet = None
        self._row = None
        self._explicit = {}
        self.changed.emit()

    @property
    def chosen(self) -> bool:
        return self._sheet is not None or self._row is not None or bool(self._explicit)

    def choose_row(self, index: int) -> None:
        """Row `index` of the preview holds the headings (a click on its number)."""
        if self.preview is None or not 0 <= index < len(self.preview.cells):
            return
        self._row = index
        self.changed.emit()

    def choose_column(self, column: int, role: str) -> None:
        """Column `column` (0-based) holds `role`; NONE: there is no such column."""
        if column != NONE:  # one column plays one part
            self._explicit = {r: c for r, c in self._explicit.items() if c != column}
        if role == COMPONENT and column != NONE:  # one row per component: no kind columns
            for kind in KIND_ROLES:
                self._explicit.pop(kind, None)
        if role in KIND_ROLES and column != NONE:  # one column per component
            self._explicit.pop(COMPONENT, None)
        self._explicit[role] = column
        if self._row is None:  # the columns belong to the headings the form shows
            self._row = self._shown_row
        self.changed.emit()

    def choose_sheet(self, name: str) -> None:
        self._sheet = name
        self._row = None  # another sheet, another layout
        self._explicit = {}
        self.changed.emit()

    def pick(self) -> JournalPick:
        if not self.chosen:
            return JournalPick()
        given = self._explicit
        kinds = self._kind_columns()
        shape = None
        if any(kind in given for kind in KIND_ROLES) and kinds:
            shape = JournalShape.COLUMN_PER_COMPONENT
        elif given.get(COMPONENT, NONE) != NONE:
            shape = JournalShape.PER_COMPONENT
        elif given.get(COMPONENT) == NONE:
            shape = JournalShape.PER_EMPLOYEE

        def col(role):
            value = given.get(role)
            return None if value is None or value == NONE else value

        return JournalPick(
            sheet=self._sheet, heading_row=self._row, employee=col(EMPLOYEE),
            amount=col(AMOUNT), component=col(COMPONENT),
            component_columns=kinds if shape == JournalShape.COLUMN_PER_COMPONENT else (),
            shape=shape)

    def _kind_columns(self) -> tuple[tuple[int, str], ...]:
        """premie/correctie/bijdrage columns: those picked, else those recognised."""
        shown = self._effective()
        out = []
        for kind in KIND_ROLES:
            value = self._explicit.get(kind, shown.get(kind, NONE))
            if value != NONE:
                out.append((value, kind))
        return tuple(out)

    def _effective(self) -> dict[str, int]:
        """role -> column in effect: recognised (in the last preview) or picked."""
        found = {}
        if self.preview is not None:
            found = {role: col for col, role in column_roles(self.preview.columns).items()}
        return {**found, **self._explicit}

    # --- showing a preview ----------------------------------------------------------------

    def show_preview(self, preview: JournalPreview) -> None:
        """Fill the choices from a preview (its headings, what is in effect), without
        emitting `changed`."""
        self.preview = preview
        if len(preview.sheets) > len(self._sheets):
            self._sheets = preview.sheets  # a sheet picked lists only itself
        self.setEnabled(True)
        self.sheet.clear()
        for name in self._sheets:
            self.sheet.addItem(name, name)
        self.sheet.setCurrentIndex(self.sheet.findData(preview.sheet))
        self.sheet.setEnabled(len(self._sheets) > 1)
        self.sheet.setPlaceholderText(tr("ui.check.no_sheets") if not self._sheets else "")

        numbers = [n for n in preview.row_numbers if n > 0] or [0]
        if preview.heading_row is not None:
            self._shown_row = preview.heading_row
        elif self._row is not None and self._row < len(preview.cells):
            self._shown_row = self._row
        else:
            self._shown_row = likely_heading_row(preview)
        self.row.blockSignals(True)
        self.row.setRange(min(numbers), max(numbers))
        if self._shown_row < len(preview.row_numbers):
            self.row.setValue(preview.row_numbers[self._shown_row])
        self.row.blockSignals(False)

        headings = preview.cells[self._shown_row] if preview.cells else ()
        effective = self._effective()
        for role, box in self.boxes.items():
            box.clear()
            if role in OPTIONAL:
                box.addItem(tr("ui.check.no_column"), NONE)
            for i, heading in enumerate(headings):
                text = f"{column_letter(i)}: {heading}" if heading else column_letter(i)
                box.addItem(text, i)
            box.setCurrentIndex(box.findData(effective.get(role, NONE)))

    def picked_row(self) -> int | None:
        """The heading row the user chose (index into the preview's rows), or None."""
        return self._row

    def picked_columns(self) -> dict[int, str]:
        """column -> role, as the user chose them ("(geen)" left out)."""
        return {col: role for role, col in self._explicit.items() if col != NONE}

    # --- the widgets' own signals (the user only) ----------------------------------------

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet.currentData()
        if name is not None and name != (self.preview.sheet if self.preview else None):
            self.choose_sheet(name)

    def _row_typed(self, number: int) -> None:
        if self.preview is None:
            return
        later = [i for i, n in enumerate(self.preview.row_numbers) if n >= number]
        if later and later[0] != self._row:
            self.choose_row(later[0])

    def _column_chosen(self, role: str) -> None:
        value = self.boxes[role].currentData()
        if value is not None:
            self.choose_column(int(value), role)
