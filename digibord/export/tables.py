"""Each computed result as ReportTables: the one place that decides what the Excel sheets and
PDF pages of a report show. Totals and subtotals come from the result (its frames and totals);
nothing here adds up amounts, so Excel, PDF, screen and JSON agree by construction. The one
exception is marked where it is (policy subtotals per person, which the result does not hold).

All preparation is column-wise: relatienummers as text with `relation_text`, translated words
(status, mutation meaning, product kind) mapped per distinct value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from digibord.export.table import Column, Grouping, ReportMeta, ReportTable, Total
from digibord.formats.borderel import relation_text
from digibord.i18n import tr
from digibord.money import format_euro, format_percent_bp


def _words(values, prefix: str, lang: str) -> np.ndarray:
    """Codes -> their translated words (`prefix` + code), each distinct code looked up once."""
    series = pd.Series(np.asarray(values, dtype=object))
    words = {v: tr(f"{prefix}{v}", lang) for v in series.unique()}
    return series.map(words).to_numpy(dtype=object)


def _relations(values) -> np.ndarray:
    arr = np.asarray(values, dtype=np.int64)
    return relation_text(arr) if len(arr) else np.zeros(0, dtype=object)


def _employee_heading(numbers, names, lang: str) -> np.ndarray:
    """'E1001  J.H. van der Berg' per row; a missing werknemersnummer says so."""
    numbers = pd.Series(np.asarray(numbers, dtype=object)).fillna("").astype(str)
    numbers = numbers.where(numbers != "", tr("export.no_employee_number", lang))
    names = pd.Series(np.asarray(names, dtype=object)).fillna("").astype(str)
    return (numbers + "  " + names).to_numpy(dtype=object)


def _person_heading(relations, names, numbers, lang: str) -> np.ndarray:
    """'0000012345  J.H. van der Berg  (E1001)': the person and their employee's number."""
    numbers = pd.Series(np.asarray(numbers, dtype=object)).fillna("").astype(str)
    numbers = numbers.where(numbers != "", tr("export.no_employee_number", lang))
    return (pd.Series(relations) + "  " + pd.Series(names).astype(str) + "  ("
            + numbers + ")").to_numpy(dtype=object)


def _meta(number: str, name: str, refs, extra_sources=()) -> ReportMeta:
    return ReportMeta(
        collectivity_number=number,
        collectivity_name=name,
        months=tuple(r.label() for r in refs),
        sources=tuple(Path(s).name for s in (*(r.source for r in refs), *extra_sources) if s),
        created_at=dt.datetime.now().replace(microsecond=0),
    )


def _col(key: str, heading: str, kind: str = "text", width: int = 0) -> Column:
    return Column(key, f"export.col.{heading}", kind, width)


# ---- 1. verzekerdenoverzicht ------------------------------------------------------------------

def insured_tables(result, lang: str) -> list[ReportTable]:
    from digibord.reconcile.common import BorderelRef

    ref = BorderelRef.of(result.borderel)
    meta = _meta(ref.collectivity_number, ref.collectivity_name, [ref])
    rows = result.rows
    frame = pd.DataFrame({
        "relation_number": _relations(rows["relation_number"]),
        "policyholder": _relations(rows["policyholder"]),
        "role": rows["role"].to_numpy(dtype=object),
        "employee_number": rows["employee_number"].to_numpy(dtype=object),
        "name": rows["name"].to_numpy(dtype=object),
        "birth_date": rows["birth_date"].to_numpy(),
        "bsn": rows["bsn"].to_numpy(dtype=object),
        "start_date": rows["start_date"].to_numpy(),
        "end_date": rows["end_date"].to_numpy(),
        "prolongation_cent": rows["prolongation_cent"].to_numpy(dtype=np.int64),
        "corrections_cent": rows["corrections_cent"].to_numpy(dtype=np.int64),
        "total_cent": rows["total_cent"].to_numpy(dtype=np.int64),
    })
    columns = (
        _col("relation_number", "relation_number"), _col("policyholder", "policyholder"),
        Column("role", "export.col.role", align="center"),
        _col("employee_number", "employee_number"), _col("name", "name"),
        _col("birth_date", "birth_date", "date"), _col("bsn", "bsn", "bsn"),
        _col("start_date", "start_date", "date"), _col("end_date", "end_date", "date"),
        _col("prolongation_cent", "prolongation", "money"),
        _col("corrections_cent", "corrections", "money"),
        _col("total_cent", "total", "money"),
    )
    totals = (
        Total("export.total.prolongation", result.total_prolongation_cent,
              column="prolongation_cent"),
        Total("export.total.corrections", result.total_corrections_cent,
              column="corrections_cent"),
        Total("export.total.all", result.total_cent, column="total_cent"),
        Total("export.total.insured", len(rows), "count"),
    )
    insured = ReportTable("export.title.insured", "export.sheet.insured", columns, frame, meta,
                          totals=totals)
    return [insured, _policy_table(result, meta, lang)]


