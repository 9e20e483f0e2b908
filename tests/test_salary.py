"""Salary conversion (reports.md section 4): samples, every option against a plain reference,
rounding rules, identities, refusals."""

from __future__ import annotations

import itertools
import json
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from digibord.app.salary import parse_hundredths
from digibord.commands.common import CommandRefused
from digibord.formats.reader import read_borderel
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
    compute_salary,
)
from digibord.reports.build import report_json
from tests.report_support import assert_matches_expected, make_borderel, run_cli

KINDS = {"basis": {"B"}, "aanvullend": {"A", "T"}, "totaal": {"B", "A", "T"}}
ROLES = {"werknemer": {"H"}, "werknemer-partner": {"H", "P"}, "iedereen": {"H", "P", "K"}}


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def reference(borderel, period, on, for_, amount_cent=0, percent_bp=0) -> dict:
    """Section 4 written out person by person, with Decimal: {werknemersnummer: (p, c, b)}."""
    kinds = dict(zip(borderel.products["product_code"], borderel.products["product_kind"],
                     strict=True))
    ins = borderel.insured
    holder = dict(zip(ins["relation_number"], ins["policyholder"], strict=True))
    role = dict(zip(ins["relation_number"], ins["role"], strict=True))
    number = {r: n for r, n, ro in zip(ins["relation_number"], ins["employee_number"],
                                        ins["role"], strict=True) if ro == "H"}
    premium, correction, scope_net = {}, {}, {}
    for rel, kind, code, net in zip(borderel.lines["relation_number"], borderel.lines["line_kind"],
                                    borderel.lines["product_code"], borderel.lines["net_cent"],
                                    strict=True):
        h = holder[rel]
        if kind == "P":
            premium[h] = premium.get(h, 0) + int(net)
            if kinds[code] in KINDS[on]:
                scope_net[rel] = scope_net.get(rel, 0) + int(net)
        else:
            correction[h] = correction.get(h, 0) + int(net)
    contribution = {}
    for rel in holder:
        if role[rel] not in ROLES[for_]:
            continue
        net = scope_net.get(rel, 0)
        if percent_bp:
            b = _round(Decimal(net) * percent_bp / 10000)
        else:
            b = min(amount_cent, net)
        contribution[holder[rel]] = contribution.get(holder[rel], 0) + max(b, 0)
    out = {}
    for h in set(holder.values()):
        p, c, b = premium.get(h, 0), correction.get(h, 0), contribution.get(h, 0)
        if period == "4weken":
            p, b = _round(Decimal(p) * 12 / 13), _round(Decimal(b) * 12 / 13)
        if p or c or b:
            out[number[h]] = (p, c, b)
    return out


def _as_dict(result) -> dict:
    r = result.rows
    return {n: (int(p), int(c), int(b)) for n, p, c, b in zip(
        r["employee_number"], r["premium_cent"], r["correction_cent"], r["contribution_cent"],
        strict=True)}


def test_sample_via_api(samples_dir):
    b = read_borderel(samples_dir / "2026-03_01.dat")
    expected = json.loads((samples_dir / "salary_2026-03.json").read_text("utf-8"))
    result = compute_salary(b, SalaryOptions(amount_cent=2500))
    assert_matches_expected(report_json(result), expected)


def test_sample_via_cli(samples_dir):
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--on", "basis", "--for",
                   "werknemer", "--amount", "25,00", "--json")
    assert done.returncode == 0, done.stderr
    expected = json.loads((samples_dir / "salary_2026-03.json").read_text("utf-8"))
    assert_matches_expected(json.loads(done.stdout), expected)
    same = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--amount", "25.00", "--json")
    assert json.loads(same.stdout)["rows"] == json.loads(done.stdout)["rows"]
    # the form of contribution not chosen is null in `opties`, as in payroll-check's
    assert json.loads(done.stdout)["opties"]["percentage_honderdsten"] is None
    assert json.loads(done.stdout)["opties"]["bedrag_cent"] == 2500
    share = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--percent", "12,5", "--json")
    assert json.loads(share.stdout)["opties"]["bedrag_cent"] is None
    assert json.loads(share.stdout)["opties"]["percentage_honderdsten"] == 1250


COMBOS = list(itertools.product(("maand", "4weken"), ("basis", "aanvullend", "totaal"),
                                ("werknemer", "werknemer-partner", "iedereen"),
                                ((0, 0), (2500, 0), (1, 0), (999999, 0), (0, 1250), (0, 3333),
                                 (0, 10000), (0, 5))))


