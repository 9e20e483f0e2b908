"""Salarisperiode 4 weken (docs/reports.md): 13 periods a year, each with the borderel in force
at its start; a year of 13 periods collects exactly 12 months; corrections passed on once; the
period number in every format that has one; the conversion log's default period and its
warnings about a period converted twice or skipped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest
from python_calamine import CalamineWorkbook

from digibord.app.collectivity_settings import JsonSettingsStore, MemorySettingsStore
from digibord.app.conversion_log import ConversionLog
from digibord.app.salary import default_pay_period, period_warnings, write_salary_import
from digibord.errors import CommandRefused
from digibord.export.payroll_files import dpia100_text, long_csv_bytes, write_payroll_import
from digibord.formats.profiles import load_profile, with_settings
from digibord.reconcile.pay_period import (
    PayPeriod,
    PayPeriodRef,
    periods_of_month,
    spread_four_weekly,
)
from digibord.reconcile.salary import SalaryOptions, compute_salary
from tests.report_support import make_borderel, run_cli

FOUR = PayPeriod.FOUR_WEEKS
PEOPLE = [(1, 1, "H", "E1", "Anna"), (2, 1, "P", "", "Bert"), (4, 4, "H", "E2", "Dirk"),
          (5, 5, "H", "E3", "Eva")]


def year_of_borderels(year: int = 2026, premium: int = 15825, partner: int = 4011,
                      odd: int = 1) -> dict[int, object]:
    """12 borderels of an unchanged premium; January also has a correction for Dirk."""
    out = {}
    for mon in range(1, 13):
        month = year * 100 + mon
        lines = [(1, "P", month, "BEK", premium), (2, "P", month, "AGD", partner),
                 (4, "P", month, "BEK", premium + 7), (5, "P", month, "TGD", odd)]
        if mon == 1:
            lines.append((4, "C", year * 100 - 100 + 12, "BEK", -1230, "05"))
        out[mon] = make_borderel(PEOPLE, lines, month=month)
    return out


def by_number(result, column="premium_cent") -> dict[str, int]:
    return dict(zip(result.rows["employee_number"], result.rows[column].astype(int),
                    strict=True))


def test_periods_of_the_year():
    starts = [PayPeriodRef(FOUR, 2026, p).start for p in range(1, 14)]
    assert starts[0] == dt.date(2026, 1, 1) and starts[1] == dt.date(2026, 1, 29)
    assert starts[3] == dt.date(2026, 3, 26) and starts[12] == dt.date(2026, 12, 3)
    assert PayPeriodRef(FOUR, 2026, 13).end == dt.date(2026, 12, 31)  # 29 days
    assert PayPeriodRef(FOUR, 2024, 13).end - PayPeriodRef(FOUR, 2024, 13).start \
        == dt.timedelta(days=29)  # a leap year: 30 days
    assert PayPeriodRef(FOUR, 2026, 4).end == dt.date(2026, 4, 22)
    # the borderel in force at each period's start: January twice, then one month each
    assert [PayPeriodRef(FOUR, 2026, p).month % 100 for p in range(1, 14)] == \
        [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    for year in (2024, 2026):  # also in a leap year
        assert [periods_of_month(year * 100 + m, FOUR) for m in range(1, 13)] == \
            [[1, 2]] + [[m + 1] for m in range(2, 13)]
    assert periods_of_month(202605, PayPeriod.MONTH) == [5]
    assert PayPeriodRef(FOUR, 2026, 1).previous() == PayPeriodRef(FOUR, 2025, 13)
    assert PayPeriodRef(FOUR, 2025, 13).next() == PayPeriodRef(FOUR, 2026, 1)
    with pytest.raises(ValueError):
        PayPeriodRef(FOUR, 2026, 14)
    with pytest.raises(ValueError):
        PayPeriodRef(PayPeriod.MONTH, 2026, 13)


@pytest.mark.parametrize("monthly", [15825, 1, 7, 12, 13, 6, -1230, 0, 99999, 19826, 10001])
def test_twelve_thirteenths_rounded_half_away_from_zero(monthly):
    """reports.md 4: with 4weken an amount is multiplied by 12/13 once and rounded (half away
    from zero), the same in every period (test_a_year_of_periods... converts all 13); a year
    then comes within 13 half cents of twelve months."""
    converted = int(spread_four_weekly(np.array([monthly]))[0])
    # half away from zero, in integers: (2|x| + 13) // 26 is |x| / 13 rounded so
    assert converted == (abs(monthly) * 24 + 13) // 26 * (1 if monthly >= 0 else -1)
    assert abs(converted * 13 - monthly * 12) * 2 <= 13  # at most half a cent a period


def test_a_year_of_periods_against_twelve_months():
    """The 13 conversions of a year (each with the borderel in force at its start) withhold
    per employee what the 12 monthly conversions withhold: the correction exactly once, and
    premie and bijdrage 12/13 of each period's month, rounded (within half a cent a period of
    twelve months)."""
    borderels = year_of_borderels()
    opts = dict(amount_cent=2500)
    months = [compute_salary(borderels[m], SalaryOptions(**opts)) for m in range(1, 13)]
    periods = []
    for p in range(1, 14):
        ref = PayPeriodRef(FOUR, 2026, p)
        b = borderels[ref.month % 100]
        periods.append(compute_salary(b, SalaryOptions(period=FOUR, pay_period=p, **opts)))
    for column in ("premium_cent", "correction_cent", "contribution_cent", "deduction_cent"):
        year_months, year_periods = {}, {}
        for r in months:
            for n, v in by_number(r, column).items():
                year_months[n] = year_months.get(n, 0) + v
        for r in periods:
            for n, v in by_number(r, column).items():
                year_periods[n] = year_periods.get(n, 0) + v
        assert set(year_periods) <= set(year_months), column
        for n, v in year_months.items():
            if column == "correction_cent":
                assert year_periods.get(n, 0) == v, (column, n)  # passed on as it is, once
            else:  # each of the 13 rounded by at most half a cent (the deduction: two such)
                assert abs(year_periods.get(n, 0) - v) * 2 <= 13 * 2, (column, n)
    # the correction went with period 1 only (period 2 uses the same January borderel)
    assert by_number(periods[0], "correction_cent")["E2"] == -1230
    assert by_number(periods[1], "correction_cent")["E2"] == 0
    assert periods[0].corrections_passed and not periods[1].corrections_passed
    # every period 12/13 of its month's premium, rounded: period 13 (December's) too
    assert {by_number(r)["E1"] for r in periods[:12]} == {round(12 * (15825 + 4011) / 13)}
    assert by_number(periods[12])["E1"] == round(12 * 19836 / 13)
    # a 1-cent premium: 12/13 of a cent rounds to 1 cent in every period
    assert by_number(periods[11])["E3"] == 1 and by_number(periods[12])["E3"] == 1


def test_period_must_use_the_borderel_in_force():
    march = year_of_borderels()[3]
    with pytest.raises(CommandRefused) as err:
        compute_salary(march, SalaryOptions(period=FOUR, pay_period=3))
    text = str(err.value)
    assert "periode 3 van 2026" in text and "26-02-2026" in text and "2026-02" in text
    assert compute_salary(march, SalaryOptions(period=FOUR)).pay_period.number == 4
    with pytest.raises(CommandRefused):
        compute_salary(march, SalaryOptions(pay_period=4))  # maand: the March borderel is 3
    assert compute_salary(march, SalaryOptions(pay_period=3)).pay_period.number == 3


def test_period_written_in_every_format(tmp_path):
    """DPIA100 verrekenperiode, Nmbrs Periode, AFAS and Exact year/period: the 4-week period,
    not the calendar month. The generic csv's periode is the prolongatiemaand (reports.md 4,
    payroll-formats.md), the pay period when a profile's setting `period` asks for it."""
    people = [(1, 1, "H", "0101", "Anna"), (4, 4, "H", "0104", "Dirk")]
    march = make_borderel(people, [(1, "P", 202603, "BEK", 15825), (4, "P", 202603, "BEK", 100),
                                   (4, "C", 202602, "BEK", -1230, "05")])
    result = compute_salary(march, SalaryOptions(period=FOUR, amount_cent=2500))
    dpia = with_settings(load_profile("raet-dpia100"), {"creatiegebruiker": "SAL"})
    rec = dpia100_text(result, dpia, dt.date(2026, 3, 27)).split("\r\n")[0]
    assert rec[181:187] == "042026" and rec[137:145] == "01032026"  # the month's first day
    assert long_csv_bytes(result, load_profile("csv")).split(b"\r\n")[1].split(b";")[2] \
        == b"202603"
    csv = load_profile("csv")  # a profile of the employer's own that asks for the pay period
    by_period = dataclasses.replace(csv, settings={**csv.settings, "period": "pay_period"})
    assert long_csv_bytes(result, by_period).split(b"\r\n")[1].split(b";")[2] == b"202604"
    exact = long_csv_bytes(result, load_profile("exact-online")).decode().split("\r\n")
    assert exact[1].split(";")[1:3] == ["2026", "4"]
    mut = long_csv_bytes(result, load_profile("afas-mutaties")).decode().split("\r\n")
    assert mut[1].split(";")[2:4] == ["2026", "4"]
    nmbrs = with_settings(load_profile("nmbrs"), {"debtor": "1", "employer": "2"})
    write_payroll_import(result, nmbrs, tmp_path / "n.xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / "n.xlsx")).get_sheet_by_index(0).to_python()
    assert {r[4] for r in rows[2:]} == {"2026-04"}


def test_conversion_log_default_and_warnings():
    store = MemorySettingsStore()
    log = ConversionLog(store)
    jan = year_of_borderels()[1]
    number = jan.header.collectivity_number
    # nothing converted yet: the first period of the borderel's month
    assert default_pay_period(jan, "4weken", store) == 1
    assert log.default_pay_period(number, 202603, FOUR) == 4
    log.record(number, PayPeriodRef(FOUR, 2026, 1), 202601, 1, "csv")
    assert default_pay_period(jan, "4weken", store) == 2  # the next, same January borderel
    log.record(number, PayPeriodRef(FOUR, 2026, 2), 202601, 1, "csv")
    assert default_pay_period(jan, "4weken", store) == 1  # both done: the month's first again
    assert log.default_pay_period(number, 202602, FOUR) == 3
    # twice
    again = compute_salary(jan, SalaryOptions(period=FOUR, pay_period=2))
    warned = period_warnings(again, store)
    assert [w.code for w in warned] == ["profiles.period.twice"]
    assert "periode 2 van 2026" in warned[0].message()
    # skipped: 3, 4 and 5 between the latest (2) and 6
    june = make_borderel(PEOPLE, [(1, "P", 202606, "BEK", 100)], month=202606)
    skipping = compute_salary(june, SalaryOptions(period=FOUR))
    assert skipping.pay_period.number == 7  # June's borderel is in force for period 7
    warned = period_warnings(skipping, store)
    assert [w.code for w in warned] == ["profiles.period.skipped"]
    assert "2026/03, 2026/04, 2026/05, 2026/06" in warned[0].message()
    # months have their own record; December to January over the year end
    log.record(number, PayPeriodRef(PayPeriod.MONTH, 2025, 11), 202511, 1, "csv")
    monthly = compute_salary(jan, SalaryOptions())
    warned = period_warnings(monthly, store)
    assert warned and "2025-12" in warned[0].message() and warned[0].code.endswith("skipped")
    assert log.conversions("999999999") == []


def test_log_kept_in_a_file_and_refused_when_broken(tmp_path):
    path = tmp_path / "instellingen.json"
    store = JsonSettingsStore(path)
    ConversionLog(store).record("123456789", PayPeriodRef(FOUR, 2026, 4), 202603, 2, "nmbrs",
                                at=dt.datetime(2026, 3, 27, 9, 30))
    data = json.loads(path.read_text("utf-8"))
    assert data["123456789"]["salarisperioden"]["conversies"] == [
        {"soort": "4weken", "jaar": 2026, "periode": 4, "maand": "2026-03", "volgnummer": 2,
         "profiel": "nmbrs", "op": "2026-03-27T09:30:00"}]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    path.write_text("{kapot", encoding="utf-8")
    with pytest.raises(CommandRefused, match=r"instellingen\.json"):
        ConversionLog(store).conversions("123456789")


def test_writing_records_the_period(tmp_path):
    store = MemorySettingsStore()
    feb = year_of_borderels()[2]
    result = compute_salary(feb, SalaryOptions(period=FOUR))
    write_salary_import(result, load_profile("csv"), tmp_path / "f.csv", store=store)
    done = ConversionLog(store).conversions(feb.header.collectivity_number)
    assert [(c.period.number, c.month, c.profile) for c in done] == [(3, 202602, "csv")]


def test_cli_period_choice_and_warnings(tmp_path, samples_dir):
    path = str(samples_dir / "2026-03_01.dat")
    first = run_cli("salary", path, "--period", "4weken", "-o", str(tmp_path / "a.csv"))
    assert first.returncode == 0, first.stderr
    assert "periode 4 van 2026 (26-03-2026 t/m 22-04-2026)" in first.stderr
    assert b";202603;" in (tmp_path / "a.csv").read_bytes()  # csv: the prolongatiemaand
    again = run_cli("salary", path, "--period", "4weken", "-o", str(tmp_path / "b.csv"))
    assert again.returncode == 0 and "al eerder omgezet" in again.stderr
    wrong = run_cli("salary", path, "--period", "4weken", "--pay-period", "5", "--json")
    assert wrong.returncode == 1 and "2026-04" in wrong.stderr and "Traceback" not in wrong.stderr
    bad = run_cli("salary", path, "--period", "4weken", "--pay-period", "14")
    assert bad.returncode == 2
    month13 = run_cli("salary", path, "--pay-period", "13")
    assert month13.returncode == 1 and "12" in month13.stderr
    body = json.loads(run_cli("salary", path, "--period", "4weken", "--json").stdout)
    assert body["salarisperiode"] == {"soort": "4weken", "jaar": 2026, "nummer": 4,
                                      "begin": "2026-03-26", "eind": "2026-04-22"}
    assert body["correcties_doorgegeven"] is True
