"""Exporteren from the views: the column chooser lists the report's columns, the file holds the
chosen ones only (read back with openpyxl), BSN masked unless chosen, asked before
overwriting; written on the worker."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from digibord.reports.build import report_tables


def open_month(qtbot, window, samples_dir, month):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / f"{month}_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)


def chooser_for(qtbot, window, action):
    window.export_chooser = None
    window.action(action).trigger()
    qtbot.waitUntil(lambda: window.export_chooser is not None, timeout=20000)
    return window.export_chooser


def save_as(monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))


def headings(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [c for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True)) if c], ws


def test_excel_with_the_chosen_columns_only(qtbot, window, samples_dir, tmp_path, monkeypatch):
    open_month(qtbot, window, samples_dir, "2026-02")
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    doc = window.documents.current
    expected = [c.key for c in report_tables(doc.prepared["insured"].result, "nl")[0].columns]
    listed = [chooser.list.item(i).data(0x0100) for i in range(chooser.list.count())]
    assert listed == expected
    assert chooser.bsn.isVisibleTo(chooser) and not chooser.bsn.isChecked()
    chooser.set_checked({"naam", "bsn", "totaal_cent"})
    target = tmp_path / "verzekerden.xlsx"
    save_as(monkeypatch, target)
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    heads, ws = headings(target)
    assert heads == ["Naam", "BSN", "Totaal"]
    bsn = [r[1] for r in ws.iter_rows(min_row=2, max_row=6, values_only=True)]
    assert all(str(v).startswith("*****") for v in bsn)  # masked unless chosen

    # again with BSN in full, over the same file: asked first
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.Yes))
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    # the choice of last time is remembered for this report, in its order
    assert chooser.chosen() == ["naam", "bsn", "totaal_cent"]
    chooser.set_checked({"relatienummer", "bsn"})
    chooser.bsn.setChecked(True)
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    assert asked
    heads, ws = headings(target)
    assert heads == ["BSN", "Relatienummer"]  # the chooser's list order
    bsn = [r[1] for r in ws.iter_rows(min_row=2, max_row=6, values_only=True)]
    assert not any(str(v).startswith("*") for v in bsn)


def test_no_overwrite_when_declined(qtbot, window, samples_dir, tmp_path, monkeypatch):
    open_month(qtbot, window, samples_dir, "2026-02")
    target = tmp_path / "bestaat.xlsx"
    target.write_bytes(b"oud")
    save_as(monkeypatch, target)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    chooser.accept()
    qtbot.wait(200)
    assert not window.worker.busy and target.read_bytes() == b"oud"


def test_export_from_the_diff_view(qtbot, window, samples_dir, tmp_path, monkeypatch):
    open_month(qtbot, window, samples_dir, "2026-01")
    open_month(qtbot, window, samples_dir, "2026-02")
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    qtbot.waitUntil(lambda: view.result is not None and not window.worker.busy, timeout=20000)
    view.unchanged.setChecked(True)
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    chooser.set_checked({"werknemersnummer", "status", "verschil_cent"})
    target = tmp_path / "verschillen.xlsx"
    save_as(monkeypatch, target)
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    heads, ws = headings(target)
    assert heads == ["Werknemersnr.", "Status", "Verschil"]
    statuses = {r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}
    assert "ongewijzigd" in statuses  # exported as shown: with the unchanged pairs

    # PDF through the same chooser
    chooser = chooser_for(qtbot, window, "borderel.export.pdf")
    pdf = tmp_path / "verschillen.pdf"
    save_as(monkeypatch, pdf)
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_nothing_to_export_from_the_archive_view(qtbot, window, samples_dir):
    open_month(qtbot, window, samples_dir, "2026-02")
    window.show_view("archive")
    window.action("borderel.export.excel").trigger()
    assert isinstance(window.last_dialog, QMessageBox)
    window.last_dialog.close()


def test_export_as_shown_or_all_csv_by_filter_and_the_saved_message(qtbot, window, samples_dir,
                                                                     tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("digibord.ui.export_dialog.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    open_month(qtbot, window, samples_dir, "2026-03")
    view = window.view("insured")
    view.search.setText("de")
    view.apply_search()
    view.table.sortByColumn(view.model.table.index("naam"), Qt.SortOrder.DescendingOrder)
    view.table.horizontalHeader().setSectionHidden(view.model.table.index("bsn"), True)
    shown = view.model.rowCount()
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    assert chooser.as_shown.isChecked() and chooser.everything.isVisibleTo(chooser)
    assert f"{shown} van 11 verzekerden" in chooser.as_shown.text()
    assert "bsn" not in chooser.chosen()  # the view's visible columns
    assert not chooser.parts.isChecked()  # a filtered list: no policy sheet unasked
    # the save dialog's CSV filter makes a CSV of the rows as shown, in the view's order
    target = tmp_path / "zoals_getoond"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "CSV (*.csv)")))
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    written = tmp_path / "zoals_getoond.csv"
    lines = written.read_text("utf-8-sig").splitlines()
    names = [line.split(";")[lines[0].split(";").index("naam")] for line in lines[1:]]
    assert len(names) == shown and names == sorted(names, reverse=True)
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "saved_message"
    texts = {b.text() for b in box.buttons()}
    assert {"Bestand openen", "Map openen"} <= texts
    next(b for b in box.buttons() if b.text() == "Map openen").click()
    assert opened == [str(tmp_path)]

    # alles: every row, as the command writes it
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    chooser.everything.setChecked(True)
    save_as(monkeypatch, tmp_path / "alles.xlsx")
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    ws = openpyxl.load_workbook(tmp_path / "alles.xlsx").worksheets[0]
    assert ws.max_row - 3 == 11


def test_the_remembered_choice_gives_way_to_a_changed_view(qtbot, window, samples_dir,
                                                           tmp_path, monkeypatch):
    open_month(qtbot, window, samples_dir, "2026-03")
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    chooser.set_checked({"naam", "totaal_cent"})
    save_as(monkeypatch, tmp_path / "a.xlsx")
    with qtbot.waitSignal(window.exported, timeout=30000):
        chooser.accept()
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    assert chooser.chosen() == ["naam", "totaal_cent"]  # remembered (settings)
    chooser.reject()
    view = window.view("insured")
    view.table.horizontalHeader().setSectionHidden(view.model.table.index("rol"), True)
    chooser = chooser_for(qtbot, window, "borderel.export.excel")
    assert "rol" not in chooser.chosen() and "relatienummer" in chooser.chosen()
    chooser.reject()
