"""CSV renderers of the reports (for scripts and spreadsheets): `;`-separated, UTF-8 with byte
order mark (so that Excel opens it with the right characters), CR LF, amounts in cents under
`_cent` headings exactly as the JSON keys, so that a script reads both the same way."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

# ---- reports.md sections 2-5: the JSON rows as CSV lines ------------------------------------


def write_table_csv(table, path) -> None:
    """A frame of JSON-keyed columns -> `;` CSV, UTF-8 with BOM, CR LF, amounts in cents."""
    write_csv(path, list(table.columns), table.itertuples(index=False, name=None))


def write_corrections_csv(result, path) -> None:
    from digibord.export.json_export import corrections_table

    write_table_csv(corrections_table(result), path)


def write_diff_csv(result, path) -> None:
    from digibord.export.json_export import diff_table

    write_table_csv(diff_table(result), path)


def write_payroll_check_csv(result, path) -> None:
    from digibord.export.json_export import payroll_check_table

    write_table_csv(payroll_check_table(result), path)


def write_csv(path: str | Path, header: list[str], rows) -> None:
    """Write all rows, then move into place: a failed run never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".digibord-", suffix=".csv", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def records_to_csv(path: str | Path, records: list[dict], keys: list[str] | None = None) -> None:
    """The JSON rows of a report as CSV, the keys as headings (None written as empty)."""
    keys = keys or (list(records[0]) if records else [])
    write_csv(path, keys, ([("" if r.get(k) is None else r.get(k)) for k in keys] for r in records))


def insured_list_csv(result, path: str | Path, show_bsn: bool = False) -> None:
    from digibord.export.json_export import insured_list_json

    people = insured_list_json(result, show_bsn)["verzekerden"]
    records_to_csv(path, people)
