"""payroll-check against the spec as an outside tester reads it (shared spec: reports.md
section 5, cli.md `payroll-check`, payroll-formats.md), not against the program's own docs.

Every case starts from a sample journal of tests/data/samples/payroll and changes one thing.
The March sample borderel, with € 25,00 on basis for the employee, expects per werknemer:
001392 14603, 004708 78028 (premie 40264 + correctie 40264 − 2500), E13657 35038,
E18088 33293 (partner H.J. Huisman 15825), E18459 63888 (kind N. Dekker 19968),
E19286 13325."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from borderel_edit import find, get, join, put, sample_lines
from report_support import run_main

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
PAYROLL = SAMPLES / "payroll"
MARCH = SAMPLES / "2026-03_01.dat"
FEBRUARY = SAMPLES / "2026-02_01.dat"
AMOUNT = ("--on", "basis", "--for", "werknemer", "--amount", "25,00")
EXPECTED = {"001392": 14603, "004708": 78028, "E13657": 35038, "E18088": 33293,
            "E18459": 63888, "E19286": 13325}
# withheld per employee as the journals write it, all in agreement with the borderel
AGREED = {"001392": "146,03", "004708": "780,28", "E13657": "350,38", "E18088": "332,93",
          "E18459": "638,88", "E19286": "133,25"}
NAMES = {"001392": "R. Verhoeven", "004708": "T.R. Kok", "E13657": "B. van den Heuvel",
         "E18088": "P.Ž. Veenstra", "E18459": "K. Dekker", "E19286": "C.T.N. El Amrani"}


# ---- helpers ---------------------------------------------------------------------------------

def run_cli(capsys, *argv: str) -> tuple[int, dict | None, str]:
    rc, out, err = run_main(capsys, *argv)
    return rc, (out if "--json" in argv and isinstance(out, dict) else None), err


def check(capsys, tmp_path: Path, journal: bytes | str, *extra: str, name: str = "j.csv",
          encoding: str = "cp1252", borderel: Path = MARCH, options=AMOUNT
          ) -> tuple[int, dict | None, str]:
    path = tmp_path / name
    path.write_bytes(journal if isinstance(journal, bytes) else journal.encode(encoding))
    return run_cli(capsys, "payroll-check", str(borderel), str(path), *options, *extra,
                   "--json")


def by_number(result: dict) -> dict[str, dict]:
    rows = {}
    for row in result["rows"]:
        key = row["werknemersnummer"] or row.get("relatienummer")
        assert key not in rows
        rows[key] = row
    return rows


def verdicts(result: dict) -> dict[str, tuple]:
    """Per employee (verwacht, ingehouden, verschil, status, verklaring)."""
    return {k: (r["verwacht_cent"], r["ingehouden_cent"], r["verschil_cent"], r["status"],
                r["verklaring"]) for k, r in by_number(result).items()}


def all_agreed(result: dict) -> bool:
    return verdicts(result) == {k: (v, v, 0, "akkoord", None) for k, v in EXPECTED.items()}


def per_employee(amounts: dict[str, str] | None = None, delimiter: str = ";",
                 end: str = "\r\n", heading: tuple[str, str, str] = ("Werknemersnummer",
                                                                     "Naam", "Bedrag")) -> str:
    """The shape of journal_vorige_maand.csv (per werknemer, no title rows)."""
    amounts = AGREED if amounts is None else amounts
    lines = [delimiter.join(heading)]
    for number, amount in amounts.items():
        cells = [number, NAMES.get(number, "X. Nieuw"), amount]
        lines.append(delimiter.join(_quoted(c, delimiter) for c in cells))
    return end.join(lines) + end


def _quoted(cell: str, delimiter: str) -> str:
    return f'"{cell}"' if delimiter in cell else cell


def changed(**amounts: str) -> dict[str, str]:
    out = dict(AGREED)
    out.update(amounts)
    return {k: v for k, v in out.items() if v is not None}


def sample_text(name: str) -> str:
    data = (PAYROLL / name).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    return data.decode("cp1252")


def workbook(rows: list[list], sheet: str = "Loonjournaal", before: list | None = None
             ) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    if before is not None:  # a cover sheet first
        ws.title = "Voorblad"
        for r in before:
            ws.append(r)
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def per_component_rows() -> list[list]:
    """journal_per_component.xlsx as values (title row, heading row, body)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(PAYROLL / "journal_per_component.xlsx"))
    return [list(r) for r in book.get_sheet_by_name(book.sheet_names[0]).to_python()]


def borderel_with(tmp_path: Path, edit) -> Path:
    lines = sample_lines(SAMPLES, "03")
    edit(lines)
    path = tmp_path / "maart.dat"
    path.write_bytes(join(lines))
    return path


def set_number(lines: list[bytes], old: str, new: str) -> None:
    i = find(lines, "10", lambda ln: get(ln, "employee_number").strip() == old)
    lines[i] = put(lines[i], "employee_number", new)


# ---- the samples -----------------------------------------------------------------------------

SAMPLE_RUNS = [
    ("journal_per_werknemer.csv", ()),
    ("journal_per_component.xlsx", ("--profile", "csv")),
    ("journal_kolom_per_component.csv", ("--profile", "csv")),
    ("journal_vorige_maand.csv", ("--previous", str(FEBRUARY))),
]


