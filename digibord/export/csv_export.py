"""CSV renderers of the reports (for scripts and spreadsheets): `;`-separated, UTF-8 with byte
order mark (so that Excel opens it with the right characters), CR LF, amounts in cents under
`_cent` headings exactly as the JSON keys, so that a script reads both the same way."""

from __future__ import annotations

# ---- reports.md sections 2-5: the JSON rows as CSV lines ------------------------------------

def write_table_csv(table, path) -> None:
    """A frame of JSON-keyed columns -> `;` CSV, UTF-8 with BOM, CR LF, amounts in cents."""
    table.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_corrections_csv(result, path) -> None:
    from digibord.export.json_export import corrections_table

    write_table_csv(corrections_table(result), path)


def write_diff_csv(result, path) -> None:
    from digibord.export.json_export import diff_table

    write_table_csv(diff_table(result), path)


def write_salary_csv(result, path) -> None:
    from digibord.export.json_export import salary_table

    write_table_csv(salary_table(result), path)


def write_payroll_check_csv(result, path) -> None:
    from digibord.export.json_export import payroll_check_table

    write_table_csv(payroll_check_table(result), path)
