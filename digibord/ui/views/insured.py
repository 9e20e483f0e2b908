"""Verzekerden: the full insured list with premiums (reports.md section 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from digibord.i18n import tr
from digibord.money import format_euro
from digibord.ui import settings as ui_settings
from digibord.ui.documents import OpenedBorderel
from digibord.ui.insured_columns import InsuredData, prepare_insured
from digibord.ui.loader import register_preparer
from digibord.ui.person_dialog import PersonDialog
from digibord.ui.printing_request import ShownReport, shown_report
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.table_view import ColumnTableView
from digibord.ui.views.base import BorderelView

if TYPE_CHECKING:
    from digibord.reconcile.insured_list import InsuredList
    from digibord.ui.main_window import MainWindow

register_preparer("insured", prepare_insured)
SEARCH_DELAY_MS = 200  # one search per pause in typing, not per key, on 500 000 rows


class InsuredView(BorderelView):
    view_id = "insured"
    title_key = "ui.view.insured"

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.doc: OpenedBorderel | None = None
        self.search = QLineEdit()
        self.search.setObjectName("insured_search")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clear_filters")
        self.bsn_box = QCheckBox()
        self.bsn_box.setObjectName("show_bsn")
        self.bsn_box.setChecked(ui_settings.show_bsn())
        self.model = ColumnTableModel(parent=self)
        self.model.defer_unready_sort = True  # the loader's worker completes the tables
        self.model.set_unmasked(self.bsn_box.isChecked())
        self.table = ColumnTableView()
        self.table.setObjectName("insured_table")
        self.table.setModel(self.model)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.clear_button.clicked.connect(self.clear_filters)
        self.bsn_box.toggled.connect(self.set_show_bsn)
        self.model.view_changed.connect(self.status_changed)
        # a cancel during the loader's second step: nobody completes the table, sort here
        window.loader.busy_changed.connect(
            lambda busy: None if busy else self.model.apply_waiting_sort(force=True))
        self.table.row_activated.connect(self.open_person)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        # Escape in the search box empties it, as in every search field people know
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.bsn_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.retranslate()
        self._widths_set = False
        self._widths_pending = False  # left for the window's turn before its paint (settle)
        # the header's order, widths and sort to give the next month's columns: from the
        # settings, or those of the last month closed
        self._saved_header: QByteArray | bytes | None = None

    def retranslate(self) -> None:
        self.search.setPlaceholderText(tr("ui.insured.search"))
        self.clear_button.setText(tr("ui.filter.clear_all"))
        self.bsn_box.setText(tr("ui.insured.show_bsn"))
        if self.model.columnCount():
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                              self.model.columnCount() - 1)
        self.status_changed.emit()

    def show_document(self, doc: OpenedBorderel | None) -> None:
        if doc is None and self._widths_set:
            # the last month closed: its columns go with it, so the widths and order the user
            # gave them are kept for the next month opened (they come back in _first_widths)
            self._saved_header = self.table.save_state()
            self._widths_set = False
        self.doc = doc
        data: InsuredData | None = doc.prepared.get("insured") if doc else None
        self.model.set_table(data.table if data else None)
        if doc is not None and not self._widths_set:
            if self.main_window.paint_held:  # a turn of their own (10-35 ms), before the paint
                self._widths_pending = True
            else:
                self._first_widths()
        # the view's layout of the new rows now, not inside its first paint: laid out there,
        # its scroll bars change and the table is painted a second time in the same pass
        self.table.executeDelayedItemsLayout()

    def settle(self) -> None:
        """The column widths and the remembered header, if still to come (the window's turn
        before its paint); the month closed meanwhile: the next one gets them."""
        if self._widths_pending:
            self._widths_pending = False
            if self.doc is not None:
                self._first_widths()

    def _first_widths(self) -> None:
        self._widths_set = True
        self.table.set_default_widths()
        self.table.restore_state(self._saved_header)
        self.table.executeDelayedItemsLayout()

    def document_completed(self, doc: OpenedBorderel) -> None:
        if doc is self.doc:
            self.model.apply_waiting_sort()

    def report_result(self) -> InsuredList | None:
        data = self.doc.prepared.get("insured") if self.doc is not None else None
        return data.result if data is not None else None

    def shown_report(self) -> ShownReport | None:
        """The insured list as shown: the rows that pass the search and the filters, in the
        table's sort order, with its visible columns in their order."""
        result = self.report_result()
        if result is None:
            return None
        return shown_report(result, self.model.visible_rows(), self.table.visible_keys())

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def clear_filters(self) -> None:
        self.search.clear()
        self.model.clear_filters()
        self._search_timer.stop()  # the search is already cleared

    def set_show_bsn(self, on: bool) -> None:
        ui_settings.set_show_bsn(on)
        self.model.set_unmasked(on)

    def status_text(self) -> str:
        if self.doc is None:
            return ""
        m = self.model
        return tr("ui.insured.status", shown=f"{m.rowCount():,}".replace(",", "."),
                  total=f"{m.table.n_rows:,}".replace(",", "."),
                  prolongation=format_euro(m.column_sum("prolongatie_cent")),
                  corrections=format_euro(m.column_sum("correcties_cent")),
                  sum=format_euro(m.column_sum("totaal_cent")))

    def open_person(self, source_row: int) -> None:
        if self.doc is None:
            return
        relation = int(self.doc.borderel.insured["relation_number"].iat[source_row])
        dialog = PersonDialog(self.doc, relation, self)
        dialog.show()

    # Header layout (order, widths, hidden columns, sort) between runs.
    def save_settings(self, settings: QSettings) -> None:
        if self.model.columnCount():
            settings.setValue("views/insured/header", self.table.save_state())
        elif self._saved_header is not None:  # no month open: the last one's, or the settings'
            settings.setValue("views/insured/header", self._saved_header)

    def restore_settings(self, settings: QSettings) -> None:
        self._saved_header = settings.value("views/insured/header")