@pytest.mark.parametrize(("period", "on", "for_", "contribution"), COMBOS)
def test_every_option_matches_reference(samples_dir, period, on, for_, contribution):
    amount, percent = contribution
    for month in ("2026-01", "2026-02", "2026-03"):
        b = read_borderel(samples_dir / f"{month}_01.dat")
        opts = SalaryOptions(PayPeriod(period), ContributionOn(on), ContributionFor(for_),
                             amount, percent)
        result = compute_salary(b, opts)
        assert _as_dict(result) == reference(b, period, on, for_, amount, percent)
        if period == "maand":  # premie + correctie sums to the 90 record over all employees
            assert result.total_premium_cent == b.trailer.total_prolongation_cent
            assert result.total_correction_cent == b.trailer.total_corrections_cent
            assert (result.total_premium_cent + result.total_correction_cent
                    == b.trailer.total_due_cent)


FAMILY = [(1, 1, "H", "E1", "Anna"), (2, 1, "P", "E1", "Bert"), (3, 1, "K", "E1", "Kim"),
          (4, 4, "H", "E2", "Dirk")]


def test_rounding_rules_by_hand():
    # percentages round per person: 3 persons x 0,5 cent -> 1 each, not round(1,5) = 2
    lines = [(1, "P", 202603, "AGD", 5), (2, "P", 202603, "AGD", 5), (3, "P", 202603, "AGD", 5),
             (4, "P", 202603, "BEK", 13)]
    b = make_borderel(FAMILY, lines)
    r = compute_salary(b, SalaryOptions(on=ContributionOn.SUPPLEMENTARY,
                                        for_=ContributionFor.EVERYONE, percent_bp=1000))
    assert _as_dict(r)["E1"] == (15, 0, 3)
    # 4weken: premie 13 * 12 / 13 = 12 exactly; 15 * 12/13 = 13.846 -> 14; once per employee
    r4 = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS,
                                         for_=ContributionFor.EVERYONE, amount_cent=100))
    assert _as_dict(r4)["E2"] == (12, 0, 12)
    assert _as_dict(r4)["E1"] == (14, 0, 0)  # no basis lines: nothing to contribute to
    assert r4.rows.loc[r4.rows["employee_number"] == "E1", "monthly_premium_cent"].item() == 15


def test_integer_rounding_helper():
    from digibord.reconcile.common import div_round_half_away

    got = div_round_half_away(np.array([1, -1, 3, -3, 5, -5, 0, 12 * 13], dtype=np.int64), 2)
    assert got.tolist() == [1, -1, 2, -2, 3, -3, 0, 78]
    assert div_round_half_away(np.array([15 * 12, -15 * 12]), 13).tolist() == [14, -14]


def test_half_cent_rounds_away_from_zero():
    lines = [(1, "P", 202603, "BEK", 1), (4, "P", 202603, "BEK", 3)]
    b = make_borderel(FAMILY, lines)
    r = compute_salary(b, SalaryOptions(percent_bp=5000))  # 0,5 -> 1 and 1,5 -> 2
    assert _as_dict(r) == {"E1": (1, 0, 1), "E2": (3, 0, 2)}


def test_fixed_amount_capped_and_never_negative():
    lines = [(1, "P", 202603, "BEK", 1000), (2, "P", 202603, "BEK", 3000),
             (4, "P", 202603, "BEK", -50), (4, "C", 202602, "BEK", -200)]
    b = make_borderel(FAMILY, lines)
    r = compute_salary(b, SalaryOptions(for_=ContributionFor.EMPLOYEE_PARTNER, amount_cent=2500))
    assert _as_dict(r) == {"E1": (4000, 0, 1000 + 2500), "E2": (-50, -200, 0)}
    # the correction is passed on as it is, also with 4weken
    r4 = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS))
    assert _as_dict(r4)["E2"][1] == -200


def test_all_zero_employee_gets_no_row():
    lines = [(1, "P", 202603, "BEK", 100), (4, "P", 202603, "BEK", 0)]
    r = compute_salary(make_borderel(FAMILY, lines))
    assert _as_dict(r) == {"E1": (100, 0, 0)}


