"""Writing a report to an Excel or PDF file: what the commands and the window call.

The file is written under a temporary name in the same folder and renamed at the end, so a
failed export never leaves half a file, and an existing file is only replaced when the caller
says so (`overwrite`); the commands decide that with --force, the window by asking."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from digibord.errors import CommandRefused
from digibord.export.table import ReportTable
from digibord.i18n import language, tr

FORMATS = ("xlsx", "pdf")


class ExportRefused(CommandRefused):
    """The export cannot be made as asked (unknown column, no folder, file exists, disk
    error); the message says what to do. A CommandRefused, so the CLI exits with status 1."""


def _writer(fmt: str):
    if fmt == "xlsx":
        from digibord.export.xlsx import write_xlsx

        return write_xlsx
    if fmt == "pdf":
        from digibord.export.pdf import write_pdf

        return write_pdf
    raise ExportRefused(tr("export.error.format", fmt=fmt))


def choose_columns(tables: list[ReportTable], columns, lang: str) -> list[ReportTable]:
    """The report's main table with only the named columns (a list, or text separated by
    commas), in that order; the extra sheets (policy per person, not converted) stay whole, as
    a column list made for the main table would leave them meaningless. Refuses names the main
    table does not have, listing the ones it does have."""
    if columns is None:
        return tables
    if isinstance(columns, str):
        columns = columns.split(",")
    wanted = [c.strip() for c in columns if c and c.strip()]
    if not wanted:
        return tables
    known = [c.key for c in tables[0].columns]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ExportRefused(tr("export.error.unknown_columns", lang, columns=", ".join(unknown),
                               known=", ".join(known)))
    return [tables[0].select(wanted), *tables[1:]]


def write_report(result, path, fmt: str, columns: list[str] | str | None = None,
                 show_bsn: bool = False, lang: str | None = None,
                 overwrite: bool = True) -> Path:
    """Write `result` (any computed result of digibord.reconcile, or ReportTables) to `path` as
    `fmt` ('xlsx' or 'pdf'); returns the path written."""
    from digibord.export.tables import report_tables

    lang = lang or language()
    target = Path(path)
    write = _writer(fmt)
    try:
        tables = report_tables(result, lang)
    except TypeError as exc:
        raise ExportRefused(tr("export.error.result", lang, kind=str(exc))) from None
    tables = choose_columns(tables, columns, lang)
    if fmt == "xlsx":
        from digibord.export.xlsx import MAX_ROWS

        for table in tables:
            if len(table.frame) + 3 > MAX_ROWS:  # heading, blank row, totals
                raise ExportRefused(tr("export.error.too_many_rows", lang,
                                       rows=len(table.frame), limit=MAX_ROWS - 3))
    folder = target.parent
    if not folder.is_dir():
        raise ExportRefused(tr("export.error.no_folder", lang, path=str(target)))
    if not overwrite and target.exists():
        raise ExportRefused(tr("export.error.exists", lang, path=str(target)))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportRefused(tr("export.error.write", lang, path=str(target),
                               reason=exc.strerror or exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tables, tmp, show_bsn=show_bsn, lang=lang)
        if overwrite:
            os.replace(tmp, target)
        else:
            # a link fails when the name was taken meanwhile: never replaces what appeared
            os.link(tmp, target)
            tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise ExportRefused(tr("export.error.exists", lang, path=str(target))) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportRefused(tr("export.error.write", lang, path=str(target),
                               reason=exc.strerror or exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
