"""Reading payroll exports: CSV dialects, Excel, headings, amounts to exact cents, refusals."""

from __future__ import annotations

import pytest

from digibord.formats.payroll_export import (
    PayrollExportRefused,
    match_key,
    parse_amounts,
    read_payroll_export,
)


def _amounts(export) -> dict:
    a = export.amounts
    return dict(zip(a["employee_number"], a["withheld_cent"].tolist(), strict=True))


@pytest.mark.parametrize(("text", "encoding"), [
    ("Personeelsnummer;Naam;Inhouding\r\n001392;Jansen;146,03\r\nE13657;Müller;€ 1.350,38\r\n",
     "cp1252"),
    ("\ufeffWerknemersnummer,Naam,Bedrag\n001392,Jansen,146.03\nE13657,Müller,\"1,350.38\"\n",
     "utf-8"),
    ("Pers.nr.\tMedewerker naam\tIngehouden\n001392\tJansen\t146,03\nE13657\tMüller\t1350,38\n",
     "utf-8"),
    ("PERSONEELSNUMMER;INHOUDING\n001392;100,00\n001392;46,03\nE13657;1.350,38\n", "utf-8"),
])
def test_dialects(tmp_path, text, encoding):
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    export = read_payroll_export(path)
    assert _amounts(export) == {"001392": 14603, "E13657": 135038}


def test_negative_forms_and_totals_row(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("Werknemer;Bedrag\n1;-12,30\n2;(12,30)\n3;12,30-\n4;5,00\nTotaal;-7,60\n",
                    encoding="utf-8")
    assert _amounts(read_payroll_export(path)) == {"1": -1230, "2": -1230, "3": -1230, "4": 500}


def test_all_negative_deductions_are_turned_positive(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("Werknemer;Inhouding\n1;-12,30\n2;-1,00\n", encoding="utf-8")
    export = read_payroll_export(path)
    assert export.negated and _amounts(export) == {"1": 1230, "2": 100}


def test_column_options_by_name_and_number(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("Code;Omschrijving;Euro\nA1;x;3,5\nB2;y;4\n", encoding="utf-8")
    with pytest.raises(PayrollExportRefused) as err:
        read_payroll_export(path)
    assert "Code" in str(err.value)
    export = read_payroll_export(path, employee_column="code", amount_column="3")
    assert _amounts(export) == {"A1": 350, "B2": 400}
    assert (export.employee_column, export.amount_column) == ("Code", "Euro")


def test_amount_parsing():
    assert parse_amounts([]).tolist() == []
    got = parse_amounts(["1.234,56", "€ 7", "-0,05", "(3,10)", "", "12"])
    assert got.tolist() == [123456, 700, -5, -310, 0, 1200]
    assert parse_amounts(["1,234.56", "2.5"]).tolist() == [123456, 250]
    assert parse_amounts(["1.234", "12.000"]).tolist() == [123400, 1200000]  # thousands only
    with pytest.raises(PayrollExportRefused):
        parse_amounts(["12,345", "1,50"])  # three decimals where the comma is the decimal mark
    with pytest.raises(PayrollExportRefused):
        parse_amounts(["1,50", "abc"])


def test_excel(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Salarisrun maart"])
    sheet.append(["Pers.nr.", "Naam", "Inhouding"])
    sheet.append([1392, "Jansen", 146.03])
    sheet.append(["E13657", "Müller", 1350.375])  # half a cent: away from zero
    sheet.append([1392, "Jansen", 0.1 + 0.2])  # a float sum: 0,30
    path = tmp_path / "run.xlsx"
    book.save(path)
    export = read_payroll_export(path)
    assert _amounts(export) == {"1392": 14633, "E13657": 135038}


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 ...", b"PK\x03\x04broken zip",
                                     b"just one column\nno delimiter\n"])
def test_unreadable_refused(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(PayrollExportRefused):
        read_payroll_export(path)


def test_missing_file_refused(tmp_path):
    with pytest.raises(PayrollExportRefused):
        read_payroll_export(tmp_path / "nope.csv")


def test_match_key():
    assert match_key(["007263", " e1 ", "0", "00A1"]).tolist() == ["7263", "E1", "0", "00A1"]


def test_headings_for_mapping_by_hand(tmp_path):
    from digibord.formats.payroll_export import payroll_headings

    path = tmp_path / "loon.csv"
    path.write_bytes("Loonjournaal maart\r\n\r\nMdw;Naam;Netto inh.\r\n1001;Jan;12,50\r\n"
                     .encode("cp1252"))
    assert payroll_headings(path) == ["Loonjournaal maart"]
    path.write_bytes(b"Mdw;Naam;Netto inh.\r\n1001;Jan;12,50\r\n")
    assert payroll_headings(path) == ["Mdw", "Naam", "Netto inh."]


@pytest.mark.parametrize("content", [b"Personeelsnummer;Inhouding\r\n",
                                     b"Personeelsnummer;Inhouding\r\nTotaal;0,00\r\n"])
def test_headings_without_rows_refused_not_a_crash(tmp_path, content):
    """An export with its heading row and no employee: refused (exit 1), not a KeyError."""
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(PayrollExportRefused):
        read_payroll_export(path)


@pytest.mark.parametrize(("employee", "amount"), [
    ("Personeelsnr", "Bedrag (€)"), ("Werknemer nr", "Inhouding ZVW"),
    ("Medewerker-ID", "Ingehouden (EUR)"), ("Personeelsnr.", "Inhouding zorgverzekering"),
])
def test_common_headings_with_suffixes_recognised(tmp_path, employee, amount):
    path = tmp_path / "loon.csv"
    path.write_text(f"Naam;{employee};{amount}\r\nJan;001392;146,03\r\n", encoding="cp1252")
    export = read_payroll_export(path)
    assert (export.employee_column, export.amount_column) == (employee, amount)
    assert _amounts(export) == {"001392": 14603}


def test_name_columns_are_not_taken_for_the_employee_number(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_text("Naam werknemer;Personeelsnr;Bedrag\r\nJan;1392;146,03\r\n",
                    encoding="cp1252")
    assert read_payroll_export(path).employee_column == "Personeelsnr"
