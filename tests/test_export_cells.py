"""Formula text and numbers that do not fit: the cell rule of digibord/export/cells.py in every
report CSV and payroll import file, and the bounds and checked sums of digibord/money.py."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pytest

from digibord import cli
from digibord.app.payroll import check_payroll
from digibord.app.reports import corrections_report, diff_report, insured_report
from digibord.app.salary import OptionError, parse_amount, parse_percent, salary_options
from digibord.export.cells import FormulaRefused, formula_like, neutralise, refuse_formulas
from digibord.export.payroll_files import write_payroll_import
from digibord.formats.profiles import load_profile
from digibord.formats.reader import read_borderel
from digibord.money import (
    INT64_MAX,
    MAX_AMOUNT_CENT,
    AmountTooLarge,
    SumOverflow,
    beyond_bound,
    checked_sum,
)
from digibord.money import parse_amount as parse_money
from digibord.reconcile.salary import SalaryOptions, compute_salary
from digibord.reports.build import json_rows
from digibord.reports.registry import presentation_for
from tests.borderel_edit import find, get, join, put, sample_lines

HYPERLINK = '=HYPERLINK("http://x.nl";"klik")'
PROFILES = ("csv", "afas", "loket", "nmbrs", "raet-dpia100")


# ---- the rule ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "formula"), [
    ("=1+1", True), (HYPERLINK, True), ("+cmd|' /C calc'!A0", True), ("@SUM(A1:A2)", True),
    ("\t=1+1", True), ("\r=1+1", True), ("\n=1", True), ("\0x", True), ("-2+3", True),
    ("  =1+1", True),  # spaces in front: an import that trims them would see a formula
    ("-", True), ("+", True),
    ("+31 6 1234 5678", True),  # phone-like text is not a number
    ("-1.234,56", True),  # thousands separator: not one of our numbers
    ("-12,30", False), ("-1234", False), ("+12.5", False), ("+31612345678", False),
    ("0", False), ("Jansen", False), ("’t Hoen", False), ("a=b", False), ("", False),
    ("'=1", False),  # already quoted
    ("=", True), ("-١٢", True),  # non-ASCII digits are not a number
])
def test_formula_like_and_numbers(value, formula):
    assert formula_like([value]).tolist() == [formula]
    assert neutralise([value]) == (["'" + value] if formula else [value])


def test_only_text_is_looked_at():
    values = [-1230, 5, None, 2.5, True, "=1", "-12,30"]
    assert formula_like(values).tolist() == [False] * 5 + [True, False]
    assert neutralise(values) == [-1230, 5, None, 2.5, True, "'=1", "-12,30"]
    assert formula_like([]).tolist() == [] and formula_like([1, 2]).tolist() == [False, False]
    assert formula_like(np.array(["=a", "b"], dtype=object)).tolist() == [True, False]


# ---- money ---------------------------------------------------------------------------------

def test_parse_amount_takes_ascii_digits_only():
    assert parse_money("12,50") == parse_money(" 12.5 ") == 1250 and parse_money("-0,05") == -5
    for bad in ("٣", "１２", "12,5٠", "³", "1e3", "12,505", "", "--1"):
        with pytest.raises(ValueError):
            parse_money(bad)
    with pytest.raises(AmountTooLarge):
        parse_money("9" * 16)  # beyond int64 whatever the limit
    assert parse_money("10000000,00", limit=MAX_AMOUNT_CENT) == MAX_AMOUNT_CENT
    with pytest.raises(AmountTooLarge):
        parse_money("10000000,01", limit=MAX_AMOUNT_CENT)
    with pytest.raises(AmountTooLarge):
        parse_money("-10000000,01", limit=MAX_AMOUNT_CENT)


def test_checked_sum_is_exact_or_refused():
    assert checked_sum([]) == 0 and checked_sum([1, 2, -3]) == 0
    assert checked_sum(np.array([INT64_MAX, -5], dtype=np.int64)) == INT64_MAX - 5
    assert checked_sum([-INT64_MAX - 1]) == -INT64_MAX - 1
    # 92233720368547758,07 + 0,01 would wrap to -9 223 372 036 854 775 808 in int64
    with pytest.raises(SumOverflow):
        checked_sum(np.array([9223372036854775807, 1], dtype=np.int64))
    with pytest.raises(SumOverflow):
        checked_sum(np.array([-INT64_MAX - 1, -1], dtype=np.int64))
    with pytest.raises(SumOverflow):
        checked_sum([INT64_MAX // 2 + 1] * 2)
    with pytest.raises(SumOverflow):
        checked_sum([10**30])  # a value that does not even fit
    many = np.full(1_000_000, MAX_AMOUNT_CENT, dtype=np.int64)
    assert checked_sum(many) == 10**15
    assert isinstance(SumOverflow(), ArithmeticError)


def test_beyond_bound():
    cents = np.array([0, MAX_AMOUNT_CENT, -MAX_AMOUNT_CENT, MAX_AMOUNT_CENT + 1,
                      -MAX_AMOUNT_CENT - 1, -INT64_MAX - 1], dtype=np.int64)
    assert beyond_bound(cents).tolist() == [False, False, False, True, True, True]


def test_salary_options_bound_and_digits():
    assert parse_amount("10000000") == MAX_AMOUNT_CENT
    for text in ("10000000,01", "99999999999999999999999", "9" * 5000):
        with pytest.raises(OptionError, match="te groot"):
            parse_amount(text)
    for text in ("٣", "١٢,٥", "12,5٠", "-5", "1.000,00"):
        with pytest.raises(OptionError, match="ongeldig bedrag"):
            parse_amount(text)
    for text in ("١٠", "9" * 30, "100,01"):
        with pytest.raises(OptionError, match="ongeldig percentage"):
            parse_percent(text)
    with pytest.raises(OptionError, match="te groot"):  # the window passes cents
        salary_options(amount=MAX_AMOUNT_CENT + 1)
    assert salary_options(amount=MAX_AMOUNT_CENT).amount_cent == MAX_AMOUNT_CENT


# ---- a borderel with formula text ----------------------------------------------------------

def formula_borderel(samples_dir, tmp_path, surname: str = HYPERLINK,
                     number: str | None = None, name: str = "formule.dat"):
    """The March sample with the first employee called `surname` (no initials, no prefix, so
    the display name starts with it) and, when given, werknemersnummer `number`. Returns the
    path and that employee's relatienummer."""
    lines = sample_lines(samples_dir, "03")
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    line = put(put(put(lines[i], "surname", surname), "initials", ""), "prefix", "")
    if number is not None:
        line = put(line, "employee_number", number)
    lines[i] = line
    path = tmp_path / name
    path.write_bytes(join(lines))
    return path, get(line, "relation_number")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code)
    out, err = capsys.readouterr()
    return code, out, err


