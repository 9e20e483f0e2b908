"""CSV of a report, for scripts and spreadsheets: the JSON rows as lines, under the same keys
(amounts in cents under `_cent` headings), `;`-separated, UTF-8 with byte order mark (so that
Excel opens it with the right characters), CR LF. Text a spreadsheet would run as a formula
gets a leading `'` (digibord/export/cells.py)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.export.atomic import atomic_output
from digibord.export.cells import neutralise
from digibord.reports.build import json_fields, json_rows
from digibord.reports.registry import presentation_for

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult
    from digibord.reports.selection import RowSelection


def csv_text(records: list[dict], keys: list[str] | None = None) -> str:
    """The rows as `;` CSV text (None written as empty, formula-like text neutralised)."""
    keys = keys or (list(records[0]) if records else [])
    columns = [neutralise(["" if r.get(k) is None else r.get(k) for r in records])
               for k in keys]
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), delimiter=";", lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerows(zip(*columns, strict=True))
    return "".join(lines)


class _Lines:
    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def write_csv(result: ReportResult, path: str | Path, show_bsn: bool = False,
              lang: str | None = None, overwrite: bool = False,
              columns: list[str] | str | None = None,
              selection: RowSelection | None = None) -> Path:
    """The report's JSON rows as a CSV file (every JSON key; `columns` is for the tables).
    With a view's `selection`: its rows in its order, and of its columns those JSON has."""
    p = presentation_for(result)
    rows = selection.rows if selection is not None else None
    chosen = selection.columns if selection is not None else None
    records = json_rows(p, result, lang, show_bsn, rows=rows, columns=chosen)
    keys = [f.key for f in json_fields(p, result, chosen)]
    with atomic_output(path, overwrite, lang) as tmp:
        tmp.write_text(csv_text(records, keys), encoding="utf-8-sig", newline="")
    return Path(path)
