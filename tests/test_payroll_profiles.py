"""Each built-in payroll profile's file read back against the vendor's layout, written out here
position by position (fixed width) or cell by cell (CSV, Excel); required settings refused when
empty, naming the profile file and the setting; remembered per collectivity; DPIA100 rubrieken
warned; the bijdrage as a gross or a net component."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from python_calamine import CalamineWorkbook

from digibord.app.collectivity_settings import MemorySettingsStore
from digibord.app.profile_settings import (
    missing_settings,
    profile_for,
    profile_warnings,
    remember_settings,
    remembered_settings,
)
from digibord.app.salary import write_salary_import
from digibord.errors import CommandRefused
from digibord.export.payroll_files import dpia100_text, write_payroll_import
from digibord.formats.profiles import load_profile, missing_required, with_settings
from digibord.paths import resource
from digibord.reconcile.salary import PayPeriod, SalaryOptions, compute_salary
from tests.report_support import make_borderel, run_cli

PEOPLE = [(1, 1, "H", "001234", "Anna de Wit"), (2, 1, "P", "", "Bert"),
          (4, 4, "H", "5678", "Dirk")]
LINES = [(1, "P", 202603, "BEK", 15825), (2, "P", 202603, "AGD", 4000),
         (1, "C", 202602, "BEK", -1230, "02"), (4, "P", 202603, "BEK", 12000)]
COLLECTIVITY = "123456789"


def result(period=PayPeriod.MONTH):
    return compute_salary(make_borderel(PEOPLE, LINES),
                          SalaryOptions(period=period, amount_cent=2500))


def csv_cells(path, encoding="utf-8", delimiter=";") -> list[list[str]]:
    data = path.read_bytes()
    assert data.endswith(b"\r\n") and b"\r\n\r\n" not in data
    return [line.split(delimiter) for line in data.decode(encoding).split("\r\n")[:-1]]


def test_generic_csv(tmp_path):
    write_payroll_import(result(), load_profile("csv"), tmp_path / "c.csv")
    assert csv_cells(tmp_path / "c.csv", "cp1252") == [
        ["werknemersnummer", "looncomponent", "periode", "bedrag"],
        ["001234", "7500", "202603", "198,25"],
        ["001234", "7510", "202603", "-12,30"],
        ["001234", "7520", "202603", "25,00"],
        ["5678", "7500", "202603", "120,00"],
        ["5678", "7520", "202603", "25,00"]]


# AFAS HrVarValue: EmId (medewerker), VaId (looncomponent), Va (waarde), DaBe (begindatum)
AFAS_LASTING = ["Medewerker", "Looncomponent", "Bedrag", "Begindatum"]
# AFAS HrCompMut: ErId (werkgever), EmId, Year, PeId (periode), Sc02 (looncomponent), VaD1
AFAS_MUTATION = ["Werkgever", "Medewerker", "Jaar", "Periode", "Looncomponent", "Waarde"]


def test_afas_lasting_values_and_its_corrections_file(tmp_path):
    store = MemorySettingsStore()
    remember_settings(COLLECTIVITY, load_profile("afas-mutaties"), {"employer": "W01"}, store)
    target = tmp_path / "afas.csv"
    write_salary_import(result(PayPeriod.FOUR_WEEKS), load_profile("afas"), target,
                        store=store)
    assert csv_cells(target) == [
        AFAS_LASTING,
        ["001234", "7500", "183,00", "26-03-2026"],  # 12/13 of 198,25 from the period's start
        ["001234", "7520", "23,08", "26-03-2026"],
        ["5678", "7500", "110,77", "26-03-2026"],
        ["5678", "7520", "23,08", "26-03-2026"]]
    assert csv_cells(tmp_path / "afas_correcties.csv") == [
        AFAS_MUTATION, ["W01", "001234", "2026", "4", "7510", "-12,30"]]


def test_afas_mutations_alone(tmp_path):
    profile = with_settings(load_profile("afas-mutaties"), {"employer": "W01"})
    write_payroll_import(result(), profile, tmp_path / "m.csv")
    assert csv_cells(tmp_path / "m.csv") == [
        AFAS_MUTATION,
        ["W01", "001234", "2026", "3", "7500", "198,25"],
        ["W01", "001234", "2026", "3", "7510", "-12,30"],
        ["W01", "001234", "2026", "3", "7520", "25,00"],
        ["W01", "5678", "2026", "3", "7500", "120,00"],
        ["W01", "5678", "2026", "3", "7520", "25,00"]]


# Exact Online Payroll PayrollVariableMutations
EXACT = ["EmployeeHID", "PayrollYear", "PayrollPeriod", "PayrollComponent", "Value"]


def test_exact_online(tmp_path):
    write_payroll_import(result(), load_profile("exact-online"), tmp_path / "e.csv")
    assert csv_cells(tmp_path / "e.csv") == [
        EXACT,
        ["1234", "2026", "3", "7500", "198.25"],  # the numeric employee number
        ["1234", "2026", "3", "7510", "-12.30"],
        ["1234", "2026", "3", "7520", "25.00"],
        ["5678", "2026", "3", "7500", "120.00"],
        ["5678", "2026", "3", "7520", "25.00"]]
    letters = compute_salary(make_borderel([(1, 1, "H", "E12", "Anna")],
                                           [(1, "P", 202603, "BEK", 100)]))
    with pytest.raises(CommandRefused) as err:
        write_payroll_import(letters, load_profile("exact-online"), tmp_path / "x.csv")
    assert "exact-online.toml" in str(err.value) and "settings.numeric_employee" in str(err.value)
    assert "E12" in str(err.value) and not (tmp_path / "x.csv").exists()


def test_loket_variable_data(tmp_path):
    """Loket 'variabele gegevens': employee columns first, then one column per component
    number; the period is chosen on import, so the file has none."""
    write_payroll_import(result(PayPeriod.FOUR_WEEKS), load_profile("loket"), tmp_path / "l.csv")
    assert csv_cells(tmp_path / "l.csv", "cp1252") == [
        ["Werknemer", "Naam", "750", "751", "752"],
        ["001234", "Anna de Wit", "183,00", "-12,30", "23,08"],
        ["5678", "Dirk", "110,77", "", "23,08"]]


def test_nmbrs_sheet_cell_by_cell(tmp_path):
    profile = with_settings(load_profile("nmbrs"), {"debtor": "D42", "employer": "B7"})
    write_payroll_import(result(), profile, tmp_path / "n.xlsx")
    rows = CalamineWorkbook.from_path(str(tmp_path / "n.xlsx")).get_sheet_by_name(
        "Variabele Looncomponenten").to_python()
    assert rows[0][0] == "Variabele Looncomponenten"  # row 1: the title
    # row 2: columns A-G as Nmbrs names them, from column H one wage component code each
    assert rows[1] == ["Debiteurnr", "Bedrijfnr", "Persnr", "Naam", "Periode", "Dagen",
                       "DagenVoorLC", "7500", "7510", "7520"]
    assert rows[2] == ["D42", "B7", "001234", "Anna de Wit", "2026-03", "", "", 198.25, -12.3,
                       25.0]
    assert rows[3] == ["D42", "B7", "5678", "Dirk", "2026-03", "", "", 120.0, "", 25.0]
    assert len(rows) == 4


# DPIA100 (Beaufort indirect muteren): (position, length, field)
DPIA = [(1, 3, "procescode"), (4, 6, "rubriekscode"), (10, 50, "object_id"), (60, 1, "indicator"),
        (61, 11, "creatiedatum"), (72, 16, "creatiegebruiker"), (88, 50, "waarde"),
        (138, 11, "ingangsdatum"), (149, 30, "filler"), (179, 3, "productiesoort"),
        (182, 6, "verrekenperiode")]


def fields(record: str) -> dict[str, str]:
    assert len(record) == 187
    return {name: record[pos - 1:pos - 1 + length] for pos, length, name in DPIA}


def test_dpia100_position_by_position():
    profile = with_settings(load_profile("raet-dpia100"), {"creatiegebruiker": "SALARIS01"})
    text = dpia100_text(result(PayPeriod.FOUR_WEEKS), profile, dt.date(2026, 3, 27))
    records = text.split("\r\n")
    assert records[-1] == "" and len(records) == 6
    want = [("7500", "1234", "183.00"), ("7510", "1234", "-12.30"), ("7520", "1234", "23.08"),
            ("7500", "5678", "110.77"), ("7520", "5678", "23.08")]
    for rec, (code, who, value) in zip(records[:-1], want, strict=True):
        got = fields(rec)
        assert got == {"procescode": "IMP", "rubriekscode": code.ljust(6),
                       "object_id": who.ljust(50), "indicator": "V",
                       "creatiedatum": "27032026".ljust(11),
                       "creatiegebruiker": "SALARIS01".ljust(16), "waarde": value.ljust(50),
                       "ingangsdatum": "01032026".ljust(11), "filler": " " * 30,
                       "productiesoort": "NOR", "verrekenperiode": "042026"}


def test_every_shipped_profile_says_its_kind_and_template():
    for name in ("csv", "afas", "afas-mutaties", "exact-online", "loket", "nmbrs",
                 "raet-dpia100"):
        p = load_profile(name)
        assert p.template and p.values in ("one-off", "lasting")
    assert load_profile("afas").lasting and load_profile("afas").one_off == "afas-mutaties"
    assert not any(load_profile(n).lasting for n in ("csv", "afas-mutaties", "exact-online",
                                                     "loket", "nmbrs", "raet-dpia100"))
    assert missing_required(load_profile("nmbrs")) == ["debtor", "employer"]
    assert missing_required(load_profile("raet-dpia100")) == ["creatiegebruiker"]
    assert missing_required(load_profile("afas-mutaties")) == ["employer"]
    # the shipped files say that the defaults must be set to the employer's own codes
    for name in ("nmbrs", "raet-dpia100", "afas", "afas-mutaties", "exact-online", "csv"):
        text = resource("profiles", f"{name}.toml").read_text("utf-8")
        assert "employer's own" in text, name


@pytest.mark.parametrize(("name", "setting"), [
    ("nmbrs", "settings.debtor"), ("raet-dpia100", "settings.creatiegebruiker"),
    ("afas-mutaties", "settings.employer")])
def test_empty_required_setting_written_blank_and_warned(tmp_path, name, setting):
    """payroll-formats.md gives these settings no default: a conversion does not fail for
    them, it writes the field blank and warns naming the profile file and the setting (the
    window asks for them before it writes)."""
    store = MemorySettingsStore()
    target = tmp_path / "uit"
    written = write_salary_import(result(), load_profile(name), target, store=store)
    assert written.path.exists() and written.problem is None
    text = "\n".join(profile_warnings(load_profile(name), written=True))
    assert f"{name}.toml" in text and setting in text and "--set" in text
    assert setting not in "\n".join(profile_warnings(load_profile(name)))  # not before writing


def test_nmbrs_second_required_setting_named_when_the_first_is_set(tmp_path):
    store = MemorySettingsStore()
    remember_settings(COLLECTIVITY, load_profile("nmbrs"), {"debtor": "D42"}, store)
    chosen = profile_for("nmbrs", COLLECTIVITY, store=store)
    warned = "\n".join(profile_warnings(chosen, written=True))
    assert "settings.employer" in warned and "settings.debtor" not in warned
    assert [s.key for s in missing_settings(load_profile("nmbrs"), COLLECTIVITY, store)] == \
        ["employer"]


def test_lasting_profile_warns_of_the_empty_setting_of_its_corrections_profile(tmp_path):
    store = MemorySettingsStore()
    afas = profile_for("afas", COLLECTIVITY, store=store)
    one_off = profile_for("afas-mutaties", COLLECTIVITY, store=store)
    warned = "\n".join(profile_warnings(afas, one_off, written=True))
    assert "afas-mutaties.toml" in warned and "settings.employer" in warned
    write_salary_import(result(), load_profile("afas"), tmp_path / "a.csv", store=store)
    assert (tmp_path / "a.csv").exists()
    asked = missing_settings(load_profile("afas"), COLLECTIVITY, store)
    assert [(s.profile, s.key) for s in asked] == [("afas-mutaties", "employer")]


def test_settings_remembered_per_collectivity():
    store = MemorySettingsStore()
    nmbrs = load_profile("nmbrs")
    remember_settings(COLLECTIVITY, nmbrs, {"debtor": "D42", "employer": "B7"}, store)
    assert remembered_settings(COLLECTIVITY, "nmbrs", store) == {"debtor": "D42",
                                                                "employer": "B7"}
    assert profile_for("nmbrs", COLLECTIVITY, store=store).settings["debtor"] == "D42"
    assert profile_for("nmbrs", "987654321", store=store).settings["debtor"] == ""
    # too long for its field: refused naming the setting, nothing kept
    with pytest.raises(CommandRefused, match=r"settings\.creatiegebruiker"):
        remember_settings(COLLECTIVITY, load_profile("raet-dpia100"),
                          {"creatiegebruiker": "X" * 17}, store)
    assert remembered_settings(COLLECTIVITY, "raet-dpia100", store) == {}
    with pytest.raises(CommandRefused, match=r"settings\.kleur"):
        remember_settings(COLLECTIVITY, nmbrs, {"kleur": "rood"}, store)


@pytest.mark.parametrize("value", ["A\tB", "SAL\r\nX", "\x00"])
def test_a_control_character_in_a_setting_or_code_is_refused(tmp_path, value):
    """payroll-formats.md: a profile that cannot be honoured is refused naming the setting: a
    tab or line end in a code or setting would break the file's records."""
    with pytest.raises(CommandRefused, match=r"settings\.creatiegebruiker.*stuurteken"):
        with_settings(load_profile("raet-dpia100"), {"creatiegebruiker": value})
    user = tmp_path / "eigen.toml"
    user.write_text('based_on = "csv"\n[components]\npremie = "75\\r\\n00"\n', encoding="utf-8")
    with pytest.raises(CommandRefused, match=r"eigen\.toml.*components\.premie"):
        load_profile(str(user))
    tabbed = tmp_path / "tab.toml"  # a tab as the delimiter is fine
    tabbed.write_text('based_on = "csv"\n[settings]\ndelimiter = "\\t"\n', encoding="utf-8")
    assert load_profile(str(tabbed)).settings["delimiter"] == "\t"


