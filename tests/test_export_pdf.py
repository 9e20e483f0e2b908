"""PDF reports read back with pypdf (text, pages, totals) and rendered with pdftoppm."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from digibord.export.pdf import text_widths, write_pdf
from digibord.money import format_euro
from digibord.reports.table import Column, ReportTable
from tests.test_export_table import META, make_table


def pages_text(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(str(path)).pages]


@pytest.fixture
def long_report(tmp_path):
    table = make_table(400, per_group=30)
    path = tmp_path / "r.pdf"
    write_pdf([table], path)
    return table, path


def test_every_page_has_title_collectivity_month_page_and_date(long_report):
    _, path = long_report
    texts = pages_text(path)
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert "Correctiepremies" in text
        assert "Collectiviteit 123456789 Stichting Kinderopvang ’t Klavertje" in text
        assert "Maand: 2026-03" in text
        assert f"Pagina {number} van {len(texts)}" in text
        assert "Gemaakt op 28-03-2026 09:15" in text
        assert "Bruto" in text and "Netto" in text  # column headings on every page


def test_totals_first_and_grand_total_last(long_report):
    table, path = long_report
    texts = pages_text(path)
    net = format_euro(table.totals[1].value)
    first = texts[0]
    assert first.index("Totalen") < first.index("E00000")
    assert re.search(r"Totaal netto\s*" + re.escape(net), first)
    last = texts[-1]
    tail = last[last.rindex("\nTotaal"):]
    assert "Subtotaal" not in tail and "Bron:" not in tail
    assert net in tail and format_euro(table.totals[0].value) in tail


def test_each_row_once_and_subtotals_per_group(long_report):
    table, path = long_report
    text = "\n".join(pages_text(path))
    for rel in table.frame["relation_number"]:
        assert text.count(rel) == 1  # never split, never repeated
    subs = table.grouping.subtotals
    assert text.count("Subtotaal werknemer") == len(subs)
    for net in subs["net_cent"]:
        assert format_euro(int(net)) in text


def test_a_group_over_a_page_break_repeats_its_heading(long_report):
    _, path = long_report
    texts = pages_text(path)
    continued = [t for t in texts[1:] if "(vervolg)" in t]
    assert continued, "some group must run over a page break with 30 rows per group"
    for text in continued:
        heading = re.search(r"(E\d{5}  Werknemer \d+) \(vervolg\)", text).group(1)
        number = heading.split()[0]
        previous = texts[texts.index(text) - 1]
        assert heading in previous  # the heading the group started under
        assert number in text


def test_dutch_amounts_and_characters(long_report):
    table, path = long_report
    text = "\n".join(pages_text(path))
    assert "Françoise van der Bërg-Öztürk" in text
    negative = int(table.frame["net_cent"].min())
    assert negative < 0 and format_euro(negative) in text  # `-€ 123,45`
    assert "12,50 %" in text
    assert "31-01-2026" in text and "2026-02" in text
    assert "*****0007" in text and "123450007" not in text


def test_show_bsn_english_and_orientation(tmp_path):
    path = tmp_path / "en.pdf"
    write_pdf([make_table(12)], path, show_bsn=True, lang="en")
    text = pages_text(path)[0]
    assert "123450007" in text and "Page 1 of 1" in text and "Correction premiums" in text
    box = PdfReader(str(path)).pages[0].mediabox
    assert box.width < box.height  # ten columns fit portrait with two-line headings
    # wider: two more name columns do not fit portrait without cutting, so landscape
    table = make_table(12)
    frame = table.frame.assign(name2=table.frame["name"], name3=table.frame["name"])
    wide = ReportTable(table.title, table.sheet, (
        *table.columns, Column("name2", "export.col.employee_name"),
        Column("name3", "export.col.description")), frame, META)
    write_pdf([wide], tmp_path / "wide.pdf")
    box = PdfReader(str(tmp_path / "wide.pdf")).pages[0].mediabox
    assert box.width > box.height
    # a forced orientation wins
    write_pdf([make_table(12)], tmp_path / "forced.pdf", orientation="landscape")
    box = PdfReader(str(tmp_path / "forced.pdf")).pages[0].mediabox
    assert box.width > box.height


def test_long_text_is_shortened_not_overflowing(tmp_path):
    frame = pd.DataFrame({
        "a": ["x" * 400, "kort"], "b": np.array([1, 2]), "c": ["y" * 300, "z"]})
    cols = (Column("a", "export.col.name"), Column("b", "export.col.net", "money"),
            Column("c", "export.col.description"))
    path = tmp_path / "long.pdf"
    write_pdf([ReportTable("export.title.diff", "export.sheet.diff", cols, frame, META)], path)
    text = pages_text(path)[0]
    assert "…" in text and "x" * 400 not in text and "kort" in text


def test_empty_report_says_so(tmp_path):
    table = make_table(4)
    empty = ReportTable(table.title, table.sheet, table.columns, table.frame.iloc[0:0], META)
    path = tmp_path / "empty.pdf"
    write_pdf([empty], path)
    assert "Geen regels." in pages_text(path)[0]


def test_text_widths_match_reportlab():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from digibord.export.pdf import FONT, register_fonts

    register_fonts()
    texts = ["€ 1.234,56", "Françoise", "", "ÖçëŽ ’t"]
    ours = text_widths(texts)
    theirs = [stringWidth(t, FONT, 7.5) for t in texts]
    assert np.allclose(ours, theirs)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_renders_to_an_image(long_report, tmp_path):
    _, path = long_report
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-gray", str(path),
                    str(tmp_path / "page")], check=True)
    (image,) = tmp_path.glob("page*.pgm")
    data = image.read_bytes()
    header = data.split(b"\n", 3)
    width, height = map(int, header[1].split())
    pixels = np.frombuffer(header[3], dtype=np.uint8)[: width * height]
    assert height > width  # portrait: the table fits with its headings on two lines
    dark = (pixels < 128).mean()
    assert 0.005 < dark < 0.3  # text drawn, not a blank or black page


def test_more_than_256_distinct_characters_read_back(tmp_path):
    # the font's first subset holds 256 characters; later ones switch subsets inside a cell
    letters = [chr(c) for c in (*range(0x391, 0x3CA), *range(0x410, 0x450), *range(0xC0, 0x17F))
               if c != 0x3A2]  # U+03A2 is not a character
    names = ["".join(letters[i:i + 12]) for i in range(0, len(letters), 12)]
    n = len(names)
    frame = pd.DataFrame({"a": names, "b": np.arange(n, dtype=np.int64) * 101,
                          "c": [f"({i}) \\ {names[-1 - i]}" for i in range(n)]})
    cols = (Column("a", "export.col.name"), Column("b", "export.col.net", "money"),
            Column("c", "export.col.description"))
    path = tmp_path / "subsets.pdf"
    write_pdf([ReportTable("export.title.diff", "export.sheet.diff", cols, frame, META)], path)
    text = "\n".join(pages_text(path))
    assert len(set("".join(names))) > 256
    for i, name in enumerate(names):
        assert name in text and f"({i}) \\ {names[-1 - i]}" in text
        assert format_euro(i * 101) in text
