"""Values that last until replaced (AFAS vaste looncomponenten, docs/reports.md "Vaste en
eenmalige componenten"): a sequence of three months with an employee who joins, a correction
and an employee who leaves; the closing line as 0 or with an end date; the previous borderel
from the archive or --previous; a one-off profile unchanged by all this."""

from __future__ import annotations

import errno
import json
from dataclasses import replace
from pathlib import Path

import pytest

from digibord.app.collectivity_settings import MemorySettingsStore
from digibord.app.profile_settings import remember_settings
from digibord.app.salary import convert_salary, previous_borderel, write_salary_import
from digibord.errors import CommandRefused
from digibord.export import atomic
from digibord.export.payroll_files import write_payroll_import
from digibord.formats.profiles import load_profile
from digibord.formats.writer import write_borderel
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary
from tests.report_support import make_borderel, run_cli

ANNA, DIRK, EVA = (1, 1, "H", "E1", "Anna"), (4, 4, "H", "E2", "Dirk"), (5, 5, "H", "E3", "Eva")
COLLECTIVITY = "123456789"
HEAD = ["Medewerker", "Looncomponent", "Bedrag", "Begindatum"]
MUTATION_HEAD = ["Werkgever", "Medewerker", "Jaar", "Periode", "Looncomponent", "Waarde"]


def months() -> dict[int, object]:
    """January: Anna and Dirk. February: Eva joins, Anna has a correction for January.
    March: Dirk has left (no longer on the borderel)."""
    jan = make_borderel([ANNA, DIRK], [(1, "P", 202601, "BEK", 15825),
                                       (4, "P", 202601, "BEK", 12000)], month=202601)
    feb = make_borderel([ANNA, DIRK, EVA], [
        (1, "P", 202602, "BEK", 15825), (4, "P", 202602, "BEK", 12000),
        (5, "P", 202602, "BEK", 14000), (1, "C", 202601, "BEK", -1230, "05")], month=202602)
    mar = make_borderel([ANNA, EVA], [(1, "P", 202603, "BEK", 15825),
                                      (5, "P", 202603, "BEK", 14000)], month=202603)
    return {1: jan, 2: feb, 3: mar}


def cells(path) -> list[list[str]]:
    return [line.split(";") for line in path.read_bytes().decode("utf-8").split("\r\n")[:-1]]


OPTIONS = SalaryOptions(amount_cent=2500)


def afas(closing="zero"):
    profile = load_profile("afas")
    if closing == "end_date":
        settings = {**profile.settings, "closing": "end_date",
                    "columns": [*profile.settings["columns"], "einddatum"]}
        profile = replace(profile, settings=settings)
    return profile


def test_three_months_join_correction_leaver(tmp_path):
    m = months()
    store = MemorySettingsStore()
    remember_settings(COLLECTIVITY, load_profile("afas-mutaties"), {"employer": "W01"}, store)
    results = {1: compute_salary(m[1], OPTIONS), 2: compute_salary(m[2], OPTIONS, m[1]),
               3: compute_salary(m[3], OPTIONS, m[2])}
    for k, r in results.items():
        write_salary_import(r, afas(), tmp_path / f"{k}.csv", store=store)
    assert cells(tmp_path / "1.csv") == [
        HEAD, ["E1", "7500", "158,25", "01-01-2026"], ["E1", "7520", "25,00", "01-01-2026"],
        ["E2", "7500", "120,00", "01-01-2026"], ["E2", "7520", "25,00", "01-01-2026"]]
    assert not (tmp_path / "1_correcties.csv").exists()
    # Eva joins with her begin date; Anna's correction is a one-off mutation, apart
    assert cells(tmp_path / "2.csv") == [
        HEAD, ["E1", "7500", "158,25", "01-02-2026"], ["E1", "7520", "25,00", "01-02-2026"],
        ["E2", "7500", "120,00", "01-02-2026"], ["E2", "7520", "25,00", "01-02-2026"],
        ["E3", "7500", "140,00", "01-02-2026"], ["E3", "7520", "25,00", "01-02-2026"]]
    assert cells(tmp_path / "2_correcties.csv") == [
        MUTATION_HEAD, ["W01", "E1", "2026", "2", "7510", "-12,30"]]
    # Dirk left: his premie and bijdrage are closed with 0 from March on; the correction of
    # February is not repeated
    assert cells(tmp_path / "3.csv") == [
        HEAD, ["E1", "7500", "158,25", "01-03-2026"], ["E1", "7520", "25,00", "01-03-2026"],
        ["E2", "7500", "0,00", "01-03-2026"], ["E2", "7520", "0,00", "01-03-2026"],
        ["E3", "7500", "140,00", "01-03-2026"], ["E3", "7520", "25,00", "01-03-2026"]]
    assert not (tmp_path / "3_correcties.csv").exists()
    closing = results[3].closing
    assert closing["employee_number"].tolist() == ["E2"]
    assert closing[["premium_cent", "contribution_cent"]].values.tolist() == [[12000, 2500]]


