"""The JSON of a report (docs/cli.md), from its presentation; `check`'s is in app/check.py.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from digibord.export.atomic import write_bytes
from digibord.json_output import json_bytes
from digibord.reports.build import report_json

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult
    from digibord.reports.selection import RowSelection

__all__ = ["report_json", "write_json"]



def write_json(result: ReportResult, path: str | Path, show_bsn: bool = False,
               lang: str | None = None, overwrite: bool = False,
               columns: list[str] | str | None = None,
               selection: RowSelection | None = None) -> Path:
    return write_bytes(path, json_bytes(report_json(result, lang, show_bsn)), overwrite, lang)
