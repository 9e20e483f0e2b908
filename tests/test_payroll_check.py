"""Salary check (reports.md section 5): the sample journals against their expected JSON, every
verklaring on crafted data, employees without werknemersnummer as rows, the previous borderel
from --previous or the archive, the program's own import files of every profile read back,
refusals with exit 1, and the renderings (screen, CSV, Excel, PDF)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from digibord.export.payroll_files import write_payroll_import
from digibord.formats.payroll_journal import ComponentCodes, JournalShape, read_journal
from digibord.formats.profiles import load_profile, user_dir
from digibord.formats.reader import read_borderel
from digibord.formats.writer import write_borderel
from digibord.reconcile.payroll_check import compute_payroll_check
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
    compute_salary,
)
from digibord.reports.payroll_check import options_json as check_options_json
from tests.report_support import assert_matches_expected, make_borderel, run_cli

# the sample's March deductions with a € 25,00 contribution on basis for the employee
EXPECTED = {"001392": 14603, "004708": 78028, "E13657": 35038, "E18088": 33293,
            "E18459": 63888, "E19286": 13325}
SAMPLES = {  # journal -> extra options, as tests/data/samples/payroll/README.md gives them
    "journal_per_werknemer.csv": (),
    "journal_per_component.xlsx": ("--profile", "csv"),
    "journal_kolom_per_component.csv": ("--profile", "csv"),
    "journal_vorige_maand.csv": ("--previous", "2026-02_01.dat"),
}


def _rows(done) -> dict[str, dict]:
    assert done.returncode == 0, done.stderr
    return {r["werknemersnummer"] or r["relatienummer"]: r
            for r in json.loads(done.stdout)["rows"]}


@pytest.mark.parametrize("journal", list(SAMPLES))
def test_sample_journals_give_the_expected_json(samples_dir, journal):
    extra = [str(samples_dir / a) if a.endswith(".dat") else a for a in SAMPLES[journal]]
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"),
                   str(samples_dir / "payroll" / journal), "--on", "basis", "--for",
                   "werknemer", "--amount", "25,00", *extra, "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    expected = json.loads((samples_dir / "payroll" / journal).with_suffix(".json").read_text(
        encoding="utf-8"))
    assert_matches_expected(got, expected)
    assert got["opties"] == {"period": "maand", "on": "basis", "for": "werknemer",
                             "amount_cent": 2500, "percent": None, "profile": "csv"}
    # exceptions first
    flags = [r["status"] != "akkoord" for r in got["rows"]]
    assert flags == sorted(flags, reverse=True) and flags[0]


def test_previous_month_from_the_archive(samples_dir):
    journal = str(samples_dir / "payroll" / "journal_vorige_maand.csv")
    march = str(samples_dir / "2026-03_01.dat")
    before = _rows(run_cli("payroll-check", march, journal, "--amount", "25", "--json"))
    assert before["E13657"]["verklaring"] is None  # no archive, no --previous
    done = run_cli("import", str(samples_dir / "2026-02_01.dat"))
    assert done.returncode == 0, done.stderr
    after = run_cli("payroll-check", march, journal, "--amount", "25", "--json")
    assert _rows(after)["E13657"]["verklaring"] == "vorige_maand"
    assert json.loads(after.stdout)["vorige"]["prolongatiemaand"] == "2026-02"
    named = run_cli("payroll-check", march, journal, "--amount", "25", "--previous", "2026-02",
                    "--json")
    assert _rows(named)["E13657"]["verklaring"] == "vorige_maand"
    # the pay period named: the month before is still converted for its own period
    period = run_cli("payroll-check", march, journal, "--amount", "25", "--previous", "2026-02",
                     "--pay-period", "3", "--json")
    assert period.returncode == 0 and period.stderr == ""  # no "previous unusable" warning
    assert _rows(period)["E13657"]["verklaring"] == "vorige_maand"
    # other options, other expected amounts: last month's is not what payroll withheld
    other = run_cli("payroll-check", march, journal, "--amount", "20", "--json")
    assert _rows(other)["E13657"]["verklaring"] is None


def test_previous_must_be_earlier_and_the_same_collectivity(samples_dir, tmp_path):
    journal = str(samples_dir / "payroll" / "journal_vorige_maand.csv")
    feb = str(samples_dir / "2026-02_01.dat")
    done = run_cli("payroll-check", feb, journal, "--previous",
                   str(samples_dir / "2026-03_01.dat"))
    assert done.returncode == 1 and "niet ouder" in done.stderr and "Traceback" not in done.stderr
    people = [(1, 1, "H", "E1", "Anna")]
    other = tmp_path / "ander.dat"
    other.write_bytes(write_borderel(make_borderel(people, [(1, "P", 202601, "BEK", 100)],
                                                   month=202601, collectivity="987654321")))
    done = run_cli("payroll-check", feb, journal, "--previous", str(other))
    assert done.returncode == 1 and "987654321" in done.stderr


# ---- the verklaring on crafted data -------------------------------------------------------

def _family(e: int, number: str, main: int = 10000, partner: int = 8000, child: int = 1500,
            correction: int = 0):
    """Employee e with partner and child: (people, lines)."""
    h = 100 * e
    people = [(h, h, "H", number, f"Werknemer {e}"), (h + 1, h, "P", "", f"Partner {e}"),
              (h + 2, h, "K", "", f"Kind {e}")]
    lines = [(h, "P", 202603, "BEK", main), (h + 1, "P", 202603, "BEK", partner),
             (h + 2, "P", 202603, "BEK", 0), (h + 2, "P", 202603, "AGD", child)]
    if correction:
        lines.append((h, "C", 202602, "BEK", correction, "02"))
    return people, lines


def _borderel(families, month=202603):
    people, lines = [], []
    for p, ln in families:
        people += p
        lines += [(r, k, month if k == "P" else pm, *rest) for r, k, pm, *rest in ln]
    return make_borderel(people, lines, month=month)


def _journal(tmp_path, amounts: dict[str, int], name="loon.csv"):
    path = tmp_path / name
    body = "".join(f"{n};{c // 100},{c % 100:02d}\r\n" for n, c in amounts.items())
    path.write_text("Personeelsnummer;Inhouding\r\n" + body, encoding="cp1252")
    return read_journal(path)


OPTIONS = SalaryOptions(amount_cent=2500)  # € 25 on basis for the employee: 2500 each here


def test_a_family_member_with_4weken_is_its_4_weekly_share(tmp_path):
    """cli.md: gezinslid is verschil = ± the prolongatie of one P or K member; with 4weken the
    premie is 12/13 of the month (reports.md 4), and so is the member's share of it: payroll
    that left the partner out withholds 12/13 of the partner's prolongatie less. The monthly
    prolongatie itself counts too, as cli.md words it."""
    options = SalaryOptions(period=PayPeriod.FOUR_WEEKS)
    due = round(12 * (10000 + 8000 + 1500) / 13)  # 19500 x 12/13 = 18000
    partner = round(12 * 8000 / 13)  # 7385
    withheld = {"E1": due - partner,  # the partner's 4-weekly share not withheld
                "E2": due - 8000,  # the partner's monthly prolongatie, cli.md's words
                "E3": due - 8001}  # neither
    march = _borderel([_family(1, "E1"), _family(2, "E2"), _family(3, "E3")])
    result = compute_payroll_check(march, _journal(tmp_path, withheld), options)
    rows = result.rows.set_index("employee_number")
    assert rows["expected_cent"].to_dict() == {"E1": due, "E2": due, "E3": due}
    assert rows.loc["E1", "explanation"] == "gezinslid"
    assert rows.loc["E2", "explanation"] == "gezinslid"
    assert rows.loc["E3", "explanation"] is None
    # the two ways of a member's 4-weekly share a cent apart: 12 509 a month for the family,
    # 2 009 of it the partner's; 12/13 of the family 11 547, of it without the partner 9 692:
    # 1 855 less, where 12/13 of 2 009 is 1 854. Each is the partner's share; 1 856 is not
    march = _borderel([_family(e, f"E{e}", main=9000, partner=2009) for e in (1, 2, 3)])
    due = 11547
    odd = {"E1": due - 1855, "E2": due - 1854, "E3": due - 1856}
    result = compute_payroll_check(march, _journal(tmp_path, odd), options)
    rows = result.rows.set_index("employee_number")
    assert rows["expected_cent"].to_dict() == {"E1": due, "E2": due, "E3": due}
    assert rows["explanation"].to_dict() == {"E1": "gezinslid", "E2": "gezinslid", "E3": None}


def test_each_explanation(tmp_path):
    # expected per employee: 10000 + 8000 + 1500 + correction − 2500
    march = _borderel([_family(1, "E1", correction=2000), _family(2, "E2"), _family(3, "E3"),
                       _family(4, "E4"), _family(5, "E5"), _family(6, "E6"),
                       _family(7, "E7"), _family(8, "E8", correction=2500),
                       _family(9, "E9")])
    february = _borderel([_family(6, "E6", main=9000), _family(1, "E1")], month=202602)
    due = {f"E{i}": 17000 for i in range(1, 10)}
    due["E1"] += 2000
    due["E8"] += 2500
    withheld = {"E1": due["E1"] - 2000,   # the correction was not booked
                "E2": due["E2"] + 2500,   # the contribution was not subtracted
                "E3": due["E3"] - 2500,   # the contribution was subtracted twice
                "E4": due["E4"] - 8000,   # the partner joined: not withheld yet
                "E5": due["E5"] + 1500,   # the child's premium withheld twice
                "E6": 16000,              # last month's amount (main premium 9000)
                "E7": due["E7"] + 1,      # nothing explains a cent
                "E8": due["E8"] - 2500,   # correction and contribution both fit: correctie
                "E9": due["E9"]}
    result = compute_payroll_check(march, _journal(tmp_path, withheld), OPTIONS,
                                   previous=february)
    rows = result.rows.set_index("employee_number")
    assert rows["expected_cent"].to_dict() == due
    got = {n: rows.loc[n, "explanation"] for n in due}
    assert got == {"E1": "correctie", "E2": "bijdrage", "E3": "bijdrage", "E4": "gezinslid",
                   "E5": "gezinslid", "E6": "vorige_maand", "E7": None, "E8": "correctie",
                   "E9": None}
    assert rows.loc["E9", "status"] == "akkoord" and rows.loc["E7", "status"] == "verschil"
    assert dict(result.explanation_counts) == {"correctie": 2, "bijdrage": 2, "gezinslid": 2,
                                               "vorige_maand": 1}
    assert result.previous is not None and result.previous.prolongation_month == 202602
    # without the previous borderel, no vorige_maand
    alone = compute_payroll_check(march, _journal(tmp_path, withheld), OPTIONS)
    assert alone.rows.set_index("employee_number").loc["E6", "explanation"] is None
    # exceptions first, then by number
    numbers = result.rows["employee_number"].tolist()
    assert numbers == ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9"]
    assert result.rows["exception"].tolist() == [True] * 8 + [False]


def test_only_verschil_rows_are_explained(tmp_path):
    march = _borderel([_family(1, "E1", correction=2000), _family(2, "E2")])
    result = compute_payroll_check(march, _journal(tmp_path, {"E9": 2000}), OPTIONS)
    rows = result.rows.set_index("employee_number")
    assert rows.loc["E1", "status"] == "alleen borderel"
    assert rows.loc["E9", "status"] == "alleen salaris"
    assert rows["explanation"].isna().all()


def test_employees_without_number_are_rows_not_a_refusal(tmp_path):
    people, lines = _family(1, "")
    march = _borderel([(people, lines), _family(2, "E2")])
    path = tmp_path / "maart.dat"
    path.write_bytes(write_borderel(march))
    export = tmp_path / "loon.csv"
    export.write_text("Personeelsnummer;Inhouding\r\nE2;170,00\r\n", encoding="cp1252")
    done = run_cli("payroll-check", str(path), str(export), "--amount", "25", "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    none = [r for r in got["rows"] if r["status"] == "geen werknemersnummer"]
    assert none == [{**none[0], "werknemersnummer": "", "relatienummer": "0000000100",
                     "naam": "Werknemer 1", "verwacht_cent": 17000, "ingehouden_cent": 0,
                     "verschil_cent": -17000, "verklaring": None}]
    assert got["totaal_verwacht_cent"] == 34000 and got["totaal_ingehouden_cent"] == 17000
    assert got["rows"][0]["status"] == "geen werknemersnummer"  # an exception: first
    # four-weekly: its verwacht converted like a row of the conversion
    done = run_cli("payroll-check", str(path), str(export), "--amount", "25", "--period",
                   "4weken", "--json")
    none = [r for r in json.loads(done.stdout)["rows"] if r["werknemersnummer"] == ""]
    assert none[0]["verwacht_cent"] == round(19500 * 12 / 13) - round(2500 * 12 / 13)


def test_api_four_weekly_and_totals(samples_dir, tmp_path):
    b = read_borderel(samples_dir / "2026-03_01.dat")
    options = SalaryOptions(period=PayPeriod.FOUR_WEEKS, percent_bp=5000)
    salary = compute_salary(b, options)
    expected = dict(zip(salary.rows["employee_number"], salary.rows["deduction_cent"].tolist(),
                        strict=True))
    result = compute_payroll_check(b, _journal(tmp_path, expected), options)
    assert set(result.rows["status"]) == {"akkoord"}
    assert result.total_expected_cent == result.total_withheld_cent == sum(expected.values())
    assert result.total_difference_cent == 0 and result.exception_count == 0
    assert dict(result.status_counts)["akkoord"] == len(expected)
    assert check_options_json(result.options, result.profile) == {
        "period": "4weken", "on": "basis", "for": "werknemer", "amount_cent": None,
        "percent": 50, "profile": "csv"}
    assert check_options_json(SalaryOptions(percent_bp=1250), "loket")["percent"] == 12.5


# ---- the program's own import files read back ---------------------------------------------

# "afas" (vaste looncomponenten) writes its corrections to a second file in the profile
# "afas-mutaties", read back here whole; the lasting file on its own is read back below
PROFILES = ["csv", "afas-mutaties", "loket", "nmbrs", "raet-dpia100"]
CHOICES = [SalaryOptions(amount_cent=2500),
           SalaryOptions(period=PayPeriod.FOUR_WEEKS, on=ContributionOn.TOTAL,
                         for_=ContributionFor.EVERYONE, percent_bp=3333)]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("options", CHOICES)
def test_own_import_files_read_back_agree(samples_dir, tmp_path, profile, options):
    b = read_borderel(samples_dir / "2026-03_01.dat")
    prof = load_profile(profile)
    salary = compute_salary(b, options)
    path = tmp_path / f"import{prof.settings['extension']}"
    write_payroll_import(salary, prof, path)
    journal = read_journal(path, ComponentCodes.of_profile(prof))
    shape = {"csv": JournalShape.PER_COMPONENT, "afas-mutaties": JournalShape.PER_COMPONENT,
             "raet-dpia100": JournalShape.PER_COMPONENT}.get(
        profile, JournalShape.COLUMN_PER_COMPONENT)
    assert journal.shape is shape and journal.has_contribution
    result = compute_payroll_check(b, journal, options, profile=prof.name)
    assert set(result.rows["status"]) == {"akkoord"}
    assert len(result.rows) == len(salary.rows)
    assert (result.rows["paid_contribution_cent"] == result.rows["contribution_cent"]).all()


@pytest.mark.parametrize("options", CHOICES)
def test_lasting_afas_file_read_back_agrees_but_for_the_corrections(samples_dir, tmp_path,
                                                                     options):
    b = read_borderel(samples_dir / "2026-03_01.dat")
    prof = load_profile("afas")
    salary = compute_salary(b, options)
    path = tmp_path / "import.csv"
    written = write_payroll_import(salary, prof, path)
    journal = read_journal(written, ComponentCodes.of_profile(prof))
    result = compute_payroll_check(b, journal, options, profile=prof.name)
    rows = result.rows.set_index("employee_number")
    corrected = set(salary.rows.loc[salary.rows["correction_cent"] != 0, "employee_number"])
    assert corrected  # the sample has corrections: they are in the second file, not this one
    assert set(rows.loc[~rows.index.isin(corrected), "status"]) == {"akkoord"}
    assert set(rows.loc[rows.index.isin(corrected), "status"]) == {"verschil"}


def test_import_file_with_negative_deductions_reads_back(samples_dir, tmp_path):
    user_dir().mkdir(parents=True, exist_ok=True)
    (user_dir() / "negatief.toml").write_text(
        'based_on = "csv"\n[settings]\ndeduction_sign = "negative"\n', encoding="utf-8")
    b = read_borderel(samples_dir / "2026-03_01.dat")
    prof = load_profile("negatief")
    path = tmp_path / "import.csv"
    write_payroll_import(compute_salary(b, OPTIONS), prof, path)
    journal = read_journal(path, ComponentCodes.of_profile(prof))
    assert journal.negated
    assert set(compute_payroll_check(b, journal, OPTIONS).rows["status"]) == {"akkoord"}


@pytest.mark.parametrize("profile", PROFILES)
def test_own_import_files_via_the_command_line(samples_dir, tmp_path, profile):
    march = str(samples_dir / "2026-03_01.dat")
    target = tmp_path / ("import.xlsx" if profile == "nmbrs" else "import.txt")
    own = {"afas-mutaties": ["employer=WG01"], "nmbrs": ["debtor=1001", "employer=2002"],
           "raet-dpia100": ["creatiegebruiker=DIGIBORD"]}.get(profile, [])
    settings = [arg for value in own for arg in ("--set", value)]
    done = run_cli("salary", march, "--amount", "25", "--profile", profile, "-o", str(target),
                   *settings)
    assert done.returncode == 0, done.stderr
    done = run_cli("payroll-check", march, str(target), "--amount", "25", "--profile", profile,
                   "--json")
    got = json.loads(done.stdout)
    assert {r["status"] for r in got["rows"]} == {"akkoord"} and len(got["rows"]) == 6
    assert got["opties"]["profile"] == profile


# ---- refusals, renderings -------------------------------------------------------------------

@pytest.mark.parametrize(("body", "says"), [
    ("Personeelsnummer;Inhouding\r\nE1;+-445,26\r\n", "+-445,26"),
    ("Personeelsnummer;Inhouding;Inhouding\r\nE1;1,00;2,00\r\n", "Inhouding"),
    ("Personeelsnummer;Inhouding\r\nE1;12.345.678,90\r\n", "10.000.000"),
    ("Personeelsnummer;Inhouding\r\nE1;92233720368547758,07\r\n", "92233720368547758,07"),
    ("Personeelsnummer;Inhouding\r\n", "geen regels"),
    ("", "leeg"),
])
def test_refusals_exit_1_no_traceback(samples_dir, tmp_path, body, says):
    path = tmp_path / "loon.csv"
    path.write_bytes(body.encode("cp1252"))
    done = run_cli("payroll-check", str(samples_dir / "2026-03_01.dat"), str(path), "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert says in done.stderr and "loon.csv" in done.stderr and done.stdout == ""


def test_unrecognised_columns_and_the_expert_options(samples_dir, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("Overzicht\nNr;Euro;Comp\nE13657;350,38;7500\nE13657;1,00;9999\n",
                   encoding="utf-8")
    march = str(samples_dir / "2026-03_01.dat")
    done = run_cli("payroll-check", march, str(odd))
    assert done.returncode == 1 and "--employee-column" in done.stderr  # the CLI's own hint
    ok = run_cli("payroll-check", march, str(odd), "--amount", "25", "--employee-column", "Nr",
                 "--amount-column", "2", "--component-column", "Comp", "--heading-row", "2",
                 "--json")
    got = json.loads(ok.stdout)
    assert got["vorm"] == "per component" and got["koprij"] == 2
    assert _rows(ok)["E13657"]["status"] == "akkoord"
    plain = run_cli("payroll-check", march, str(odd), "--amount", "25", "--employee-column", "Nr",
                    "--amount-column", "Euro", "--shape", "per-werknemer", "--json")
    assert _rows(plain)["E13657"]["ingehouden_cent"] == 35138


def test_screen_csv_xlsx_pdf(samples_dir, tmp_path):
    march = str(samples_dir / "2026-03_01.dat")
    journal = str(samples_dir / "payroll" / "journal_kolom_per_component.csv")
    screen = run_cli("--lang", "en", "payroll-check", march, journal, "--amount", "25")
    assert screen.returncode == 0, screen.stderr
    assert "differs" in screen.stdout and "premium of one family member" in screen.stdout
    assert "one column per component" in screen.stdout
    target = tmp_path / "check.csv"
    done = run_cli("payroll-check", march, journal, "--amount", "25", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    lines = target.read_text("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:3] == ["werknemersnummer", "relatienummer", "naam"]
    assert "verklaring" in header and "betaalde_bijdrage_cent" in header
    assert lines[1].split(";")[header.index("verklaring")] == "gezinslid"
    xlsx = tmp_path / "check.xlsx"
    done = run_cli("payroll-check", march, journal, "--amount", "25", "--xlsx", str(xlsx))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(xlsx)
    report, info = ([str(c) for row in ws.iter_rows(values_only=True) for c in row
                     if c is not None] for ws in book.worksheets)
    assert "Verklaring" in report and "premie van één gezinslid" in report
    assert report.index("E18088") < report.index("001392")  # the exception first
    # the options used and the totals on the info sheet
    assert any("profiel csv" in c and "kolom per component" in c for c in info)
    assert "Totaal verschil" in info and "-158.25" in info
    pdf = tmp_path / "check.pdf"
    done = run_cli("payroll-check", march, journal, "--amount", "25", "--pdf", str(pdf))
    assert done.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
