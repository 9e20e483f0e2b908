"""Salary check (reports.md section 5): borderel against a payroll export."""

from __future__ import annotations

import json

from digibord.formats.payroll_export import read_payroll_export
from digibord.formats.reader import read_borderel
from digibord.reconcile.payroll_check import compute_payroll_check
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary
from tests.report_support import make_borderel, run_cli

# the sample's March deductions with a € 25,00 contribution on basis for the employee
EXPECTED = {"001392": 14603, "004708": 78028, "E13657": 35038, "E18088": 33293,
            "E18459": 63888, "E19286": 13325}


def _export(tmp_path, rows, name="loon.csv", encoding="cp1252"):
    path = tmp_path / name
    text = "Personeelsnummer;Naam;Inhouding zorgverzekering\r\n" + "".join(
        f"{n};x;{a}\r\n" for n, a in rows)
    path.write_bytes(text.encode(encoding))
    return path


def test_samples_all_statuses_via_cli(samples_dir, tmp_path):
    rows = [("1392", "146,03"),            # leading zeros dropped by a spreadsheet: matched
            ("004708", "780,00"), ("004708", "0,28"),  # two rows summed
            ("E13657", "€ 350,00"),        # 38 cent short
            ("E18088", "332,93"), ("E18459", "638,88"),
            ("E99999", "12,00")]           # unknown to the borderel; E19286 missing
    path = _export(tmp_path, rows)
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(path),
                   "--amount", "25", "--json")
    assert done.returncode == 0, done.stderr
    got = {r["werknemersnummer"]: r for r in json.loads(done.stdout)["rows"]}
    assert got["001392"]["status"] == "akkoord" and got["001392"]["verwacht_cent"] == 14603
    assert got["004708"]["ingehouden_cent"] == 78028 and got["004708"]["status"] == "akkoord"
    assert got["E13657"]["status"] == "verschil" and got["E13657"]["verschil_cent"] == -38
    assert got["E19286"]["status"] == "alleen borderel"
    assert got["E19286"]["verschil_cent"] == -EXPECTED["E19286"]
    assert got["E99999"]["status"] == "alleen salaris" and got["E99999"]["verwacht_cent"] == 0
    assert {k: v["verwacht_cent"] for k, v in got.items() if k != "E99999"} == EXPECTED


def test_api_four_weekly_and_totals(samples_dir, tmp_path):
    b = read_borderel(samples_dir / "2026-03_01.dat")
    salary = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS, percent_bp=5000))
    expected = dict(zip(salary.rows["employee_number"], salary.rows["deduction_cent"].tolist(),
                        strict=True))
    path = _export(tmp_path, [(n, f"{c // 100},{c % 100:02d}") for n, c in expected.items()])
    result = compute_payroll_check(salary, read_payroll_export(path))
    assert set(result.rows["status"]) == {"akkoord"}
    assert result.total_expected_cent == result.total_withheld_cent == sum(expected.values())
    assert result.total_difference_cent == 0
    assert dict(result.status_counts)["akkoord"] == len(expected)


def test_one_side_only_whatever_the_amount(tmp_path):
    people = [(1, 1, "H", "E1", "Anna"), (4, 4, "H", "E2", "Dirk")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 1000), (4, "P", 202603, "BEK", 1000)])
    salary = compute_salary(b, SalaryOptions(percent_bp=10000))  # E1, E2 expect 0
    path = _export(tmp_path, [("E1", "0,00")])
    result = compute_payroll_check(salary, read_payroll_export(path))
    got = dict(zip(result.rows["employee_number"], result.rows["status"], strict=True))
    assert got == {"E1": "akkoord", "E2": "alleen borderel"}
    path = _export(tmp_path, [("E1", "0,00"), ("E2", "0,00"), ("E9", "0,00")])
    result = compute_payroll_check(salary, read_payroll_export(path))
    got = dict(zip(result.rows["employee_number"], result.rows["status"], strict=True))
    assert got == {"E1": "akkoord", "E2": "akkoord", "E9": "alleen salaris"}


def test_refusals_exit_1_no_traceback(samples_dir, tmp_path):
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(bad))
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.strip()
    odd = tmp_path / "odd.csv"
    odd.write_text("Code;Euro\nE1;1,00\n", encoding="utf-8")
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(odd))
    assert done.returncode == 1 and "--employee-column" in done.stderr
    ok = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(odd),
                 "--employee-column", "Code", "--amount-column", "Euro", "--json")
    assert ok.returncode == 0, ok.stderr
    wrong = tmp_path / "bedrag.csv"
    wrong.write_text("Personeelsnummer;Bedrag\nE1;1,00\nE2;twaalf\n", encoding="utf-8")
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(wrong))
    assert done.returncode == 1 and "twaalf" in done.stderr and "3" in done.stderr


def test_screen_and_csv_output(samples_dir, tmp_path):
    path = _export(tmp_path, [("001392", "146,03")])
    screen = run_cli("--lang", "en", "payroll-check", str(samples_dir / "2026-03_01.dat"),
                     str(path), "--amount", "25")
    assert screen.returncode == 0 and "borderel only" in screen.stdout
    target = tmp_path / "check.csv"
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(path),
                   "--amount", "25", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    header = target.read_text("utf-8-sig").splitlines()[0].split(";")
    assert header[:1] == ["werknemersnummer"] and "verschil_cent" in header


def test_export_with_headings_only_exits_1(samples_dir, tmp_path):
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"Personeelsnummer;Inhouding\r\n")
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(path), "--json")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "leeg.csv" in done.stderr
