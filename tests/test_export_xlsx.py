"""Excel files read back with openpyxl and python-calamine: values, types, totals, layout."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from digibord.export.xlsx import column_letter, decimal_text, write_xlsx
from digibord.reports.table import Column, ReportTable
from tests.test_export_table import INJECTION, META, make_table


def euros(cents: int) -> float:
    return float(Decimal(int(cents)) / 100)


@pytest.fixture
def book(tmp_path):
    table = make_table(40)
    path = tmp_path / "r.xlsx"
    write_xlsx([table], path)
    return table, path


def test_decimal_text_is_exact():
    values = np.array([0, 5, -5, 12345, -123456789012, 100], dtype=np.int64)
    assert decimal_text(values, 2).tolist() == [
        "0.00", "0.05", "-0.05", "123.45", "-1234567890.12", "1.00"]
    assert decimal_text(np.array([1250, 10000]), 4).tolist() == ["0.1250", "1.0000"]
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_values_and_types_with_openpyxl(book):
    table, path = book
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Correctiepremies", "Info"]
    ws = wb["Correctiepremies"]
    heads = [c.value for c in ws[1]]
    assert heads == ["Werknemersnr.", "Relatienummer", "Naam", "BSN", "Premiemaand",
                     "Mutatiedatum", "Bruto", "Korting %", "Netto", "Totaal"]
    f = table.frame
    for i in range(len(f)):
        row = [c.value for c in ws[i + 2]]
        assert row[0] == f["employee_number"][i]
        assert row[1] == f["relation_number"][i]  # leading zeros kept: text
        assert row[2] == f["name"][i]
        assert row[3] == ("" if f["bsn"][i] == "" else "*****" + f["bsn"][i][-4:]) or (
            row[3] is None and f["bsn"][i] == "")
        assert row[4] == "2026-02"
        if pd.isna(f["mutation_date"][i]):
            assert row[5] is None
        else:
            assert row[5] == dt.datetime(2026, 1, 31)
        assert row[6] == euros(f["gross_cent"][i])
        assert row[7] == 0.125
        assert row[8] == euros(f["net_cent"][i])
        assert row[9] == 1
    # nl-NL Windows: `-€ 237,05`, the minus before the euro sign
    assert ws.cell(2, 7).number_format == "[$€-413] #,##0.00;-[$€-413] #,##0.00"
    assert ws.cell(2, 6).number_format == "dd\\-mm\\-yyyy"
    assert ws.cell(2, 5).data_type == "s"


def test_totals_row_holds_values_equal_to_the_totals(book):
    table, path = book
    ws = openpyxl.load_workbook(path)["Correctiepremies"]
    n = len(table.frame)
    assert all(c.value is None for c in ws[n + 2])  # a blank row keeps sorting off it
    total = [c.value for c in ws[n + 3]]
    assert total[0] == "Totaal"
    assert total[6] == euros(table.totals[0].value)
    assert total[8] == euros(table.totals[1].value)
    assert all(c.data_type == "n" for c in ws[n + 3][6:9:2])
    assert ws.max_row == n + 3


def test_frozen_header_autofilter_widths(book):
    table, path = book
    ws = openpyxl.load_workbook(path)["Correctiepremies"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{len(table.frame) + 1}"
    name_width = ws.column_dimensions["C"].width
    assert name_width >= max(len(s) for s in table.frame["name"])
    assert ws.column_dimensions["J"].width < name_width


def test_formula_like_text_stays_text(book):
    _, path = book
    wb = openpyxl.load_workbook(path)
    ws = wb["Correctiepremies"]
    for i, text in enumerate(INJECTION):
        cell = ws.cell(i + 2, 3)
        assert cell.value == text and cell.data_type == "s"
        assert cell.quotePrefix
    for row in ws.iter_rows():
        assert all(c.data_type != "f" for c in row)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_calamine_reads_the_same(book):
    table, path = book
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["Correctiepremies", "Info"]
    rows = wb.get_sheet_by_name("Correctiepremies").to_python()
    f = table.frame
    assert rows[1][2] == INJECTION[0]
    assert [r[8] for r in rows[1:len(f) + 1]] == [euros(v) for v in f["net_cent"]]
    assert rows[1][5] == dt.date(2026, 1, 31)
    assert rows[-1][0] == "Totaal" and rows[-1][8] == euros(table.totals[1].value)


def test_info_sheet(book):
    _, path = book
    ws = openpyxl.load_workbook(path)["Info"]
    pairs = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert pairs["Collectiviteitsnummer"] == "123456789"
    assert pairs["Collectiviteit"] == META.collectivity_name
    assert pairs["Maand(en)"] == "2026-03"
    assert pairs["Bronbestanden"] == "2026-03_01.dat"
    assert pairs["Gemaakt op"] == dt.datetime(2026, 3, 28, 9, 15)
    assert pairs["Programma"].startswith("Digibord ")
    assert pairs["Aantal regels"] == 40


def test_show_bsn_and_english(tmp_path):
    path = tmp_path / "en.xlsx"
    write_xlsx([make_table(8)], path, show_bsn=True, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Corrections", "Info"]
    ws = wb["Corrections"]
    assert ws["D1"].value == "BSN" and ws["D2"].value == "123450000"
    assert ws["I1"].value == "Net"
    assert ws.cell(ws.max_row, 1).value == "Total"


def test_xml_invalid_characters_are_dropped_and_markup_escaped(tmp_path):
    frame = pd.DataFrame({"a": ["bell\x07 & <tag> \"q\" ", "tab\tok", "\ufffe"]})
    table = ReportTable("export.title.corrections", "export.sheet.corrections",
                        (Column("a", "export.col.name"),), frame, META)
    path = tmp_path / "x.xlsx"
    write_xlsx([table], path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A2"].value == "bell & <tag> \"q\" "  # trailing space kept
    assert ws["A3"].value == "tab\tok"
    assert ws["A4"].value is None


def test_empty_table_and_several_sheets(tmp_path):
    table = make_table(8)
    empty = ReportTable("export.title.diff", "export.sheet.corrections", table.columns,
                        table.frame.iloc[0:0], META)
    path = tmp_path / "e.xlsx"
    write_xlsx([table, empty], path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Correctiepremies", "Correctiepremies (2)", "Info"]
    ws = wb.worksheets[1]
    assert ws.max_row == 1 and ws["A1"].value == "Werknemersnr."
