"""Rules of deduction through salary, as warnings on crafted borderels: a collective discount on
a basic insurance from 2023 on, a leeftijdsovergang not on the first of the month after the 18th
birthday; the minimum-wage information for marked employees."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from digibord.reconcile.deduction_rules import (
    age_transition_issues,
    basic_discount_issues,
    minimum_wage,
)
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary
from tests.report_support import make_borderel, run_cli

FAMILY = [(1, 1, "H", "E1", "Anna"), (2, 1, "P", "", "Bert"), (3, 1, "K", "", "Kim"),
          (4, 4, "H", "E2", "Dirk")]
PRODUCTS = [("BEK", "B", "Basis", 0), ("BKK", "B", "Basis met korting", 500),
            ("AGD", "A", "Aanvullend Goed", 1250)]


def borderel(month=202603, lines=None, products=PRODUCTS):
    lines = lines or [(1, "P", month, "BEK", 15825), (4, "P", month, "BKK", 15034),
                      (2, "P", month, "AGD", 2500)]
    return make_borderel(FAMILY, lines, products=products, month=month)


def with_line_discount(b, product: str, cents: int):
    rows = b.lines["product_code"] == product
    b.lines.loc[rows, "collective_discount_cent"] = cents
    return b


def test_basic_discount_product_from_2023():
    issues = basic_discount_issues(borderel())
    assert [(i.code, i.line, i.field, i.position, i.text) for i in issues] == [
        ("profiles.rule.basic_discount_product", 3, "collectieve korting", "50-53", "0500")]
    assert "BKK" in issues[0].message() and "2023" in issues[0].message()
    assert basic_discount_issues(borderel(month=202212, lines=[
        (1, "P", 202212, "BKK", 100)])) == []  # before 2023 it existed


def test_basic_discount_on_lines_concerning_2023_or_later():
    plain = [("BEK", "B", "Basis", 0), ("AGD", "A", "Aanvullend Goed", 1250)]
    b = borderel(month=202302, products=plain, lines=[
        (1, "P", 202302, "BEK", 15000), (4, "P", 202302, "BEK", 15000),
        (4, "C", 202212, "BEK", -300, "08"), (2, "P", 202302, "AGD", 2000)])
    b.lines["collective_discount_cent"] = np.array([795, 795, -75, 250], dtype=np.int64)
    issues = basic_discount_issues(b)
    # the December 2022 correction may carry the old discount; AGD is no basic insurance
    assert len(issues) == 1
    i = issues[0]
    assert (i.code, i.line, i.position) == ("profiles.rule.basic_discount_lines", 100, "37-47")
    assert dict(i.params)["count"] == 2 and dict(i.params)["amount"] == "€ 15,90"


def test_age_transition_date():
    b = borderel(lines=[(3, "C", 202602, "BEK", 4500, "06"), (1, "P", 202603, "BEK", 100)])
    birth = pd.to_datetime(["1980-01-01", "1980-01-01", "2008-01-15", "1980-01-01"]).to_numpy(
        "datetime64[s]")
    b.insured["birth_date"] = birth
    # 18 on 15 January 2026: the premium starts on 1 February 2026
    b.lines["mutation_date"] = pd.to_datetime(["2026-01-15", None]).to_numpy("datetime64[s]")
    issues = age_transition_issues(b)
    assert [(i.line, i.field, i.position, i.text) for i in issues] == [
        (100, "mutatiedatum", "72-79", "15-01-2026")]
    assert "01-02-2026" in issues[0].message() and "Kim" in issues[0].message()
    b.lines["mutation_date"] = pd.to_datetime(["2026-02-01", None]).to_numpy("datetime64[s]")
    assert age_transition_issues(b) == []
    # born on the first of a month: still the first of the next month
    b.insured["birth_date"] = pd.to_datetime(["1980-01-01", "1980-01-01", "2008-02-01",
                                              "1980-01-01"]).to_numpy("datetime64[s]")
    b.lines["mutation_date"] = pd.to_datetime(["2026-03-01", None]).to_numpy("datetime64[s]")
    assert age_transition_issues(b) == []


def test_many_age_transitions_are_counted():
    people = [(1, 1, "H", "E1", "Anna")] + [(10 + i, 1, "K", "", f"Kind {i}") for i in range(25)]
    lines = [(10 + i, "C", 202602, "BEK", 100, "06") for i in range(25)]
    b = make_borderel(people, lines)
    issues = age_transition_issues(b)  # born 1980, dated 2026: all wrong
    assert len(issues) == 21 and issues[-1].code == "profiles.rule.age_date_more"
    assert dict(issues[-1].params)["count"] == 5


def test_rules_are_in_the_conversion(tmp_path):
    r = compute_salary(borderel())
    assert [n.code for n in r.notices] == ["profiles.rule.basic_discount_product"]


def test_minimum_wage_information():
    # Anna's family: her basic premium 158,25, Bert's supplementary 25,00, a correction
    b = borderel(lines=[(1, "P", 202603, "BEK", 15825), (2, "P", 202603, "AGD", 2500),
                        (1, "C", 202602, "BEK", 1000, "05"), (4, "P", 202603, "BEK", 15034)])
    r = compute_salary(b, SalaryOptions(minimum_wage=("E1", " e2 ", "E9")))
    got = r.minimum_wage.set_index("employee_number")
    assert got.loc["E1", ["withheld_cent", "allowed_cent", "excess_cent"]].tolist() == \
        [15825 + 2500 + 1000, 15825, 2500 + 1000]
    assert got.loc["E2", ["withheld_cent", "allowed_cent", "excess_cent"]].tolist() == \
        [15034, 15034, 0]
    assert [n.code for n in r.notices] == ["profiles.rule.basic_discount_product",
                                           "profiles.rule.minimum_wage_unknown"]
    # capped per period: with 4weken the basic premium of the period
    r4 = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS, minimum_wage=("E1",)))
    assert r4.minimum_wage["allowed_cent"].tolist() == [round(15825 * 12 / 13)]
    frame, issues = minimum_wage(r.rows, ())
    assert len(frame) == 0 and issues == []


def test_cli_minimum_wage_and_warnings(tmp_path, samples_dir):
    path = str(samples_dir / "2026-03_01.dat")
    listed = json.loads(run_cli("salary", path, "--json").stdout)["rows"]
    number = listed[0]["werknemersnummer"]
    done = run_cli("salary", path, "--minimum-wage", f"{number}, X99", "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert [m["werknemersnummer"] for m in body["minimumloon"]] == [number]
    assert {"inhouding_cent", "toegestaan_cent", "te_veel_cent"} <= set(body["minimumloon"][0])
    assert "minimumloon" in done.stderr and "X99" in done.stderr
    assert [w["code"] for w in body["waarschuwingen"]] == ["profiles.rule.minimum_wage_unknown"]
