"""The streamed workbook: compact tables (build_table(compact=True), what --xlsx writes) give
the same workbook as the plain tables every other surface reads, for every report of the
samples; the writer's chunks, escaping, quote prefix and empty cells on a table made by hand."""

from __future__ import annotations

import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from digibord.export import xlsx
from digibord.export.xlsx import write_xlsx
from digibord.formats.payroll_journal import read_journal
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list
from digibord.reconcile.payroll_check import compute_payroll_check
from digibord.reconcile.salary import SalaryOptions, compute_salary
from digibord.reports.build import report_tables
from digibord.reports.selection import RowSelection
from digibord.reports.table import Column, ReportTable
from tests.test_export_table import META

MONTHS = ("2026-01", "2026-02", "2026-03")
# the Info sheet's 'Gemaakt op' (a serial date of this moment) differs between two writes
_CREATED = re.compile(rb"<v>\d{5}\.\d+</v>")


@pytest.fixture(scope="module")
def borderels(samples_dir):
    return {m: read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS}


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: _CREATED.sub(b"<v>now</v>", zf.read(n)) for n in zf.namelist()
                if n != "docProps/core.xml"}


def same_workbook(result, tmp_path, **options) -> None:
    show_bsn, lang = options.pop("show_bsn", False), options.pop("lang", "nl")
    plain = report_tables(result, lang, **options)
    compact = report_tables(result, lang, compact=True, **options)
    assert [len(t.frame) for t in plain] == [len(t.frame) for t in compact]
    a, b = tmp_path / "plain.xlsx", tmp_path / "compact.xlsx"
    write_xlsx(plain, a, show_bsn=show_bsn, lang=lang)
    write_xlsx(compact, b, show_bsn=show_bsn, lang=lang)
    assert parts(a) == parts(b)


def results(b: dict) -> list:
    salary = compute_salary(b["2026-03"], SalaryOptions(amount_cent=2500))
    return [insured_list(b["2026-03"]), insured_list(b["2026-01"]),
            compute_corrections([b[m] for m in MONTHS]),
            compute_diff(b["2026-01"], b["2026-02"]),
            compute_diff(b["2026-02"], b["2026-03"], include_unchanged=True), salary]


def test_compact_tables_give_the_same_workbook(borderels, tmp_path):
    for result in results(borderels):
        same_workbook(result, tmp_path)
        same_workbook(result, tmp_path, show_bsn=True, lang="en")


