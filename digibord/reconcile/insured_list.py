"""Verzekerdenoverzicht (reports.md section 1): every insured person with the premium of the
month, the corrections, and their policy as the insurer's portal shows it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel
from digibord.reconcile.checks import agree


@dataclass(frozen=True, eq=False)
class InsuredList:
    """One row per insured person (file order) and the totals over all of them.

    `rows` columns: relation_number, policyholder (int64), role, employee_number (the
    employee's), name, bsn, birth_date, start_date, end_date, prolongation_cent,
    corrections_cent, total_cent (int64), and the policy's subtotals of the prolongatie:
    basis_cent (productsoort B) and additional_cent (A and T).
    `policy_lines`: every P line with its product (description, product_kind, discount_bp),
    ordered per person then product kind (B, A, T) — the portal's policy view and the Excel
    detail sheet draw from it.
    `correction_lines`: every C line with its product description."""

    borderel: Borderel
    rows: pd.DataFrame
    policy_lines: pd.DataFrame
    correction_lines: pd.DataFrame
    total_prolongation_cent: int
    total_corrections_cent: int

    @property
    def total_cent(self) -> int:
        return self.total_prolongation_cent + self.total_corrections_cent


@dataclass(frozen=True, eq=False)
class PersonPolicy:
    """One person's policy: products with amounts, subtotals, corrections and family."""

    person: pd.Series
    products: pd.DataFrame  # product_code, description, product_kind, gross_cent, ..., net_cent
    basis_net_cent: int
    additional_net_cent: int  # aanvullend and tand together
    total_net_cent: int
    corrections: pd.DataFrame
    family: pd.DataFrame  # rows of InsuredList.rows: the employee and their partner/children


KIND_ORDER = {"B": 0, "A": 1, "T": 2}


def insured_list(borderel: Borderel) -> InsuredList:
    ins, lines = borderel.insured, borderel.lines
    sums = (
        lines.groupby(["relation_number", "line_kind"], sort=False)["net_cent"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=[PROLONGATION, CORRECTION], fill_value=0)
    )
    per_person = sums.reindex(ins["relation_number"].to_numpy(), fill_value=0)
    prolongation = per_person[PROLONGATION].to_numpy(dtype=np.int64)
    corrections = per_person[CORRECTION].to_numpy(dtype=np.int64)
    rows = ins[
        [
            "relation_number",
            "policyholder",
            "role",
            "employee_number",
            "name",
            "bsn",
            "birth_date",
            "start_date",
            "end_date",
        ]
    ].copy()
    rows["prolongation_cent"] = prolongation
    rows["corrections_cent"] = corrections
    rows["total_cent"] = prolongation + corrections

    products = borderel.products.set_index("product_code")
    with_product = lines.join(
        products[["description", "product_kind", "discount_bp"]], on="product_code"
    )
    policy = with_product[with_product["line_kind"] == PROLONGATION].copy()
    policy["kind_order"] = policy["product_kind"].map(KIND_ORDER)
    policy = policy.sort_values(
        ["relation_number", "kind_order", "product_code"], kind="stable"
    ).drop(columns="kind_order")
    corr = with_product[with_product["line_kind"] == CORRECTION]
    # the portal's two subtotals of the policy: basis, and aanvullend + tand together
    basis = (
        policy.loc[policy["product_kind"] == "B"]
        .groupby("relation_number")["net_cent"]
        .sum()
        .reindex(ins["relation_number"].to_numpy(), fill_value=0)
        .to_numpy(dtype=np.int64)
    )
    rows["basis_cent"] = basis
    rows["additional_cent"] = prolongation - basis

    total_p, total_c = int(prolongation.sum()), int(corrections.sum())
    agree("totaal prolongatie", total_p, borderel.trailer.total_prolongation_cent)
    agree("totaal correcties", total_c, borderel.trailer.total_corrections_cent)
    return InsuredList(
        borderel,
        rows.reset_index(drop=True),
        policy.reset_index(drop=True),
        corr.reset_index(drop=True),
        total_p,
        total_c,
    )


def person_policy(result: InsuredList, relation_number: int) -> PersonPolicy:
    rows = result.rows
    person = rows.loc[rows["relation_number"] == relation_number].iloc[0]
    policy = result.policy_lines
    mine = policy[policy["relation_number"] == relation_number].reset_index(drop=True)
    basis = int(person["basis_cent"])
    total = int(person["prolongation_cent"])
    corr = result.correction_lines
    corrections = (
        corr[corr["relation_number"] == relation_number]
        .sort_values(["premium_month", "product_code"], kind="stable")
        .reset_index(drop=True)
    )
    family = rows[rows["policyholder"] == person["policyholder"]].reset_index(drop=True)
    return PersonPolicy(person, mine, basis, total - basis, total, corrections, family)


def mask_bsn(bsn: pd.Series | np.ndarray) -> np.ndarray:
    """`*****6789`: only the last four digits shown; unknown stays empty."""
    values = np.asarray(bsn, dtype=object).astype(str)
    masked = np.strings.add("*****", np.strings.slice(values, -4, None))
    return np.where(values == "", "", masked).astype(object)