@pytest.mark.parametrize(("journal", "extra"), SAMPLE_RUNS)
def test_samples_give_the_expected_json(capsys, journal, extra):
    rc, got, _ = run_cli(capsys, "payroll-check", str(MARCH), str(PAYROLL / journal), *AMOUNT,
                         *extra, "--json")
    want = json.loads((PAYROLL / journal).with_suffix(".json").read_text(encoding="utf-8"))
    assert rc == 0
    assert got["vorm"] == want["vorm"]
    assert got["totaal_verwacht_cent"] == want["totaal_verwacht_cent"]
    assert got["totaal_ingehouden_cent"] == want["totaal_ingehouden_cent"]
    keys = ("verwacht_cent", "ingehouden_cent", "verschil_cent", "status", "verklaring")
    assert {r["werknemersnummer"]: [r[k] for k in keys] for r in got["rows"]} == \
        {r["werknemersnummer"]: [r[k] for k in keys] for r in want["rows"]}


def test_vorige_maand_needs_the_previous_borderel(capsys):
    # without --previous and without an archive: no explanation
    rc, got, _ = run_cli(capsys, "payroll-check", str(MARCH),
                         str(PAYROLL / "journal_vorige_maand.csv"), *AMOUNT, "--json")
    assert rc == 0
    assert by_number(got)["E13657"]["status"] == "verschil"
    assert by_number(got)["E13657"]["verklaring"] is None
    assert got["verklaringen"]["vorige_maand"] == 0


def test_vorige_maand_from_the_archive(capsys):
    rc, _, _ = run_cli(capsys, "import", str(FEBRUARY))
    assert rc == 0
    rc, got, _ = run_cli(capsys, "payroll-check", str(MARCH),
                         str(PAYROLL / "journal_vorige_maand.csv"), *AMOUNT, "--json")
    assert rc == 0
    assert by_number(got)["E13657"]["verklaring"] == "vorige_maand"
    assert got["vorige"]["prolongatiemaand"] == "2026-02"


# ---- JSON ------------------------------------------------------------------------------------

def test_json_keys_and_their_order(capsys):
    rc, got, _ = run_cli(capsys, "payroll-check", str(MARCH),
                         str(PAYROLL / "journal_per_werknemer.csv"), *AMOUNT, "--json")
    assert rc == 0
    keys = list(got)
    required = ["vorm", "opties", "rows", "totaal_verwacht_cent", "totaal_ingehouden_cent"]
    assert [k for k in keys if k in required] == required
    assert list(got["opties"]) == ["period", "on", "for", "amount_cent", "percent", "profile"]
    assert got["opties"] == {"period": "maand", "on": "basis", "for": "werknemer",
                             "amount_cent": 2500, "percent": None, "profile": "csv"}
    order = ["werknemersnummer", "verwacht_cent", "ingehouden_cent", "verschil_cent", "status",
             "verklaring"]
    for row in got["rows"]:
        assert [k for k in row if k in order] == order
        assert all(type(row[k]) is int for k in row if k.endswith("_cent"))
    # exceptions first, totals over every row
    statuses = [r["status"] for r in got["rows"]]
    assert statuses.index("akkoord") > max(i for i, s in enumerate(statuses) if s != "akkoord")
    assert got["totaal_verwacht_cent"] == sum(r["verwacht_cent"] for r in got["rows"])
    assert got["totaal_ingehouden_cent"] == sum(r["ingehouden_cent"] for r in got["rows"])


def test_json_options_with_a_percentage(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, per_employee(), "--percent", "12,5", options=())
    assert rc == 0
    assert got["opties"]["percent"] == 12.5
    assert got["opties"]["amount_cent"] is None
    # 12,5 % of the employee's basis 15825 = 1978,125 -> 1978 (half away from zero)
    assert by_number(got)["001392"]["verwacht_cent"] == 17103 - 1978


def test_json_defaults_without_options(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, per_employee(), options=())
    assert rc == 0
    assert got["opties"] == {"period": "maand", "on": "basis", "for": "werknemer",
                             "amount_cent": 0, "percent": None, "profile": "csv"}
    # no contribution: verwacht is premie + correctie; the 25,00 difference has no verklaring
    assert by_number(got)["001392"]["verwacht_cent"] == 17103
    assert by_number(got)["001392"]["verklaring"] is None


def test_remembered_options_are_the_defaults_of_the_check(capsys, tmp_path):
    rc, _, _ = run_cli(capsys, "salary", str(MARCH), "--percent", "10", "-o",
                       str(tmp_path / "out.csv"))
    assert rc == 0
    rc, got, _ = check(capsys, tmp_path, per_employee(), options=())
    assert rc == 0
    assert got["opties"]["percent"] == 10
    assert by_number(got)["001392"]["verwacht_cent"] == 17103 - 1583  # 10 % of 15825, rounded
    # options given to a check are for that check: the conversion's stay the defaults
    rc, got, _ = check(capsys, tmp_path, per_employee(), options=("--amount", "30"))
    assert got["opties"]["amount_cent"] == 3000
    rc, got, _ = check(capsys, tmp_path, per_employee(), options=())
    assert got["opties"]["percent"] == 10


