"""One insured person the way the insurer's portal shows the policy: per product the gross
premium, collective discount (with %), other discount and net premium; basis and aanvullend
subtotals and the total; below it the person's corrections and the family, each clickable."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digibord.app.history import person_history
from digibord.archive import ArchiveError
from digibord.errors import CommandRefused
from digibord.formats.borderel import MUTATION_CODES, month_text, relation_text
from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.reconcile.insured_list import PersonPolicy, mask_bsn, person_policy
from digibord.ui import settings as ui_settings
from digibord.ui.dialogs import ErrorDialog
from digibord.ui.documents import OpenedBorderel
from digibord.ui.screen_fit import FittedDialog
from digibord.ui.worker import Worker

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def date_nl(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d-%m-%Y")


def mutation_meaning(code: str) -> str:
    key = MUTATION_CODES.get(code, "")
    text = tr(key) if key else ""
    return "" if text == key else text


def _table(headers: list[str], money_from: int, stretch: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setProperty("money_from", money_from)
    return table


def _add_row(table: QTableWidget, values: list[str], bold: bool = False) -> None:
    r = table.rowCount()
    table.insertRow(r)
    money_from = table.property("money_from")
    for c, value in enumerate(values):
        item = QTableWidgetItem(value)
        if c >= money_from:
            item.setTextAlignment(RIGHT)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        table.setItem(r, c, item)


def _fit_height(table: QTableWidget) -> None:
    """Small tables show all their rows without a scroll bar of their own."""
    h = table.horizontalHeader().height() + 2 * table.frameWidth()
    h += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(h + 2)


class PersonDialog(FittedDialog):
    def __init__(self, doc: OpenedBorderel, relation_number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("person_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc = doc
        self.result = doc.prepared["insured"].result
        self.history: list[int] = []
        self.policy: PersonPolicy | None = None
        self.worker = Worker(self)
        self.months = None  # reconcile.history.PersonHistory of the person shown, once read
        self._months_of = None  # the relatienummer `months` (or its reading) is for

        self.form = QFormLayout()
        self.products = _table([tr("ui.person.product"), tr("ui.person.gross"),
                                tr("ui.person.collective"), tr("ui.person.percent"),
                                tr("ui.person.other"), tr("ui.person.net")], 1)
        self.products.setObjectName("person_products")
        self.corrections = _table([tr("ui.person.premium_month"), tr("ui.person.product"),
                                   tr("ui.person.mutation_code"), tr("ui.person.mutation_date"),
                                   tr("ui.person.gross"), tr("ui.person.discounts"),
                                   tr("ui.person.net")], 4, stretch=1)
        self.corrections.setObjectName("person_corrections")
        self.no_corrections = QLabel(tr("ui.person.no_corrections"))
        self.family = _table([tr("ui.col.role"), tr("ui.col.relation_number"),
                              tr("ui.col.name"), tr("ui.col.total")], 3, stretch=2)
        self.family.setObjectName("person_family")
        self.family.setToolTip(tr("ui.person.family_tip"))
        self.family.cellActivated.connect(self._family_clicked)
        self.family.cellClicked.connect(self._family_clicked)
        self.back = QPushButton(tr("ui.person.back"))
        self.back.clicked.connect(self.go_back)

        policy_page = QWidget()
        layout = QVBoxLayout(policy_page)
        layout.addLayout(self.form)
        for title, widget in ((tr("ui.person.policy"), self.products),
                              (tr("ui.person.corrections"), self.corrections),
                              (None, self.no_corrections),
                              (tr("ui.person.family"), self.family)):
            if title:
                heading = QLabel(f"<b>{title}</b>")
                layout.addWidget(heading)
            layout.addWidget(widget)
        layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("person_tabs")
        self.tabs.addTab(policy_page, tr("history.ui.tab_policy"))
        self.tabs.addTab(self._history_page(), tr("history.ui.tab"))
        self.tabs.currentChanged.connect(lambda _i: self._load_history())
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.back, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.show_person(relation_number)
        self.resize(820, self.sizeHint().height())

    # --- content ----------------------------------------------------------------------

    def show_person(self, relation_number: int, remember: bool = True) -> None:
        if remember and self.policy is not None:
            self.history.append(int(self.policy.person["relation_number"]))
        self.back.setEnabled(bool(self.history))
        p = person_policy(self.result, relation_number)
        self.policy = p
        person = p.person
        self.setWindowTitle(tr("ui.person.title", name=person["name"]))
        while self.form.rowCount():
            self.form.removeRow(0)
        bsn = str(person["bsn"])
        shown_bsn = bsn if ui_settings.show_bsn() else str(mask_bsn([bsn])[0])
        role = str(person["role"])
        for label, value in (
            (tr("ui.col.name"), str(person["name"])),
            (tr("ui.col.relation_number"), relation_text(int(person["relation_number"]))),
            (tr("ui.col.role"), f"{role} – {tr('ui.role.' + role)}"),
            (tr("ui.col.employee_number"), str(person["employee_number"])),
            (tr("ui.col.birth_date"), date_nl(person["birth_date"])),
            (tr("ui.col.bsn"), shown_bsn),
            (tr("ui.col.start_date"), date_nl(person["start_date"])),
            (tr("ui.col.end_date"), date_nl(person["end_date"])),
        ):
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, text)
        self._fill_products(p)
        self._fill_corrections(p)
        self._fill_family(p)
        self._load_history()

    def _fill_products(self, p: PersonPolicy) -> None:
        t = self.products
        t.setRowCount(0)
        for row in p.products.itertuples(index=False):  # a handful of products per person
            _add_row(t, [str(row.description or row.product_code), format_euro(row.gross_cent),
                         format_euro(row.collective_discount_cent),
                         format_percent_bp(int(row.discount_bp)),
                         format_euro(row.other_discount_cent), format_euro(row.net_cent)])
        _add_row(t, [tr("ui.person.subtotal_basis"), "", "", "", "",
                     format_euro(p.basis_net_cent)], bold=True)
        _add_row(t, [tr("ui.person.subtotal_additional"), "", "", "", "",
                     format_euro(p.additional_net_cent)], bold=True)
        _add_row(t, [tr("ui.person.total"), "", "", "", "", format_euro(p.total_net_cent)],
                 bold=True)
        _fit_height(t)

    def _fill_corrections(self, p: PersonPolicy) -> None:
        t = self.corrections
        t.setRowCount(0)
        for row in p.corrections.itertuples(index=False):
            code = str(row.mutation_code)
            meaning = mutation_meaning(code)
            discounts = int(row.collective_discount_cent) + int(row.other_discount_cent)
            _add_row(t, [month_text(int(row.premium_month)),
                         str(row.description or row.product_code),
                         f"{code} {meaning}".strip(), date_nl(row.mutation_date),
                         format_euro(row.gross_cent), format_euro(discounts),
                         format_euro(row.net_cent)])
        t.setVisible(t.rowCount() > 0)
        self.no_corrections.setVisible(t.rowCount() == 0)
        _fit_height(t)

    def _fill_family(self, p: PersonPolicy) -> None:
        t = self.family
        t.setRowCount(0)
        order = p.family.assign(_o=p.family["role"].map({"H": 0, "P": 1, "K": 2}))
        order = order.sort_values(["_o", "birth_date"], kind="stable")
        me = int(p.person["relation_number"])
        self._family_numbers = []
        for row in order.itertuples(index=False):
            _add_row(t, [str(row.role), relation_text(int(row.relation_number)), str(row.name),
                         format_euro(row.total_cent)], bold=int(row.relation_number) == me)
            self._family_numbers.append(int(row.relation_number))
        _fit_height(t)

    def _family_clicked(self, row: int, _column: int = 0) -> None:
        number = self._family_numbers[row]
        if self.policy is not None and number != int(self.policy.person["relation_number"]):
            self.show_person(number)

    def go_back(self) -> None:
        if self.history:
            self.show_person(self.history.pop(), remember=False)
            self.back.setEnabled(bool(self.history))

    # --- Geschiedenis: the person's months in the archive ----------------------------

    def _history_page(self) -> QWidget:
        page = QWidget()
        self.history_info = QLabel()
        self.history_info.setObjectName("person_history_info")
        self.history_info.setWordWrap(True)
        self.history_table = _table([tr("history.col.month"), tr("history.col.status"),
                                     tr("history.col.products"), tr("history.col.net"),
                                     tr("history.col.corrections_amount"),
                                     tr("history.col.correction_months")], 3, stretch=2)
        self.history_table.setObjectName("person_history")
        self.history_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        layout = QVBoxLayout(page)
        layout.addWidget(self.history_info)
        layout.addWidget(self.history_table, 1)
        return page

    def _load_history(self) -> None:
        """Read the person's months on the worker, once the Geschiedenis tab is shown."""
        if self.tabs.currentIndex() != 1 or self.policy is None:
            return
        relation = int(self.policy.person["relation_number"])
        if self._months_of == relation:
            return
        self._months_of = relation
        self.months = None
        self.history_table.setRowCount(0)
        self.history_info.setText(tr("history.ui.loading"))
        collectivity = self.doc.borderel.header.collectivity_number
        self.worker.run(lambda: person_history(relation, collectivity),
                        lambda result: self._show_history(relation, result),
                        lambda exc, details: self._history_failed(relation, exc, details),
                        tag="history")

    def _history_failed(self, relation: int, exc: Exception, details: str) -> None:
        if relation != self._months_of:
            return
        if isinstance(exc, CommandRefused | ArchiveError | OSError):
            self.history_info.setText(str(exc))
        else:
            self.history_info.setText("")
            ErrorDialog(f"{type(exc).__name__}: {exc}", details, self).open()

    def _show_history(self, relation: int, result) -> None:
        if relation != self._months_of:
            return
        self.months = result
        t = self.history_table
        t.setRowCount(0)
        for row in result.rows.itertuples(index=False):  # one row per month: a few dozen
            _add_row(t, [month_text(int(row.month)), tr(f"history.status.{row.status}"),
                         str(row.products), format_euro(int(row.net_cent)),
                         format_euro(int(row.corrections_cent)) if row.corrections else "",
                         str(row.correction_months)], bold=row.status in ("joined", "left"))
        header = self.doc.borderel.header
        held = header.prolongation_month in result.months_held
        note = tr("history.note", name=result.name or "?",
                  relation=relation_text(result.relation_number),
                  count=int((result.rows["status"] != "left").sum()))
        self.history_info.setText(note if held else f"{note} {tr('history.ui.none')}")
