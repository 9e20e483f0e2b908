"""The person dialog: the policy as the portal shows it, corrections, the family."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from digibord.formats.reader import read_borderel
from digibord.money import format_euro, format_percent_bp
from digibord.ui.app import create_app
from digibord.ui.documents import OpenedBorderel
from digibord.ui.insured_columns import prepare_insured
from digibord.ui.main_window import MainWindow
from digibord.ui.person_dialog import PersonDialog


def doc_for(samples_dir, month):
    path = samples_dir / f"{month}_01.dat"
    b = read_borderel(path)
    return OpenedBorderel(path, b, prepared={"insured": prepare_insured(b)})


def cells(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


@pytest.mark.parametrize("month", ["2026-01", "2026-02", "2026-03"])
def test_every_person_total_matches_the_list(qtbot, samples_dir, month):
    doc = doc_for(samples_dir, month)
    expected = json.loads((samples_dir / f"list_{month}.json").read_text(encoding="utf-8"))
    for person in expected["verzekerden"]:
        dialog = PersonDialog(doc, int(person["relatienummer"]))
        qtbot.addWidget(dialog)
        rows = cells(dialog.products)
        assert rows[-1][0] == "Totaal"
        assert rows[-1][-1] == format_euro(person["prolongatie_cent"])
        assert person["naam"] in dialog.windowTitle()


def test_products_subtotals_and_discount_percent(qtbot, samples_dir):
    doc = doc_for(samples_dir, "2026-02")
    b = doc.borderel
    relation = 75688894  # E.A. Schröder: basis and aanvullend
    dialog = PersonDialog(doc, relation)
    qtbot.addWidget(dialog)
    lines = b.lines[(b.lines.relation_number == relation) & (b.lines.line_kind == "P")]
    products = b.products.set_index("product_code")
    rows = cells(dialog.products)
    product_rows = rows[:-3]
    assert len(product_rows) == len(lines)
    by_name = {r[0]: r for r in product_rows}
    for line in lines.itertuples():
        p = products.loc[line.product_code]
        row = by_name[p.description]
        assert row[1:] == [format_euro(line.gross_cent), format_euro(line.collective_discount_cent),
                           format_percent_bp(int(p.discount_bp)),
                           format_euro(line.other_discount_cent), format_euro(line.net_cent)]
    kinds = lines.product_code.map(products.product_kind)
    basis = int(lines.net_cent[kinds == "B"].sum())
    extra = int(lines.net_cent[kinds != "B"].sum())
    assert rows[-3][-1] == format_euro(basis)
    assert rows[-2][-1] == format_euro(extra)
    assert rows[-1][-1] == format_euro(basis + extra)
    # Basis comes first, as the portal shows it.
    assert product_rows[0][0] == products.loc[
        lines.product_code[kinds == "B"].iloc[0]].description


def test_corrections_and_family_navigation(qtbot, samples_dir):
    doc = doc_for(samples_dir, "2026-02")
    corrections = json.loads((samples_dir / "corrections_2026-02.json").read_text("utf-8"))
    mine = [r for r in corrections["rows"] if r["relatienummer"] == "0018874421"]
    assert mine
    dialog = PersonDialog(doc, 18874421)  # I. de Graaf, a partner with corrections
    qtbot.addWidget(dialog)
    rows = cells(dialog.corrections)
    assert len(rows) == len(mine)
    assert sorted(r[6] for r in rows) == sorted(format_euro(r["netto_cent"]) for r in mine)
    meaning = {"01": "aanmelding", "02": "afmelding", "03": "productwijziging",
               "08": "wijziging korting"}
    assert sorted(r[2] for r in rows) == sorted(
        f"{r['mutatiecode']} {meaning[r['mutatiecode']]}" for r in mine)
    assert sorted(r[0] for r in rows) == sorted(r["premiemaand"] for r in mine)
    family = cells(dialog.family)
    assert [r[0] for r in family] == ["H", "P"]
    assert family[0][2] == "B. van den Heuvel"
    # Clicking the employee shows them; Terug goes back.
    dialog._family_clicked(0)
    assert "B. van den Heuvel" in dialog.windowTitle()
    assert not dialog.corrections.isVisibleTo(dialog)
    dialog.go_back()
    assert "I. de Graaf" in dialog.windowTitle()


def test_double_click_and_enter_open_the_person(qtbot, samples_dir):
    create_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.loader.loaded, timeout=20000):
        win.open_files([samples_dir / "2026-03_01.dat"])
    view = win.view("insured")
    view.model.sort(view.model.table.index("naam"), Qt.SortOrder.AscendingOrder)
    name = view.model.index(2, view.model.table.index("naam")).data()
    view.table.setCurrentIndex(view.model.index(2, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = win.findChild(PersonDialog)
    assert dialog is not None and name in dialog.windowTitle()
    dialog.close()
    qtbot.waitUntil(lambda: win.findChild(PersonDialog) is None)
    rect = view.table.visualRect(view.model.index(0, 4))
    # Qt's item views only take a double click on the cell that was pressed first.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    first = view.model.index(0, view.model.table.index("naam")).data()
    assert any(first in d.windowTitle() for d in win.findChildren(PersonDialog))