def test_four_weekly_period(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, per_employee(), "--period", "4weken")
    assert rc == 0
    assert got["opties"]["period"] == "4weken"
    rows = by_number(got)
    # premie 17103 * 12/13 = 15787, bijdrage 2500 * 12/13 = 2308; a correction is not converted
    assert rows["001392"]["verwacht_cent"] == 15787 - 2308
    assert rows["004708"]["verwacht_cent"] == 37167 + 40264 - 2308


# ---- CSV dialects and encodings --------------------------------------------------------------

def _quote_all(text: str) -> str:
    return "\r\n".join(";".join(f'"{c}"' for c in ln.split(";"))
                       for ln in text.splitlines()) + "\r\n"


# each a journal per werknemer in agreement with the borderel, written another way
DIALECTS = {
    "comma_quoted_decimal_comma": lambda t: per_employee(delimiter=","),
    "comma_decimal_point": lambda t: per_employee(
        {k: v.replace(",", ".") for k, v in AGREED.items()}, delimiter=","),
    "tab": lambda t: per_employee(delimiter="\t"),
    "pipe": lambda t: per_employee(delimiter="|"),
    "lf": lambda t: per_employee(end="\n"),
    "cr": lambda t: per_employee(end="\r"),
    "blank_lines": lambda t: t.replace("\r\n", "\r\n\r\n;;\r\n"),
    "trailing_delimiter": lambda t: t.replace("\r\n", ";\r\n"),
    "trailing_delimiter_heading_only": lambda t: t.replace("Bedrag\r\n", "Bedrag;\r\n"),
    "quoted_all": _quote_all,
    "quoted_delimiter_in_name": lambda t: t.replace(";T.R. Kok;", ';"Kok; T.R.";'),
    "quoted_newline_in_name": lambda t: t.replace(";T.R. Kok;", ';"T.R.\r\nKok";'),
    "spaces_around_cells": lambda t: t.replace("001392;R. Verhoeven;146,03",
                                               "  001392 ; R. Verhoeven ;  146,03 "),
    "title_rows_with_delimiters": lambda t: "Loonjournaal;maart 2026\r\nWerkgever;X\r\n" + t,
}


@pytest.mark.parametrize("variant", sorted(DIALECTS))
def test_csv_dialects(capsys, tmp_path, variant):
    rc, got, err = check(capsys, tmp_path, DIALECTS[variant](per_employee()))
    assert rc == 0, err
    assert got["vorm"] == "per werknemer"
    assert all_agreed(got)


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("cp1252", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
])
def test_encodings(capsys, tmp_path, encoding, prefix):
    text = per_employee(changed(E19286="€ 133,25"))  # a euro sign and a Ž in the names
    rc, got, err = check(capsys, tmp_path, prefix + text.encode(encoding))
    assert rc == 0, err
    assert all_agreed(got)


def test_sample_with_title_rows_and_totals_in_utf8_bom(capsys, tmp_path):
    text = sample_text("journal_per_werknemer.csv")
    rc, got, _ = check(capsys, tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert rc == 0
    assert got["totaal_ingehouden_cent"] == 213736


# ---- headings and title rows -----------------------------------------------------------------

@pytest.mark.parametrize("employee", ["Personeelsnummer", "Pers.nr.", "Werknemersnummer",
                                      "Medewerker", "PERSONEELSNUMMER", "Pers. nr",
                                      "Personeelnummer", "Medewerkernummer", "Personeelsnr"])
@pytest.mark.parametrize("amount", ["Bedrag", "Inhouding", "Inh. zorgverzekering", "Waarde",
                                    "Zorgpremie", "Inhouding zorgverzekering", "Bedrag (€)"])
def test_common_dutch_headings(capsys, tmp_path, employee, amount):
    rc, got, err = check(capsys, tmp_path, per_employee(heading=(employee, "Naam", amount)))
    assert rc == 0, err
    assert all_agreed(got)


def test_twenty_title_rows_are_allowed(capsys, tmp_path):
    titles = "".join(f"Titel {i}\r\n" for i in range(20))
    rc, got, err = check(capsys, tmp_path, titles + per_employee())
    assert rc == 0, err
    assert all_agreed(got)


def test_twenty_one_title_rows_are_not_recognised(capsys, tmp_path):
    titles = "".join(f"Titel {i}\r\n" for i in range(21))
    rc, got, err = check(capsys, tmp_path, titles + per_employee())
    assert rc == 1
    assert got is None
    assert "j.csv" in err


@pytest.mark.parametrize("label", ["Totaal", "Total", "Subtotaal", "TOTAAL", "Totaal:", ""])
def test_totals_rows_are_skipped(capsys, tmp_path, label):
    text = per_employee()
    text = text.replace("E18088;", f"{label};;999,99\r\nE18088;") + f"{label};;2381,75\r\n"
    rc, got, err = check(capsys, tmp_path, text)
    assert rc == 0, err
    assert all_agreed(got)


def test_missing_amount_column_is_refused(capsys, tmp_path):
    text = "\r\n".join(ln.rsplit(";", 1)[0] for ln in per_employee().splitlines()) + "\r\n"
    rc, got, err = check(capsys, tmp_path, text)
    assert rc == 1
    assert got is None
    assert "j.csv" in err and "Werknemersnummer" in err


def test_missing_employee_column_is_refused(capsys, tmp_path):
    text = per_employee(heading=("Iets", "Naam", "Bedrag"))
    rc, got, err = check(capsys, tmp_path, text)
    assert rc == 1
    assert got is None
    assert "j.csv" in err


def test_messages_in_english(capsys, tmp_path):
    path = tmp_path / "j.csv"
    path.write_text(per_employee(changed(E13657="abc")), encoding="cp1252")
    rc, _, err = run_cli(capsys, "--lang", "en", "payroll-check", str(MARCH), str(path),
                         *AMOUNT, "--json")
    assert rc == 1
    assert "line 4" in err and "'Bedrag'" in err and "'abc'" in err and "not an amount" in err


# ---- amounts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["146,03", "146.03", "€ 146,03", "€146,03", "EUR 146,03",
                                     "+146,03", "146,03 €", "0146,03"])
