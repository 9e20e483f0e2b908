"""docs/format.md and the layout the reader reads (resources/layouts/borderel_v01.csv) cannot
drift apart: the field tables are what tools/make_format_doc.py makes of the layout, every type
and record of the layout is explained, and the tool notices a changed layout."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from digibord.formats.borderel import MUTATION_CODES
from digibord.formats.layout import FIELD_TYPES, load_layout
from tools import make_format_doc

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "format.md"
LAYOUT = REPO / "resources" / "layouts" / "borderel_v01.csv"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def section(title_start: str) -> str:
    text = doc_text()
    start = text.index(f"\n## {title_start}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_doc_is_what_the_tool_makes_of_the_layout():
    run = subprocess.run([sys.executable, "tools/make_format_doc.py", "--check"], cwd=REPO,
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "" and run.stderr == ""


def test_every_field_of_the_layout_is_a_row_of_the_doc():
    """Checked against the program's own reading of the layout too, not only the tool's."""
    layout = load_layout("01")
    text = doc_text()
    for record, fields in layout.records.items():
        block = re.search(rf"<!-- record {record}: .*?-->\n(.*?)<!-- end of record {record} -->",
                          text, re.S)
        assert block, f"no table for record {record}"
        rows = [line for line in block.group(1).splitlines()[2:]]
        assert len(rows) == len(fields)
        for f, row in zip(fields, rows, strict=True):
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[:7] == [f.position, str(f.length), f.type, f.label, f"`{f.name}`",
                                 "yes" if f.required else "no",
                                 " ".join(f"`{v}`" for v in f.allowed)], row


def test_every_record_has_its_section_and_every_type_is_explained():
    layout = load_layout("01")
    for record in layout.records:
        assert f"\n## Record `{record}` — " in doc_text()
    types = section("Field types")
    explained = set(re.findall(r"^- `(\w+)` — ", types, re.M))
    used = {f.type for fields in layout.records.values() for f in fields}
    assert used <= explained, used - explained
    assert explained <= set(FIELD_TYPES)


def test_mutation_codes_of_the_doc_are_the_layouts():
    allowed = set(load_layout("01").field("20", "mutation_code").allowed)
    table = section("Record `20`")
    codes = set(re.findall(r"^\| `(\d\d)` \| ", table, re.M))
    assert codes == allowed - {"00"}
    assert codes | {"00"} == set(MUTATION_CODES)


def test_the_rules_of_the_spec_are_written_down():
    """The rules that are not in the layout table: line ends, encoding, end of file, blank
    lines, control characters; what is an error and what a warning."""
    whole = section("The file as a whole")
    for words in ("CR LF", "lone LF", "CR CR LF", "251 characters", "cp1252", "byte order mark",
                  "0x1A", "only spaces", "empty file", "shorter than 250"):
        assert words in whole, words
    assert "control character" in section("Field types")
    errors = section("Errors and warnings")
    warnings = errors[errors.index("Warnings:"):]
    for words in ("byte order mark", "blank lines", "11-proef", "without werknemersnummer",
                  "mutatiecode `00`"):
        assert words in warnings, words
    assert "control character in a text field" in errors[:errors.index("Warnings:")]


# ---- the tool itself ------------------------------------------------------------------------

@pytest.fixture()
def copies(tmp_path) -> tuple[Path, Path]:
    layout, doc = tmp_path / "borderel_v01.csv", tmp_path / "format.md"
    shutil.copy(LAYOUT, layout)
    shutil.copy(DOC, doc)
    return layout, doc


def edit_layout(path: Path, change) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fieldnames = list(rows[0])
    rows = change(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture()
def run_tool(capsys):
    """The tool's main() in this process (the real command line is run once, above)."""
    def run(*args: str) -> Ran:
        code = make_format_doc.main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)
    return run


def test_a_changed_layout_is_caught_and_the_notes_are_kept(copies, run_tool):
    layout, doc = copies

    def wider_name(rows):
        for row in rows:  # achternaam one shorter, voorvoegsels one longer
            if row["record"] == "10" and row["name"] == "surname":
                row["length"] = "34"
            if row["record"] == "10" and row["name"] == "prefix":
                row["start"], row["length"] = "82", "11"
        return rows

    edit_layout(layout, wider_name)
    check = run_tool("--check", "--layout", str(layout), "--doc", str(doc))
    assert check.returncode == 1
    assert "-| 48-82 | 35 | A | achternaam |" in check.stdout
    assert "+| 48-81 | 34 | A | achternaam |" in check.stdout
    assert "out of date" in check.stderr

    write = run_tool("--layout", str(layout), "--doc", str(doc))
    assert write.returncode == 0, write.stderr
    text = doc.read_text(encoding="utf-8")
    assert "| 82-92 | 11 | A | voorvoegsels | `prefix` | no | | `van`, `de`, `van der` |" in text
    assert text.replace("48-81 | 34", "48-82 | 35").replace("82-92 | 11", "83-92 | 10") == (
        doc_text())
    assert run_tool("--check", "--layout", str(layout), "--doc", str(doc)).returncode == 0


def test_a_renamed_field_loses_its_note_loudly(copies, run_tool):
    layout, doc = copies

    def rename(rows):
        for row in rows:
            if row["record"] == "05" and row["name"] == "discount_bp":
                row["name"] = "collective_discount_bp"
        return rows

    edit_layout(layout, rename)
    run = run_tool("--layout", str(layout), "--doc", str(doc))
    assert run.returncode == 0
    assert "note dropped, its field is no longer in the layout: 05 discount_bp:" in run.stderr
    assert "| 50-53 | 4 | N | collectieve korting | `collective_discount_bp` | yes | | |" in (
        doc.read_text(encoding="utf-8"))


def test_a_record_without_its_table_or_a_gap_in_the_layout_is_refused(copies, run_tool):
    layout, doc = copies
    text = doc.read_text(encoding="utf-8")
    doc.write_text(re.sub(r"<!-- record 90: .*?<!-- end of record 90 -->\n", "", text,
                          flags=re.S), encoding="utf-8")
    run = run_tool("--check", "--layout", str(layout), "--doc", str(doc))
    assert run.returncode == 1
    assert "no table for record(s) 90" in run.stderr

    edit_layout(layout, lambda rows: [r for r in rows
                                      if not (r["record"] == "20" and r["name"] == "net_cent")])
    with pytest.raises(make_format_doc.DocError, match="mutatiecode starts at 70, expected 59"):
        make_format_doc.read_layout(layout)


# ---- the glossary ---------------------------------------------------------------------------

def test_glossary_names_are_the_codes():
    """Every code name of docs/glossary.md occurs in digibord/, except those marked *(to come)*
    (for those only the names it gives for today are checked)."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "digibord").rglob("*.py"))
    names, coming = [], []
    for line in (REPO / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("Dutch", "---"):
            continue
        cell = cells[2]
        if "(to come)" in cell:
            coming += re.findall(r"`([^`]+)`", cell.split(";")[0])
            cell = cell.split("today", 1)[1] if "today" in cell else ""
        names += re.findall(r"`([^`]+)`", cell)
    assert len(names) > 60
    files = [n for n in names if "/" in n]
    assert all((REPO / n).exists() for n in files), files
    missing = [n for n in names if "/" not in n
               for part in n.removesuffix("()").split(".")
               if not re.search(rf"\b{re.escape(part)}\b", code)]
    assert missing == []
    assert "month_end" in coming
