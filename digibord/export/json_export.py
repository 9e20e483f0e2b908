"""The JSON objects of docs/cli.md: a report's (from its presentation) and `check`'s.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations

import json
from pathlib import Path

from digibord.export.atomic import write_bytes
from digibord.formats.borderel import month_text
from digibord.reports.build import report_json

__all__ = ["check_json", "json_text", "report_json", "write_json"]


def json_text(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_json(result, path: str | Path, show_bsn: bool = False, lang: str | None = None,
               overwrite: bool = False, columns=None, selection=None) -> Path:
    return write_bytes(path, json_text(report_json(result, lang, show_bsn)).encode("utf-8"),
                       overwrite, lang)


def check_json(results, lang: str | None = None) -> dict:
    """`check`: per file whether it is valid, its errors and warnings (cli.md)."""
    files = []
    for r in results:
        entry = {
            "file": r.source,
            "valid": r.valid,
            "errors": [e.to_json(lang) for e in r.errors],
            "warnings": [w.to_json(lang) for w in r.warnings],
            "error_count": r.error_total,
        }
        if r.borderel is not None:
            h = r.borderel.header
            entry.update(
                collectiviteitsnummer=h.collectivity_number,
                prolongatiemaand=month_text(h.prolongation_month),
                volgnummer=h.sequence,
            )
        files.append(entry)
    return {"files": files}
