"""Verzekerdenoverzicht (reports.md section 1): every insured person with the premium of the
month, the corrections, and their policy as the insurer's portal shows it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel
from digibord.reconcile.checks import agree
from digibord.reconcile.common import group_sum


@dataclass(frozen=True, eq=False)
class InsuredList:
    """One row per insured person (file order) and the totals over all of them.

    `rows` columns: relation_number, policyholder (int64), role, employee_number (the
    employee's), name, bsn, birth_date, start_date, end_date, prolongation_cent,
    corrections_cent, total_cent (int64), and the policy's subtotals of the prolongatie:
    basis_cent (productsoort B) and additional_cent (A and T).
    `policy_lines`: every P line with its product (description, product_kind, discount_bp),
    ordered per person then product kind (B, A, T) — the portal's policy view and the Excel
    detail sheet draw from it. `correction_lines`: every C line with its product. Both are
    made on first use (opening a large file in the window needs only `rows`)."""

    borderel: Borderel
    rows: pd.DataFrame
    total_prolongation_cent: int
    total_corrections_cent: int

    @property
    def total_cent(self) -> int:
        return self.total_prolongation_cent + self.total_corrections_cent

    @cached_property
    def _lines_with_product(self) -> pd.DataFrame:
        products = self.borderel.products.set_index("product_code")
        return self.borderel.lines.join(
            products[["description", "product_kind", "discount_bp"]], on="product_code"
        )

    @cached_property
    def policy_lines(self) -> pd.DataFrame:
        lines = self._lines_with_product
        policy = lines[lines["line_kind"] == PROLONGATION]
        kind_order = policy["product_kind"].map(KIND_ORDER).to_numpy()
        order = np.lexsort(
            (policy["product_code"].to_numpy(dtype=str), kind_order,
             policy["relation_number"].to_numpy())
        )
        return policy.iloc[order].reset_index(drop=True)

    @cached_property
    def correction_lines(self) -> pd.DataFrame:
        lines = self._lines_with_product
        return lines[lines["line_kind"] == CORRECTION].reset_index(drop=True)


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
    ins, lines, products = borderel.insured, borderel.lines, borderel.products
    # each line's person (row of `insured`) and product, by sorted look-up: no join of frames
    rel = ins["relation_number"].to_numpy(dtype=np.int64)
    order = np.argsort(rel, kind="stable")
    person = order[np.searchsorted(rel[order], lines["relation_number"].to_numpy(np.int64))]
    product = pd.Index(products["product_code"]).get_indexer(lines["product_code"])
    is_basis = products["product_kind"].to_numpy(dtype=object)[product] == "B"
    is_p = lines["line_kind"].to_numpy(dtype=object) == PROLONGATION
    net = lines["net_cent"].to_numpy(dtype=np.int64)
    prolongation = group_sum(person[is_p], net[is_p], len(ins))
    corrections = group_sum(person[~is_p], net[~is_p], len(ins))
    basis = group_sum(person[is_p & is_basis], net[is_p & is_basis], len(ins))

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
    # the portal's two subtotals of the policy: basis, and aanvullend + tand together
    rows["basis_cent"] = basis
    rows["additional_cent"] = prolongation - basis

    total_p, total_c = int(prolongation.sum()), int(corrections.sum())
    agree("totaal prolongatie", total_p, borderel.trailer.total_prolongation_cent)
    agree("totaal correcties", total_c, borderel.trailer.total_corrections_cent)
    return InsuredList(borderel, rows.reset_index(drop=True), total_p, total_c)


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
