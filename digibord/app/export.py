"""Exporting a report: the window's Exporteren / Opslaan als and the command line's --xlsx,
--pdf, --csv go through this one function (digibord/export/files.py has the formats)."""

from __future__ import annotations

from pathlib import Path

from digibord.export.files import FORMATS, write_report
from digibord.reports.build import table_fields
from digibord.reports.registry import presentation_for
from digibord.reports.spec import Field

__all__ = ["FORMATS", "export_report", "report_columns", "suggested_name"]


def export_report(result, path: str | Path, fmt: str, columns: list[str] | str | None = None,
                  show_bsn: bool = False, lang: str | None = None,
                  overwrite: bool = False) -> Path:
    return write_report(result, path, fmt, columns=columns, show_bsn=show_bsn, lang=lang,
                        overwrite=overwrite)


def report_columns(result) -> tuple[str, list[Field], list[str]]:
    """Title key, every table field, and the keys shown by default (the column chooser)."""
    p = presentation_for(result)
    fields = [f for f in p.fields if f.table]
    return p.title, fields, [f.key for f in table_fields(p, result)]


def suggested_name(result, fmt: str) -> str:
    """`correctiepremies_2026-03.xlsx`, `prolongatieverschillen_2026-02_2026-03.pdf`."""
    p = presentation_for(result)
    refs = p.refs(result)
    months = "_".join(r.label() for r in refs) if refs else ""
    stem = "_".join(part for part in (p.file_stem or p.name, months) if part)
    return f"{stem.replace(' ', '')}{FORMATS[fmt].suffix if fmt in FORMATS else '.' + fmt}"

