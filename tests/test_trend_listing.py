"""The archive's listing as a report: `digibord archive --csv/--xlsx/--pdf`, every borderel
with its volgnummer, totals and import time, the replaced re-issue and a demo file marked, the
totals over the borderels in force only; Exporteren from the Archief view."""

from __future__ import annotations

import csv

import openpyxl
from pypdf import PdfReader

from digibord.app.trend import archive_overview
from digibord.archive import open_archive
from digibord.paths import resource
from digibord.reports.build import report_json
from tests.report_support import run_cli
from tests.trend_support import (  # noqa: F401  (the fixtures, registered by their names)
    FIRST,
    REISSUED,
    SECOND,
    trend_archive_fixture,
    trend_series_fixture,
)


def test_the_listing_marks_replaced_and_demo_months(trend_archive):
    archive = open_archive()
    demo = sorted(resource("demo").glob("*.dat"))[0]
    archive.import_bytes(demo.read_bytes(), demo.name)  # by hand: never in the totals
    entries = archive.entries()
    listing = archive_overview()
    rows = listing.rows
    assert len(rows) == len(entries)
    assert [n for n, _ in listing.collectivities][:2] == [SECOND, FIRST]
    reissue = rows[(rows["collectivity_number"] == FIRST) & (rows["month"] == REISSUED)]
    assert reissue["status"].tolist() == ["replaced", "current"]
    assert reissue["sequence"].tolist() == [1, 2]
    assert (rows["status"] == "demo").sum() == 1
    current = [e for e in entries if e.current and e.file_name != demo.name]
    assert listing.current_total("total_due_cent") == sum(e.total_due_cent for e in current)
    data = report_json(listing)
    assert data["totaal_te_betalen_cent"] == sum(e.total_due_cent for e in current)
    assert data["rows"][0]["geimporteerd_op"].startswith("20")  # ISO, as the archive keeps it


def test_the_command_line_writes_csv_excel_and_pdf(trend_archive, tmp_path):
    for fmt in ("csv", "xlsx", "pdf"):
        done = run_cli("archive", f"--{fmt}", str(tmp_path / f"archief.{fmt}"))
        assert done.returncode == 0, done.stderr
        assert "archief." in done.stderr
    entries = open_archive().entries()
    with open(tmp_path / "archief.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == len(entries)
    assert {r["status"] for r in rows} == {"current", "replaced"}
    sheet = openpyxl.load_workbook(tmp_path / "archief.xlsx")["Archief"]
    heads = [c.value for c in sheet[1]]
    assert heads[:5] == ["Collectiviteit", "Naam", "Maand", "Volgnr.", "Status"]
    statuses = [sheet.cell(r, 5).value for r in range(2, len(entries) + 2)]
    assert statuses.count("vervangen") == 1
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "archief.pdf")).pages)
    assert "Archiefoverzicht" in text and "vervangen" in text
    assert "Bron: het archief van Digibord" in text
    again = run_cli("archive", "--pdf", str(tmp_path / "archief.pdf"))
    assert again.returncode == 1 and "bestaat al" in again.stderr  # nothing overwritten unasked


def test_exporteren_from_the_archief_view(qtbot, window, trend_archive):
    window.show_view("archive")
    view = window.view("archive")
    qtbot.waitUntil(lambda: bool(view.entries), timeout=20000)
    result = view.report_result()
    assert len(result.rows) == len(view.entries)
    assert [b.text() for b in view.export_buttons] == ["Naar Excel…", "Naar PDF…"]
    view.export_buttons[0].click()
    qtbot.waitUntil(lambda: getattr(window, "export_chooser", None) is not None, timeout=20000)
    window.export_chooser.reject()