def _csv_rows(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _journal(tmp_path, rows):
    path = tmp_path / "loon.csv"
    path.write_text("Personeelsnummer;Naam;Inhouding zorgverzekering\r\n"
                    + "".join(f"{n};x;{a}\r\n" for n, a in rows), encoding="utf-8")
    return path


def _report(report, dat, feb, journal):
    """The report's result (computed as the command computes it) and its command line."""
    b = read_borderel(dat)
    if report == "list":
        return insured_report(b), ["list", str(dat)]
    if report == "corrections":
        return corrections_report([b]), ["corrections", str(dat)]
    if report == "diff":
        return diff_report(read_borderel(feb), b), ["diff", str(feb), str(dat)]
    return (check_payroll(b, journal, SalaryOptions()),
            ["payroll-check", str(dat), str(journal)])


@pytest.mark.parametrize("report", ["list", "corrections", "diff", "payroll-check"])
def test_report_csv_neutralises_and_keeps_everything_else(report, samples_dir, tmp_path,
                                                           capsys):
    dat, _ = formula_borderel(samples_dir, tmp_path, number="-1234")
    journal = _journal(tmp_path, [("-1234", "1"), ("@A1", "2")])
    result, argv = _report(report, dat, samples_dir / "2026-02_01.dat", journal)
    records = json_rows(presentation_for(result), result)
    target = tmp_path / "r.csv"
    code, _, err = _run(capsys, *argv, "--csv", str(target))
    assert code == 0, err
    head, *body = _csv_rows(target)
    assert len(body) == len(records) > 0
    quoted = numbers = 0
    for record, row in zip(records, body, strict=True):
        for key, cell in zip(head, row, strict=True):
            value = record[key]
            if isinstance(value, str) and formula_like([value])[0]:
                assert cell == "'" + value
                quoted += 1
            else:  # numbers, -1234 and every other cell exactly as JSON has it
                assert cell == ("" if value is None else str(value)), (key, value)
                numbers += cell == "-1234"
    assert quoted >= 1 and numbers >= 1


# ---- payroll import files: refused, naming the employee and the field ---------------------

@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("number", ["=1+1", "@SUM(A1:A2)", "+31 6 1234", "-2+3"])
def test_payroll_file_refuses_a_formula_employee_number(profile, number, samples_dir,
                                                        tmp_path, capsys):
    dat, relation = formula_borderel(samples_dir, tmp_path, surname="Kok", number=number)
    target = tmp_path / "import.out"
    code, _, err = _run(capsys, "salary", str(dat), "--profile", profile, "-o", str(target))
    assert code == 1 and "Traceback" not in err
    assert relation in err and "werknemersnummer" in err and number in err
    assert list(tmp_path.iterdir()) == [dat]


@pytest.mark.parametrize("profile", PROFILES)
def test_a_formula_name_is_refused_only_where_the_file_has_names(profile, samples_dir,
                                                                 tmp_path, capsys):
    dat, relation = formula_borderel(samples_dir, tmp_path)
    target = tmp_path / "import.out"
    code, _, err = _run(capsys, "salary", str(dat), "--profile", profile, "-o", str(target))
    columns = load_profile(profile).settings.get("columns", [])
    if "naam" in columns:  # loket, nmbrs
        assert code == 1 and relation in err and "naam" in err
        assert not target.exists()
    else:  # the name is not written: nothing to refuse
        assert code == 0, err
        assert b"HYPERLINK" not in target.read_bytes()


def test_a_number_is_not_refused(samples_dir, tmp_path):
    dat, _ = formula_borderel(samples_dir, tmp_path, surname="Kok", number="-1234")
    result = compute_salary(read_borderel(dat), SalaryOptions())
    for profile in PROFILES:
        target = tmp_path / f"{profile}.xlsx"
        write_payroll_import(result, load_profile(profile), target)
        if profile == "nmbrs":
            sheet = openpyxl.load_workbook(target).worksheets[0]
            assert "-1234" in [c.value for row in sheet.iter_rows() for c in row]
        elif profile == "raet-dpia100":
            assert b"-1234 " in target.read_bytes()
        else:
            assert b"-1234;" in target.read_bytes() or b"-1234," in target.read_bytes()


def test_refuse_formulas_counts_and_names_the_first(samples_dir, tmp_path):
    result = compute_salary(read_borderel(samples_dir / "2026-03_01.dat"), SalaryOptions())
    rows = result.rows.copy()
    rows["employee_number"] = ["\t7", "=2", *rows["employee_number"].iloc[2:]]
    with pytest.raises(FormulaRefused) as info:
        refuse_formulas(rows)
    text = str(info.value)
    first = f"{int(rows['policyholder'].iloc[0]):010d}"
    assert first in text and "\\t7" in text and "2 waarde(n)" in text
    refuse_formulas(rows, ["naam", "bedrag"])  # the file has no werknemersnummer column
    with pytest.raises(FormulaRefused, match="employee with relatienummer"):
        refuse_formulas(rows, lang="en")
