"""Every report of the sample borderels to Excel and PDF: the totals equal the `90` record."""

from __future__ import annotations

import re

import openpyxl
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from digibord.export.files import write_report
from digibord.formats.payroll_journal import read_journal
from digibord.formats.reader import read_borderel
from digibord.money import format_euro
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list
from digibord.reconcile.payroll_check import compute_payroll_check
from digibord.reconcile.salary import SalaryOptions, compute_salary

MONTHS = ("2026-01", "2026-02", "2026-03")


def euros(cents: int) -> float:
    return round(cents / 100, 2)


@pytest.fixture(scope="module")
def borderels(samples_dir):
    return {m: read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS}


def totals_row(path, sheet=0) -> list:
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    row = [c.value for c in ws[ws.max_row]]
    assert row[0] == "Totaal" or "Totaal" in row
    return row


def heading_index(path, heading: str, sheet=0) -> int:
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    return [c.value for c in ws[1]].index(heading)


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.mark.parametrize("month", MONTHS)
def test_insured_list(borderels, month, tmp_path):
    b = borderels[month]
    t = b.trailer
    result = insured_list(b)
    xlsx = tmp_path / "list.xlsx"
    write_report(result, xlsx, "xlsx")
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Verzekerden", "Polis per verzekerde",
                                                      "Info"]
    row = totals_row(xlsx)
    assert row[heading_index(xlsx, "Prolongatie")] == euros(t.total_prolongation_cent)
    assert row[heading_index(xlsx, "Correcties")] == euros(t.total_corrections_cent)
    assert row[heading_index(xlsx, "Totaal")] == euros(t.total_prolongation_cent
                                                       + t.total_corrections_cent)
    data = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    assert len(data) == t.insured_count + 3  # heading, persons, blank, totals
    assert all(re.fullmatch(r"\*{5}\d{4}|", str(r[6])) for r in data[1:-2])
    # the policy sheet: net per product adds up to the month's premium
    policy = totals_row(xlsx, 1)
    assert policy[heading_index(xlsx, "Netto", 1)] == euros(t.total_prolongation_cent)
    pdf = tmp_path / "list.pdf"
    write_report(result, pdf, "pdf")
    text = pdf_text(pdf)
    assert "Verzekerdenoverzicht" in text and "Polis per verzekerde" in text
    assert re.search(r"Totaal prolongatie\s*" + re.escape(format_euro(
        t.total_prolongation_cent)), text)
    assert re.search(r"Totaal correcties\s*" + re.escape(format_euro(
        t.total_corrections_cent)), text)
    assert "Subtotaal basis" in text and "Subtotaal aanvullend" in text


def test_columns_choose_the_main_sheet(borderels, tmp_path):
    xlsx = tmp_path / "list.xlsx"
    write_report(insured_list(borderels["2026-03"]), xlsx, "xlsx",
                 columns=["name", "total_cent"])
    wb = openpyxl.load_workbook(xlsx)
    assert [c.value for c in wb.worksheets[0][1]] == ["Naam", "Totaal"]
    assert "Netto" in [c.value for c in wb.worksheets[1][1]]  # the policy sheet stays whole


@pytest.mark.parametrize("month", MONTHS)
def test_corrections(borderels, month, tmp_path):
    b = borderels[month]
    result = compute_corrections([b])
    xlsx, pdf = tmp_path / "c.xlsx", tmp_path / "c.pdf"
    write_report(result, xlsx, "xlsx")
    write_report(result, pdf, "pdf")
    expected = b.trailer.total_corrections_cent
    if len(result.rows):
        assert totals_row(xlsx)[heading_index(xlsx, "Netto")] == euros(expected)
    assert re.search(r"Totaal netto\s*" + re.escape(format_euro(expected)), pdf_text(pdf))