def test_amount_notations_of_one_value(capsys, tmp_path, written):
    amounts = changed(**{"001392": written})
    if "." in written:  # one notation per file
        amounts = {k: v.replace(",", ".") for k, v in amounts.items()}
    rc, got, err = check(capsys, tmp_path, per_employee(amounts))
    assert rc == 0, err
    assert all_agreed(got)


@pytest.mark.parametrize(("written", "cents"), [
    ("1.780,28", 178028), ("1780,28", 178028), ("1 780,28", 178028), ("1.780", 178000),
])
def test_thousands_separators(capsys, tmp_path, written, cents):
    rc, got, err = check(capsys, tmp_path, per_employee(changed(**{"004708": written})))
    assert rc == 0, err
    row = by_number(got)["004708"]
    assert row["ingehouden_cent"] == cents
    assert row["verschil_cent"] == cents - 78028


def test_thousands_separators_with_a_decimal_point(capsys, tmp_path):
    amounts = {k: v.replace(",", ".") for k, v in AGREED.items()}
    amounts["004708"] = "1,780.28"
    rc, got, err = check(capsys, tmp_path, per_employee(amounts, delimiter=";"))
    assert rc == 0, err
    assert by_number(got)["004708"]["ingehouden_cent"] == 178028


@pytest.mark.parametrize("style", ["-{}", "{}-", "({})", "-€ {}", "€ -{}", "− {}"])
def test_deductions_written_as_negatives_are_negated(capsys, tmp_path, style):
    amounts = {k: style.format(v) for k, v in AGREED.items()}
    rc, got, err = check(capsys, tmp_path, per_employee(amounts), encoding="utf-8")
    assert rc == 0, err
    assert all_agreed(got)


@pytest.mark.parametrize("style", ["-{}", "{}-", "({})"])
def test_one_negative_amount_in_a_positive_export(capsys, tmp_path, style):
    rc, got, err = check(capsys, tmp_path,
                         per_employee(changed(**{"001392": style.format("146,03")})))
    assert rc == 0, err
    assert verdicts(got)["001392"] == (14603, -14603, -29206, "verschil", None)


@pytest.mark.parametrize(("written", "difference"), [("146,04", 1), ("146,02", -1),
                                                    ("146,0", -3), ("146", -3)])
def test_no_tolerance(capsys, tmp_path, written, difference):
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(**{"001392": written})))
    assert rc == 0
    assert verdicts(got)["001392"] == (14603, 14603 + difference, difference, "verschil", None)
    assert got["totaal_ingehouden_cent"] == sum(EXPECTED.values()) + difference


def test_zero_withheld_is_a_difference_not_absence(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(**{"001392": "0,00"})))
    assert rc == 0
    assert verdicts(got)["001392"] == (14603, 0, -14603, "verschil", None)


@pytest.mark.parametrize("written", ["abc", "1.46,03", "146,031", "+-146,03", "12,3,4"])
def test_not_an_amount_is_refused(capsys, tmp_path, written):
    rc, got, err = check(capsys, tmp_path, per_employee(changed(**{"001392": written})))
    assert rc == 1
    assert got is None
    assert "j.csv" in err and "regel 2" in err and "Bedrag" in err and written in err


def test_a_value_in_the_other_notation_is_refused(capsys, tmp_path):
    rc, _, err = check(capsys, tmp_path, per_employee(changed(**{"001392": "146.03"})))
    assert rc == 1
    assert "146.03" in err or "780,28" in err


# ---- employees and their numbers -------------------------------------------------------------

def test_rows_of_one_employee_are_summed(capsys, tmp_path):
    text = per_employee(changed(**{"001392": "100,00"})) + "1392;R. Verhoeven;46,03\r\n"
    rc, got, _ = check(capsys, tmp_path, text)
    assert rc == 0
    assert all_agreed(got)


def test_rows_of_several_periods_are_summed(capsys, tmp_path):
    text = sample_text("journal_per_werknemer.csv").replace(
        "001392;R. Verhoeven;2026-03;146,03", "001392;R. Verhoeven;2026-02;100,00\r\n"
        "001392;R. Verhoeven;2026-03;46,03")
    rc, got, _ = check(capsys, tmp_path, text)
    assert rc == 0
    assert verdicts(got)["001392"] == (14603, 14603, 0, "akkoord", None)


