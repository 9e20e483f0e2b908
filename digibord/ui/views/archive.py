"""Archief: what the local archive holds, per collectivity its months (every volgnummer, the
current one of a month in bold), with open, compare and remove. The listing is the archive's
plain metadata (no key needed); opening and comparing decrypt on the worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from digibord.app.trend import archive_overview
from digibord.archive import ArchiveError, open_archive
from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.local_time import local_time_text
from digibord.money import format_euro
from digibord.paths import user_data_dir
from digibord.ui.documents import OpenedBorderel
from digibord.ui.labels import message_label
from digibord.ui.loader import prepare_document
from digibord.ui.sources import MonthChoice
from digibord.ui.view_export import export_buttons, retranslate_export_buttons
from digibord.ui.views.base import BorderelView

if TYPE_CHECKING:
    from collections.abc import Iterable

    from digibord.archive.entries import ArchiveEntry
    from digibord.reconcile.archive_listing import ArchiveListing
    from digibord.ui.main_window import MainWindow

COLUMNS = ("ui.archive.col.month", "ui.archive.col.sequence", "ui.archive.col.file",
           "ui.archive.col.imported", "ui.archive.col.insured",
           "ui.archive.col.prolongation", "ui.archive.col.corrections", "ui.archive.col.due")
MONEY_FROM = 5
EntryRole = Qt.ItemDataRole.UserRole + 1


class ArchiveView(BorderelView):
    view_id = "archive"
    title_key = "ui.view.archive"
    needs_borderel = False

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.entries: list = []
        self.key_label = message_label("archive_key_message")
        self.key_label.hide()
        self.info = QLabel()
        self.info.setObjectName("archive_info")
        self.info.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("archive_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self.open_selected())
        self.open_button = QPushButton()
        self.open_button.setObjectName("archive_open")
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("archive_compare")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("archive_remove")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("archive_refresh")
        self.export_buttons = export_buttons(window, self.report_result, "archive")
        self.which = QComboBox()  # with several collectivities: one of them, or all
        self.which.setObjectName("archive_collectivity")
        self.which.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.which.activated.connect(lambda _i: self.refresh())
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.which)
        for b in (self.open_button, self.compare_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch(1)
        for b in self.export_buttons:  # the listing to Excel/PDF, also with nothing open
            bar.addWidget(b)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.key_label)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)
        window.archive_updated.connect(self.refresh)
        self._shown_once = False
        self.retranslate()

    def show_document(self, doc: OpenedBorderel | None) -> None:
        pass  # the archive does not depend on the opened month

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # --- listing ----------------------------------------------------------------------

    def refresh(self) -> None:
        key_message = None
        try:
            archive = open_archive()
            every = archive.entries() if archive.exists() else []
            self.entries = self._switch(every)
            key_message = archive.key_storage_message() if self.entries else None
            problem = ""
        except (ArchiveError, OSError) as exc:
            self.entries, problem = [], str(exc)
        if key_message:
            key_message = key_message[:1].upper() + key_message[1:]
        self.key_label.setText(key_message or "")
        self.key_label.setVisible(bool(key_message))
        self._fill()
        if problem:
            self.info.setText(problem)
        elif not self.entries:
            self.info.setText(tr("ui.archive.empty"))
        else:
            self.info.setText(tr("ui.archive.count", count=len(self.entries),
                                 collectivities=self.tree.topLevelItemCount()))
        self._update_buttons()
        self.status_changed.emit()

    def _switch(self, entries: list) -> list:
        """The switcher from the entries' collectivities (shown only when there are several);
        the entries of the one chosen (None: all)."""
        chosen = self.which.currentData()
        names: dict[str, str] = {}
        for e in entries:
            names[e.collectivity_number] = e.collectivity_name
        self.which.clear()
        self.which.addItem(tr("trend.ui.all"), None)
        for number in sorted(names):
            self.which.addItem(f"{number} — {names[number]}", number)
        at = self.which.findData(chosen) if chosen is not None else 0
        self.which.setCurrentIndex(max(at, 0))
        self.which.setVisible(len(names) > 1)
        chosen = self.which.currentData()
        return [e for e in entries if chosen is None or e.collectivity_number == chosen]

    def choose_collectivity(self, number: str | None) -> None:
        self.which.setCurrentIndex(max(self.which.findData(number), 0))
        self.refresh()

    def _fill(self) -> None:
        self.tree.clear()
        self.tree.setHeaderLabels([tr(k) for k in COLUMNS])
        for c in range(4, len(COLUMNS)):  # numbers: headings over them on the right
            self.tree.headerItem().setTextAlignment(
                c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        parents: dict[str, QTreeWidgetItem] = {}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for e in self.entries:
            parent = parents.get(e.collectivity_number)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [
                    f"{e.collectivity_number} — {e.collectivity_name}"])
                parent.setFirstColumnSpanned(True)
                parent.setFont(0, bold)
                parents[e.collectivity_number] = parent
            values = [month_text(e.prolongation_month), str(e.sequence), e.file_name,
                      local_time_text(e.imported_at), f"{e.insured_count:,}".replace(",", "."),
                      format_euro(e.total_prolongation_cent),
                      format_euro(e.total_corrections_cent), format_euro(e.total_due_cent)]
            if not e.current:
                values[1] += " " + tr("ui.archive.replaced")
            item = QTreeWidgetItem(parent, values)
            item.setData(0, EntryRole, e)
            for c in range(4, len(COLUMNS)):
                item.setTextAlignment(c, right)
            if not e.current:
                for c in range(len(COLUMNS)):
                    item.setForeground(c, self.palette().placeholderText())
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c in range(len(COLUMNS)):  # a few hundred rows at most: measuring is cheap
            self.tree.resizeColumnToContents(c)
            self.tree.setColumnWidth(c, self.tree.columnWidth(c) + 18)

    def items(self) -> list[QTreeWidgetItem]:
        """The month rows (not the collectivity rows), in order."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out += [top.child(j) for j in range(top.childCount())]
        return out

    def selected_entries(self) -> list:
        return [it.data(0, EntryRole) for it in self.tree.selectedItems()
                if it.data(0, EntryRole) is not None]

    def select(self, entries: Iterable[ArchiveEntry]) -> None:
        self.tree.clearSelection()
        ids = {e.id for e in entries}
        for item in self.items():
            if item.data(0, EntryRole).id in ids:
                item.setSelected(True)

    def _update_buttons(self) -> None:
        chosen = self.selected_entries()
        self.open_button.setEnabled(len(chosen) == 1)
        self.compare_button.setEnabled(len(chosen) == 2)
        self.remove_button.setEnabled(bool(chosen))

    # --- actions ----------------------------------------------------------------------

    def open_selected(self) -> None:
        chosen = self.selected_entries()
        if len(chosen) == 1:
            self.open_entry(chosen[0])

    def open_entry(self, entry: ArchiveEntry) -> None:
        """Decrypt and parse the month on the worker; it becomes an opened month (no file)."""
        window = self.main_window

        def work():
            borderel = MonthChoice.of_entry(entry).borderel()
            name = f"{entry.collectivity_number}_{month_text(entry.prolongation_month)}" \
                   f"_{entry.sequence}_{Path(entry.file_name).name}"
            doc = OpenedBorderel(Path(user_data_dir()) / "archief" / name, borderel,
                                 entry=entry, in_archive=True, sha256=entry.sha256)
            prepare_document(doc)
            return doc

        def done(doc) -> None:
            window.documents.add(doc)
            window.show_view("insured")

        window.run_task(work, done, tr("ui.archive.opening",
                                       month=month_text(entry.prolongation_month)))

    def compare_selected(self) -> None:
        chosen = sorted(self.selected_entries(), key=lambda e: (e.prolongation_month,
                                                                 e.sequence))
        if len(chosen) != 2:
            return
        van, tot = (MonthChoice.of_entry(e) for e in chosen)
        self.main_window.show_view("prolongation_diff", force=True)
        self.main_window.view("prolongation_diff").choose(van, tot)

    def remove_selected(self) -> None:
        chosen = self.selected_entries()
        if not chosen:
            return
        listing = "\n".join(f"  {e.collectivity_number}  {month_text(e.prolongation_month)}"
                            f"  ({e.sequence})  {e.file_name}" for e in chosen)
        answer = QMessageBox.question(
            self, tr("ui.archive.remove_title"),
            tr("ui.archive.remove_confirm", count=len(chosen), months=listing),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        window = self.main_window

        def work():
            return open_archive().remove_entries(chosen)

        def done(gone) -> None:
            window.notify(tr("ui.archive.removed", count=len(gone)), 10000)
            for doc in window.documents.all():  # opened from the archive: forget "kept"
                if any(g.sha256 == doc.sha256 for g in gone):
                    doc.in_archive = False
            window.archive_changed()

        window.run_task(work, done, tr("ui.archive.removing"))

    # --- words ------------------------------------------------------------------------

    def report_result(self) -> ArchiveListing | None:
        """The listing as a report (Exporteren): every borderel shown."""
        return archive_overview(self.entries) if self.entries else None

    def status_text(self) -> str:
        return tr("ui.archive.status", count=len(self.entries)) if self.entries else ""

    def retranslate(self) -> None:
        self.open_button.setText(tr("ui.archive.open"))
        self.compare_button.setText(tr("ui.archive.compare"))
        self.remove_button.setText(tr("ui.archive.remove"))
        self.refresh_button.setText(tr("ui.report.refresh"))
        retranslate_export_buttons(self.export_buttons)
        self.compare_button.setToolTip(tr("ui.archive.compare_tip"))
        if self.isVisible():
            self.refresh()
        else:
            self.tree.setHeaderLabels([tr(k) for k in COLUMNS])