def _policy_table(result, meta: ReportMeta, lang: str) -> ReportTable:
    """Each person's policy as the insurer's portal shows it: per product bruto, collectieve
    korting (with its percentage), overige korting, netto; basis and aanvullend subtotals."""
    lines = result.policy_lines
    people = result.rows.set_index("relation_number")
    rel = lines["relation_number"].to_numpy(dtype=np.int64)
    names = people["name"].reindex(rel).fillna("").to_numpy(dtype=object)
    numbers = people["employee_number"].reindex(rel).fillna("").to_numpy(dtype=object)
    rel_text = _relations(rel)
    kind = lines["product_kind"].fillna("").to_numpy(dtype=object)
    frame = pd.DataFrame({
        "_person": rel,
        "_heading": _person_heading(rel_text, names, numbers, lang),
        "relation_number": rel_text,
        "name": names,
        "employee_number": numbers,
        "product_code": lines["product_code"].to_numpy(dtype=object),
        "description": lines["description"].fillna("").to_numpy(dtype=object),
        "product_kind": _words(kind, "export.kind.", lang),
        "gross_cent": lines["gross_cent"].to_numpy(dtype=np.int64),
        "discount_bp": lines["discount_bp"].fillna(0).to_numpy(dtype=np.int64),
        "collective_discount_cent": lines["collective_discount_cent"].to_numpy(dtype=np.int64),
        "other_discount_cent": lines["other_discount_cent"].to_numpy(dtype=np.int64),
        "net_cent": lines["net_cent"].to_numpy(dtype=np.int64),
    })
    # the subtotals come from the result (basis, aanvullend + tand), for the persons with a policy
    sums = people.loc[pd.unique(rel), ["basis_cent", "additional_cent"]].rename(
        columns={"basis_cent": "basis", "additional_cent": "additional"})
    persons = sums.index.to_numpy()
    labels = ["export.subtotal.basis", "export.subtotal.additional", "export.subtotal.person"]
    subtotals = pd.DataFrame({
        "_person": np.repeat(persons, 3),
        "label": np.tile(np.array(labels, dtype=object), len(persons)),
        "net_cent": np.column_stack([sums["basis"], sums["additional"],
                                     sums["basis"] + sums["additional"]]).reshape(-1),
    })
    columns = (
        _col("relation_number", "relation_number"), _col("name", "name"),
        _col("employee_number", "employee_number"), _col("product_code", "product_code"),
        _col("description", "description"), _col("product_kind", "product_kind"),
        _col("gross_cent", "gross", "money"), _col("discount_bp", "discount_percent", "percent"),
        _col("collective_discount_cent", "collective_discount", "money"),
        _col("other_discount_cent", "other_discount", "money"), _col("net_cent", "net", "money"),
    )
    return ReportTable(
        "export.title.policies", "export.sheet.policies", columns, frame, meta,
        grouping=Grouping("_person", "_heading", subtotals,
                          repeats=("relation_number", "name", "employee_number")),
        totals=(Total("export.total.net", result.total_prolongation_cent, column="net_cent"),))


# ---- 2. correctiepremies ----------------------------------------------------------------------