def _two_files(tmp_path):
    m = months()
    return compute_salary(m[2], OPTIONS, m[1]), tmp_path / "2.csv", tmp_path / "2_correcties.csv"


@pytest.mark.parametrize("force", [False, True])
def test_values_and_corrections_both_or_neither(tmp_path, monkeypatch, force):
    """The corrections file cannot take its name (here: the rename fails): the values file
    written just before is taken back, and with --force the files it replaced are put back."""
    store = MemorySettingsStore()
    remember_settings(COLLECTIVITY, load_profile("afas-mutaties"), {"employer": "W01"}, store)
    result, values, corrections = _two_files(tmp_path)
    if force:
        values.write_bytes(b"last month's values")
        corrections.write_bytes(b"last month's corrections")
    real_replace, real_link = atomic.os.replace, atomic.os.link

    def fail_on_corrections(src, dst, *args, **kwargs):
        if Path(dst) == corrections and Path(src).name.endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return (real_replace if force else real_link)(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace" if force else "link", fail_on_corrections)
    with pytest.raises(CommandRefused) as refused:
        write_salary_import(result, afas(), values, store=store, overwrite=force)
    assert "2_correcties.csv" in str(refused.value)
    if force:
        assert values.read_bytes() == b"last month's values"
        assert corrections.read_bytes() == b"last month's corrections"
    else:
        assert not values.exists() and not corrections.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["2.csv", "2_correcties.csv"] if force else [])  # no temporary file left
    monkeypatch.undo()
    write_salary_import(result, afas(), values, store=store, overwrite=True)
    assert cells(corrections) == [MUTATION_HEAD, ["W01", "E1", "2026", "2", "7510", "-12,30"]]


def test_closing_with_an_end_date(tmp_path):
    m = months()
    r = compute_salary(m[3], OPTIONS, m[2])
    write_payroll_import(r, afas("end_date"), tmp_path / "e.csv")
    assert cells(tmp_path / "e.csv") == [
        [*HEAD, "Einddatum"],
        ["E1", "7500", "158,25", "01-03-2026", ""], ["E1", "7520", "25,00", "01-03-2026", ""],
        # the value of February again, ended on the day before March
        ["E2", "7500", "120,00", "01-02-2026", "28-02-2026"],
        ["E2", "7520", "25,00", "01-02-2026", "28-02-2026"],
        ["E3", "7500", "140,00", "01-03-2026", ""], ["E3", "7520", "25,00", "01-03-2026", ""]]


def test_only_the_component_that_ends_is_closed(tmp_path):
    """Dirk stays but moves to a product outside the bijdrage's scope: only the bijdrage ends."""
    feb = months()[2]
    mar = make_borderel([ANNA, DIRK], [(1, "P", 202603, "BEK", 15825),
                                       (4, "P", 202603, "AGD", 3000)], month=202603)
    r = compute_salary(mar, OPTIONS, feb)
    assert r.closing[["employee_number", "premium_cent", "contribution_cent"]].values.tolist() \
        == [["E2", 0, 2500], ["E3", 14000, 2500]]
    write_payroll_import(r, afas(), tmp_path / "d.csv")
    assert ["E2", "7500", "30,00", "01-03-2026"] in cells(tmp_path / "d.csv")
    assert ["E2", "7520", "0,00", "01-03-2026"] in cells(tmp_path / "d.csv")


