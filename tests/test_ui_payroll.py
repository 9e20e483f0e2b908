"""Salaris controleren in the window: each sample journal recognised without questions and
checked (statuses and verklaringen as the reference JSON), "Alleen afwijkingen", a journal
whose headings are unknown read by picking the row and the columns in the preview, a formula
without a value refused with its cell marked, the sheet of a workbook, the previous month from
the archive, Enter in the fields, the options and words used."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from digibord.archive import open_archive
from digibord.formats.reader import read_borderel
from digibord.i18n import tr
from digibord.money import format_euro, format_plain
from digibord.reconcile.salary import compute_salary
from digibord.ui import payroll_dialog
from digibord.ui.grouped_model import STATUS_COLOURS
from digibord.ui.journal_preview import HEADING_COLOUR, REFUSED_COLOUR
from tests.report_support import run_cli

JOURNALS = ("journal_per_werknemer.csv", "journal_per_component.xlsx",
            "journal_kolom_per_component.csv", "journal_vorige_maand.csv")


def open_check(qtbot, window, samples_dir, path=None):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([path or samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)
    window.action("borderel.payroll_check").trigger()
    dialog = window.payroll_dialog
    qtbot.waitExposed(dialog)
    wait(qtbot, window)
    return dialog


def wait(qtbot, window):
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)


def read(qtbot, window, dialog, path):
    """Choose a file and wait for its outcome (or its refusal)."""
    dialog.result = None
    dialog.set_file(path)
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.preview is not None and not window.worker.busy,
                    timeout=20000)


def shown(dialog) -> dict[str, dict[str, str]]:
    """Per werknemersnummer the cells as shown (rows that the filter lets through)."""
    model = dialog.outcome.model
    keys = [c.key for c in model.table.columns]
    return {model.index(r, keys.index("werknemersnummer")).data():
            {k: model.index(r, i).data() for i, k in enumerate(keys)}
            for r in range(model.rowCount())}


def with_25(dialog):
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,00")


@pytest.mark.parametrize("name", JOURNALS)
def test_sample_journals_as_the_reference(qtbot, window, samples_dir, name):
    if name == "journal_vorige_maand.csv":  # February from the archive explains March
        open_archive().import_file(samples_dir / "2026-02_01.dat")
    expected = json.loads((samples_dir / "payroll" / name.rsplit(".", 1)[0]
                           ).with_suffix(".json").read_text(encoding="utf-8"))
    dialog = open_check(qtbot, window, samples_dir)
    want_previous = "2026-02" if name == "journal_vorige_maand.csv" else \
        tr("ui.check.previous_none")
    assert dialog.previous_value.text() == want_previous
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / name)
    r = dialog.result
    assert r is not None and r.shape.value == expected["vorm"]
    assert dialog.tabs.currentIndex() == 0  # recognised: straight to the outcome
    assert tr("ui.check.found.auto") in dialog.found.text()
    assert dialog.outcome.only_exceptions.isChecked()  # there are exceptions
    dialog.outcome.only_exceptions.setChecked(False)
    rows = shown(dialog)
    assert len(rows) == len(expected["rows"])
    for want in expected["rows"]:
        got = rows[want["werknemersnummer"]]
        assert got["status"] == tr(f"payroll.status.{want['status']}")
        explanation = want["verklaring"]
        assert got["verklaring"] == (tr(f"payroll.explanation.{explanation}")
                                     if explanation else "")
        assert got["verwacht_cent"] == format_euro(want["verwacht_cent"])
        assert got["ingehouden_cent"] == format_euro(want["ingehouden_cent"])
        assert got["verschil_cent"] == format_euro(want["verschil_cent"])
    totals = dialog.outcome.totals.text()
    assert format_euro(expected["totaal_verwacht_cent"]) in totals
    assert format_euro(expected["totaal_ingehouden_cent"]) in totals
    used = dialog.outcome.used.text()
    assert "€ 25,00" in used and "csv" in used and f"rij {r.journal.heading_row_number}" in used
    assert tr(f"payroll.shape.{r.shape.key}") in used and r.employee_column in used
    assert (f"vorige maand: {want_previous}" if want_previous == "2026-02"
            else "vorige maand: geen") in used
    counts = dialog.outcome.counts.text()
    for status, n in r.status_counts:
        if n:
            assert f"{tr(f'payroll.status.{status}')} {n}" in counts
    assert dialog.export_button.isEnabled() and dialog.print_button.isEnabled()
    assert not dialog.message.isVisible()
    dialog.close()


def test_only_exceptions_hides_the_agreeing_rows(qtbot, window, samples_dir):
    dialog = open_check(qtbot, window, samples_dir)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    r = dialog.result
    statuses = {row["status"] for row in shown(dialog).values()}
    assert tr("payroll.status.akkoord") not in statuses
    assert len(shown(dialog)) == r.exception_count == 3
    assert dialog.tabs.tabText(0) == tr("ui.check.tab.result_many", count=3)
    # exceptions first, as the result orders them; the first row has its status colour
    model = dialog.outcome.model
    first = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert first in {STATUS_COLOURS[s] for s in ("verschil", "alleen salaris")}
    dialog.outcome.only_exceptions.setChecked(False)
    assert len(shown(dialog)) == len(r.rows) == 7
    dialog.outcome.only_exceptions.setChecked(True)
    assert len(shown(dialog)) == 3
    assert sorted(dialog.outcome.shown_rows().tolist()) == \
        np.flatnonzero(r.rows["exception"].to_numpy()).tolist()
    # an options change keeps the user's choice of filter
    dialog.outcome.only_exceptions.setChecked(False)
    dialog.options.set_values(on="basis", for_="werknemer", amount="25,01")
    dialog.compute()
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.result.options.amount_cent == 2501, timeout=20000)
    assert not dialog.outcome.only_exceptions.isChecked()
    dialog.close()


def unknown_journal(samples_dir, tmp_path):
    """Headings the program does not know (`Nr`, `Euro`) below a title row; employee 0
    withheld exactly, 1 a euro too much, 2 not at all, and one only in payroll."""
    rows = compute_salary(read_borderel(samples_dir / "2026-03_01.dat")).rows
    numbers = rows["employee_number"].tolist()
    deduction = rows["deduction_cent"].tolist()
    lines = ["Loonjournaal maart", "Nr;Omschrijving;Euro",
             f"{numbers[0]};a;{format_plain(deduction[0])}",
             f"{numbers[1]};b;{format_plain(deduction[1] + 100)}",
             "X999;c;12,50"]
    lines += [f"{n};d;{format_plain(d)}" for n, d in zip(numbers[3:], deduction[3:],
                                                         strict=True)]
    path = tmp_path / "salaris.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path, numbers


def click_row_number(qtbot, view, row):
    header = view.verticalHeader()
    y = header.sectionViewportPosition(row) + header.sectionSize(row) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, y))


def click_column_letter(qtbot, view, column):
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    return view.menu


def test_unknown_headings_picked_in_the_preview(qtbot, window, samples_dir, tmp_path):
    path, numbers = unknown_journal(samples_dir, tmp_path)
    dialog = open_check(qtbot, window, samples_dir)
    read(qtbot, window, dialog, path)
    assert dialog.result is None and not dialog.export_button.isEnabled()
    assert dialog.tabs.currentIndex() == 1  # the preview, to pick from
    assert dialog.message.isVisible() and "Nr" in dialog.message.text()
    assert "--" not in dialog.message.text()  # never an option of the command line
    assert dialog.found.text() == tr("ui.check.found.none")
    view = dialog.preview_view
    model = view.preview_model
    assert model.index(1, 0).data() == "Nr" and model.index(2, 0).data() == numbers[0]
    assert [model.headerData(i, Qt.Orientation.Vertical) for i in range(3)] == ["1", "2", "3"]

    click_row_number(qtbot, view, 1)  # "Nr;Omschrijving;Euro" holds the headings
    wait(qtbot, window)
    assert dialog.pick_form.pick().heading_row == 1
    assert model.heading_row == 1
    assert model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole).color().name() == \
        HEADING_COLOUR
    assert dialog.pick_form.row.value() == 2  # the file's own row number
    assert dialog.result is None  # columns still unknown

    menu = click_column_letter(qtbot, view, 0)  # column A holds the personnel number
    menu.findChild(type(menu.actions()[0]), "journal_role_employee").trigger()
    menu.close()
    wait(qtbot, window)
    box = dialog.pick_form.boxes["amount"]  # the amount from the combo box of headings
    assert [box.itemText(i) for i in range(box.count())] == ["A: Nr", "B: Omschrijving",
                                                            "C: Euro"]
    box.setCurrentIndex(box.findData(2))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    wait(qtbot, window)
    r = dialog.result
    assert r.employee_column == "Nr" and r.amount_column == "Euro"
    assert r.journal.heading_row_number == 2
    dialog.outcome.only_exceptions.setChecked(False)
    rows = shown(dialog)
    assert rows[numbers[0]]["status"] == "akkoord"
    assert rows[numbers[1]]["status"] == "verschil"
    assert rows[numbers[2]]["status"] == "alleen borderel"
    assert rows["X999"]["status"] == "alleen salaris"
    assert tr("ui.check.found.picked") in dialog.found.text()
    assert "kolom C (Euro)" in dialog.found.text()
    assert model.headerData(0, Qt.Orientation.Horizontal) == \
        "A\n" + tr("ui.check.role.employee")
    assert model.headerData(2, Qt.Orientation.Horizontal) == "C\n" + tr("ui.check.role.amount")
    assert not dialog.message.isVisible()

    dialog.pick_form.recognise.click()  # Opnieuw herkennen: the choices are forgotten
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.result is None and not window.worker.busy, timeout=20000)
    assert dialog.pick_form.pick().heading_row is None
    assert dialog.message.isVisible()
    dialog.close()


def test_enter_in_the_heading_row_reads_with_that_row(qtbot, window, samples_dir, tmp_path):
    path, _numbers = unknown_journal(samples_dir, tmp_path)
    dialog = open_check(qtbot, window, samples_dir)
    read(qtbot, window, dialog, path)
    dialog.tabs.setCurrentIndex(1)
    spin = dialog.pick_form.row
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "2")
    assert dialog.pick_form.pick().heading_row is None  # typing alone does not read yet
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert dialog.pick_form.pick().heading_row == 1
    wait(qtbot, window)
    assert dialog.isVisible() and dialog.preview_view.preview_model.heading_row == 1
    dialog.close()


def test_formula_without_value_shows_the_refusal_at_its_cell(qtbot, window, samples_dir,
                                                             tmp_path):
    path = tmp_path / "loon.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Blad1"
    ws.append(["Loonjournaal"])
    ws.append(["Personeelsnummer", "Naam", "Salaris", "Bedrag"])
    for i in range(4):
        ws.append([f"E{i}", "x", 1000, 12.5])
    ws.append(["E9", "x", 3000, "=D3+D4"])  # row 7: never calculated, no stored value
    book.save(path)
    dialog = open_check(qtbot, window, samples_dir)
    read(qtbot, window, dialog, path)
    assert dialog.result is None and not dialog.export_button.isEnabled()
    text = dialog.message.text()
    assert "Blad1!D7" in text and "=D3+D4" in text and "'Bedrag'" in text
    assert dialog.tabs.currentIndex() == 1
    model = dialog.preview_view.preview_model
    assert model.refused == (6, 3)  # row 7, column D
    cell = model.index(6, 3)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == REFUSED_COLOUR
    assert "Blad1!D7" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(6, Qt.Orientation.Vertical) == "7"
    # what was recognised is still shown: the refusal is about a cell, not the columns
    assert model.heading_row == 1
    dialog.close()


def test_refused_cell_further_down_is_brought_into_the_preview(qtbot, window, samples_dir,
                                                               tmp_path):
    path = tmp_path / "lang.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Journaal"
    ws.append(["Personeelsnummer", "Bedrag"])
    for i in range(150):
        ws.append([f"E{i}", 12.5])
    ws.append(["E999", "=B2*2"])  # row 152
    book.save(path)
    dialog = open_check(qtbot, window, samples_dir)
    read(qtbot, window, dialog, path)
    model = dialog.preview_view.preview_model
    assert model.refused is not None
    assert model.headerData(model.refused[0], Qt.Orientation.Vertical) == "152"
    dialog.close()


def test_the_sheet_of_a_workbook(qtbot, window, samples_dir, tmp_path):
    rows = compute_salary(read_borderel(samples_dir / "2026-03_01.dat")).rows
    path = tmp_path / "werkmap.xlsx"
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Toelichting"
    notes.append(["Gemaakt door het salarispakket"])
    sheet = book.create_sheet("Journaal")
    sheet.append(["Personeelsnummer", "Inhouding"])
    for n, d in zip(rows["employee_number"], rows["deduction_cent"], strict=True):
        sheet.append([n, int(d) / 100])
    book.save(path)
    dialog = open_check(qtbot, window, samples_dir)
    read(qtbot, window, dialog, path)
    assert dialog.result is not None and dialog.result.journal.sheet == "Journaal"
    form = dialog.pick_form
    assert [form.sheet.itemText(i) for i in range(form.sheet.count())] == \
        ["Toelichting", "Journaal"]
    assert form.sheet.currentText() == "Journaal" and form.sheet.isEnabled()
    assert "Werkblad: Journaal" in dialog.found.text()
    form.sheet.setCurrentIndex(0)
    form.sheet.activated.emit(0)  # the user takes the other sheet: nothing to read there
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.result is None and not window.worker.busy, timeout=20000)
    assert form.pick().sheet == "Toelichting"
    assert dialog.message.isVisible()
    assert [form.sheet.itemText(i) for i in range(form.sheet.count())] == \
        ["Toelichting", "Journaal"]  # both still to choose from
    dialog.close()


def test_options_recheck_the_journal_read(qtbot, window, samples_dir, monkeypatch):
    dialog = open_check(qtbot, window, samples_dir)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    before = dialog.result.total_expected_cent
    reads = []
    real = payroll_dialog.preview
    monkeypatch.setattr(payroll_dialog, "preview", lambda *a: reads.append(a) or real(*a))
    dialog.options.set_values(on="basis", for_="werknemer", amount="10,00")
    dialog.compute()
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.result.options.amount_cent == 1000, timeout=20000)
    assert dialog.result.total_expected_cent > before  # less contribution subtracted
    assert reads == []  # the journal was read once
    # another profile has other codes: the file is read again
    dialog.profile.setCurrentIndex(dialog.profile.findData("raet-dpia100"))
    dialog.profile.activated.emit(dialog.profile.currentIndex())
    wait(qtbot, window)
    qtbot.waitUntil(lambda: bool(reads) and not window.worker.busy, timeout=20000)
    dialog.close()


def test_enter_in_the_amount_checks_at_once_never_exports(qtbot, window, samples_dir,
                                                         monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(a) or ("", "")))
    dialog = open_check(qtbot, window, samples_dir)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    value = dialog.options.value
    value.setFocus()
    value.selectAll()
    qtbot.keyClicks(value, "30,00")
    qtbot.keyClick(value, Qt.Key.Key_Return)
    assert not dialog._timer.isActive()  # checked at once, not after the typing pause
    wait(qtbot, window)
    qtbot.waitUntil(lambda: dialog.result.options.amount_cent == 3000, timeout=20000)
    assert asked == [] and dialog.isVisible()
    assert window.worker.busy is False
    qtbot.keyClick(value, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_employee_without_number_is_a_row_in_its_colour(qtbot, window, samples_dir, tmp_path):
    from digibord.formats.layout import load_layout

    layout = load_layout()
    number = layout.field("10", "employee_number")
    holder = layout.field("10", "policyholder")
    lines = (samples_dir / "2026-03_01.dat").read_bytes().split(b"\r\n")
    first = next(line for line in lines if line[:2] == b"10"
                 and line[number.start - 1:number.stop].strip())
    family = first[holder.start - 1:holder.stop]
    lines = [line[:number.start - 1] + b" " * number.length + line[number.stop:]
             if line[:2] == b"10" and line[holder.start - 1:holder.stop] == family
             else line for line in lines]
    blank = tmp_path / "2026-03_zonder_nummer.dat"
    blank.write_bytes(b"\r\n".join(lines))
    dialog = open_check(qtbot, window, samples_dir, blank)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    model = dialog.outcome.model
    keys = [c.key for c in model.table.columns]
    status = [model.index(r, keys.index("status")).data() for r in range(model.rowCount())]
    row = status.index(tr("payroll.status.geen werknemersnummer"))
    colour = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert colour == STATUS_COLOURS["geen werknemersnummer"]
    assert "geen werknemersnummer" in dialog.outcome.legend.labels
    dialog.close()


def test_open_dialog_follows_the_language(qtbot, window, samples_dir):
    dialog = open_check(qtbot, window, samples_dir)
    with_25(dialog)
    read(qtbot, window, dialog, samples_dir / "payroll" / "journal_per_werknemer.csv")
    window.set_language("en")
    try:
        wait(qtbot, window)
        assert shown(dialog)["E19620"]["status"] == "payroll only"
        assert dialog.outcome.legend.labels["akkoord"].text() == "agrees"
        assert "Expected" in dialog.outcome.totals.text()
        assert dialog.outcome.only_exceptions.text() == "Exceptions only"
        assert "Recognised" in dialog.found.text()
        assert "Checked with" in dialog.outcome.used.text()
    finally:
        window.set_language("nl")
    assert shown(dialog)["E19620"]["status"] == "alleen salaris"
    dialog.close()


def test_print_button_has_its_place(qtbot, window, samples_dir):
    dialog = open_check(qtbot, window, samples_dir)
    assert not dialog.print_button.isEnabled() and not dialog.export_button.isEnabled()
    buttons = dialog.buttons  # beside Naar Excel, for printing what is shown
    assert buttons.indexOf(dialog.print_button) == buttons.indexOf(dialog.export_button) + 1
    dialog.close()


def test_pay_period_chosen_as_the_command_line(qtbot, window, samples_dir):
    """4-weekly pay: the periods that start in the borderel's month are offered (January 2026:
    periods 1 and 2), the first as `--pay-period` left out; the one chosen is checked, with the
    same figures as `digibord payroll-check ... --pay-period 2`."""
    path, journal = samples_dir / "2026-01_01.dat", samples_dir / "payroll" / JOURNALS[0]
    dialog = open_check(qtbot, window, samples_dir, path)
    periods = dialog.options.pay_period
    assert periods.isVisibleTo(dialog) and periods.count() == 1  # maand: january itself
    dialog.options.set_values(period="4weken", on="basis", for_="werknemer", amount="25,00")
    assert [periods.itemData(i) for i in range(periods.count())] == [1, 2]
    assert periods.currentData() == 1 and periods.isEnabled()
    assert "29-01-2026 t/m 25-02-2026" in periods.itemText(1)
    read(qtbot, window, dialog, journal)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.result.options.pay_period in (None, 1)
    periods.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.result is not None and not window.worker.busy
                    and dialog.result.options.pay_period == 2, timeout=20000)
    done = run_cli("payroll-check", str(path), str(journal), "--period", "4weken",
                   "--amount", "25,00", "--pay-period", "2", "--json")
    assert done.returncode in (0, 1), done.stderr
    theirs = json.loads(done.stdout)
    assert dialog.result.total_expected_cent == theirs["totaal_verwacht_cent"]
    assert dialog.result.total_withheld_cent == theirs["totaal_ingehouden_cent"]
    dialog.close()
