"""Correctiepremies (reports.md section 2) against the samples and by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digibord.commands.common import CommandRefused
from digibord.formats.reader import read_borderel
from digibord.reconcile.common import ReconcileMismatch
from digibord.reconcile.corrections import compute_corrections
from digibord.reports.build import report_json
from tests.report_support import assert_matches_expected, make_borderel, run_cli

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.mark.parametrize("month", MONTHS)
def test_samples_via_api(samples_dir, month):
    b = read_borderel(samples_dir / f"{month}_01.dat")
    expected = json.loads((samples_dir / f"corrections_{month}.json").read_text("utf-8"))
    result = compute_corrections([b])
    assert_matches_expected(report_json(result), expected)
    assert result.total_net_cent == b.trailer.total_corrections_cent


@pytest.mark.parametrize("month", MONTHS)
def test_samples_via_cli(samples_dir, month):
    done = run_cli("corrections", str(samples_dir / f"{month}_01.dat"), "--json")
    assert done.returncode == 0, done.stderr
    expected = json.loads((samples_dir / f"corrections_{month}.json").read_text("utf-8"))
    assert_matches_expected(json.loads(done.stdout), expected)


def test_several_files_carry_their_month(samples_dir):
    files = [str(samples_dir / f"{m}_01.dat") for m in reversed(MONTHS)]
    done = run_cli("corrections", *files, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    months = {r["prolongatiemaand"] for r in out["rows"]}
    assert months == {"2026-02", "2026-03"}
    assert out["totaal_netto_cent"] == -14687 + 40264
    assert sum(r["netto_cent"] for r in out["rows"]) == out["totaal_netto_cent"]


def test_grouping_subtotals_and_order():
    people = [(1, 1, "H", "E2", "Anna"), (2, 1, "P", "", "Bert"), (3, 3, "H", "E1", "Cees")]
    lines = [(1, "P", 202603, "BEK", 100), (2, "C", 202602, "AGD", -50, "02"),
             (1, "C", 202601, "BEK", 30, "05"), (3, "C", 202602, "BEK", 7, "01"),
             (1, "C", 202601, "AGD", 20, "08")]
    r = compute_corrections([make_borderel(people, lines)])
    assert r.rows["employee_number"].tolist() == ["E1", "E2", "E2", "E2"]
    assert r.rows["relation_number"].tolist() == [3, 1, 1, 2]
    assert r.rows["product_code"].tolist() == ["BEK", "AGD", "BEK", "AGD"]
    assert r.employees["net_cent"].tolist() == [7, 0]
    assert r.employees[["start", "stop"]].to_numpy().tolist() == [[0, 1], [1, 4]]
    assert r.total_net_cent == 7
    assert r.rows["employee_name"].tolist()[-1] == "Anna"  # a partner's row names the employee
    assert r.rows["net_cent"].dtype == np.int64


def test_total_disagreeing_with_trailer_is_loud():
    people = [(1, 1, "H", "E1", "Anna")]
    b = make_borderel(people, [(1, "C", 202602, "BEK", 10)])
    bad = type(b)(b.header, b.products, b.insured, b.lines,
                  type(b.trailer)(1, 1, 0, 11, 11), source="x.dat")
    with pytest.raises(ReconcileMismatch):
        compute_corrections([bad])


def test_refuses_other_collectivity_and_month_twice():
    people = [(1, 1, "H", "E1", "Anna")]
    a = make_borderel(people, [(1, "C", 202602, "BEK", 10)])
    b = make_borderel(people, [(1, "C", 202602, "BEK", 10)], collectivity="999999999")
    with pytest.raises(CommandRefused):
        compute_corrections([a, b])
    with pytest.raises(CommandRefused):  # one borderel twice: which is meant is not told
        compute_corrections([a, make_borderel(people, [(1, "C", 202602, "BEK", 10)])])


def test_a_reissue_replaces_the_earlier_borderel_of_its_month():
    # borderel-dat.md: a re-issued borderel of the same month replaces the earlier one
    people = [(1, 1, "H", "E1", "Anna")]
    first = make_borderel(people, [(1, "C", 202602, "BEK", 10)])
    again = make_borderel(people, [(1, "C", 202602, "BEK", 25)], sequence=2)
    result = compute_corrections([again, first])
    assert [b.sequence for b in result.borderels] == [2]
    assert [b.sequence for b in result.replaced] == [1]
    assert result.rows["net_cent"].tolist() == [25] and result.total_net_cent == 25
    assert compute_corrections([first]).replaced == ()


def test_csv_output(samples_dir, tmp_path):
    target = tmp_path / "c.csv"
    done = run_cli("corrections", str(samples_dir / "2026-02_01.dat"), "--csv", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    lines = data.decode("utf-8-sig").splitlines()
    assert "netto_cent" in lines[0].split(";") and len(lines) == 13
    again = run_cli("corrections", str(samples_dir / "2026-02_01.dat"), "--csv", str(target))
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_cli_reissue_with_the_original(samples_dir, tmp_path):
    original = samples_dir / "2026-02_01.dat"
    data = original.read_bytes()
    assert data[103:105] == b"01"  # the header's volgnummer, positions 104-105
    reissue = tmp_path / "2026-02_02.dat"
    reissue.write_bytes(data[:103] + b"02" + data[105:])
    r = run_cli("corrections", str(original), str(reissue), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [b["volgnummer"] for b in out["borderellen"]] == [2]
    assert [b["volgnummer"] for b in out["vervangen"]] == [1]
    alone = json.loads(run_cli("corrections", str(reissue), "--json").stdout)
    assert out["rows"] == alone["rows"] and out["totaal_netto_cent"] == alone["totaal_netto_cent"]
    assert "2026-02_01.dat" in r.stderr and "niet meegeteld" in r.stderr
    r = run_cli("corrections", str(original), str(original), "--json")
    assert r.returncode == 1 and "meer dan eens" in r.stderr and "Traceback" not in r.stderr
