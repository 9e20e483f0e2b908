"""Legible pages: column widths from the content and the heading, headings on two lines before
anything is cut, never a cut heading or amount, header texts that wrap instead of running into
"Gemaakt op", month columns titled with their months. Every report's PDF is rendered with
pdftoppm in a folder the test makes."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import numpy as np
import pytest
from pypdf import PdfReader

from digibord.app.salary import convert_salary, salary_options
from digibord.export.fonts import BOLD, ELLIPSIS, FONT, two_lines, width
from digibord.export.paged import MARGIN, PagedReport, euro_texts
from digibord.export.pdf import write_pdf
from digibord.formats.reader import read_borderel
from digibord.money import format_euro
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.insured_list import insured_list
from digibord.reports.build import report_tables
from digibord.reports.registry import PRESENTATIONS, presentation_for

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture(scope="module")
def borderels(samples_dir):
    return [read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS]


@pytest.fixture(scope="module")
def reports(borderels):
    return {
        "insured": insured_list(borderels[2]),
        "corrections": compute_corrections(borderels),
        "diff": compute_diff(borderels[1], borderels[2], include_unchanged=True),
        "salary": convert_salary(borderels[2], salary_options("4weken", percent="50"),
                                 local_numbers=False),
    }


def every_column_choice(result):
    """The report's default columns, and all of its table columns at once."""
    p = presentation_for(result)
    yield None
    yield [f.key for f in p.fields if f.table]


@pytest.mark.parametrize("name", ["insured", "corrections", "diff", "salary"])
@pytest.mark.parametrize("orientation", ["auto", "portrait", "landscape"])
def test_no_heading_or_amount_is_cut(reports, name, orientation):
    result = reports[name]
    for columns in every_column_choice(result):
        report = PagedReport(report_tables(result, "nl", columns), lang="nl",
                             orientation=orientation)
        for layout in report.layouts:
            assert layout.right <= layout.pagesize[0] - MARGIN + 0.01
            for col in layout.cols:
                assert ELLIPSIS not in "".join(col.lines), (name, col.heading)
                # the heading whole: its words, only a compound's hyphen added
                def letters(text):
                    return text.replace(" ", "").replace("-", "")

                assert letters("".join(col.lines)) == letters(col.heading)
                for line in col.lines:
                    assert width(line, BOLD, layout.size) <= col.width + 0.01
                if col.col.kind in ("money", "count", "percent", "date", "month"):
                    assert not any(ELLIPSIS in t for t in col.texts.tolist()), col.heading


def test_dutch_compound_headings_break_before_their_tail():
    assert two_lines("Prolongatiemaand")[0] == ["Prolongatie-", "maand"]
    assert two_lines("Relatienr. hoofdverzekerde")[0] == ["Relatienr.", "hoofdverzekerde"]
    assert two_lines("Naam")[0] == ["Naam"]


def test_a_long_month_list_wraps_before_gemaakt_op(tmp_path, reports):
    result = reports["corrections"]
    ref = result.borderels[0]
    refs = tuple(dataclasses.replace(ref, prolongation_month=202400 + 100 * (m // 12)
                                     + m % 12 + 1) for m in range(24))
    long = dataclasses.replace(result, borderels=refs)
    (table,) = report_tables(long, "nl")
    path = tmp_path / "long.pdf"
    write_pdf([table], path)
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((round(tm[5], 1), tm[4], text))

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    created = next((y, x) for y, x, t in found if t.startswith("Gemaakt op"))
    page_w = float(PdfReader(str(path)).pages[0].mediabox.width)
    month_lines = [(y, x, t) for y, x, t in found if "2025-" in t or "Maand:" in t]
    assert len({y for y, _, _ in month_lines}) > 1  # wrapped onto more lines
    for y, x, t in month_lines:
        right = x + width(t, FONT, 8)
        assert right < page_w - MARGIN
        if abs(y - created[0]) < 1:  # on the line of "Gemaakt op": ends before it
            assert right < created[1] - 5


def test_month_columns_are_titled_with_their_months(reports, tmp_path):
    (table,) = report_tables(reports["diff"], "nl")
    headings = [c.heading_text("nl") for c in table.columns]
    assert "Netto feb 2026" in headings and "Netto mrt 2026" in headings
    totals = [t.text("nl") for t in table.totals]
    assert "Totaal netto feb 2026" in totals
    (en,) = report_tables(reports["diff"], "en")
    assert "Net Feb 2026" in [c.heading_text("en") for c in en.columns]


def test_a_re_issue_is_titled_with_its_volgnummer(reports):
    result = reports["diff"]
    tot = dataclasses.replace(result.tot, sequence=2)
    (table,) = report_tables(dataclasses.replace(result, tot=tot), "nl")
    assert "Netto mrt 2026 (2)" in [c.heading_text("nl") for c in table.columns]


def test_a_very_wide_table_gets_smaller_type_before_cutting(reports):
    result = reports["insured"]
    columns = [f.key for f in presentation_for(result).fields if f.table]
    table = report_tables(result, "nl", columns)[0]
    wide = dataclasses.replace(table, columns=table.columns + tuple(
        dataclasses.replace(c, key=c.key) for c in table.columns[:6]))
    report = PagedReport([wide], lang="nl")
    layout = report.layouts[0]
    assert layout.pagesize[0] > layout.pagesize[1]
    assert layout.size < 7.5
    assert all(ELLIPSIS not in "".join(c.lines) for c in layout.cols)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_every_report_renders(reports, tmp_path):
    assert {p.name for p in PRESENTATIONS} >= set(
        presentation_for(r).name for r in reports.values())
    for name, result in reports.items():
        path = tmp_path / f"{name}.pdf"
        write_pdf(report_tables(result, "nl"), path)
        subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-gray", str(path),
                        str(tmp_path / name)], check=True)
        (image,) = tmp_path.glob(f"{name}*.pgm")
        header = image.read_bytes().split(b"\n", 3)
        w, h = map(int, header[1].split())
        pixels = np.frombuffer(header[3], dtype=np.uint8)[: w * h]
        assert 0.003 < (pixels < 128).mean() < 0.3, name


def test_amounts_as_a_column_are_format_euro():
    rng = np.random.default_rng(5)
    values = np.r_[0, 1, -1, 99, -99, 100, 99_999, 100_000, -100_000, 123_456_789,
                   -1_000_000_000_00, 10**15, rng.integers(-10**12, 10**12, 2000)]
    assert euro_texts(values).tolist() == [format_euro(int(v)) for v in values]
    assert euro_texts(np.zeros(0, dtype=np.int64)).tolist() == []