@pytest.mark.parametrize(("journal_number", "borderel_number"), [
    ("1392", "001392"), ("0001392", "001392"), ("  001392 ", "001392"), ("e13657", "E13657"),
    (" E13657", "E13657"),
])
def test_numbers_match_trimmed_without_case_and_leading_zeros(capsys, tmp_path, journal_number,
                                                             borderel_number):
    amounts = dict(AGREED)
    amounts[journal_number] = amounts.pop(borderel_number)
    rc, got, _ = check(capsys, tmp_path, per_employee(amounts))
    assert rc == 0
    assert all_agreed(got)  # and the row shows the borderel's number


def test_leading_zeros_are_kept_in_numbers_with_letters(capsys, tmp_path):
    amounts = dict(AGREED)
    amounts["E013657"] = amounts.pop("E13657")
    rc, got, _ = check(capsys, tmp_path, per_employee(amounts))
    assert rc == 0
    rows = verdicts(got)
    assert rows["E13657"] == (35038, 0, -35038, "alleen borderel", None)
    assert rows["E013657"] == (0, 35038, 35038, "alleen salaris", None)


def test_employee_only_in_the_journal_and_only_in_the_borderel(capsys, tmp_path):
    amounts = changed(E19286=None)
    amounts["E99999"] = "12,34"
    rc, got, _ = check(capsys, tmp_path, per_employee(amounts))
    assert rc == 0
    rows = verdicts(got)
    assert rows["E19286"] == (13325, 0, -13325, "alleen borderel", None)
    assert rows["E99999"] == (0, 1234, 1234, "alleen salaris", None)
    assert got["totaal_verwacht_cent"] == sum(EXPECTED.values())
    assert got["totaal_ingehouden_cent"] == sum(EXPECTED.values()) - 13325 + 1234
    assert got["aantallen"]["alleen borderel"] == 1
    assert got["aantallen"]["alleen salaris"] == 1


def test_employee_without_number_is_a_row_of_its_own(capsys, tmp_path):
    borderel = borderel_with(tmp_path, lambda lines: set_number(lines, "E19286", ""))
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(E19286=None)),
                       borderel=borderel)
    assert rc == 0
    [row] = [r for r in got["rows"] if r["status"] == "geen werknemersnummer"]
    assert row["werknemersnummer"] == ""
    assert row["relatienummer"] == "0070188088"
    assert row["naam"] == "C.T.N. El Amrani"
    assert (row["verwacht_cent"], row["ingehouden_cent"], row["verschil_cent"]) == \
        (13325, 0, -13325)
    assert row["verklaring"] is None
    assert got["totaal_verwacht_cent"] == sum(EXPECTED.values())
    assert got["aantallen"]["geen werknemersnummer"] == 1


def test_one_number_for_two_employees_is_refused(capsys, tmp_path):
    borderel = borderel_with(tmp_path, lambda lines: set_number(lines, "E19286", "E18459"))
    rc, got, err = check(capsys, tmp_path, per_employee(), borderel=borderel)
    assert rc == 1
    assert got is None
    assert "E18459" in err


def _nothing_due(lines: list[bytes]) -> None:
    """E19286's only line (BEK 15825) discounted to 0: the employee has nothing to convert."""
    i = find(lines, "20", lambda ln: get(ln, "relation_number") == "0070188088")
    lines[i] = put(put(lines[i], "other_discount_cent", "+0000015825"), "net_cent",
                   "+0000000000")
    t = find(lines, "90")
    lines[t] = put(put(lines[t], "total_prolongation_cent", "+000000197086"),
                   "total_due_cent", "+000000237350")


@pytest.mark.parametrize(("written", "verdict"), [
    ("0,00", (0, 0, 0, "akkoord", None)), ("133,25", (0, 13325, 13325, "verschil", None)),
])
def test_employee_with_nothing_due_is_still_in_the_borderel(capsys, tmp_path, written,
                                                            verdict):
    borderel = borderel_with(tmp_path, _nothing_due)
    rc, got, err = check(capsys, tmp_path, per_employee(changed(E19286=written)),
                         borderel=borderel)
    assert rc == 0, err
    assert verdicts(got)["E19286"] == verdict
    row = by_number(got)["E19286"]
    assert (row["relatienummer"], row["naam"]) == ("0070188088", "C.T.N. El Amrani")
    assert got["aantallen"]["alleen salaris"] == 0


# ---- verklaring ------------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "written", "verdict"), [
    # payroll did not book 004708's correction
    ("004708", "377,64", (78028, 37764, -40264, "verschil", "correctie")),
    # booked twice: verschil = +correctie is not the correctie explanation
    ("004708", "1182,92", (78028, 118292, 40264, "verschil", None)),
    # the bijdrage not paid, or paid twice
    ("E18088", "357,93", (33293, 35793, 2500, "verschil", "bijdrage")),
    ("E18088", "307,93", (33293, 30793, -2500, "verschil", "bijdrage")),
    # a child that left (N. Dekker 19968) or a partner that joined (I. de Graaf 19254)
    ("E18459", "439,20", (63888, 43920, -19968, "verschil", "gezinslid")),
    ("E13657", "542,92", (35038, 54292, 19254, "verschil", "gezinslid")),
    # the employee's own premium is not a family member's
    ("E19286", "0,00", (13325, 0, -13325, "verschil", None)),
    # one cent next to a known part explains nothing
    ("E18088", "357,94", (33293, 35794, 2501, "verschil", None)),
])
def test_explanations(capsys, tmp_path, number, written, verdict):
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(**{number: written})))
    assert rc == 0
    assert verdicts(got)[number] == verdict


