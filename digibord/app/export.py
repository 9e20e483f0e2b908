"""Exporting a report: the window's Exporteren / Opslaan als and the command line's --xlsx,
--pdf, --csv go through this one function (digibord/export/files.py has the formats)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.export.files import FORMATS, write_report
from digibord.i18n import language, tr
from digibord.reports.build import table_fields
from digibord.reports.registry import presentation_for
from digibord.reports.selection import RowSelection

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

__all__ = ["FORMATS", "ColumnChoice", "RowSelection", "export_report", "report_columns",
           "suggested_name"]


def export_report(result: ReportResult, path: str | Path, fmt: str,
                  columns: list[str] | str | None = None, show_bsn: bool = False,
                  lang: str | None = None, overwrite: bool = False,
                  selection: RowSelection | None = None) -> Path:
    """`selection`: only what the window's view shows (rows, order, columns, parts); the
    command line passes none and gets the report whole."""
    return write_report(result, path, fmt, columns=columns, show_bsn=show_bsn, lang=lang,
                        overwrite=overwrite, selection=selection)


@dataclass(frozen=True)
class ColumnChoice:
    """A column the chooser offers: its key, kind, and heading as this result titles it
    (`Netto mrt 2026`)."""

    key: str
    kind: str
    title: str  # i18n key of the heading that does not depend on the result
    shown_title: str


def report_columns(result: ReportResult, lang: str | None = None
                   ) -> tuple[str, list[ColumnChoice], list[str]]:
    """Title key, every table column, and the keys shown by default (the column chooser)."""
    p = presentation_for(result)
    lang = lang or language()
    columns = []
    for f in p.fields:
        if f.table:
            key, params = f.heading(result, lang)
            columns.append(ColumnChoice(f.key, f.kind, f.title, tr(key, lang, **dict(params))))
    return p.title, columns, [f.key for f in table_fields(p, result)]


def suggested_name(result: ReportResult, fmt: str) -> str:
    """`correctiepremies_2026-03.xlsx`, `prolongatieverschillen_2026-02_2026-03.pdf`."""
    p = presentation_for(result)
    refs = p.refs(result)
    months = "_".join(r.label() for r in refs) if refs else ""
    stem = "_".join(part for part in (p.file_stem or p.name, months) if part)
    return f"{stem.replace(' ', '')}{FORMATS[fmt].suffix if fmt in FORMATS else '.' + fmt}"

