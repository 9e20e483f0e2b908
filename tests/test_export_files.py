"""write_report: formats, chosen columns, refusals, and never half a file."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from digibord.commands.common import CommandRefused
from digibord.export import files
from digibord.export.files import ExportRefused, write_report
from digibord.reports.registry import UnknownReport
from tests.test_export_table import make_table


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_writes_and_returns_the_path(tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    assert write_report(make_table(8), path, fmt) == path
    assert path.stat().st_size > 1000
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_columns_in_the_order_given(tmp_path):
    path = tmp_path / "r.xlsx"
    write_report(make_table(8), path, "xlsx", columns="net_cent, name")
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == ["Netto", "Naam"]
    write_report(make_table(8), tmp_path / "r.pdf", "pdf", columns=["name", "net_cent"])


def test_unknown_column_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(CommandRefused) as info:
        write_report(make_table(8), tmp_path / "r.xlsx", "xlsx", columns=["nett"])
    assert isinstance(info.value, CommandRefused)  # the CLI exits 1 with the message
    assert "nett" in str(info.value) and "net_cent" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_missing_folder_and_wrong_result(tmp_path):
    with pytest.raises(ExportRefused):
        write_report(make_table(8), tmp_path / "r.ods", "ods")
    with pytest.raises(CommandRefused, match="bestaat niet"):
        write_report(make_table(8), tmp_path / "no" / "r.pdf", "pdf")
    # a result no report knows is a bug of the program, never shown as a refusal
    with pytest.raises(UnknownReport):
        write_report(object(), tmp_path / "r.pdf", "pdf")


def test_no_overwrite_without_consent(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"mine")
    with pytest.raises(CommandRefused, match="bestaat al"):
        write_report(make_table(8), path, "xlsx")  # never replaced unless asked
    assert path.read_bytes() == b"mine"
    write_report(make_table(8), path, "xlsx", overwrite=True)  # --force, or the user said so
    assert openpyxl.load_workbook(path).sheetnames[0] == "Correctiepremies"
    new = tmp_path / "new.pdf"
    write_report(make_table(8), new, "pdf", overwrite=False)
    assert len(PdfReader(str(new)).pages) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pdf", "r.xlsx"]


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"previous report")

    def broken(tables, out, show_bsn=False, lang="nl"):
        with open(out, "wb") as fh:
            fh.write(b"%PDF-half")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(files.FORMATS, "pdf",
                        files.Format("pdf", "PDF", ".pdf", files._write_tables(broken), True))
    with pytest.raises(RuntimeError):
        write_report(make_table(8), path, "pdf", overwrite=True)
    assert path.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_language_follows_the_setting(tmp_path):
    from digibord import i18n

    i18n.set_language("en")
    path = tmp_path / "r.xlsx"
    write_report(make_table(8), path, "xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["Corrections", "Info"]
    write_report(make_table(8), path, "xlsx", lang="nl", overwrite=True)
    assert openpyxl.load_workbook(path).sheetnames == ["Correctiepremies", "Info"]


def test_too_many_rows_for_excel(tmp_path, monkeypatch):
    from digibord.export import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 10)
    with pytest.raises(ExportRefused, match="hoogstens 7"):
        write_report(make_table(8), tmp_path / "r.xlsx", "xlsx")
    assert list(tmp_path.iterdir()) == []
    write_report(make_table(8), tmp_path / "r.pdf", "pdf")  # a PDF has no such limit


def test_export_does_not_import_qt():
    import subprocess
    import sys

    code = ("import sys, digibord.export.files, digibord.export.pdf, digibord.export.xlsx, "
            "digibord.export.files; print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