def test_correctie_is_tried_before_bijdrage(capsys, tmp_path):
    # werknemer-partner on totaal at 212,46: Kok 21246 + de Groot 19018 = 40264 = the correctie
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(**{"004708": "0,00"})),
                       options=("--on", "totaal", "--for", "werknemer-partner", "--amount",
                                "212,46"))
    assert rc == 0
    assert verdicts(got)["004708"] == (40264, 0, -40264, "verschil", "correctie")


def test_bijdrage_is_tried_before_gezinslid(capsys, tmp_path):
    # werknemer-partner on totaal at 95,09: 004708's bijdrage is 2 x 9509 = 19018, which is
    # also partner M.M. de Groot's prolongatie (14875 + 4143); payroll did not subtract it
    options = ("--on", "totaal", "--for", "werknemer-partner", "--amount", "95,09")
    expected = 40264 + 40264 - 19018
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(**{"004708": "805,28"})),
                       options=options)
    assert rc == 0
    assert verdicts(got)["004708"] == (expected, 80528, 19018, "verschil", "bijdrage")


def test_vorige_maand_is_tried_last(capsys, tmp_path):
    # E13657 withholds February's 360,08: only vorige_maand explains it
    rc, got, _ = check(capsys, tmp_path, per_employee(changed(E13657="360,08")),
                       "--previous", str(FEBRUARY))
    assert rc == 0
    assert verdicts(got)["E13657"] == (35038, 36008, 970, "verschil", "vorige_maand")
    assert got["vorige"]["prolongatiemaand"] == "2026-02"


def test_previous_borderel_not_earlier_is_refused(capsys, tmp_path):
    rc, got, err = check(capsys, tmp_path, per_employee(), "--previous", str(MARCH))
    assert rc == 1
    assert got is None
    assert "2026-03" in err


def test_only_verschil_rows_are_explained(capsys, tmp_path):
    amounts = changed(E19286=None)  # alleen borderel 13325: not a family member's premium
    amounts["E99999"] = "25,00"  # alleen salaris 2500: the amount of a bijdrage
    rc, got, _ = check(capsys, tmp_path, per_employee(amounts))
    assert rc == 0
    assert all(r["verklaring"] is None for r in got["rows"] if r["status"] != "verschil")


# ---- per component ---------------------------------------------------------------------------

def test_per_component_as_csv_with_other_headings(capsys, tmp_path):
    rows = per_component_rows()
    body = [r for r in rows[2:]]
    for heading in ("Looncomponent", "Component", "Code", "Looncode", "Rubriek"):
        lines = [";".join(["Personeelsnummer", "Naam", "Periode", heading, "Omschrijving",
                           "Bedrag"])]
        for r in body:
            lines.append(";".join([r[0], r[1], r[2], str(int(r[3])), r[4],
                                   f"{r[5]:.2f}".replace(".", ",")]))
        rc, got, err = check(capsys, tmp_path, "\r\n".join(lines) + "\r\n")
        assert rc == 0, err
        assert got["vorm"] == "per component"
        assert got["totaal_ingehouden_cent"] == 224850


def test_per_component_positive_deductions_negative_bijdrage(capsys, tmp_path):
    rows = per_component_rows()
    for r in rows[2:]:
        r[5] = -r[5]
    rc, got, _ = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 0
    assert got["totaal_ingehouden_cent"] == 224850
    assert by_number(got)["001392"]["betaalde_bijdrage_cent"] == 2500


def test_per_component_bijdrage_not_paid(capsys, tmp_path):
    rows = [r for r in per_component_rows() if not (r[0] == "001392" and r[3] == 7520)]
    rc, got, _ = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 0
    row = by_number(got)["001392"]
    assert (row["ingehouden_cent"], row["verschil_cent"], row["status"], row["verklaring"]) == \
        (17103, 2500, "verschil", "bijdrage")
    assert (row["verwachte_bijdrage_cent"], row["betaalde_bijdrage_cent"]) == (2500, 0)


def test_per_component_bijdrage_paid_twice(capsys, tmp_path):
    rows = per_component_rows()
    rows.append(["001392", "R. Verhoeven", "2026-03", 7520, "Werkgeversbijdrage", 25.0])
    rc, got, _ = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 0
    row = by_number(got)["001392"]
    assert (row["ingehouden_cent"], row["verklaring"], row["betaalde_bijdrage_cent"]) == \
        (12103, "bijdrage", 5000)


def test_per_component_correctie_row_missing(capsys, tmp_path):
    rows = [r for r in per_component_rows() if not (r[0] == "004708" and r[3] == 7510)]
    rc, got, _ = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 0
    assert verdicts(got)["004708"] == (78028, 37764, -40264, "verschil", "correctie")


