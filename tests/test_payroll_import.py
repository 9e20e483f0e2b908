"""Payroll import files: profiles (built-in, user, refused) and each writer, DPIA100 position by
position."""

from __future__ import annotations

import datetime as dt

import pytest

from digibord.commands.common import CommandRefused
from digibord.export.payroll_files import dpia100_text, pay_period_number, write_payroll_import
from digibord.formats.profiles import list_profiles, load_profile
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary
from tests.report_support import make_borderel

PEOPLE = [(1, 1, "H", "001234", "Anna"), (2, 1, "P", "", "Bert"), (4, 4, "H", "E2", "Dirk")]
LINES = [(1, "P", 202603, "BEK", 15825), (2, "P", 202603, "AGD", 4000),
         (1, "C", 202602, "BEK", -1230, "02"), (4, "P", 202603, "BEK", 0)]


def _result(**opts):
    return compute_salary(make_borderel(PEOPLE, LINES), SalaryOptions(amount_cent=2500, **opts))


def test_builtins_present():
    assert {"csv", "raet-dpia100", "nmbrs", "loket", "afas", "afas-mutaties",
            "exact-online"} <= set(list_profiles())
    for name in list_profiles():
        profile = load_profile(name)
        assert profile.template  # each names the template it follows


def test_csv_profile_exactly(tmp_path):
    path = tmp_path / "out.csv"
    write_payroll_import(_result(), load_profile("csv"), path)
    assert path.read_bytes() == (
        b"werknemersnummer;looncomponent;periode;bedrag\r\n"
        b"001234;7500;202603;198,25\r\n"
        b"001234;7510;202603;-12,30\r\n"
        b"001234;7520;202603;25,00\r\n")  # Dirk: all amounts 0, no lines


def test_dpia100_positions():
    text = dpia100_text(_result(), load_profile("raet-dpia100"), dt.date(2026, 3, 5))
    records = text.split("\r\n")
    assert records[-1] == "" and len(records) == 4
    rec = records[1]  # the correction
    assert len(rec) == 187

    def pos(start, length):
        return rec[start - 1:start - 1 + length]

    assert pos(1, 3) == "IMP"
    assert pos(4, 6) == "7510  "
    assert pos(10, 50) == "1234".ljust(50)  # leading zeros dropped
    assert pos(60, 1) == "V"
    assert pos(61, 11) == "05032026   "
    assert pos(72, 16) == " " * 16
    assert pos(88, 50) == "-12.30".ljust(50) and rec[87] == "-"
    assert pos(138, 11) == "01032026   "
    assert pos(149, 30) == " " * 30
    assert pos(179, 3) == "NOR"
    assert pos(182, 6) == "032026"
    assert records[0][87:93] == "198.25"
    assert records[2][3:9] == "7520  " and records[2][87:92] == "25.00"


def test_dpia100_four_weekly_period_and_sequence(tmp_path):
    user = tmp_path / "p.toml"
    user.write_text('based_on = "raet-dpia100"\n[settings]\nemployment_sequence = "1"\n'
                    'creatiegebruiker = "SALARIS01"\n', encoding="utf-8")
    profile = load_profile(str(user))
    text = dpia100_text(_result(period=PayPeriod.FOUR_WEEKS), profile, dt.date(2026, 3, 5))
    rec = text.split("\r\n")[0]
    assert rec[9:59] == "1234 1".ljust(50)
    assert rec[71:87] == "SALARIS01".ljust(16)
    # the March borderel is the one in force at the start of period 4 (26 March)
    assert rec[181:187] == "042026"
    # payroll-formats.md: ingangsdatum "first day of the prolongatiemaand", also in period 4
    # (which starts on 26 March)
    assert rec[137:148] == "01032026   "
    assert pay_period_number(202601, True) == 1 and pay_period_number(202612, True) == 13
    assert pay_period_number(202602, True) == 3 and pay_period_number(202612, False) == 12


def test_object_id_too_long_refused_naming_profile():
    people = [(1, 1, "H", "9" * 15, "Anna")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 100)])
    profile = load_profile("raet-dpia100")
    ok = dpia100_text(compute_salary(b), profile, dt.date(2026, 3, 1))
    assert ok.startswith("IMP7500  " + "9" * 15)
    from dataclasses import replace

    long_seq = replace(profile, settings={**profile.settings, "employment_sequence": "1" * 40})
    with pytest.raises(CommandRefused) as err:
        dpia100_text(compute_salary(b), long_seq, dt.date(2026, 3, 1))
    assert "raet-dpia100.toml" in str(err.value) and "object_id" in str(err.value)


@pytest.mark.parametrize("profile_name", ["raet-dpia100", "exact-online"])
def test_two_employees_written_alike_without_leading_zeros_are_refused(profile_name, tmp_path):
    # `004708` and `4708` are two employees (their numbers differ); a payroll that keys
    # employees by the number without its zeros would merge them
    people = [(1, 1, "H", "004708", "Kok"), (2, 2, "H", "4708", "El Amrani"),
              (3, 3, "H", "12", "Anna")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 100), (2, "P", 202603, "BEK", 200),
                               (3, "P", 202603, "BEK", 300)])
    out = tmp_path / "import.txt"
    with pytest.raises(CommandRefused) as err:
        write_payroll_import(compute_salary(b), load_profile(profile_name), out)
    message = str(err.value)
    assert f"{profile_name}.toml" in message
    assert "'004708', '4708'" in message and "'4708'" in message
    assert not out.exists()
    # the same employee on several lines (premie, correctie) is one number, not a clash
    alone = make_borderel(people[:1], [(1, "P", 202603, "BEK", 100),
                                       (1, "C", 202602, "BEK", 50)])
    write_payroll_import(compute_salary(alone), load_profile(profile_name), out)
    assert out.exists()


