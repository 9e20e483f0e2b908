"""Write the field tables of docs/format.md from the record layout the program reads,
resources/layouts/borderel_v01.csv, so that the document and the reader cannot drift apart.

    python tools/make_format_doc.py            # rewrite the tables in docs/format.md
    python tools/make_format_doc.py --check    # exit 1, with a diff, when they are out of date

Each record's table stands between two markers in the document:

    <!-- record 10: generated from the layout by tools/make_format_doc.py; edit only the notes -->
    | pos | len | type | ... | notes |
    <!-- end of record 10 -->

Everything but the notes column comes from the layout; the notes are the document's own and
are kept, per record and code name. The prose around the tables is written by hand.
tests/test_format_doc.py runs the check."""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAYOUT = REPO / "resources" / "layouts" / "borderel_v01.csv"
DOC = REPO / "docs" / "format.md"
RECORD_LENGTH = 250

HEADER = ("| pos | len | type | field | code name | required | allowed | notes |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
BLOCK = re.compile(
    r"<!-- record (?P<record>\w+): generated from the layout by tools/make_format_doc\.py; "
    r"edit only the notes -->\n(?P<table>.*?)<!-- end of record (?P=record) -->\n",
    re.DOTALL)


class DocError(Exception):
    """The document cannot be brought in line with the layout without a person (a record
    without its block, a block without its record, a layout with a gap)."""


@dataclass(frozen=True)
class LayoutField:
    record: str
    start: int
    length: int
    type: str
    label: str
    name: str
    required: bool
    allowed: tuple[str, ...]

    @property
    def position(self) -> str:
        end = self.start + self.length - 1
        return f"{self.start}-{end}" if self.length > 1 else str(self.start)


def read_layout(path: Path = LAYOUT) -> dict[str, list[LayoutField]]:
    """The layout's fields per record type, in position order, checked to cover every
    position of the record once."""
    records: dict[str, list[LayoutField]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            f = LayoutField(row["record"].strip(), int(row["start"]), int(row["length"]),
                            row["type"].strip(), row["field"].strip(), row["name"].strip(),
                            row["required"].strip().lower() in ("yes", "ja", "true", "1"),
                            tuple(row["allowed"].split()))
            records.setdefault(f.record, []).append(f)
    for record, fields in records.items():
        fields.sort(key=lambda f: f.start)
        at = 1
        for f in fields:
            if f.start != at:
                raise DocError(f"{path.name}: record {record}: {f.label} starts at {f.start}, "
                               f"expected {at} (a gap or an overlap)")
            at += f.length
        if at != RECORD_LENGTH + 1:
            raise DocError(f"{path.name}: record {record} is {at - 1} characters long, "
                           f"not {RECORD_LENGTH}")
    return records


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def existing_notes(table: str) -> dict[str, str]:
    """code name -> notes, from a table as the document has it now."""
    notes = {}
    for line in table.splitlines()[2:]:
        cells = _cells(line)
        if len(cells) >= 8:
            notes[cells[4].strip("`")] = " | ".join(cells[7:]).strip()
    return notes


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


def table(fields: list[LayoutField], notes: dict[str, str]) -> str:
    rows = [_row([f.position, str(f.length), f.type, f.label, f"`{f.name}`",
                  "yes" if f.required else "no", " ".join(f"`{v}`" for v in f.allowed),
                  notes.get(f.name, "")]) for f in fields]
    return HEADER + "\n".join(rows) + "\n"


def render(doc: str, records: dict[str, list[LayoutField]]) -> tuple[str, list[str]]:
    """The document with every record's table made from the layout, and the notes that had to
    be dropped because their field is gone from the layout."""
    seen, dropped = set(), []

    def replace(match: re.Match) -> str:
        record = match["record"]
        if record not in records:
            raise DocError(f"docs/format.md has a table for record {record}, the layout has not")
        seen.add(record)
        notes = existing_notes(match["table"])
        names = {f.name for f in records[record]}
        dropped.extend(f"{record} {name}: {note}" for name, note in notes.items()
                       if name not in names and note)
        text = match.string
        return (text[match.start():match.start("table")] + table(records[record], notes)
                + text[match.end("table"):match.end()])

    out = BLOCK.sub(replace, doc)
    missing = sorted(set(records) - seen)
    if missing:
        raise DocError("docs/format.md has no table for record(s) " + ", ".join(missing)
                       + "; add the markers where it belongs:\n" + "\n".join(
                           f"<!-- record {r}: generated from the layout by "
                           f"tools/make_format_doc.py; edit only the notes -->\n"
                           f"<!-- end of record {r} -->" for r in missing))
    return out, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 with a diff when the tables are out of date")
    parser.add_argument("--layout", type=Path, default=LAYOUT, help="the layout CSV")
    parser.add_argument("--doc", type=Path, default=DOC, help="the document")
    args = parser.parse_args(argv)
    doc = args.doc.read_text(encoding="utf-8")
    try:
        new, dropped = render(doc, read_layout(args.layout))
    except DocError as exc:
        print(exc, file=sys.stderr)
        return 1
    for note in dropped:
        print(f"note dropped, its field is no longer in the layout: {note}", file=sys.stderr)
    if new == doc:
        return 0
    if args.check:
        sys.stdout.writelines(difflib.unified_diff(
            doc.splitlines(keepends=True), new.splitlines(keepends=True),
            f"{args.doc.name} (now)", f"{args.doc.name} (from {args.layout.name})"))
        print(f"{args.doc} is out of date: run python tools/make_format_doc.py",
              file=sys.stderr)
        return 1
    args.doc.write_text(new, encoding="utf-8")
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