def test_per_component_numbers_as_excel_numbers(capsys, tmp_path):
    rows = per_component_rows()
    for r in rows[2:]:
        if r[0] == "004708":
            r[0] = 4708
        r[5] = r[5] + 0.0000000001  # float noise below a cent
    rc, got, _ = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 0
    assert verdicts(got)["004708"] == (78028, 78028, 0, "akkoord", None)


def test_per_component_on_a_second_sheet(capsys, tmp_path):
    rc, got, err = check(capsys, tmp_path, workbook(per_component_rows(),
                                                    before=[["Loonjournaal"], ["maart"]]),
                         name="j.xlsx")
    assert rc == 0, err
    assert got["totaal_ingehouden_cent"] == 224850


def test_formula_without_stored_value_is_refused_naming_the_cell(capsys, tmp_path):
    rows = per_component_rows()
    rows[5][5] = "=-171.03"  # 001392's 7500 row, sheet row 6, column F
    rc, got, err = check(capsys, tmp_path, workbook(rows), name="j.xlsx")
    assert rc == 1
    assert got is None
    assert "Loonjournaal!F6" in err


def test_per_component_with_the_profiles_own_codes(capsys, tmp_path):
    rows = per_component_rows()
    for r in rows[2:]:
        r[3] = {7500: 750, 7510: 751, 7520: 752}.get(int(r[3]), r[3])
    rc, got, _ = check(capsys, tmp_path, workbook(rows), "--profile", "loket", name="j.xlsx")
    assert rc == 0
    assert got["opties"]["profile"] == "loket"
    assert got["totaal_ingehouden_cent"] == 224850


def test_unknown_profile_is_refused(capsys, tmp_path):
    rc, got, err = check(capsys, tmp_path, per_employee(), "--profile", "bestaat-niet")
    assert rc != 0
    assert got is None
    assert "bestaat-niet" in err


# ---- kolom per component ---------------------------------------------------------------------

def _kolom(replace: dict[str, str] | None = None) -> str:
    text = sample_text("journal_kolom_per_component.csv")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("headings", [
    ("7500-Premie zorg", "7510: Correctie", "7520 - Bijdrage"),
    ("7500", "7510", "7520"),
    ("7500:Premie", "7510-Correctie", "7520 Bijdrage werkgever"),
])
def test_component_column_headings(capsys, tmp_path, headings):
    old = ("7500 Premie zorg", "7510 Correctie zorg", "7520 Bijdrage werkgever")
    rc, got, err = check(capsys, tmp_path, _kolom(dict(zip(old, headings, strict=True))),
                         encoding="utf-8")
    assert rc == 0, err
    assert got["vorm"] == "kolom per component"
    assert got["totaal_ingehouden_cent"] == 222350


def test_a_heading_that_only_starts_with_the_code_digits_is_not_a_component(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, _kolom({"7500 Premie zorg": "7500Premie zorg"}),
                       encoding="utf-8")
    assert rc == 0
    # only 7510 and 7520 are read: 001392 withholds no premium, just the bijdrage
    assert by_number(got)["001392"]["ingehouden_cent"] == -2500


def test_kolom_per_component_without_bijdrage_column(capsys, tmp_path):
    text = "".join(ln.rsplit(",", 1)[0] + "\r\n" for ln in _kolom().splitlines())
    rc, got, _ = check(capsys, tmp_path, text, encoding="utf-8")
    assert rc == 0
    row = by_number(got)["001392"]
    assert (row["ingehouden_cent"], row["verschil_cent"], row["verklaring"]) == \
        (17103, 2500, "bijdrage")
    assert "verwachte_bijdrage_cent" not in row and "betaalde_bijdrage_cent" not in row


