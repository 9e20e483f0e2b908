"""The JSON objects of cli.md, one function per report, each over a computed result.

Amounts are integer cents in keys ending in `_cent`; months `YYYY-MM`; dates `YYYY-MM-DD` or
None; a missing werknemersnummer is ""."""

from __future__ import annotations

import numpy as np
import pandas as pd

from digibord.formats.borderel import date_text, month_text, relation_text
from digibord.i18n import tr

# ---- reports.md sections 2-5 (corrections, diff, salary, payroll-check) ---------------------


def _months(values) -> list:
    """int YYYYMM column -> ['YYYY-MM', ...]."""

    v = np.asarray(values, dtype=np.int64)
    return [f"{m // 100:04d}-{m % 100:02d}" for m in v.tolist()]


def _relations(values):
    return relation_text(values)


def _heading(ref) -> dict:
    return {"prolongatiemaand": ref.month_text, "volgnummer": ref.sequence, "bestand": ref.source}


def corrections_table(result):
    """Rows of `corrections` under their JSON keys (also the CSV columns)."""

    r = result.rows
    meanings = {k: tr(k) for k in set(r["mutation_key"].tolist())}
    return pd.DataFrame(
        {
            "prolongatiemaand": _months(r["prolongation_month"]),
            "werknemersnummer": r["employee_number"].to_numpy(dtype=object),
            "naam_werknemer": r["employee_name"].to_numpy(dtype=object),
            "relatienummer": _relations(r["relation_number"]),
            "naam": r["name"].to_numpy(dtype=object),
            "premiemaand": _months(r["premium_month"]),
            "productcode": r["product_code"].to_numpy(dtype=object),
            "omschrijving": r["description"].to_numpy(dtype=object),
            "mutatiecode": r["mutation_code"].to_numpy(dtype=object),
            "mutatie": r["mutation_key"].map(meanings).to_numpy(dtype=object),
            "mutatiedatum": date_text(r["mutation_date"]),
            "bruto_cent": r["gross_cent"].to_numpy(),
            "korting_cent": r["discount_cent"].to_numpy(),
            "collectieve_korting_cent": r["collective_discount_cent"].to_numpy(),
            "overige_korting_cent": r["other_discount_cent"].to_numpy(),
            "netto_cent": r["net_cent"].to_numpy(),
        }
    )


def corrections_json(result) -> dict:
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam": result.collectivity_name,
        "borderellen": [_heading(b) for b in result.borderels],
        "rows": corrections_table(result).to_dict("records"),
        "totaal_bruto_cent": result.total_gross_cent,
        "totaal_korting_cent": result.total_discount_cent,
        "totaal_netto_cent": result.total_net_cent,
    }


def diff_table(result, shown_only: bool = True):
    """Rows of `diff` under their JSON keys; `ongewijzigd` only when the result includes it."""

    r = result.shown_rows() if shown_only else result.rows
    return pd.DataFrame(
        {
            "relatienummer": _relations(r["relation_number"]),
            "werknemersnummer": r["employee_number"].to_numpy(dtype=object),
            "naam_werknemer": r["employee_name"].to_numpy(dtype=object),
            "naam": r["name"].to_numpy(dtype=object),
            "rol": r["role"].to_numpy(dtype=object),
            "productcode": r["product_code"].to_numpy(dtype=object),
            "omschrijving": r["description"].to_numpy(dtype=object),
            "status": r["status"].to_numpy(dtype=object),
            "netto_van_cent": r["net_from_cent"].to_numpy(),
            "netto_tot_cent": r["net_to_cent"].to_numpy(),
            "verschil_cent": r["difference_cent"].to_numpy(),
        }
    )


def diff_json(result) -> dict:
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam": result.collectivity_name,
        "van": _heading(result.van),
        "tot": _heading(result.tot),
        "rows": diff_table(result).to_dict("records"),
        "totaal_van_cent": result.total_from_cent,
        "totaal_tot_cent": result.total_to_cent,
        "totaal_verschil_cent": result.total_difference_cent,
        "aantallen": dict(result.status_counts),
    }


def salary_table(result):

    r = result.rows
    return pd.DataFrame(
        {
            "werknemersnummer": r["employee_number"].to_numpy(dtype=object),
            "naam": r["employee_name"].to_numpy(dtype=object),
            "premie_cent": r["premium_cent"].to_numpy(),
            "correctie_cent": r["correction_cent"].to_numpy(),
            "bijdrage_cent": r["contribution_cent"].to_numpy(),
            "inhouding_cent": r["deduction_cent"].to_numpy(),
        }
    )


def _not_converted(frame) -> list[dict]:
    from digibord.formats.borderel import relation_text

    return [
        {"relatienummer": relation_text(int(h)), "naam": n}
        for h, n in zip(
            frame["policyholder"].tolist(), frame["employee_name"].tolist(), strict=True
        )
    ]


def _salary_options(options) -> dict:
    return {
        "periode": options.period.value,
        "bijdrage_op": options.on.value,
        "bijdrage_voor": options.for_.value,
        "bedrag_cent": options.amount_cent,
        "percentage_honderdsten": options.percent_bp,
    }