def test_cli_set_remembers_and_writes(tmp_path, samples_dir):
    path = str(samples_dir / "2026-03_01.dat")
    blank = run_cli("salary", path, "--profile", "nmbrs", "-o", str(tmp_path / "a.xlsx"))
    assert blank.returncode == 0 and "nmbrs.toml" in blank.stderr  # written, and warned
    assert "settings.debtor" in blank.stderr and "Traceback" not in blank.stderr
    assert (tmp_path / "a.xlsx").exists()
    done = run_cli("salary", path, "--profile", "nmbrs", "--set", "debtor=D42", "--set",
                   "employer=B7", "-o", str(tmp_path / "b.xlsx"))
    assert done.returncode == 0, done.stderr
    again = run_cli("salary", path, "--profile", "nmbrs", "-o", str(tmp_path / "c.xlsx"))
    assert again.returncode == 0, again.stderr  # remembered for the collectivity
    rows = CalamineWorkbook.from_path(str(tmp_path / "c.xlsx")).get_sheet_by_index(0).to_python()
    assert {tuple(r[:2]) for r in rows[2:]} == {("D42", "B7")}
    bad = run_cli("salary", path, "--profile", "nmbrs", "--set", "debtor")
    assert bad.returncode == 2 and "NAAM=WAARDE" in bad.stderr  # a wrong command line