def test_kolom_per_component_all_negated(capsys, tmp_path):
    rows = list(csv.reader(io.StringIO(_kolom())))
    out = [rows[0]] + [r[:4] + [f"-{c}" if c else c for c in r[4:6]] + [r[6].lstrip("-")]
                       for r in rows[1:]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    rc, got, _ = check(capsys, tmp_path, buf.getvalue(), encoding="utf-8")
    assert rc == 0
    assert got["totaal_ingehouden_cent"] == 222350


# ---- refused journals and exit statuses ------------------------------------------------------

@pytest.mark.parametrize(("content", "name"), [
    (b"", "j.csv"), (b"\r\n\r\n", "j.csv"), ("Werknemersnummer;Naam;Bedrag\r\n", "j.csv"),
    ("Werknemersnummer;Naam;Bedrag\r\nTotaal;;0,00\r\n", "j.csv"), (b"%PDF-1.4\n", "j.pdf"),
    (b"PK\x03\x04 not really a workbook", "j.xlsx"),
])
def test_unreadable_journals_exit_1(capsys, tmp_path, content, name):
    rc, got, err = check(capsys, tmp_path, content, name=name)
    assert rc == 1
    assert got is None
    assert name in err


def test_missing_journal_file_exits_1(capsys):
    rc, got, err = run_cli(capsys, "payroll-check", str(MARCH), "/nonexistent/j.csv", "--json")
    assert rc == 1
    assert got is None
    assert "j.csv" in err


@pytest.mark.parametrize("argv", [
    ("--amount", "1.000,00"), ("--amount", "25,001"), ("--percent", "101"), ("--bogus",),
    ("--amount", "1", "--percent", "1"), ("--period", "week"),
])
def test_wrong_command_lines_exit_2(capsys, tmp_path, argv):
    rc, got, _ = check(capsys, tmp_path, per_employee(), *argv, options=())
    assert rc == 2
    assert got is None


def test_missing_payroll_argument_exits_2(capsys):
    rc, _, _ = run_cli(capsys, "payroll-check", str(MARCH), "--json")
    assert rc == 2


def test_differences_are_findings_exit_0(capsys, tmp_path):
    rc, got, _ = check(capsys, tmp_path, per_employee({"E99999": "1,00"}))
    assert rc == 0
    assert got["aantallen"]["alleen borderel"] == 6


# ---- payroll-formats.md: what the salary conversion writes -----------------------------------

def test_csv_profile_file(capsys, tmp_path):
    target = tmp_path / "import.csv"
    rc, _, _ = run_cli(capsys, "salary", str(MARCH), *AMOUNT, "-o", str(target))
    assert rc == 0
    data = target.read_bytes()
    lines = data.decode("cp1252").split("\r\n")
    assert lines[0] == "werknemersnummer;looncomponent;periode;bedrag"
    assert lines[-1] == ""  # CR LF after every line
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert "001392;7500;202603;171,03" in lines
    assert "004708;7510;202603;402,64" in lines
    assert "E19286;7520;202603;25,00" in lines
    assert len(lines) == 1 + 6 * 2 + 1 + 1  # premie and bijdrage each, 004708's correctie


def test_csv_profile_writes_no_zero_lines(capsys, tmp_path):
    target = tmp_path / "import.csv"
    rc, _, _ = run_cli(capsys, "salary", str(MARCH), "-o", str(target))  # no contribution
    assert rc == 0
    lines = target.read_text(encoding="cp1252").splitlines()
    assert not any(";7520;" in ln for ln in lines)
    assert len(lines) == 1 + 6 + 1


def test_dpia100_positions(capsys, tmp_path):
    target = tmp_path / "import.txt"
    rc, _, err = run_cli(capsys, "salary", str(MARCH), *AMOUNT, "--profile", "raet-dpia100",
                         "--set", "creatiegebruiker=DIGIBORD", "-o", str(target))
    assert rc == 0, err
    data = target.read_bytes()
    assert data.endswith(b"\r\n")
    records = data.decode("cp1252").split("\r\n")[:-1]
    first = records[0]
    assert first[0:3] == "IMP"
    assert first[3:9] == "7500  "
    assert first[9:59] == "1392".ljust(50)  # without leading zeros
    assert first[59] == "V"
    assert first[71:87] == "DIGIBORD".ljust(16)
    assert first[87:137] == "171.03".ljust(50)
    assert first[137:148] == "01032026".ljust(11)
    assert first[148:178] == " " * 30
    assert first[178:181] == "NOR"
    assert first[181:187] == "032026"
    # the program reads its own import file back as a journal per component
    rc, got, _ = run_cli(capsys, "payroll-check", str(MARCH), str(target), *AMOUNT,
                         "--profile", "raet-dpia100", "--json")
    assert rc == 0
    assert all_agreed(got)


def test_negative_amounts_in_the_import_files(capsys, tmp_path):
    # February: 007263's correction is -20,47 (and its werknemersnummer has leading zeros)
    target = tmp_path / "import.csv"
    rc, _, _ = run_cli(capsys, "salary", str(FEBRUARY), "-o", str(target))
    assert rc == 0
    assert "007263;7510;202602;-20,47" in target.read_text(encoding="cp1252").splitlines()
    target = tmp_path / "import.txt"
    rc, _, _ = run_cli(capsys, "salary", str(FEBRUARY), "--profile", "raet-dpia100", "--set",
                       "creatiegebruiker=DIGIBORD", "-o", str(target))
    assert rc == 0
    [record] = [r for r in target.read_bytes().decode("cp1252").split("\r\n")
                if r[3:9] == "7510  " and r[9:59].strip() == "7263"]
    assert record[87:137] == "-20.47".ljust(50)  # the minus sign at position 88


def test_two_columns_of_one_component_are_added_up(capsys, tmp_path):
    # reports.md section 5: one column per component is read "as per component, over those
    # columns"; two headings of the premie code count like two rows of it
    rc, base, _ = check(capsys, tmp_path, _kolom(), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(_kolom())))
    heading = next(i for i, r in enumerate(rows) if "7500 Premie zorg" in r)
    first = next(i for i in range(heading + 1, len(rows)) if rows[i] and rows[i][0] == "1392")
    for i, r in enumerate(rows):
        r.append("7500 Premie extra" if i == heading else "1.25" if i == first else "")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    rc, got, err = check(capsys, tmp_path, buf.getvalue(), encoding="utf-8")
    assert rc == 0, err
    assert by_number(got)["001392"]["ingehouden_cent"] == \
        by_number(base)["001392"]["ingehouden_cent"] + 125
    assert got["totaal_ingehouden_cent"] == base["totaal_ingehouden_cent"] + 125
    assert "7500 Premie zorg" in got["kolommen_component"]["premie"]
    assert "7500 Premie extra" in got["kolommen_component"]["premie"]
