"""The JSON of a report (docs/cli.md), from its presentation; `check`'s is in app/check.py.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.export.atomic import write_bytes
from digibord.reports.build import report_json

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult
    from digibord.reports.selection import RowSelection

__all__ = ["json_text", "report_json", "write_json"]


def json_text(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_json(result: ReportResult, path: str | Path, show_bsn: bool = False,
               lang: str | None = None, overwrite: bool = False,
               columns: list[str] | str | None = None,
               selection: RowSelection | None = None) -> Path:
    return write_bytes(path, json_text(report_json(result, lang, show_bsn)).encode("utf-8"),
                       overwrite, lang)
