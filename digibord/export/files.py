"""Writing a report to a file: the formats and their renderers in one registry, the one place
the command line (--xlsx/--pdf/--csv/--json) and the window (Exporteren, Opslaan als) go through.

A new export format is one renderer function `(result, path, show_bsn, lang, overwrite,
columns, selection) -> Path` and one entry in FORMATS; `selection` (a
`digibord.reports.selection.RowSelection`) is what a view shows: its rows in its order, its
columns, with or without the report's parts (None: the report whole). Every renderer writes through
`digibord.export.atomic`, so a failed export never leaves half a file and an existing file is
only replaced when the caller says so."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.errors import CommandRefused
from digibord.export.atomic import OutputRefused, atomic_output
from digibord.export.csv_export import write_csv
from digibord.export.json_export import write_json
from digibord.i18n import language, tr
from digibord.reports.build import report_tables
from digibord.reports.charts import charts_of
from digibord.reports.registry import presentation_for
from digibord.reports.selection import RowSelection
from digibord.reports.table import ReportTable

if TYPE_CHECKING:
    from digibord.reports.results import ReportResult

__all__ = ["FORMATS", "ExportRefused", "OutputRefused", "write_report"]


def _on_use(module: str, name: str) -> Callable:
    """The renderer `module.name`, imported when first called: the PDF and Excel writers bring
    reportlab and xlsxwriter (about 0.2 s), and a command writes one format or none."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


class ExportRefused(CommandRefused):
    """The export cannot be made as asked (unknown format, too many rows for a sheet)."""


def _write_tables(render: Callable, check: Callable | None = None,
                  compact: bool = False) -> Callable:
    """A renderer of ReportTables (xlsx, pdf) as a renderer of a result; `compact`: it reads
    the compact tables (build_table), except for a workbook with charts."""

    def write(result, path, show_bsn: bool = False, lang: str | None = None,
              overwrite: bool = False, columns=None, selection=None) -> Path:
        lang = lang or language()
        charts = _charts(result)  # a report that declares charts gets them drawn too
        tables = report_tables(result, lang, columns, selection, compact and not charts)
        if check is not None:
            check(tables, lang)
        with atomic_output(path, overwrite, lang) as tmp:
            if charts:
                render(tables, tmp, show_bsn=show_bsn, lang=lang, charts=charts)
            else:
                render(tables, tmp, show_bsn=show_bsn, lang=lang)
        return Path(path)

    return write


def _charts(result) -> tuple:
    if isinstance(result, ReportTable | list | tuple):  # tables made elsewhere: no charts
        return ()
    return charts_of(presentation_for(result), result)


def _fits_a_sheet(tables, lang: str) -> None:
    limit = importlib.import_module("digibord.export.xlsx").MAX_ROWS  # writing xlsx: loaded
    for table in tables:
        if len(table.frame) + 3 > limit:  # heading, blank row, totals
            raise ExportRefused(tr("export.error.too_many_rows", lang, rows=len(table.frame),
                                   limit=limit - 3))


@dataclass(frozen=True)
class Format:
    """An export format: `--<name> PATH` on the command line (`option`), `title` in the
    window's save dialog, and whether it takes a choice of columns (the tables do; CSV and
    JSON carry every key)."""

    name: str
    title: str
    suffix: str
    write: Callable[..., Path]
    columns: bool
    option: bool = True


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "CSV", ".csv", write_csv, False),
    "xlsx": Format("xlsx", "Excel", ".xlsx", _write_tables(
        _on_use("digibord.export.xlsx_charts", "write_workbook"), _fits_a_sheet, compact=True),
        True),
    "pdf": Format("pdf", "PDF", ".pdf", _write_tables(_on_use("digibord.export.pdf", "write_pdf")),
                  True),
    # JSON goes to standard output (--json); as a file only from code
    "json": Format("json", "JSON", ".json", write_json, False, option=False),
}


def write_report(result: ReportResult, path: str | Path, fmt: str,
                 columns: list[str] | str | None = None, show_bsn: bool = False,
                 lang: str | None = None, overwrite: bool = False,
                 selection: RowSelection | None = None) -> Path:
    """Write `result` (a computed result of digibord.reconcile, or ReportTables) to `path` in
    format `fmt`; returns the path written. `selection`: only what a view shows (JSON ignores
    it: the report's JSON object is always whole)."""
    lang = lang or language()
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise ExportRefused(tr("export.error.format", lang, fmt=fmt,
                               formats=", ".join(FORMATS))) from None
    return spec.write(result, path, show_bsn=show_bsn, lang=lang, overwrite=overwrite,
                      columns=columns, selection=selection)
