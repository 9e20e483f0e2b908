"""What the check dialog's preview relies on: the preview names the refused cell and every
sheet of a workbook, a cell name is found among the rows shown, and the pick form turns the
user's clicks into the JournalPick the reader takes (the shape following from the columns)."""

from __future__ import annotations

import openpyxl

from digibord.formats.payroll_journal import JournalPick, JournalShape, preview_journal
from digibord.ui.journal_pick import NONE, JournalPickForm, likely_heading_row
from digibord.ui.journal_preview import cell_position, column_roles, letter_number


def workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_preview_names_every_sheet_and_the_refused_cell(tmp_path):
    path = workbook(tmp_path / "j.xlsx", [
        ("Journaal", [["Personeelsnummer", "Bedrag"], ["E1", 1.5], ["E2", "=B2*2"]]),
        ("Toelichting", [["tekst"]]), ("Leeg", [[""]])])
    shown = preview_journal(path)
    assert shown.sheet == "Journaal" and shown.sheets == ("Journaal", "Toelichting", "Leeg")
    assert shown.journal is None and shown.cell == "Journaal!B3"
    assert cell_position(shown, shown.cell) == (2, 1)
    assert cell_position(shown, "Andere!B3") is None  # another sheet
    assert cell_position(shown, "Journaal!B99") is None  # not among the rows shown
    fine = preview_journal(workbook(tmp_path / "k.xlsx", [
        ("Journaal", [["Personeelsnummer", "Bedrag"], ["E1", 1.5]])]))
    assert fine.cell == "" and fine.journal is not None


def test_letters_and_the_likely_heading_row(tmp_path):
    assert [letter_number(x) for x in ("A", "Z", "AA", "AB")] == [0, 25, 26, 27]
    path = tmp_path / "j.csv"
    path.write_text("Titel\r\n\r\nNr;Wie;Euro\r\n1;a;2,00\r\n", encoding="cp1252")
    shown = preview_journal(path)
    assert shown.columns is None
    assert likely_heading_row(shown) == shown.row_numbers.index(3)


def test_the_pick_follows_the_clicks(qtbot, tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Titel\r\nNr;Wie;Code;Euro;7500;7520\r\n1;a;7500;2,00;2,00;1,00\r\n",
                    encoding="cp1252")
    form = JournalPickForm()
    qtbot.addWidget(form)
    shown = preview_journal(path)
    form.show_preview(shown)
    assert form.pick() == JournalPick()  # nothing chosen: recognise
    seen = []
    form.changed.connect(lambda: seen.append(form.pick()))
    form.choose_column(0, "employee")  # the columns belong to the headings shown (row 2)
    assert seen[-1] == JournalPick(heading_row=1, employee=0)
    form.choose_column(2, "component")  # a pay-component column: one row per component
    assert seen[-1].shape is JournalShape.PER_COMPONENT and seen[-1].component == 2
    form.choose_column(4, "premie")  # a premie column: one column per component
    pick = seen[-1]
    assert pick.shape is JournalShape.COLUMN_PER_COMPONENT and pick.component is None
    assert pick.component_columns == ((4, "premie"),)
    form.choose_column(5, "bijdrage")
    assert seen[-1].component_columns == ((4, "premie"), (5, "bijdrage"))
    form.choose_column(4, "employee")  # one column plays one part
    assert seen[-1].employee == 4 and seen[-1].component_columns == ((5, "bijdrage"),)
    form.reset()
    form.choose_column(NONE, "component")  # "(geen)": one amount per employee
    assert seen[-1].shape is JournalShape.PER_EMPLOYEE
    form.choose_row(0)
    assert seen[-1].heading_row == 0
    form.choose_sheet("Blad2")  # another sheet: the row and columns start over
    assert seen[-1] == JournalPick(sheet="Blad2")


def test_roles_shown_per_column(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Personeelsnummer;Naam;7500 Premie;7520 Bijdrage\r\n1;a;2,00;1,00\r\n",
                    encoding="cp1252")
    shown = preview_journal(path)
    assert column_roles(shown.columns) == {0: "employee", 1: "name", 2: "premie",
                                           3: "bijdrage"}
    assert column_roles(None) == {}


def test_rows_the_reader_passes_over_are_greyed(qtbot, samples_dir):
    from PySide6.QtCore import Qt

    from digibord.formats.payroll_journal import ComponentCodes
    from digibord.ui.journal_preview import TITLE_ROW_COLOUR, JournalPreviewModel

    shown = preview_journal(samples_dir / "payroll" / "journal_per_component.xlsx")
    model = JournalPreviewModel()
    model.set_preview(shown, ComponentCodes())
    component = shown.columns.component
    codes = {r: shown.cells[r][component] for r in range(shown.heading_row + 1,
                                                          len(shown.cells))}
    assert model.ignored == {r for r, code in codes.items() if code not in
                             ("7500", "7510", "7520")}
    assert {codes[r] for r in model.ignored} >= {"1000", "4000"}  # salary and tax: not read
    salary = min(model.ignored)
    assert model.index(salary, 0).data(Qt.ItemDataRole.ForegroundRole) == TITLE_ROW_COLOUR
    assert model.index(salary, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    premium = min(r for r, code in codes.items() if code == "7500")
    assert model.index(premium, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
