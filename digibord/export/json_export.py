"""The JSON of a report (docs/cli.md), from its presentation; `check`'s is in app/check.py.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations

import json
from pathlib import Path

from digibord.export.atomic import write_bytes
from digibord.reports.build import report_json

__all__ = ["json_text", "report_json", "write_json"]


def json_text(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_json(result, path: str | Path, show_bsn: bool = False, lang: str | None = None,
               overwrite: bool = False, columns=None, selection=None) -> Path:
    return write_bytes(path, json_text(report_json(result, lang, show_bsn)).encode("utf-8"),
                       overwrite, lang)