def salary_json(result) -> dict:
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam": result.collectivity_name,
        **_heading(result.borderel),
        "opties": _salary_options(result.options),
        "rows": salary_table(result).to_dict("records"),
        "niet_omgezet": _not_converted(result.not_converted),
        "totaal_premie_cent": result.total_premium_cent,
        "totaal_correctie_cent": result.total_correction_cent,
        "totaal_bijdrage_cent": result.total_contribution_cent,
    }


def payroll_check_table(result):
    """Rows of `payroll-check` under their JSON keys (also the CSV columns), exceptions first.
    `verwachte_bijdrage_cent`/`betaalde_bijdrage_cent` only where the journal has the bijdrage
    component; `relatienummer` is None for a row that is only in the journal."""

    r = result.rows
    relation = r["relation_number"].to_numpy(dtype=np.int64)
    relations = np.full(len(r), None, dtype=object)
    known = relation >= 0
    if known.any():
        relations[known] = relation_text(relation[known])
    explanation = r["explanation"].to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "werknemersnummer": r["employee_number"].to_numpy(dtype=object),
            "relatienummer": pd.Series(relations, dtype=object),  # None stays None (no NaN)
            "naam": r["employee_name"].to_numpy(dtype=object),
            "verwacht_cent": r["expected_cent"].to_numpy(),
            "ingehouden_cent": r["withheld_cent"].to_numpy(),
            "verschil_cent": r["difference_cent"].to_numpy(),
            "status": r["status"].to_numpy(dtype=object),
            "verklaring": pd.Series(np.where(pd.notna(explanation), explanation, None),
                                    dtype=object),
            "premie_cent": r["premium_cent"].to_numpy(),
            "correctie_cent": r["correction_cent"].to_numpy(),
            "afwijking": r["exception"].to_numpy(dtype=bool),
        }
    )
    if result.journal.has_contribution:
        table["verwachte_bijdrage_cent"] = r["contribution_cent"].to_numpy()
        table["betaalde_bijdrage_cent"] = r["paid_contribution_cent"].to_numpy()
    return table


def check_options_json(options, profile: str) -> dict:
    """`opties` of payroll-check (cli.md): the salary options and the profile used."""
    percent = None
    if options.percent_bp:
        whole, rest = divmod(options.percent_bp, 100)
        percent = whole if rest == 0 else options.percent_bp / 100
    return {
        "period": options.period.value,
        "on": options.on.value,
        "for": options.for_.value,
        "amount_cent": None if options.percent_bp else options.amount_cent,
        "percent": percent,
        "profile": profile,
    }


def payroll_check_json(result) -> dict:
    j = result.journal
    components = {kind: j.heading(col) for col, kind in j.columns.component_columns}
    return {
        "collectiviteitsnummer": result.collectivity_number,
        "naam": result.collectivity_name,
        **_heading(result.borderel),
        "vorm": result.shape.value,
        "opties": check_options_json(result.options, result.profile),
        "salarisbestand": result.payroll_source,
        "werkblad": j.sheet,
        "koprij": j.heading_row_number,
        "kolom_werknemer": j.employee_column,
        "kolom_bedrag": j.heading(j.columns.amount) or None,
        "kolom_component": j.component_column or None,
        "kolommen_component": components,
        "omgekeerd_teken": j.negated,
        "vorige": _heading(result.previous) if result.previous is not None else None,
        "rows": payroll_check_table(result).to_dict("records"),
        "totaal_verwacht_cent": result.total_expected_cent,
        "totaal_ingehouden_cent": result.total_withheld_cent,
        "totaal_verschil_cent": result.total_difference_cent,
        "aantallen": dict(result.status_counts),
        "verklaringen": dict(result.explanation_counts),
        "waarschuwingen": [*j.warnings, *result.warnings],
    }


def cents(values) -> list[int]:
    """int64 column -> list of Python ints (JSON numbers, never floats)."""
    return np.asarray(values, dtype=np.int64).tolist()


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


def insured_list_json(result, show_bsn: bool = False) -> dict:
    """`list`: the verzekerdenoverzicht of one borderel."""
    from digibord.reconcile.insured_list import mask_bsn

    b = result.borderel
    rows = result.rows
    columns = {
        "relatienummer": relation_text(rows["relation_number"]).tolist(),
        "relatienummer_hoofdverzekerde": relation_text(rows["policyholder"]).tolist(),
        "rol": rows["role"].tolist(),
        "werknemersnummer": rows["employee_number"].tolist(),
        "naam": rows["name"].tolist(),
        "geboortedatum": date_text(rows["birth_date"]),
        "bsn": (rows["bsn"] if show_bsn else mask_bsn(rows["bsn"])).tolist(),
        "ingangsdatum": date_text(rows["start_date"]),
        "einddatum": date_text(rows["end_date"]),
        "prolongatie_cent": cents(rows["prolongation_cent"]),
        "correcties_cent": cents(rows["corrections_cent"]),
        "totaal_cent": cents(rows["total_cent"]),
    }
    keys = list(columns)
    people = [
        dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]
    return {
        "collectiviteitsnummer": b.header.collectivity_number,
        "naam": b.header.collectivity_name,
        "prolongatiemaand": month_text(b.header.prolongation_month),
        "volgnummer": b.header.sequence,
        "totaal_prolongatie_cent": result.total_prolongation_cent,
        "totaal_correcties_cent": result.total_corrections_cent,
        "totaal_cent": result.total_cent,
        "verzekerden": people,
    }
