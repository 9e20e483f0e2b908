"""Using the window as a payroll administrator does: notices beside the totals, reasons in the
window's language, the column menu from the keyboard, Enter/Escape in the export dialogs with
nothing written on cancel, month labels and window size kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox

from digibord.i18n import tr
from digibord.ui.app import create_app
from digibord.ui.main_window import MainWindow


def open_month(qtbot, window, samples_dir, month="2026-03"):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([samples_dir / f"{month}_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)
    return blocker.args[0]


def test_a_notice_leaves_the_totals_in_view(qtbot, window, samples_dir, tmp_path, monkeypatch):
    open_month(qtbot, window, samples_dir)
    totals = window.status_label.text()
    assert totals and window.status_label.isVisible()
    target = tmp_path / "verzekerden.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.export_chooser = None
    window.action("borderel.export.excel").trigger()
    qtbot.waitUntil(lambda: window.export_chooser is not None, timeout=20000)
    with qtbot.waitSignal(window.exported, timeout=30000):
        window.export_chooser.accept()
    assert target.exists()
    # the notice says where the file is, and the counts and totals stay readable beside it
    assert str(target) in window.note_label.text() and window.note_label.isVisible()
    assert window.status_label.isVisible() and window.status_label.text() == totals
    assert window.statusBar().currentMessage() == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unreadable_file_reason_in_the_window_language(qtbot, window, tmp_path, lang):
    window.set_language(lang)
    try:
        for path, key in ((tmp_path / "weg.dat", "ui.load.not_found"),
                          (tmp_path, "ui.load.is_folder")):
            with qtbot.waitSignal(window.loader.failed, timeout=20000) as blocker:
                window.open_files([path])
            assert blocker.args[1] == tr(key, lang)
            assert isinstance(window.last_dialog, QMessageBox)
            assert tr(key, lang) in window.last_dialog.text()
            assert "No such file" not in window.last_dialog.text()
            window.last_dialog.close()
        assert len(window.documents) == 0
    finally:
        window.set_language("nl")


def test_column_menu_from_the_keyboard_and_on_cells(qtbot, window, samples_dir):
    open_month(qtbot, window, samples_dir)
    table = window.view("insured").table
    shown = []

    def send(reason, pos):
        event = QContextMenuEvent(reason, pos, table.viewport().mapToGlobal(pos))
        QApplication.sendEvent(table.viewport(), event)
        menu = table.last_menu
        assert isinstance(menu, QMenu) and menu.isVisible()
        shown.append([a.text() for a in menu.actions() if a.text()])
        menu.close()

    naam = table.model().table.index("naam")
    table.setCurrentIndex(table.model().index(2, naam))
    title = table.model().headerData(naam, Qt.Orientation.Horizontal).rstrip(" ▾")
    # the Menu key (Shift+F10 gives the same event)
    send(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5))
    assert shown and shown[-1][0] == tr("ui.filter.set", column=title)
    assert tr("ui.sort.ascending") in shown[-1]
    # a right click on a cell of another column: that column's menu
    totaal = table.model().table.index("totaal_cent")
    x = table.columnViewportPosition(totaal) + 3
    send(QContextMenuEvent.Reason.Mouse, QPoint(x, 5))
    column = table.model().headerData(totaal, Qt.Orientation.Horizontal).rstrip(" ▾")
    assert shown[-1][0] == tr("ui.filter.set", column=column)


def test_export_escape_and_cancelled_save_write_nothing(qtbot, window, samples_dir, tmp_path,
                                                        monkeypatch):
    open_month(qtbot, window, samples_dir)
    asked = []

    def cancelled_save(*args, **kwargs):
        asked.append(args)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(cancelled_save))
    window.export_chooser = None
    window.action("borderel.export.excel").trigger()
    qtbot.waitUntil(lambda: window.export_chooser is not None, timeout=20000)
    chooser = window.export_chooser
    qtbot.waitExposed(chooser)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Escape)
    assert not chooser.isVisible() and asked == []

    window.export_chooser = None
    window.action("borderel.export.excel").trigger()
    qtbot.waitUntil(lambda: window.export_chooser is not None, timeout=20000)
    chooser = window.export_chooser
    qtbot.waitExposed(chooser)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)  # Enter: on to the file
    assert len(asked) == 1
    window.worker.wait(10000)
    assert list(tmp_path.iterdir()) == []
    assert not window.worker.busy


def test_filter_dialog_enter_applies_escape_keeps(qtbot, window, samples_dir):
    from digibord.ui.table_view import FilterDialog

    open_month(qtbot, window, samples_dir)
    model = window.view("insured").model
    column = model.table.column("totaal_cent")
    dialog = FilterDialog(column, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.low.setText("150,00")
    qtbot.keyClick(dialog.low, Qt.Key.Key_Escape)
    assert dialog.result() == FilterDialog.DialogCode.Rejected

    dialog = FilterDialog(column, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.low.setText("150,00")
    qtbot.keyClick(dialog.low, Qt.Key.Key_Return)
    assert dialog.result() == FilterDialog.DialogCode.Accepted
    assert dialog.result_filter is not None


def test_archived_month_label_follows_the_language(qtbot, window, samples_dir):
    doc = open_month(qtbot, window, samples_dir)
    doc.entry = object()  # as if opened from the archive: marked "(archief)"
    window._refresh_months()
    assert window.months.itemText(0).endswith(tr("ui.source.archive_mark", "nl"))
    window.set_language("en")
    try:
        assert window.months.itemText(0).endswith(tr("ui.source.archive_mark", "en"))
    finally:
        window.set_language("nl")


def test_window_size_and_tab_kept_between_runs(qtbot):
    create_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.month_end_dock.close()  # with the Maandafsluiting panel the window is at least ~810 wide
    qtbot.waitUntil(lambda: win.minimumSize().width() < 777)  # the layout let go
    win.resize(777, 555)  # inside the offscreen screen (800 x 600)
    win.show_view("archive")
    qtbot.waitUntil(lambda: win.size().width() == 777)
    win.close()  # closing saves
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (777, 555)
    assert again.current_view().view_id == "archive"


def test_salary_enter_in_the_amount_refreshes_never_saves(qtbot, window, samples_dir,
                                                           monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    open_month(qtbot, window, samples_dir)
    window.action("borderel.salary").trigger()
    dialog = window.salary_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    qtbot.waitExposed(dialog)
    dialog.options.kind.setCurrentIndex(dialog.options.kind.findData("amount"))
    dialog.options.value.setFocus()
    dialog.options.value.setText("25,00")
    qtbot.keyClick(dialog.options.value, Qt.Key.Key_Return)
    assert asked == []  # no save dialog from Enter
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result.options.amount_cent == 2500, timeout=20000)
    assert dialog.save_button.shortcut().toString() == "Ctrl+S"
    dialog.save_button.click()
    assert len(asked) == 1  # a deliberate save; the cancelled save dialog writes nothing
    qtbot.keyClick(dialog.options.value, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_task_of_the_borderel_menu_has_a_shortcut(window):
    for name in ("borderel.export.excel", "borderel.export.pdf", "borderel.print.insured",
                 "borderel.print.corrections", "borderel.print.prolongation_diff",
                 "borderel.salary", "borderel.payroll_check", "file.open", "file.archive"):
        assert not window.action(name).shortcut().isEmpty(), name
    keys = [window.action(n).shortcut().toString() for n in (
        "borderel.print.corrections", "borderel.print.prolongation_diff", "borderel.salary",
        "borderel.payroll_check", "borderel.export.excel", "borderel.export.pdf",
        "file.archive")]
    assert len(set(keys)) == len(keys)


def test_escape_empties_the_search_box(qtbot, window, samples_dir):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    open_month(qtbot, window, samples_dir)
    search = window.findChild(QLineEdit, "insured_search")
    search.setFocus()
    qtbot.keyClicks(search, "Dekker")
    assert search.text() == "Dekker"
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