def test_dpia_rubriek_warned():
    assert "components.premie = '7500'" in profile_warnings(load_profile("raet-dpia100"))[0]
    assert "raet-dpia100.toml" in profile_warnings(load_profile("raet-dpia100"))[0]
    assert profile_warnings(load_profile("nmbrs")) == []


def test_dpia_rubriek_of_the_employer_not_warned(tmp_path, monkeypatch, samples_dir):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "beaufort.toml").write_text(
        'based_on = "raet-dpia100"\n[components]\npremie = "P01035"\ncorrectie = "P01036"\n'
        'bijdrage = "E02544"\n[settings]\ncreatiegebruiker = "SALARIS01"\n', encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    assert profile_warnings(load_profile("beaufort")) == []
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--profile", "beaufort",
                   "-o", str(tmp_path / "b.txt"))
    assert done.returncode == 0 and "Beaufort-rubriek" not in done.stderr
    warned = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--profile", "raet",
                     "--set", "creatiegebruiker=SAL", "-o", str(tmp_path / "r.txt"))
    assert warned.returncode == 0 and "Beaufort-rubriek" in warned.stderr


def test_contribution_gross_or_net(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "netto.toml").write_text('based_on = "csv"\n[settings]\ncontribution = "net"\n',
                                       encoding="utf-8")
    (folder / "kapot.toml").write_text('based_on = "csv"\n[settings]\ncontribution = "wkr"\n',
                                       encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    assert load_profile("csv").components["bijdrage"] == "7520"
    net = load_profile("netto")
    assert net.components["bijdrage"] == "7521"
    write_payroll_import(result(), net, tmp_path / "n.csv")
    assert [c[1] for c in csv_cells(tmp_path / "n.csv", "cp1252")[1:]] == \
        ["7500", "7510", "7521", "7500", "7521"]
    with pytest.raises(CommandRefused, match=r"settings\.contribution"):
        load_profile("kapot")


@pytest.mark.parametrize(("body", "setting"), [
    ('format = "csv"\nvalues = "vast"\n', "values"),
    ('format = "dpia100"\nvalues = "lasting"\none_off = "csv"\n', "values"),
    ('format = "csv"\nvalues = "lasting"\n[settings]\ncolumns = ["werknemersnummer", '
     '"looncomponent", "bedrag", "ingangsdatum"]\n', "one_off"),
    ('format = "csv"\nvalues = "lasting"\none_off = "csv"\n', "settings.columns"),
    ('format = "csv"\n[settings]\nclosing = "end_date"\n', "settings.closing"),
    ('format = "csv"\nrequired = ["kleur"]\n', "required.kleur"),
    ('format = "csv"\nrequired = ["header"]\n', "required.header"),
])
def test_bad_kind_or_required_refused(tmp_path, monkeypatch, body, setting):
    folder = tmp_path / "config" / "profiles"
    folder.mkdir(parents=True)
    (folder / "eigen.toml").write_text(body, encoding="utf-8")
    monkeypatch.setenv("DIGIBORD_HOME", str(tmp_path))
    with pytest.raises(CommandRefused) as err:
        load_profile("eigen")
    assert "eigen.toml" in str(err.value) and setting in str(err.value)


def test_json_of_the_conversion(samples_dir):
    done = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--json")
    body = json.loads(done.stdout)
    assert body["salarisperiode"]["soort"] == "maand" and body["salarisperiode"]["nummer"] == 3
    assert body["afgesloten"] == [] and body["minimumloon"] == []
    assert body["waarschuwingen"] == []