def test_compact_tables_of_a_selection_and_columns(borderels, tmp_path):
    result = insured_list(borderels["2026-03"])
    n = len(result.rows)
    rows = np.arange(n)[::-3][: max(1, n // 3)]
    same_workbook(result, tmp_path, selection=RowSelection(rows, ("naam", "relatienummer",
                                                                   "bsn", "rol")))
    same_workbook(result, tmp_path, columns="totaal_cent,relatienummer_hoofdverzekerde,rol")
    corrections = compute_corrections([borderels[m] for m in MONTHS])
    rows = np.arange(len(corrections.rows))[::2]
    same_workbook(corrections, tmp_path, selection=RowSelection(rows, (), parts=False))


def test_payroll_check_compact(borderels, tmp_path):
    b = borderels["2026-03"]
    salary = compute_salary(b, SalaryOptions(amount_cent=2500))
    export = tmp_path / "salaris.csv"
    lines = ["Personeelsnummer;Inhouding"]
    for number, cents in zip(salary.rows["employee_number"].tolist(),
                             salary.rows["deduction_cent"].tolist(), strict=True):
        lines.append(f"{number};{cents // 100},{cents % 100:02d}")
    export.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # one not in payroll
    check = compute_payroll_check(b, read_journal(export), SalaryOptions(amount_cent=2500))
    same_workbook(check, tmp_path)


TEXTS = ["Jansen", "=HYPERLINK(\"x\")", "a & b <c>", "bell\x07", "\x07\x08", None, "Çelik",
         "+31 6", "", "-2", "@x", "Øster & Co", float("nan"), "ok"]


def crafted(n: int) -> ReportTable:
    texts = (TEXTS * (n // len(TEXTS) + 1))[:n]
    relations = np.array([12345, -1, 9_999_999_999] * (n // 3 + 1))[:n]
    frame = pd.DataFrame({
        "name": pd.array(texts, dtype=object),
        "code": pd.Categorical([["B", "=A", None][i % 3] for i in range(n)]),
        "relation": relations,
        "month": np.array([202603, 0, 202512] * (n // 3 + 1))[:n],
        "date": np.array(["2026-01-31", "NaT", "1999-12-31"] * (n // 3 + 1),
                         dtype="datetime64[s]")[:n],
        "net": np.array([-23705, 5, 10**12 + 7, 0] * (n // 4 + 1))[:n],
        "count": np.array([70000, -3, 0] * (n // 3 + 1))[:n],
        "bsn": ["123456782", "", None, "12"] * (n // 4) + ["9"] * (n % 4),
    })
    columns = (Column("name", "export.col.name"), Column("code", "export.col.product_code"),
               Column("relation", "export.col.relation_number", "relation"),
               Column("month", "export.col.premium_month", "month"),
               Column("date", "export.col.mutation_date", "date"),
               Column("net", "export.col.net", "money"),
               Column("count", "export.col.total", "count"),
               Column("bsn", "export.col.bsn", "bsn"))
    return ReportTable("export.title.corrections", "export.sheet.corrections", columns, frame,
                       META)


def expected(value) -> object:
    """What a text cell reads back as: XML-invalid characters dropped, empty as None."""
    if value is None or value != value:
        return None
    text = re.sub("[\x00-\x08]", "", value)
    return text or None


@pytest.mark.parametrize("chunk", [1, 4, 5000])
def test_crafted_cells_in_any_chunk_size(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(xlsx, "CHUNK_ROWS", chunk)
    table = crafted(31)
    path = tmp_path / f"c{chunk}.xlsx"
    write_xlsx([table], path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    f = table.frame
    for i in range(len(f)):
        row = ws[i + 2]
        name = f["name"][i]
        assert row[0].value == expected(name)
        quoted = isinstance(name, str) and name[:1] in ("=", "+", "-", "@")
        assert bool(row[0].quotePrefix) == quoted
        code = f["code"][i]
        assert row[1].value == (None if pd.isna(code) else code)
        assert bool(row[1].quotePrefix) == (code == "=A")
        rel = int(f["relation"][i])
        assert row[2].value == (None if rel < 0 else f"{rel:010d}")
        assert row[3].value == {202603: "2026-03", 0: None, 202512: "2025-12"}[f["month"][i]]
        assert (row[4].value is None) == pd.isna(f["date"][i])
        assert row[5].value == pytest.approx(int(f["net"][i]) / 100)
        assert row[5].number_format == xlsx.MONEY_FORMAT
        assert row[6].value == int(f["count"][i])
        bsn = f["bsn"][i]
        assert row[7].value == (None if not isinstance(bsn, str) or not bsn
                                else "*****" + bsn[-4:])
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "a &amp; b &lt;c&gt;" in sheet and "<f>" not in sheet
    assert "<v>-237.05</v>" in sheet and "<v>10000000000.07</v>" in sheet


@pytest.mark.parametrize("show_bsn", [False, True])
def test_chunk_size_never_changes_the_workbook(tmp_path, monkeypatch, show_bsn):
    table = crafted(57)
    written = []
    for chunk in (3, 5000):
        monkeypatch.setattr(xlsx, "CHUNK_ROWS", chunk)
        path = tmp_path / f"w{chunk}.xlsx"
        write_xlsx([table], path, show_bsn=show_bsn)
        written.append(parts(path)["xl/worksheets/sheet1.xml"])
    assert written[0] == written[1]
    assert (b">123456782<" in written[0]) == show_bsn


def test_widths_count_the_escaped_text(tmp_path):
    frame = pd.DataFrame({"a": ["&&&&&&&&&&&&&&&&&&&&", "x"], "r": [-1, -1]})
    table = ReportTable("export.title.corrections", "export.sheet.corrections",
                        (Column("a", "export.col.name"),
                         Column("r", "export.col.relation_number", "relation")), frame, META)
    path = tmp_path / "w.xlsx"
    write_xlsx([table], path)
    sheet = parts(path)["xl/worksheets/sheet1.xml"].decode()
    widths = re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', sheet)
    # as before the streamed writer: the width of the text as written (&amp; is 5 wide),
    # a column of no relatienummer as wide as its heading
    assert float(widths[0]) == 60.0  # 100 characters, at most MAX_WIDTH
    assert float(widths[1]) == len("Relatienummer") + 2
