"""LibreOffice opens the workbook and sees the same values (converted to CSV headless)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal

import pytest

from digibord.export.xlsx import write_xlsx
from tests.test_export_table import INJECTION, make_table

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("libreoffice") is None,
                       reason="libreoffice is not on PATH"),
]
# ';' separated, '"' quoted, UTF-8, raw values (not as shown), every sheet
CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1"


def number(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def test_libreoffice_reads_values_totals_and_text(tmp_path):
    table = make_table(60)
    path = tmp_path / "r.xlsx"
    write_xlsx([table], path)
    subprocess.run(["libreoffice", "--headless", "--convert-to", CSV_FILTER, "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    with open(tmp_path / "r-Correctiepremies.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    f = table.frame
    assert rows[0][:3] == ["Werknemersnr.", "Relatienummer", "Naam"]
    for i in range(len(f)):
        row = rows[i + 1]
        assert row[1] == f["relation_number"][i]
        assert row[2] == f["name"][i]
        assert row[4] == "2026-02"
        assert number(row[6]) == Decimal(int(f["gross_cent"][i])) / 100
        assert number(row[8]) == Decimal(int(f["net_cent"][i])) / 100
    assert [rows[i + 1][2] for i in range(len(INJECTION))] == list(INJECTION)
    assert rows[-1][0] == "Totaal"
    assert number(rows[-1][8]) == Decimal(table.totals[1].value) / 100
    with open(tmp_path / "r-Info.csv", encoding="utf-8", newline="") as fh:
        info = {r[0]: r[1] for r in csv.reader(fh, delimiter=";") if len(r) > 1}
    assert info["Collectiviteitsnummer"] == "123456789"