def corrections_tables(result, lang: str) -> list[ReportTable]:
    rows = result.rows
    several = len(result.borderels) > 1
    frame = pd.DataFrame({
        "policyholder": rows["policyholder"].to_numpy(dtype=np.int64),
        "_heading": _employee_heading(rows["employee_number"], rows["employee_name"], lang),
        "prolongation_month": rows["prolongation_month"].to_numpy(dtype=np.int64),
        "employee_number": rows["employee_number"].to_numpy(dtype=object),
        "employee_name": rows["employee_name"].to_numpy(dtype=object),
        "relation_number": _relations(rows["relation_number"]),
        "name": rows["name"].to_numpy(dtype=object),
        "premium_month": rows["premium_month"].to_numpy(dtype=np.int64),
        "product_code": rows["product_code"].to_numpy(dtype=object),
        "description": rows["description"].to_numpy(dtype=object),
        "mutation_code": rows["mutation_code"].to_numpy(dtype=object),
        "mutation": _words(rows["mutation_key"], "", lang),
        "mutation_date": rows["mutation_date"].to_numpy(),
        "gross_cent": rows["gross_cent"].to_numpy(dtype=np.int64),
        "discount_cent": rows["discount_cent"].to_numpy(dtype=np.int64),
        "net_cent": rows["net_cent"].to_numpy(dtype=np.int64),
    })
    columns = (
        *((_col("prolongation_month", "prolongation_month", "month"),) if several else ()),
        _col("employee_number", "employee_number"), _col("employee_name", "employee_name"),
        _col("relation_number", "relation_number"), _col("name", "name"),
        _col("premium_month", "premium_month", "month"), _col("product_code", "product_code"),
        _col("description", "description"),
        Column("mutation_code", "export.col.mutation_code", align="center"),
        _col("mutation", "mutation"), _col("mutation_date", "mutation_date", "date"),
        _col("gross_cent", "gross", "money"), _col("discount_cent", "discount", "money"),
        _col("net_cent", "net", "money"),
    )
    emp = result.employees
    subtotals = pd.DataFrame({
        "policyholder": emp["policyholder"].to_numpy(dtype=np.int64),
        "label": "export.subtotal.employee",
        "gross_cent": emp["gross_cent"].to_numpy(dtype=np.int64),
        "discount_cent": emp["discount_cent"].to_numpy(dtype=np.int64),
        "net_cent": emp["net_cent"].to_numpy(dtype=np.int64),
    })
    totals = (
        Total("export.total.gross", result.total_gross_cent, column="gross_cent"),
        Total("export.total.discount", result.total_discount_cent, column="discount_cent"),
        Total("export.total.net", result.total_net_cent, column="net_cent"),
        Total("export.total.rows", len(rows), "count"),
    )
    meta = _meta(result.collectivity_number, result.collectivity_name, result.borderels)
    return [ReportTable(
        "export.title.corrections", "export.sheet.corrections", columns, frame, meta,
        grouping=Grouping("policyholder", "_heading", subtotals,
                          repeats=("employee_number", "employee_name")),
        totals=totals)]


# ---- 3. prolongatieverschillen ----------------------------------------------------------------

def diff_tables(result, lang: str) -> list[ReportTable]:
    rows = result.shown_rows()
    frame = pd.DataFrame({
        "policyholder": rows["policyholder"].to_numpy(dtype=np.int64),
        "_heading": _employee_heading(rows["employee_number"], rows["employee_name"], lang),
        "employee_number": rows["employee_number"].to_numpy(dtype=object),
        "employee_name": rows["employee_name"].to_numpy(dtype=object),
        "relation_number": _relations(rows["relation_number"]),
        "name": rows["name"].to_numpy(dtype=object),
        "role": rows["role"].to_numpy(dtype=object),
        "product_code": rows["product_code"].to_numpy(dtype=object),
        "description": rows["description"].to_numpy(dtype=object),
        "status": _words(rows["status"], "reports.status.", lang),
        "net_from_cent": rows["net_from_cent"].to_numpy(dtype=np.int64),
        "net_to_cent": rows["net_to_cent"].to_numpy(dtype=np.int64),
        "difference_cent": rows["difference_cent"].to_numpy(dtype=np.int64),
    })
    columns = (
        _col("employee_number", "employee_number"), _col("employee_name", "employee_name"),
        _col("relation_number", "relation_number"), _col("name", "name"),
        Column("role", "export.col.role", align="center"),
        _col("product_code", "product_code"), _col("description", "description"),
        _col("status", "status"), _col("net_from_cent", "net_from", "money"),
        _col("net_to_cent", "net_to", "money"), _col("difference_cent", "difference", "money"),
    )
    emp = result.shown_employees()
    # an employee's subtotals cover all their pairs, shown or not, like the grand totals
    subtotals = pd.DataFrame({
        "policyholder": emp["policyholder"].to_numpy(dtype=np.int64),
        "label": "export.subtotal.employee",
        "net_from_cent": emp["net_from_cent"].to_numpy(dtype=np.int64),
        "net_to_cent": emp["net_to_cent"].to_numpy(dtype=np.int64),
        "difference_cent": emp["difference_cent"].to_numpy(dtype=np.int64),
    })
    totals = [
        Total("export.total.net_from", result.total_from_cent, column="net_from_cent"),
        Total("export.total.net_to", result.total_to_cent, column="net_to_cent"),
        Total("export.total.difference", result.total_difference_cent,
              column="difference_cent"),
    ]
    for status, count in result.status_counts:
        totals.append(Total("export.total.status", count, "count",
                            params=(("status", tr(f"reports.status.{status}", lang)),)))
    meta = _meta(result.collectivity_number, result.collectivity_name,
                 [result.van, result.tot])
    shown = "export.note.diff_all" if result.include_unchanged else "export.note.diff_changed"
    return [ReportTable(
        "export.title.diff", "export.sheet.diff", columns, frame, meta,
        grouping=Grouping("policyholder", "_heading", subtotals,
                          repeats=("employee_number", "employee_name")),
        totals=tuple(totals), note="export.note.diff",
        note_params=(("van", result.van.label()), ("tot", result.tot.label()),
                     ("shown", tr(shown, lang))))]