def test_missing_numbers_refused_or_listed():
    people = [(1, 1, "H", "", "Anna Zonder"), (4, 4, "H", "E2", "Dirk")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 100), (4, "P", 202603, "BEK", 50)])
    with pytest.raises(CommandRefused) as err:
        compute_salary(b)
    assert "Anna Zonder" in str(err.value) and "0000000001" in str(err.value)
    r = compute_salary(b, SalaryOptions(skip_missing=True))
    assert _as_dict(r) == {"E2": (50, 0, 0)}
    assert r.not_converted["employee_name"].tolist() == ["Anna Zonder"]
    assert report_json(r)["niet_omgezet"] == [{"relatienummer": "0000000001",
                                              "naam": "Anna Zonder"}]


def test_missing_number_refused_even_when_amounts_are_zero():
    people = [(1, 1, "H", "", "Bram Nul"), (4, 4, "H", "E2", "Dirk")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 0), (4, "P", 202603, "BEK", 50)])
    with pytest.raises(CommandRefused) as err:
        compute_salary(b)
    assert "Bram Nul" in str(err.value)
    r = compute_salary(b, SalaryOptions(skip_missing=True))
    assert _as_dict(r) == {"E2": (50, 0, 0)}
    assert r.not_converted["employee_name"].tolist() == ["Bram Nul"]


def test_shared_number_refused():
    people = [(1, 1, "H", "E1", "Anna"), (4, 4, "H", "E1", "Dirk")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 100), (4, "P", 202603, "BEK", 50)])
    with pytest.raises(CommandRefused) as err:
        compute_salary(b, SalaryOptions(skip_missing=True))
    assert "Anna" in str(err.value) and "Dirk" in str(err.value)


def test_parse_euros_and_percent():
    assert parse_hundredths("12,50") == parse_hundredths("12.50") == 1250
    assert parse_hundredths("12,5") == 1250 and parse_hundredths("7") == 700
    for bad in ("12,505", "1.234,50", "-1", "", "abc", "12,"):
        with pytest.raises(ValueError):
            parse_hundredths(bad)
    with pytest.raises(ValueError):
        SalaryOptions(amount_cent=100, percent_bp=100)


@pytest.mark.parametrize("args", [
    ["--percent", "100,01"], ["--percent", "12,345"], ["--amount", "1.234,50"],
    ["--amount", "12,50", "--percent", "10"], ["--period", "week"], ["--on", "alles"],
])
def test_cli_bad_options_exit_2(samples_dir, args):
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_cli_percent_boundaries(samples_dir):
    for p in ("0", "100", "12,5", "12.5"):
        done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--percent", p, "--json")
        assert done.returncode == 0, done.stderr
    full = json.loads(run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--percent", "100",
                              "--on", "totaal", "--for", "iedereen", "--json").stdout)
    assert all(r["bijdrage_cent"] == r["premie_cent"] for r in full["rows"])


def test_cli_output_file_not_overwritten(samples_dir, tmp_path):
    target = tmp_path / "import.csv"
    args = ["salary", str(samples_dir / "2026-03_01.dat"), "--amount", "25", "-o", str(target)]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    data = target.read_bytes()
    assert data.startswith(b"werknemersnummer;looncomponent;periode;bedrag\r\n")
    target.write_bytes(b"keep")
    again = run_cli(*args)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert target.read_bytes() == b"keep"
    forced = run_cli(*args, "--force")
    assert forced.returncode == 0 and target.read_bytes() == data


def test_cli_missing_numbers_exit_1(tmp_path, samples_dir):
    # blank the werknemersnummer (positions 24-38) of every H record of a sample
    raw = (samples_dir / "2026-03_01.dat").read_bytes().split(b"\r\n")
    out = []
    for line in raw:
        if line.startswith(b"10") and line[22:23] == b"H":
            line = line[:23] + b" " * 15 + line[38:]
        out.append(line)
    path = tmp_path / "zonder.dat"
    path.write_bytes(b"\r\n".join(out))
    done = run_cli("salary", str(path), "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--skip-missing" in done.stderr
    skipped = run_cli("salary", str(path), "--json", "--skip-missing")
    assert skipped.returncode == 0, skipped.stderr
    body = json.loads(skipped.stdout)
    assert body["rows"] == [] and len(body["niet_omgezet"]) == 6


def test_vectorised_types(samples_dir):
    r = compute_salary(read_borderel(samples_dir / "2026-03_01.dat"))
    for col in ("premium_cent", "correction_cent", "contribution_cent", "deduction_cent"):
        assert r.rows[col].dtype == np.int64
