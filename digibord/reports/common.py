"""What the presentations share: JSON headings of a borderel, the salary options in JSON and in
words, the field of an amount."""

from __future__ import annotations

from typing import TYPE_CHECKING

from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp
from digibord.reports.spec import Field

if TYPE_CHECKING:
    from digibord.reconcile.common import BorderelRef
    from digibord.reconcile.salary import SalaryOptions
    from digibord.reports.results import ReportResult


def ref_json(ref: BorderelRef) -> dict:
    """A borderel the report was made from: `{"prolongatiemaand", "volgnummer", "bestand"}`."""
    return {"prolongatiemaand": ref.month_text, "volgnummer": ref.sequence,
            "bestand": ref.file_name or ref.source}


def collectivity_json(result: ReportResult) -> dict:
    return {"collectiviteitsnummer": result.collectivity_number,
            "naam": result.collectivity_name}


def salary_options_json(options: SalaryOptions) -> dict:
    return {
        "periode": options.period.value,
        "bijdrage_op": options.on.value,
        "bijdrage_voor": options.for_.value,
        # the form of contribution not chosen is null, as in payroll-check's `opties`
        "bedrag_cent": None if options.percent_bp else options.amount_cent,
        "percentage_honderdsten": options.percent_bp or None,
    }


def salary_options_words(options: SalaryOptions, lang: str) -> tuple[tuple[str, object], ...]:
    """The options as the note under a report's title says them."""
    if options.amount_cent:
        contribution = tr("export.note.salary_amount", lang,
                          amount=format_euro(options.amount_cent))
    elif options.percent_bp:
        contribution = tr("export.note.salary_percent", lang,
                          percent=format_percent_bp(options.percent_bp))
    else:
        contribution = tr("export.note.salary_none", lang)
    return (("period", options.period.value), ("on", options.on.value),
            ("for_", options.for_.value), ("contribution", contribution))


def money(key: str, title: str, source: str = "", **kw) -> Field:
    """An amount in cents: `<name>_cent` in JSON, euros on screen and on paper."""
    return Field(key, f"export.col.{title}", "money", source=source, **kw)


def col(key: str, title: str, kind: str = "text", source: str = "", **kw) -> Field:
    return Field(key, f"export.col.{title}", kind, source=source, **kw)


# The employee and the insured person a row of the correction and difference reports is about,
# in this order (their group headings and the window's columns follow it).
PERSON_FIELDS: tuple[Field, ...] = (
    col("werknemersnummer", "employee_number", source="employee_number",
        aliases=("employee_number",)),
    col("naam_werknemer", "employee_name", source="employee_name",
        aliases=("employee_name",)),
    col("relatienummer", "relation_number", "relation", "relation_number",
        aliases=("relation_number",)),
    col("naam", "name", source="name", aliases=("name",)),
)