def test_four_weekly_lasting_values():
    """Period 2 uses January's borderel again: no previous needed, nothing closes; period 3
    (February) closes against January's period 2."""
    m = months()
    four = SalaryOptions(period=PayPeriod.FOUR_WEEKS, amount_cent=2500)
    opts2 = SalaryOptions(period=PayPeriod.FOUR_WEEKS, amount_cent=2500, pay_period=2)
    assert previous_borderel(m[1], opts2) == (None, [])
    jan_only = make_borderel([ANNA], [(1, "P", 202602, "BEK", 15825)], month=202602)
    r = compute_salary(jan_only, four, m[1])
    assert r.pay_period.number == 3 and r.closing_from.number == 2
    assert r.closing["employee_number"].tolist() == ["E2"]
    assert r.closing["premium_cent"].tolist() == [round(12000 * 12 / 13)]


def test_previous_must_be_earlier_and_the_same_collectivity():
    m = months()
    with pytest.raises(CommandRefused):
        compute_salary(m[2], OPTIONS, m[3])
    other = make_borderel([ANNA], [(1, "P", 202601, "BEK", 1)], month=202601,
                          collectivity="999999999")
    with pytest.raises(CommandRefused):
        compute_salary(m[2], OPTIONS, other)


def test_one_off_profiles_ignore_the_previous(tmp_path):
    m = months()
    with_prev = convert_salary(m[3], OPTIONS, local_numbers=False, previous=m[2])
    without = convert_salary(m[3], OPTIONS, local_numbers=False)
    csv = load_profile("csv")
    write_payroll_import(with_prev, csv, tmp_path / "a.csv")
    write_payroll_import(without, csv, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert b"E2" not in (tmp_path / "a.csv").read_bytes()


def write_files(tmp_path) -> dict[int, str]:
    out = {}
    for k, b in months().items():
        path = tmp_path / f"2026-{k:02d}.dat"
        path.write_bytes(write_borderel(b))
        out[k] = str(path)
    return out


def test_cli_previous_from_the_archive_or_given(tmp_path):
    files = write_files(tmp_path)
    base = ["--profile", "afas", "--amount", "25", "--set", "employer=W01"]
    alone = run_cli("salary", files[3], *base, "-o", str(tmp_path / "zonder.csv"))
    assert alone.returncode == 0, alone.stderr
    assert "geen vorig borderel" in alone.stderr  # no archive yet: warned
    assert b"E2;" not in (tmp_path / "zonder.csv").read_bytes()
    given = run_cli("salary", files[3], *base, "--previous", files[2], "-o",
                    str(tmp_path / "gegeven.csv"))
    assert given.returncode == 0, given.stderr
    assert "E2;7500;0,00;01-03-2026" in (tmp_path / "gegeven.csv").read_text("utf-8")
    imported = run_cli("import", files[1], files[2])
    assert imported.returncode == 0, imported.stderr
    archive = run_cli("salary", files[3], *base, "-o", str(tmp_path / "archief.csv"))
    assert archive.returncode == 0, archive.stderr
    assert (tmp_path / "archief.csv").read_bytes() == (tmp_path / "gegeven.csv").read_bytes()
    by_month = run_cli("salary", files[3], *base, "--previous", "2026-02", "--json")
    assert by_month.returncode == 0, by_month.stderr
    body = json.loads(by_month.stdout)
    assert body["afgesloten"] == [{"werknemersnummer": "E2", "naam": "Dirk",
                                   "premie_cent": 12000, "bijdrage_cent": 2500}]
    # February with its correction: two files, both named; neither replaced without --force
    feb = run_cli("salary", files[2], *base, "-o", str(tmp_path / "feb.csv"))
    assert feb.returncode == 0, feb.stderr
    assert "feb_correcties.csv" in feb.stderr
    (tmp_path / "feb.csv").unlink()
    again = run_cli("salary", files[2], *base, "-o", str(tmp_path / "feb.csv"))
    assert again.returncode == 1 and "feb_correcties.csv" in again.stderr
    assert not (tmp_path / "feb.csv").exists()