# ---- 4. salary conversion ---------------------------------------------------------------------

def _salary_note(options, lang: str) -> tuple[tuple[str, str], ...]:
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


def salary_tables(result, lang: str) -> list[ReportTable]:
    from digibord.reconcile.salary import PayPeriod

    rows = result.rows
    four_weeks = result.options.period == PayPeriod.FOUR_WEEKS
    frame = pd.DataFrame({
        "employee_number": rows["employee_number"].to_numpy(dtype=object),
        "employee_name": rows["employee_name"].to_numpy(dtype=object),
        "relation_number": _relations(rows["policyholder"]),
        **{k: rows[k].to_numpy(dtype=np.int64) for k in (
            "premium_cent", "correction_cent", "contribution_cent", "deduction_cent",
            "monthly_premium_cent", "monthly_contribution_cent")},
    })
    columns = (
        _col("employee_number", "employee_number"), _col("employee_name", "employee_name"),
        _col("relation_number", "relation_number"),
        *((_col("monthly_premium_cent", "monthly_premium", "money"),
           _col("monthly_contribution_cent", "monthly_contribution", "money"))
          if four_weeks else ()),
        _col("premium_cent", "premium", "money"), _col("correction_cent", "correction", "money"),
        _col("contribution_cent", "contribution", "money"),
        _col("deduction_cent", "deduction", "money"),
    )
    totals = (
        Total("export.total.premium", result.total_premium_cent, column="premium_cent"),
        Total("export.total.correction", result.total_correction_cent,
              column="correction_cent"),
        Total("export.total.contribution", result.total_contribution_cent,
              column="contribution_cent"),
        Total("export.total.employees", len(rows), "count"),
    )
    meta = _meta(result.collectivity_number, result.collectivity_name, [result.borderel])
    note = _salary_note(result.options, lang)
    tables = [ReportTable("export.title.salary", "export.sheet.salary", columns, frame, meta,
                          totals=totals, note="export.note.salary", note_params=note)]
    missing = result.not_converted
    if len(missing):
        frame = pd.DataFrame({
            "relation_number": _relations(missing["policyholder"]),
            "employee_name": missing["employee_name"].to_numpy(dtype=object),
            **{k: missing[k].to_numpy(dtype=np.int64) for k in (
                "premium_cent", "correction_cent", "contribution_cent")},
        })
        columns = (
            _col("relation_number", "relation_number"), _col("employee_name", "employee_name"),
            _col("premium_cent", "premium", "money"),
            _col("correction_cent", "correction", "money"),
            _col("contribution_cent", "contribution", "money"),
        )
        tables.append(ReportTable("export.title.not_converted", "export.sheet.not_converted",
                                  columns, frame, meta,
                                  totals=(Total("export.total.employees", len(frame),
                                                "count"),)))
    return tables


# ---- 5. salary check --------------------------------------------------------------------------

def options_text(result, lang: str | None = None) -> str:
    """The options a salary check used, in words: period, contribution, profile, previous."""
    previous = result.previous.label() if result.previous is not None else \
        tr("payroll.no_previous", lang)
    return tr("payroll.options", lang, **dict(_salary_note(result.options, lang)),
              profile=result.profile, previous=previous)


