"""`digibord salary --pdf/--xlsx/--csv`: the verantwoordingslijst beside the import file, with
the options used, per employee premie, correctie, bijdrage and inhouding, the employees not
converted, and totals that add up to the borderel's `90` record."""

from __future__ import annotations

import csv
import json

import openpyxl
from pypdf import PdfReader

from digibord.formats.reader import read_borderel
from digibord.money import format_euro
from tests.report_support import assert_matches_expected, run_cli
from tests.test_ui_salary import without_number


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_salary_writes_the_verantwoordingslijst(samples_dir, tmp_path):
    path, number, holder = without_number(samples_dir, tmp_path)
    b = read_borderel(path)
    pdf, xlsx, lst = tmp_path / "v.pdf", tmp_path / "v.xlsx", tmp_path / "v.csv"
    imp = tmp_path / "import.csv"
    done = run_cli("salary", str(path), "--period", "4weken", "--amount", "12,50",
                   "--skip-missing", "-o", str(imp), "--pdf", str(pdf), "--xlsx", str(xlsx),
                   "--csv", str(lst))
    assert done.returncode == 0, done.stderr
    assert imp.exists() and all(str(p) in done.stderr for p in (pdf, xlsx, lst))
    text = text_of(pdf)
    # the options used, the rows, the ones left out, the totals against record 90
    assert "Salarisperiode 4weken" in text and "€ 12,50 per persoon per maand" in text
    assert "niet omgezet" in text and "Niet omgezet: werknemers zonder werknemersnummer" in text
    for head in ("Premie", "Correctie", "Bijdrage", "Inhouding"):
        assert head in text
    flat = text.replace("\n", " ")
    prolongation = format_euro(b.trailer.total_prolongation_cent)
    corrections = format_euro(b.trailer.total_corrections_cent)
    assert f"Totaal prolongatie borderel (record 90) {prolongation}" in flat
    assert f"Totaal correcties borderel (record 90) {corrections}" in flat
    assert f"{holder:010d}" in text  # the employee without number, by relatienummer
    wb = openpyxl.load_workbook(xlsx)
    assert [ws.title for ws in wb.worksheets] == ["Salaris", "Niet omgezet", "Info"]
    rows = list(csv.reader(lst.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:2] == ["werknemersnummer", "naam"] and len(rows) > 2
    assert number not in {r[0] for r in rows[1:]}


def test_salary_json_stays_as_it_was(samples_dir, tmp_path):
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--on", "basis", "--for",
                   "werknemer", "--amount", "25,00", "--json", "--pdf", str(tmp_path / "v.pdf"))
    assert done.returncode == 0, done.stderr
    expected = json.loads((samples_dir / "salary_2026-03.json").read_text("utf-8"))
    assert_matches_expected(json.loads(done.stdout), expected)
    assert (tmp_path / "v.pdf").read_bytes()[:5] == b"%PDF-"


def test_salary_refuses_an_existing_list_before_any_work(samples_dir, tmp_path):
    pdf = tmp_path / "v.pdf"
    pdf.write_bytes(b"oud")
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--pdf", str(pdf),
                   "-o", str(tmp_path / "import.csv"))
    assert done.returncode == 1 and "bestaat al" in done.stderr
    assert pdf.read_bytes() == b"oud" and not (tmp_path / "import.csv").exists()
