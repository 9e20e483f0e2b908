"""Prolongatieverschillen (reports.md section 3)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digibord.commands.common import CommandRefused
from digibord.formats.reader import read_borderel
from digibord.reconcile.diff import FAMILY_COLUMNS, _families, compute_diff
from digibord.reports.build import report_json
from tests.report_support import assert_matches_expected, make_borderel, run_cli

PAIRS = (("2026-01", "2026-02"), ("2026-02", "2026-03"))


@pytest.mark.parametrize(("van", "tot"), PAIRS)
def test_samples_via_api(samples_dir, van, tot):
    a = read_borderel(samples_dir / f"{van}_01.dat")
    b = read_borderel(samples_dir / f"{tot}_01.dat")
    expected = json.loads((samples_dir / f"diff_{van}_{tot}.json").read_text("utf-8"))
    result = compute_diff(a, b)
    assert_matches_expected(report_json(result), expected)
    everything = compute_diff(a, b, include_unchanged=True)
    rows = report_json(everything)["rows"]
    assert sum(r["verschil_cent"] for r in rows) == expected["totaal_verschil_cent"]
    assert sum(r["netto_van_cent"] for r in rows) == a.trailer.total_prolongation_cent
    assert sum(r["netto_tot_cent"] for r in rows) == b.trailer.total_prolongation_cent
    assert len(rows) > len(expected["rows"])
    assert {r["status"] for r in rows} >= {"ongewijzigd"}


@pytest.mark.parametrize(("van", "tot"), PAIRS)
def test_samples_via_cli(samples_dir, van, tot):
    done = run_cli("diff", str(samples_dir / f"{van}_01.dat"), str(samples_dir / f"{tot}_01.dat"),
                   "--json")
    assert done.returncode == 0, done.stderr
    expected = json.loads((samples_dir / f"diff_{van}_{tot}.json").read_text("utf-8"))
    assert_matches_expected(json.loads(done.stdout), expected)
    full = run_cli("diff", str(samples_dir / f"{van}_01.dat"), str(samples_dir / f"{tot}_01.dat"),
                   "--json", "--all")
    assert any(r["status"] == "ongewijzigd" for r in json.loads(full.stdout)["rows"])


def test_cli_refuses_wrong_order_without_traceback(samples_dir):
    done = run_cli("diff", str(samples_dir / "2026-02_01.dat"), str(samples_dir / "2026-01_01.dat"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "VAN" in done.stderr
    same = run_cli("diff", str(samples_dir / "2026-02_01.dat"), str(samples_dir / "2026-02_01.dat"))
    assert same.returncode == 1 and "Traceback" not in same.stderr
    usage = run_cli("diff", str(samples_dir / "2026-02_01.dat"))
    assert usage.returncode == 2


PEOPLE = [(1, 1, "H", "E1", "Anna"), (2, 1, "P", "E1", "Bert"), (3, 3, "H", "E2", "Cees")]


def test_statuses_and_person_data_from_tot():
    van = make_borderel(PEOPLE, [(1, "P", 202602, "BEK", 100), (1, "P", 202602, "AGD", 50),
                                 (2, "P", 202602, "BEK", 80), (3, "P", 202602, "BEK", 10)],
                        month=202602)
    people_tot = [(1, 1, "H", "E1", "Anna Nieuw"), (3, 3, "H", "E2", "Cees")]
    tot = make_borderel(people_tot, [(1, "P", 202603, "BEK", 110), (1, "P", 202603, "AGD", 50),
                                     (3, "P", 202603, "TGD", 5), (3, "P", 202603, "BEK", 10)])
    r = compute_diff(van, tot, include_unchanged=True)
    got = {(int(a), b): (s, f, t, d) for a, b, s, f, t, d in r.rows[
        ["relation_number", "product_code", "status", "net_from_cent", "net_to_cent",
         "difference_cent"]].itertuples(index=False)}
    assert got == {(1, "BEK"): ("gewijzigd", 100, 110, 10), (1, "AGD"): ("ongewijzigd", 50, 50, 0),
                   (2, "BEK"): ("vervallen", 80, 0, -80), (3, "BEK"): ("ongewijzigd", 10, 10, 0),
                   (3, "TGD"): ("nieuw", 0, 5, 5)}
    assert r.rows.loc[r.rows["relation_number"] == 1, "name"].iloc[0] == "Anna Nieuw"
    assert r.rows.loc[r.rows["relation_number"] == 2, "name"].iloc[0] == "Bert"  # from van
    assert r.employees["employee_number"].tolist() == ["E1", "E2"]
    assert r.employees["difference_cent"].tolist() == [-70, 5]
    assert r.employees["changed_count"].tolist() == [2, 1]
    hidden = compute_diff(van, tot)
    assert len(hidden.shown_rows()) == 3 and hidden.total_difference_cent == -65
    assert dict(r.status_counts) == {"nieuw": 1, "vervallen": 1, "gewijzigd": 1,
                                     "ongewijzigd": 2}


def test_a_person_only_in_van_shows_vans_werknemersnummer():
    """reports.md §3: person data from tot where the person is there, else from van. The
    child left and the employee's number changed from E1 to E2: the child's row shows E1, the
    employee's rows and the employee's group (subtotal) E2."""
    van = make_borderel([(1, 1, "H", "E1", "Anna"), (2, 1, "K", "E1", "Kind")],
                        [(1, "P", 202602, "BEK", 100), (2, "P", 202602, "AGD", 30)],
                        month=202602)
    tot = make_borderel([(1, 1, "H", "E2", "Anna")], [(1, "P", 202603, "BEK", 110)])
    r = compute_diff(van, tot, include_unchanged=True)
    got = dict(zip(r.rows["relation_number"].tolist(), r.rows["employee_number"].tolist(),
                   strict=True))
    assert got == {1: "E2", 2: "E1"}
    assert r.employees["employee_number"].tolist() == ["E2"]
    assert r.employees["difference_cent"].tolist() == [-20]
    rows = report_json(r)["rows"]
    assert {(x["relatienummer"], x["werknemersnummer"], x["status"]) for x in rows} == {
        ("0000000001", "E2", "gewijzigd"), ("0000000002", "E1", "vervallen")}


def test_families_of_pairs_only_van_has_by_position_and_by_hash():
    """The persons van adds are the whole families of those with pairs only in van: found by
    file position where each family stands together after its hoofdverzekerde, by hashing
    the holders where not (the insured shuffled); the same persons either way."""
    people = [(1, 1, "H", "E1", "Anna"), (2, 1, "P", "E1", "Bert"), (3, 3, "H", "E2", "Cees"),
              (4, 3, "K", "E2", "Dirk"), (5, 5, "H", "E3", "Eva")]
    van = make_borderel(people, [(2, "P", 202602, "BEK", 80), (4, "P", 202602, "BEK", 8),
                                 (5, "P", 202602, "BEK", 10)], month=202602)
    rel = np.array([2, 4, 4, 9], dtype=np.int64)  # 9: no such person
    line = np.array([100, 101, 101, 102], dtype=np.int64)
    together = _families(van, rel, line)
    assert together["relation_number"].tolist() == [1, 2, 3, 4]
    shuffled = dataclasses.replace(van, insured=van.insured.iloc[::-1].reset_index(drop=True))
    apart = _families(shuffled, rel, line)
    assert apart["relation_number"].tolist() == [4, 3, 2, 1]
    assert list(apart.columns) == list(together.columns) == FAMILY_COLUMNS
    assert len(_families(van, rel[:0], line[:0])) == 0
    # through the report: Bert and Dirk (van only) with their employees' numbers
    tot = make_borderel([people[0], people[2], people[4]],
                        [(1, "P", 202603, "BEK", 1), (5, "P", 202603, "BEK", 10)])
    for v in (van, shuffled):
        got = compute_diff(v, tot).rows[["relation_number", "employee_number", "name",
                                         "status"]]
        assert got.values.tolist() == [[1, "E1", "Anna", "nieuw"], [2, "E1", "Bert", "vervallen"],
                                       [4, "E2", "Dirk", "vervallen"],
                                       [5, "E3", "Eva", "ongewijzigd"]]


def test_reissue_of_same_month_is_allowed_but_not_backwards():
    a = make_borderel(PEOPLE, [(1, "P", 202603, "BEK", 100)])
    b = make_borderel(PEOPLE, [(1, "P", 202603, "BEK", 120)], sequence=2)
    assert compute_diff(a, b).total_difference_cent == 20
    with pytest.raises(CommandRefused):
        compute_diff(b, a)
    other = make_borderel(PEOPLE, [(1, "P", 202604, "BEK", 1)], month=202604,
                          collectivity="000000001")
    with pytest.raises(CommandRefused):
        compute_diff(a, other)


def _random_borderel(rng, month, n_people, codes, present):
    people, lines = [], []
    holder = None
    for rel in range(1, n_people + 1):
        role = "H" if holder is None or rng.random() < 0.5 else rng.choice(["P", "K"])
        holder = rel if role == "H" else holder
        people.append((1000 + rel, 1000 + holder, role, f"E{holder:03d}" if role == "H" else "",
                       f"P{rel}"))
        for code in codes:
            if rng.random() < present:
                lines.append((1000 + rel, "P", month, code, int(rng.integers(-5, 20000))))
    return make_borderel(people, lines, month=month)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n1=st.integers(0, 12), n2=st.integers(0, 12),
       p1=st.floats(0, 1), p2=st.floats(0, 1))
def test_property_identities(seed, n1, n2, p1, p2):
    rng = np.random.default_rng(seed)
    van = _random_borderel(rng, 202602, n1, ["BEK", "AGD", "TGD"], p1)
    tot = _random_borderel(rng, 202603, n2, ["BEK", "AGD", "TGD"], p2)
    r = compute_diff(van, tot, include_unchanged=True)
    rows = r.rows
    assert int(rows["net_from_cent"].sum()) == van.trailer.total_prolongation_cent
    assert int(rows["net_to_cent"].sum()) == tot.trailer.total_prolongation_cent
    assert r.total_difference_cent == r.total_to_cent - r.total_from_cent
    assert int(rows["difference_cent"].sum()) == r.total_difference_cent
    assert int(r.employees["difference_cent"].sum()) == r.total_difference_cent
    pairs = set(zip(van.lines["relation_number"], van.lines["product_code"], strict=True)) | \
        set(zip(tot.lines["relation_number"], tot.lines["product_code"], strict=True))
    assert len(rows) == len(pairs)
    assert not rows.duplicated(["relation_number", "product_code"]).any()
    s = rows["status"].to_numpy(dtype=object)
    f, t = rows["net_from_cent"].to_numpy(), rows["net_to_cent"].to_numpy()
    assert (t[s == "ongewijzigd"] == f[s == "ongewijzigd"]).all()
    assert (t[s == "gewijzigd"] != f[s == "gewijzigd"]).all()
    # employee groups are contiguous and in werknemersnummer order
    holders = rows["policyholder"].to_numpy()
    assert len(r.employees) == len(set(holders.tolist()))


def test_cli_refuses_different_collectivities(samples_dir, tmp_path):
    data = (samples_dir / "2026-03_01.dat").read_bytes()
    other = tmp_path / "ander.dat"
    other.write_bytes(data[:10] + b"987654321" + data[19:])  # collectiviteitsnummer, pos 11-19
    done = run_cli("diff", str(samples_dir / "2026-02_01.dat"), str(other), "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "987654321" in done.stderr and done.stdout == ""
    done = run_cli("corrections", str(samples_dir / "2026-02_01.dat"), str(other))
    assert done.returncode == 1 and "Traceback" not in done.stderr