def payroll_check_tables(result, lang: str) -> list[ReportTable]:
    rows = result.rows
    relation = rows["relation_number"].to_numpy(dtype=np.int64)
    relations = np.full(len(rows), "", dtype=object)
    if (relation >= 0).any():
        relations[relation >= 0] = _relations(relation[relation >= 0])
    explanation = pd.Series(rows["explanation"].to_numpy(dtype=object))
    words = {e: tr(f"payroll.explanation.{e}", lang) for e in explanation.dropna().unique()}
    frame = pd.DataFrame({
        "employee_number": rows["employee_number"].to_numpy(dtype=object),
        "relation_number": relations,
        "employee_name": rows["employee_name"].to_numpy(dtype=object),
        "expected_cent": rows["expected_cent"].to_numpy(dtype=np.int64),
        "withheld_cent": rows["withheld_cent"].to_numpy(dtype=np.int64),
        "difference_cent": rows["difference_cent"].to_numpy(dtype=np.int64),
        "status": _words(rows["status"], "payroll.status.", lang),
        "explanation": explanation.map(words).astype(object).fillna("").to_numpy(dtype=object),
        "contribution_cent": rows["contribution_cent"].to_numpy(dtype=np.int64),
        "paid_contribution_cent": rows["paid_contribution_cent"].to_numpy(dtype=np.int64),
    })
    contribution = (_col("contribution_cent", "expected_contribution", "money"),
                    _col("paid_contribution_cent", "paid_contribution", "money")) \
        if result.journal.has_contribution else ()
    columns = (
        _col("employee_number", "employee_number"), _col("employee_name", "employee_name"),
        _col("relation_number", "relation_number"),
        _col("expected_cent", "expected", "money"), _col("withheld_cent", "withheld", "money"),
        _col("difference_cent", "difference", "money"), _col("status", "status"),
        _col("explanation", "explanation"), *contribution,
    )
    totals = [
        Total("export.total.expected", result.total_expected_cent, column="expected_cent"),
        Total("export.total.withheld", result.total_withheld_cent, column="withheld_cent"),
        Total("export.total.difference", result.total_difference_cent,
              column="difference_cent"),
    ]
    for status, count in result.status_counts:
        totals.append(Total("export.total.status", count, "count",
                            params=(("status", tr(f"payroll.status.{status}", lang)),)))
    for explained, count in result.explanation_counts:
        if count:
            totals.append(Total("export.total.explanation", count, "count", params=(
                ("explanation", tr(f"payroll.explanation.{explained}", lang)),)))
    meta = _meta(result.collectivity_number, result.collectivity_name, [result.borderel],
                 extra_sources=(result.payroll_source,))
    journal = result.journal
    columns_read = ", ".join(h for h in (
        journal.employee_column, journal.component_column,
        journal.heading(journal.columns.amount) if journal.columns.amount is not None else "",
        *(journal.heading(c) for c, _ in journal.columns.component_columns)) if h)
    note = (("payroll", Path(result.payroll_source).name),
            ("shape", tr(f"payroll.shape.{result.shape.key}", lang)),
            ("row", journal.heading_row_number), ("columns", columns_read),
            ("options", options_text(result, lang)))
    return [ReportTable("export.title.payroll_check", "export.sheet.payroll_check", columns,
                        frame, meta, totals=tuple(totals), note="export.note.payroll_check",
                        note_params=note)]


def report_tables(result, lang: str) -> list[ReportTable]:
    """The tables of any computed result (the first is the report itself)."""
    from digibord.reconcile.corrections import CorrectionsResult
    from digibord.reconcile.diff import DiffResult
    from digibord.reconcile.insured_list import InsuredList
    from digibord.reconcile.payroll_check import PayrollCheckResult
    from digibord.reconcile.salary import SalaryResult

    builders = ((InsuredList, insured_tables), (CorrectionsResult, corrections_tables),
                (DiffResult, diff_tables), (SalaryResult, salary_tables),
                (PayrollCheckResult, payroll_check_tables))
    for kind, build in builders:
        if isinstance(result, kind):
            return build(result, lang)
    if isinstance(result, ReportTable):
        return [result]
    if isinstance(result, list | tuple) and all(isinstance(t, ReportTable) for t in result):
        return list(result)
    raise TypeError(type(result).__name__)
