"""Printen in the window: the preview opens with what the view shows ("3 van 11 verzekerden"),
offers alles and the policy pages, prints on a PDF printer the pages the PDF renderer makes for
the same choice; the report views search and filter; the dialogs print too."""

from __future__ import annotations

import numpy as np
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from digibord.export.paged import PagedReport
from digibord.export.pdf import write_pdf
from digibord.reports.build import report_tables
from digibord.ui.columns import RangeFilter, TextFilter
from tests.test_ui_payroll import open_check, read, with_25
from tools.windows.compare_pages import pages


def open_months(qtbot, window, samples_dir, months):
    for month in months:
        with qtbot.waitSignal(window.loader.loaded, timeout=20000):
            window.open_files([samples_dir / f"{month}_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)


def settled(qtbot, window, view):
    qtbot.waitUntil(lambda: view._wanted is None and not window.worker.busy, timeout=20000)


def preview(qtbot, window, action):
    window.print_dialog = None
    window.action(action).trigger()
    qtbot.waitUntil(lambda: window.print_dialog is not None, timeout=20000)
    dialog = window.print_dialog
    qtbot.waitUntil(lambda: dialog.report is not None and not window.worker.busy,
                    timeout=30000)
    return dialog


def relayout(qtbot, window, dialog, change):
    with qtbot.waitSignal(dialog.laid_out, timeout=30000):
        change()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30000)


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def words(path) -> list[list[str]]:
    """Per page its words, sorted (as pdftotext reads them: the printer draws no spaces)."""
    return [page_words for _landscape, page_words in pages(path)]


def test_print_what_the_insured_view_shows(qtbot, window, samples_dir, tmp_path):
    open_months(qtbot, window, samples_dir, ["2026-03"])
    view = window.view("insured")
    view.search.setText("de")
    view.apply_search()
    view.table.sortByColumn(view.model.table.index("totaal_cent"), Qt.SortOrder.DescendingOrder)
    view.table.horizontalHeader().setSectionHidden(view.model.table.index("bsn"), True)
    shown = view.model.rowCount()
    assert 0 < shown < view.model.table.n_rows

    dialog = preview(qtbot, window, "borderel.print.insured")
    total = view.model.table.n_rows
    assert f"{shown} van {total} verzekerden" in dialog.as_shown.text()
    assert dialog.as_shown.isChecked() and dialog.everything.isVisibleTo(dialog)
    assert dialog.parts.isVisibleTo(dialog) and not dialog.parts.isChecked()  # filtered
    assert len(dialog.report) == 1  # the shown rows only, no policy pages
    table = dialog.report.tables[0]
    assert len(table.frame) == shown
    assert "bsn" not in [c.key for c in table.columns]
    amounts = table.frame["totaal_cent"].to_numpy()
    assert (np.diff(amounts) <= 0).all()  # the view's order: highest total first

    # printed on a PDF printer: the pages of the PDF renderer for the same choice
    with qtbot.waitSignal(dialog.printed, timeout=30000):
        dialog.print_to(pdf_printer(tmp_path / "printed.pdf"))
    write_pdf(dialog.report.tables, tmp_path / "renderer.pdf")
    assert words(tmp_path / "printed.pdf") == words(tmp_path / "renderer.pdf")
    assert "naar" in window.note_label.text()

    # everything, with the policy pages: the whole list as the command writes it
    relayout(qtbot, window, dialog, lambda: dialog.everything.setChecked(True))
    assert len(dialog.report.tables[0].frame) == total
    relayout(qtbot, window, dialog, lambda: dialog.parts.setChecked(True))
    assert [t.title for t in dialog.report.tables] == ["export.title.insured",
                                                       "export.title.policies"]
    whole = PagedReport(report_tables(view.report_result(), "nl"), lang="nl")
    assert len(dialog.report) == len(whole)
    # a page range of the printer's dialog
    printer = pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    with qtbot.waitSignal(dialog.printed, timeout=30000) as printed:
        dialog.print_to(printer)
    assert printed.args == [1] and len(PdfReader(str(tmp_path / "range.pdf")).pages) == 1
    dialog.close()


def test_preview_orientation_and_pages(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-03"])
    dialog = preview(qtbot, window, "borderel.print.insured")
    assert not dialog.everything.isVisibleTo(dialog)  # nothing filtered: nothing to choose
    assert dialog.parts.isChecked()  # the whole list: its policy pages as before
    assert {dialog.report.landscape(i) for i in range(len(dialog.report))} == {False, True}
    relayout(qtbot, window, dialog, lambda: (
        dialog.orientation.setCurrentIndex(dialog.orientation.findData("landscape")),
        dialog.orientation.activated.emit(dialog.orientation.currentIndex())))
    assert all(dialog.report.landscape(i) for i in range(len(dialog.report)))
    dialog.pages.resize(700, 900)
    dialog.pages.go_to(len(dialog.report) - 1)
    dialog.pages.viewport().repaint()
    assert dialog.page.value() == len(dialog.report)
    assert dialog.pages.rendered and dialog.pages.rendered[-1] >= 1  # only pages in sight
    dialog.close()


def test_corrections_view_search_filter_and_print(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-01", "2026-02", "2026-03"])
    window.show_view("corrections")
    view = window.view("corrections")
    settled(qtbot, window, view)
    view.van.setCurrentIndex(0)
    view.compute()
    settled(qtbot, window, view)
    all_rows = len(view.model.shown_rows())
    groups_before = len(view.model.shown_groups())
    # search by employee name: all of that employee's rows, under its heading row
    name = view.result.rows["employee_name"].iat[0]
    view.search.setText(name)
    view.apply_search()
    rows = view.model.shown_rows()
    assert 0 < len(rows) < all_rows
    assert set(view.result.rows["employee_name"].to_numpy()[rows]) == {name}
    assert len(view.model.shown_groups()) == 1
    assert "Getoond" in view.status_text()
    net = view.model.table.column("netto_cent")
    g = view.model.shown_groups()[0]
    assert int(net.groups[g]) == int(view.result.employees["net_cent"].iat[g])  # subtotal
    # a column filter from the header menu: amounts from-to
    view.search.clear()
    view.apply_search()
    view.tree.set_filter("netto_cent", RangeFilter(0, None))
    shown = view.model.shown_rows()
    assert (view.result.rows["net_cent"].to_numpy()[shown] >= 0).all()
    assert "▾" in view.model.headerData(view.model.table.columns.index(net),
                                                 Qt.Orientation.Horizontal)
    menu = view.tree.header_menu(0)
    assert any(a.objectName() == "filter_set" for a in menu.actions())
    view.tree.set_filter("mutatie", TextFilter("wijziging"))
    both = view.model.shown_rows()
    assert len(both) <= len(shown)
    # Printen: exactly the filtered rows, groups kept, subtotals from the result
    dialog = preview(qtbot, window, "borderel.print.corrections")
    table = dialog.report.tables[0]
    assert len(table.frame) == len(both)
    assert dialog.shown.counts_text().startswith(f"{len(both)} van {all_rows}")
    view.clear_filters()
    assert len(view.model.shown_rows()) == all_rows
    assert len(view.model.shown_groups()) == groups_before
    dialog.close()


def test_diff_view_prints_as_shown_with_month_titles(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-02", "2026-03"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    headers = [view.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(view.model.columnCount())]
    assert "Netto feb 2026" in headers and "Netto mrt 2026" in headers
    view.unchanged.setChecked(True)
    view.tree.set_filter("status", TextFilter("ongewijzigd"))
    shown = view.shown_report()
    assert shown.filtered
    statuses = set(view.result.rows["status"].to_numpy()[shown.rows])
    assert statuses == {"ongewijzigd"}
    view.unchanged.setChecked(False)
    view.tree.set_filter("status", TextFilter("nieuw"))
    shown = view.shown_report()
    rows = view.report_result().shown_rows()
    assert set(rows["status"].to_numpy()[shown.rows]) == {"nieuw"}  # mapped to changed rows


def test_legend_chips_are_not_buttons(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-02", "2026-03"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    label = view.legend.labels["nieuw"]
    assert label.styleSheet() == ""  # plain text, no frame or padding
    swatch = view.legend.swatches["nieuw"]
    assert swatch.width() == swatch.height() < label.sizeHint().height() + 4


@pytest.mark.parametrize("dialog_name", ["salary"])
def test_the_salary_dialog_prints_the_verantwoordingslijst(qtbot, window, samples_dir,
                                                           dialog_name, tmp_path):
    open_months(qtbot, window, samples_dir, ["2026-03"])
    window.action("borderel.salary").trigger()
    dialog = window.salary_dialog
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy,
                    timeout=20000)
    assert dialog.print_button.isEnabled()
    window.print_dialog = None
    dialog.print_button.click()
    qtbot.waitUntil(lambda: window.print_dialog is not None, timeout=20000)
    printing = window.print_dialog
    qtbot.waitUntil(lambda: printing.report is not None and not window.worker.busy,
                    timeout=30000)
    first = printing.report.tables[0]
    labels = [t.label for t in first.totals]
    assert "print.total.record90_prolongation" in labels
    printing.close()
    dialog.close()


def test_a_large_report_prepares_its_search_on_the_worker(qtbot, window, samples_dir,
                                                          monkeypatch):
    monkeypatch.setattr("digibord.ui.views.reports.FILTER_ON_WORKER", 0)
    open_months(qtbot, window, samples_dir, ["2026-02"])
    window.show_view("corrections")
    view = window.view("corrections")
    settled(qtbot, window, view)
    assert not view.table_data.filter_ready
    everything = len(view.model.shown_rows())
    name = view.result.rows["employee_name"].iat[-1]
    view.search.setText(name)
    view.apply_search()
    assert len(view.model.shown_rows()) == everything  # the texts are made on the worker
    qtbot.waitUntil(lambda: view.table_data.filter_ready and not window.worker.busy,
                    timeout=20000)
    qtbot.waitUntil(lambda: len(view.model.shown_rows()) < everything, timeout=20000)
    assert set(view.result.rows["employee_name"].to_numpy()[view.model.shown_rows()]) == {
        name}


def test_the_check_dialog_prints_the_outcome_as_shown(qtbot, window, samples_dir):
    dialog = open_check(qtbot, window, samples_dir)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    result = dialog.result
    assert dialog.outcome.only_exceptions.isChecked() and dialog.print_button.isVisible()
    exceptions = np.flatnonzero(result.rows["exception"].to_numpy())
    shown = dialog.shown_report()  # what Printen and Naar Excel take
    assert sorted(shown.rows.tolist()) == exceptions.tolist() and shown.filtered
    window.print_dialog = None
    dialog.print_button.click()
    qtbot.waitUntil(lambda: window.print_dialog is not None, timeout=20000)
    printing = window.print_dialog
    qtbot.waitUntil(lambda: printing.report is not None and not window.worker.busy,
                    timeout=30000)
    assert len(printing.report.tables[0].frame) == len(exceptions)  # Alleen afwijkingen
    printing.close()
    dialog.outcome.only_exceptions.setChecked(False)
    assert dialog.shown_report().shown == len(result.rows)
    dialog.close()