def test_corrections_of_several_months(borderels, tmp_path):
    result = compute_corrections(list(borderels.values()))
    xlsx = tmp_path / "c.xlsx"
    write_report(result, xlsx, "xlsx")
    expected = sum(b.trailer.total_corrections_cent for b in borderels.values())
    assert heading_index(xlsx, "Prolongatiemaand") == 0
    assert totals_row(xlsx)[heading_index(xlsx, "Netto")] == euros(expected)
    pdf = tmp_path / "c.pdf"
    write_report(result, pdf, "pdf")
    assert "Maand: 2026-01, 2026-02, 2026-03" in pdf_text(pdf)


@pytest.mark.parametrize(("van", "tot"), [("2026-01", "2026-02"), ("2026-02", "2026-03")])
@pytest.mark.parametrize("everything", [False, True])
def test_diff(borderels, van, tot, everything, tmp_path):
    a, b = borderels[van], borderels[tot]
    result = compute_diff(a, b, include_unchanged=everything)
    xlsx, pdf = tmp_path / "d.xlsx", tmp_path / "d.pdf"
    write_report(result, xlsx, "xlsx")
    write_report(result, pdf, "pdf")
    row = totals_row(xlsx)
    # the month columns are titled with their months, not "van" / "tot"
    names = {"2026-01": "jan 2026", "2026-02": "feb 2026", "2026-03": "mrt 2026"}
    assert row[heading_index(xlsx, f"Netto {names[van]}")] == euros(
        a.trailer.total_prolongation_cent)
    assert row[heading_index(xlsx, f"Netto {names[tot]}")] == euros(
        b.trailer.total_prolongation_cent)
    assert row[heading_index(xlsx, "Verschil")] == euros(
        b.trailer.total_prolongation_cent - a.trailer.total_prolongation_cent)
    data = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    assert len(data) - 3 == len(result.shown_rows())
    text = pdf_text(pdf)
    assert re.search(rf"Totaal netto {names[van]}\s*" + re.escape(format_euro(
        a.trailer.total_prolongation_cent)), text)
    # (a heading may be set on two lines: "Netto" above "mrt 2026")
    assert re.search(rf"Netto\s+{names[tot]}", text) and "Netto van" not in text
    unchanged = dict(result.status_counts)["ongewijzigd"]
    # the count in the totals block, plus one status cell per unchanged row when shown
    notes = text.count("ook ongewijzigde")  # the note under the title with --all
    assert text.count("ongewijzigd") - notes == 1 + (unchanged if everything else 0)


def test_salary_and_payroll_check(borderels, tmp_path):
    b = borderels["2026-03"]
    salary = compute_salary(b, SalaryOptions(amount_cent=2500))
    xlsx, pdf = tmp_path / "s.xlsx", tmp_path / "s.pdf"
    write_report(salary, xlsx, "xlsx")
    write_report(salary, pdf, "pdf")
    row = totals_row(xlsx)
    assert row[heading_index(xlsx, "Premie")] == euros(b.trailer.total_prolongation_cent)
    assert row[heading_index(xlsx, "Correctie")] == euros(b.trailer.total_corrections_cent)
    assert row[heading_index(xlsx, "Bijdrage")] == euros(salary.total_contribution_cent)
    assert "bijdrage € 25,00 per persoon per maand" in pdf_text(pdf)

    export = tmp_path / "salaris.csv"
    lines = ["Personeelsnummer;Inhouding"]
    numbers = salary.rows["employee_number"].tolist()
    deductions = salary.rows["deduction_cent"].tolist()
    for i, (number, cents) in enumerate(zip(numbers, deductions, strict=True)):
        cents += 100 if i == 0 else 0  # one employee withheld a euro too much
        lines.append(f"{number};{cents // 100},{cents % 100:02d}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = compute_payroll_check(b, read_journal(export), SalaryOptions(amount_cent=2500))
    xlsx, pdf = tmp_path / "p.xlsx", tmp_path / "p.pdf"
    write_report(check, xlsx, "xlsx")
    write_report(check, pdf, "pdf")
    row = totals_row(xlsx)
    assert row[heading_index(xlsx, "Verschil")] == 1.0
    assert row[heading_index(xlsx, "Verwacht")] == euros(check.total_expected_cent)
    text = pdf_text(pdf)
    assert "salaris.csv" in text and re.search(r"Totaal verschil\s*€ 1,00", text)