def test_a_character_the_encoding_lacks_is_named_with_its_line(tmp_path):
    people = [(1, 1, "H", "Ł19286", "Anna")]
    b = make_borderel(people, [(1, "P", 202603, "BEK", 15825)])
    out = tmp_path / "import.csv"
    with pytest.raises(CommandRefused) as err:
        write_payroll_import(compute_salary(b), load_profile("csv"), out)
    message = str(err.value)
    assert "csv.toml" in message and "settings.encoding" in message
    assert "'Ł'" in message and "'Ł19286;7500;202603;158,25'" in message
    assert not out.exists()


@pytest.mark.parametrize(("body", "setting"), [
    ('format = "csv"\n[settings]\ncolour = "red"\n', "settings.colour"),
    ('format = "csv"\nextra = 1\n', "extra"),
    ('format = "dpia100"\n[components]\npremie = "1234567"\n', "components.premie"),
    ('format = "dpia100"\n[settings]\nprocescode = "IMPORT"\n', "settings.procescode"),
    ('format = "csv-wide"\n[settings]\ncode_digits = 3\n', "components.premie"),
    ('format = "csv"\n[settings]\ndecimal = ";"\n', "settings.decimal"),
    ('format = "csv"\n[settings]\nencoding = "klingon"\n', "settings.encoding"),
    ('format = "csv"\n[settings]\nheader = "ja"\n', "settings.header"),
    ('format = "csv"\n[settings]\ncolumns = ["bedrag", "btw"]\n', "settings.columns"),
    ('format = "sap"\n', "format"),
    ('[settings]\n', "format"),
    ('format = "csv"\n[components]\nbonus = "1"\n', "components.bonus"),
])
def test_bad_profiles_refused_naming_file_and_setting(tmp_path, monkeypatch, body, setting):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "eigen.toml").write_text(body, encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    with pytest.raises(CommandRefused) as err:
        load_profile("eigen")
    assert "eigen.toml" in str(err.value) and setting in str(err.value)


def test_broken_toml_and_unknown_name(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "kapot.toml").write_text("format = \n", encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    with pytest.raises(CommandRefused, match=r"kapot\.toml"):
        load_profile("kapot")
    with pytest.raises(CommandRefused, match="csv"):
        load_profile("bestaat-niet")


def test_user_profile_overrides_and_adds(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "csv.toml").write_text('based_on = "csv"\n[components]\npremie = "8000"\n',
                                     encoding="utf-8")
    (folder / "mijn.toml").write_text(
        'format = "csv"\ntitle = "Mijn"\n[settings]\ndelimiter = ","\ndecimal = "."\n'
        'encoding = "utf-8"\nline_end = "\\n"\ndeduction_sign = "negative"\n'
        'columns = ["naam", "werknemersnummer", "bedrag", "looncomponent"]\n'
        'headings = { naam = "Naam" }\n', encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    assert "mijn" in list_profiles()
    csv_profile = load_profile("csv")
    assert csv_profile.origin == "user" and csv_profile.components["premie"] == "8000"
    assert csv_profile.components["bijdrage"] == "7520"
    path = tmp_path / "o.csv"
    write_payroll_import(_result(), load_profile("mijn"), path)
    assert path.read_text("utf-8").splitlines() == [
        "Naam,werknemersnummer,bedrag,looncomponent", "Anna,001234,-198.25,7500",
        "Anna,001234,12.30,7510", "Anna,001234,25.00,7520"]


def test_afas_loket_nmbrs(tmp_path):
    result = _result()
    write_payroll_import(result, load_profile("afas"), tmp_path / "a.csv")
    # lasting values with their begin date; the correction is a one-off loonmutatie apart
    assert (tmp_path / "a.csv").read_text("utf-8").splitlines() == [
        "Medewerker;Looncomponent;Bedrag;Begindatum", "001234;7500;198,25;01-03-2026",
        "001234;7520;25,00;01-03-2026"]
    assert (tmp_path / "a_correcties.csv").read_text("utf-8").splitlines() == [
        "Werkgever;Medewerker;Jaar;Periode;Looncomponent;Waarde", ";001234;2026;3;7510;-12,30"]
    write_payroll_import(result, load_profile("loket"), tmp_path / "l.csv")
    assert (tmp_path / "l.csv").read_bytes().split(b"\r\n") == [
        b"Werknemer;Naam;750;751;752", b"001234;Anna;198,25;-12,30;25,00", b""]
    write_payroll_import(result, load_profile("nmbrs"), tmp_path / "n.xlsx")
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(tmp_path / "n.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[1][:5] == ["Debiteurnr", "Bedrijfnr", "Persnr", "Naam", "Periode"]
    assert rows[1][7:] == ["7500", "7510", "7520"]
    assert rows[2][2:5] == ["001234", "Anna", "2026-03"] and rows[2][7:] == [198.25, -12.3, 25.0]
    import zipfile

    with zipfile.ZipFile(tmp_path / "n.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # values, no formulas


def test_raet_is_the_name_reports_md_uses(tmp_path):
    """reports.md section 4 calls it the `raet` profile; payroll-formats.md `raet-dpia100`."""
    assert load_profile("raet").format == "dpia100"
    assert load_profile("raet").components == load_profile("raet-dpia100").components
