"""Rules of premium deduction through salary, as warnings where a borderel's data shows them
(docs/reports.md "Regels van inhouding"), and the minimum-wage information of the conversion.

- Collective discounts on the basic insurance (productsoort `B`) were abolished from 2023: a
  `05` record of a `B` product with a collectieve korting in a borderel of 2023 or later, or
  `20` lines of a `B` product concerning 2023 or later with a collectieve korting, are warned.
- A leeftijdsovergang (mutatiecode `06`) takes effect on the first day of the month after the
  month of the 18th birthday; another mutatiedatum is warned.
- On the minimum wage only the basic premium may be withheld, at most the basic premium of
  the pay period: for the employees the user marks as paid at minimum wage the conversion
  shows what would be withheld, what is allowed and the excess (information only).

Everything is computed over whole columns; the warnings name line, field, positions and text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from digibord.formats.borderel import Borderel, relation_text
from digibord.formats.issues import Issue, issue
from digibord.money import format_euro
from digibord.reconcile.common import PersonIndex, codes_in

NO_BASIC_DISCOUNT_FROM = 202301
LISTED = 20  # individual warnings of one kind; the rest are counted in one more


def _date_text(values) -> np.ndarray:
    return pd.Series(pd.to_datetime(values)).dt.strftime("%d-%m-%Y").fillna("").to_numpy(object)


def basic_discount_issues(borderel: Borderel) -> list[Issue]:
    """Collective discounts on `B` products from 2023 on."""
    out: list[Issue] = []
    products = borderel.products
    kind = products["product_kind"].to_numpy(dtype=object)
    basic = kind == "B"
    if borderel.header.prolongation_month >= NO_BASIC_DISCOUNT_FROM:
        bp = products["discount_bp"].to_numpy(dtype=np.int64)
        for i in np.flatnonzero(basic & (bp != 0)).tolist():
            out.append(issue("profiles.rule.basic_discount_product",
                             line=int(products["line_number"].iat[i]),
                             field="collectieve korting", position="50-53",
                             text=f"{int(bp[i]):04d}",
                             product=products["product_code"].iat[i]))
    codes = products["product_code"].to_numpy(dtype=object)[basic]
    if len(codes) == 0:
        return out
    lines = borderel.lines
    hit = ((codes_in(lines["product_code"], pd.Index(pd.unique(codes), dtype=object)) >= 0)
           & (lines["premium_month"].to_numpy(dtype=np.int64) >= NO_BASIC_DISCOUNT_FROM)
           & (lines["collective_discount_cent"].to_numpy(dtype=np.int64) != 0))
    if not hit.any():
        return out
    found = lines.loc[hit, ["product_code", "collective_discount_cent", "line_number"]]
    for code, group in found.groupby("product_code", sort=True):
        out.append(issue("profiles.rule.basic_discount_lines",
                         line=int(group["line_number"].iat[0]), field="collectieve korting",
                         position="37-47",
                         text=format_euro(int(group["collective_discount_cent"].iat[0])),
                         product=code, count=len(group),
                         amount=format_euro(int(group["collective_discount_cent"].sum()))))
    return out


def age_transition_issues(borderel: Borderel) -> list[Issue]:
    """Code `06` lines whose mutatiedatum is not the first of the month after the month of the
    18th birthday."""
    lines = borderel.lines
    is_06 = lines["mutation_code"].to_numpy(dtype=object) == "06"
    if not is_06.any():
        return []
    sel = lines.loc[is_06, ["relation_number", "mutation_date", "line_number"]]
    ins = borderel.insured
    persons = PersonIndex(ins["relation_number"].to_numpy(dtype=np.int64),
                          ins["line_number"].to_numpy(dtype=np.int64))
    rows = persons.find(sel["relation_number"].to_numpy(dtype=np.int64),
                        sel["line_number"].to_numpy(dtype=np.int64))
    known = rows >= 0  # the reader refuses unknown relatienummers; stay safe all the same
    sel, rows = sel[known], rows[known]
    birth = ins["birth_date"].to_numpy(dtype="datetime64[s]")[rows]
    expected = (birth.astype("datetime64[M]") + np.timedelta64(18 * 12 + 1, "M")).astype(
        "datetime64[D]")
    found = sel["mutation_date"].to_numpy(dtype="datetime64[s]").astype("datetime64[D]")
    wrong = np.flatnonzero(found != expected)
    out: list[Issue] = []
    if len(wrong) == 0:
        return out
    names = ins["name"].to_numpy(dtype=object)[rows]
    relations = sel["relation_number"].to_numpy(dtype=np.int64)
    line_numbers = sel["line_number"].to_numpy(dtype=np.int64)
    found_text, birth_text, expected_text = (_date_text(found[wrong]), _date_text(birth[wrong]),
                                             _date_text(expected[wrong]))
    for j, i in enumerate(wrong[:LISTED].tolist()):
        out.append(issue("profiles.rule.age_date", line=int(line_numbers[i]),
                         field="mutatiedatum", position="72-79", text=found_text[j],
                         name=names[i], relation=relation_text(int(relations[i])),
                         birth=birth_text[j], expected=expected_text[j]))
    if len(wrong) > LISTED:
        out.append(issue("profiles.rule.age_date_more", count=len(wrong) - LISTED))
    return out


def borderel_rule_issues(borderel: Borderel) -> list[Issue]:
    """Every rule of deduction the borderel's data breaks, as warnings."""
    return basic_discount_issues(borderel) + age_transition_issues(borderel)


def _number_key(numbers) -> pd.Series:
    """Werknemersnummers compared trimmed, case-insensitively, all-digit ones without leading
    zeros (as the payroll check compares them)."""
    s = pd.Series(np.asarray(numbers, dtype=object), dtype=object).astype(str).str.strip()
    s = s.str.upper()
    digits = s.str.fullmatch(r"[0-9]+")
    return s.where(~digits, s.str.lstrip("0").replace("", "0"))


def minimum_wage(rows: pd.DataFrame, numbers: tuple[str, ...]) -> tuple[pd.DataFrame,
                                                                          list[Issue]]:
    """For the employees marked as paid at minimum wage: employee_number, employee_name,
    withheld_cent (premie + correctie of the period), allowed_cent (the family's basic premium
    of the period, never below 0), excess_cent (what may not be withheld from the minimum wage,
    never below 0). A number not among the converted employees is warned."""
    columns = ["employee_number", "employee_name", "withheld_cent", "allowed_cent",
               "excess_cent"]
    if not numbers:
        return pd.DataFrame({c: pd.Series(dtype=object if c.startswith("employee") else
                                          np.int64) for c in columns}), []
    wanted = _number_key(list(numbers))
    keys = _number_key(rows["employee_number"])
    take = keys.isin(set(wanted)).to_numpy()
    sel = rows[take]
    withheld = (sel["premium_cent"].to_numpy(np.int64) + sel["correction_cent"].to_numpy(np.int64))
    allowed = np.maximum(sel["basic_premium_cent"].to_numpy(np.int64), 0)
    frame = pd.DataFrame({
        "employee_number": sel["employee_number"].to_numpy(dtype=object),
        "employee_name": sel["employee_name"].to_numpy(dtype=object),
        "withheld_cent": withheld.astype(np.int64),
        "allowed_cent": allowed.astype(np.int64),
        "excess_cent": np.maximum(withheld - allowed, 0).astype(np.int64),
    })
    present = set(keys)
    unknown = [n for n, k in zip(numbers, wanted, strict=True) if k not in present]
    issues = [issue("profiles.rule.minimum_wage_unknown", number=n) for n in unknown]
    return frame, issues
