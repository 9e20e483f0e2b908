"""Verzekerdenoverzicht and the person's policy (reports.md section 1)."""

from __future__ import annotations

import pytest

from digibord.formats.reader import read_borderel
from digibord.reconcile.insured_list import insured_list, mask_bsn, person_policy


@pytest.fixture(params=["01", "02", "03"])
def result(request, samples_dir):
    return insured_list(read_borderel(samples_dir / f"2026-{request.param}_01.dat"))


def test_totals_equal_the_trailer(result):
    t = result.borderel.trailer
    assert result.total_prolongation_cent == t.total_prolongation_cent
    assert result.total_corrections_cent == t.total_corrections_cent
    assert int(result.rows["total_cent"].sum()) == t.total_due_cent
    assert len(result.rows) == t.insured_count


def test_subtotals_split_the_prolongation(result):
    rows = result.rows
    assert (rows["basis_cent"] + rows["additional_cent"] == rows["prolongation_cent"]).all()
    lines, products = result.borderel.lines, result.borderel.products
    kind = lines["product_code"].map(products.set_index("product_code")["product_kind"])
    p = lines["line_kind"] == "P"
    for row in rows.itertuples():
        mine = p & (lines["relation_number"] == row.relation_number)
        assert row.basis_cent == int(lines.loc[mine & (kind == "B"), "net_cent"].sum())


def test_person_policy_as_the_portal_shows_it(result):
    family_head = result.rows[result.rows["role"] == "H"].iloc[0]
    policy = person_policy(result, int(family_head["relation_number"]))
    assert policy.total_net_cent == int(family_head["prolongation_cent"])
    assert policy.basis_net_cent + policy.additional_net_cent == policy.total_net_cent
    assert int(policy.products["net_cent"].sum()) == policy.total_net_cent
    kinds = policy.products["product_kind"].tolist()
    assert kinds == sorted(kinds, key="BAT".index)  # basis first, then aanvullend, then tand
    assert set(policy.family["policyholder"]) == {family_head["relation_number"]}
    assert (policy.products["gross_cent"] - policy.products["collective_discount_cent"]
            - policy.products["other_discount_cent"] == policy.products["net_cent"]).all()


def test_person_corrections(samples_dir):
    result = insured_list(read_borderel(samples_dir / "2026-02_01.dat"))
    corrected = result.rows[result.rows["corrections_cent"] != 0].iloc[0]
    policy = person_policy(result, int(corrected["relation_number"]))
    assert int(policy.corrections["net_cent"].sum()) == int(corrected["corrections_cent"])
    assert set(policy.corrections["line_kind"]) == {"C"}


def test_bsn_masked():
    assert mask_bsn(["123456782", ""]).tolist() == ["*****6782", ""]
