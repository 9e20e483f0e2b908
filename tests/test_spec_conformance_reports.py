"""list, corrections, diff and salary against the spec as an outside tester reads it (shared
spec: reports.md sections 1-4, cli.md, glossary.md), not against the program's own docs.

Most cases build a small borderel by hand from the record layout (borderel-dat.md) with a
trailer that adds up, run the command through `cli.main` and assert only what the spec says.
The samples (tests/data/samples, copies of the shared ones) check the totals against the 90."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from borderel_edit import get, put
from report_support import run_main as run

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
MONTH = "202604"
# code: (productsoort, omschrijving, collectieve korting in hundredths of a percent)
PRODUCTS = {"BEK": ("B", "VGZ Eigen Keuze", "0000"), "AGD": ("A", "VGZ Aanvullend Goed", "1000"),
            "TND": ("T", "VGZ Tand Best", "0000")}


# ---- building borderels ----------------------------------------------------------------------

def record(kind: str, **fields: str) -> bytes:
    line = kind.encode() + b" " * 248
    for name, value in fields.items():
        line = put(line, name, value)
    return line


def signed(cent: int, digits: int = 10) -> str:
    return ("-" if cent < 0 else "+") + str(abs(cent)).zfill(digits)


def person(rel: str, role: str = "H", head: str | None = None, number: str = "",
           surname: str = "Jansen", initials: str = "A.", end: str = "00000000",
           bsn: str = "") -> dict:
    return {"relation_number": rel, "policyholder": head or rel, "role": role,
            "employee_number": number, "surname": surname, "initials": initials,
            "end_date": end, "bsn": bsn}


def pline(rel: str, product: str, net: int, *, gross: int | None = None, month: str = MONTH
          ) -> dict:
    gross = net if gross is None else gross
    return {"relation_number": rel, "line_kind": "P", "premium_month": month,
            "product_code": product, "gross": gross, "coll": gross - net, "other": 0,
            "mutation_code": "00", "mutation_date": "00000000"}


def cline(rel: str, product: str, net: int, month: str = "202603", code: str = "01",
          date: str = "20260301", gross: int | None = None, coll: int = 0, other: int = 0
          ) -> dict:
    gross = net + coll + other if gross is None else gross
    return {"relation_number": rel, "line_kind": "C", "premium_month": month,
            "product_code": product, "gross": gross, "coll": coll, "other": other,
            "mutation_code": code, "mutation_date": date}


def borderel(persons: list[dict], lines: list[dict], month: str = MONTH, sequence: str = "01",
             collectivity: str = "123456789", products: dict = PRODUCTS) -> bytes:
    out = [record("01", record_type="01", file_id="BRDVGZ", layout_version="01",
                  collectivity_number=collectivity, collectivity_name="Proef B.V.",
                  prolongation_month=month, creation_date=month + "20",
                  employer_number="0000004711", sequence=sequence)]
    for code, (kind, description, bp) in products.items():
        out.append(record("05", record_type="05", product_code=code, product_kind=kind,
                          description=description, discount_bp=bp))
    for i, p in enumerate(persons):
        out.append(record("10", record_type="10", relation_number=p["relation_number"],
                          policyholder=p["policyholder"], role=p["role"],
                          employee_number=p["employee_number"], bsn=p["bsn"],
                          surname=p["surname"], initials=p["initials"],
                          birth_date=f"19{70 + i % 30}0101", gender="O",
                          start_date="20200101", end_date=p["end_date"]))
    for ln in lines:
        out.append(record("20", record_type="20", relation_number=ln["relation_number"],
                          line_kind=ln["line_kind"], premium_month=ln["premium_month"],
                          product_code=ln["product_code"], gross_cent=signed(ln["gross"]),
                          collective_discount_cent=signed(ln["coll"]),
                          other_discount_cent=signed(ln["other"]),
                          net_cent=signed(ln["gross"] - ln["coll"] - ln["other"]),
                          mutation_code=ln["mutation_code"],
                          mutation_date=ln["mutation_date"]))
    prol = sum(ln["gross"] - ln["coll"] - ln["other"] for ln in lines if ln["line_kind"] == "P")
    corr = sum(ln["gross"] - ln["coll"] - ln["other"] for ln in lines if ln["line_kind"] == "C")
    out.append(record("90", record_type="90", insured_count=str(len(persons)).zfill(7),
                      line_count=str(len(lines)).zfill(7),
                      total_prolongation_cent=signed(prol, 12),
                      total_corrections_cent=signed(corr, 12),
                      total_due_cent=signed(prol + corr, 12)))
    return b"\r\n".join(out) + b"\r\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def one_employee(tmp_path: Path, lines: list[dict]) -> str:
    """A borderel of April with one employee, E1 (relatienummer 0000000001), and these lines."""
    return write(tmp_path, "a.dat", borderel([person("0000000001", number="E1")], lines))


def trailer_totals(path: Path) -> tuple[int, int]:
    last = path.read_bytes().split(b"\r\n")[-2]
    return (int(get(last, "total_prolongation_cent")), int(get(last, "total_corrections_cent")))


def contiguous(keys: list) -> bool:
    """Every key's rows stand together (grouped), whatever order the groups have."""
    seen, last = set(), object()
    for key in keys:
        if key != last:
            if key in seen:
                return False
            seen.add(key)
            last = key
    return True


MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# one family (H 1, P 2, K 3) and a single employee (H 4)
FAMILY = [person("0000000001", number="E1", surname="Berg", initials="J.H."),
          person("0000000002", "P", "0000000001", surname="Berg", initials="M."),
          person("0000000003", "K", "0000000001", surname="Berg", initials="K."),
          person("0000000004", number="E2", surname="Smit", initials="T.")]
FAMILY_LINES = [pline("0000000001", "BEK", 15000), pline("0000000001", "AGD", 3000, gross=3333),
                pline("0000000002", "BEK", 14000), pline("0000000002", "TND", 2000),
                pline("0000000003", "BEK", 0), pline("0000000003", "AGD", 2500),
                pline("0000000004", "BEK", 16000),
                cline("0000000002", "BEK", -700, code="02", date="20260315"),
                cline("0000000004", "AGD", 1234, month="202602", code="01",
                      date="20260201")]


@pytest.fixture
def family(tmp_path) -> str:
    return write(tmp_path, "april.dat", borderel(FAMILY, FAMILY_LINES))


# ---- 1. list ---------------------------------------------------------------------------------

def test_list_json_keys_and_types(capsys, family):
    code, out, err = run(capsys, "list", family, "--json")
    assert code == 0, err
    assert out["collectiviteitsnummer"] == "123456789"
    assert isinstance(out["naam"], str)
    assert out["prolongatiemaand"] == "2026-04"
    assert out["volgnummer"] == 1
    for key in ("totaal_prolongatie_cent", "totaal_correcties_cent"):
        assert type(out[key]) is int
    keys = {"relatienummer": str, "relatienummer_hoofdverzekerde": str, "rol": str,
            "werknemersnummer": str, "naam": str, "geboortedatum": str, "ingangsdatum": str,
            "prolongatie_cent": int, "correcties_cent": int, "totaal_cent": int}
    for row in out["verzekerden"]:
        for key, kind in keys.items():
            assert type(row[key]) is kind, key
        assert DATE_RE.match(row["geboortedatum"]) and DATE_RE.match(row["ingangsdatum"])
        assert row["einddatum"] is None


def test_list_one_row_per_insured_person(capsys, family):
    _, out, _ = run(capsys, "list", family, "--json")
    assert [r["relatienummer"] for r in out["verzekerden"]] == \
        ["0000000001", "0000000002", "0000000003", "0000000004"]
    assert [r["rol"] for r in out["verzekerden"]] == ["H", "P", "K", "H"]


def test_list_amounts_per_person(capsys, family):
    _, out, _ = run(capsys, "list", family, "--json")
    got = {r["relatienummer"]: (r["prolongatie_cent"], r["correcties_cent"], r["totaal_cent"])
           for r in out["verzekerden"]}
    assert got == {"0000000001": (18000, 0, 18000), "0000000002": (16000, -700, 15300),
                   "0000000003": (2500, 0, 2500), "0000000004": (16000, 1234, 17234)}


def test_list_totals_are_the_90_records(capsys, family):
    _, out, _ = run(capsys, "list", family, "--json")
    assert (out["totaal_prolongatie_cent"], out["totaal_correcties_cent"]) == (52500, 534)
    assert sum(r["prolongatie_cent"] for r in out["verzekerden"]) == 52500
    assert sum(r["correcties_cent"] for r in out["verzekerden"]) == 534


@pytest.mark.parametrize("month", ["01", "02", "03"])
def test_list_totals_of_the_samples_are_the_90_records(capsys, month):
    path = SAMPLES / f"2026-{month}_01.dat"
    _, out, _ = run(capsys, "list", str(path), "--json")
    want = trailer_totals(path)
    assert (out["totaal_prolongatie_cent"], out["totaal_correcties_cent"]) == want
    assert (sum(r["prolongatie_cent"] for r in out["verzekerden"]),
            sum(r["correcties_cent"] for r in out["verzekerden"])) == want
    assert all(r["totaal_cent"] == r["prolongatie_cent"] + r["correcties_cent"]
               for r in out["verzekerden"])


def test_list_partner_and_child_show_the_employees_number(capsys, family):
    _, out, _ = run(capsys, "list", family, "--json")
    assert [r["werknemersnummer"] for r in out["verzekerden"]] == ["E1", "E1", "E1", "E2"]
    assert [r["relatienummer_hoofdverzekerde"] for r in out["verzekerden"]] == \
        ["0000000001"] * 3 + ["0000000004"]


def test_list_an_employee_without_lines_of_their_own_has_a_row_of_zeros(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000002", "K", "0000000001")]
    path = write(tmp_path, "a.dat", borderel(persons, [pline("0000000002", "AGD", 2500)]))
    _, out, _ = run(capsys, "list", path, "--json")
    head = out["verzekerden"][0]
    assert (head["relatienummer"], head["prolongatie_cent"], head["totaal_cent"]) == \
        ("0000000001", 0, 0)


def test_list_display_name_and_dates(capsys, tmp_path):
    persons = [person("0000000001", number="E1", surname="Berg", initials="J.H.",
                      end="20260430")]
    data = borderel(persons, [pline("0000000001", "BEK", 100)])
    lines = data.split(b"\r\n")
    i = next(i for i, ln in enumerate(lines) if ln[:2] == b"10")
    lines[i] = put(put(lines[i], "prefix", "van der"), "birth_date", "19801212")
    _, out, _ = run(capsys, "list", write(tmp_path, "a.dat", b"\r\n".join(lines)), "--json")
    (row,) = out["verzekerden"]
    assert row["naam"] == "J.H. van der Berg"
    assert (row["geboortedatum"], row["ingangsdatum"], row["einddatum"]) == \
        ("1980-12-12", "2020-01-01", "2026-04-30")


def test_list_bsn_is_masked_unless_asked_for(capsys, tmp_path):
    path = write(tmp_path, "a.dat", borderel([person("0000000001", number="E1", bsn="123456782")],
                                             [pline("0000000001", "BEK", 100)]))
    _, out, _ = run(capsys, "list", path, "--json")
    assert out["verzekerden"][0].get("bsn", "*****6782") == "*****6782"
    assert "123456782" not in json.dumps(out)
    _, out, _ = run(capsys, "list", path, "--json", "--show-bsn")
    assert out["verzekerden"][0]["bsn"] == "123456782"


def test_list_csv_writes_the_file(capsys, family, tmp_path):
    target = tmp_path / "lijst.csv"
    code, _, _ = run(capsys, "list", family, "--csv", str(target))
    assert code == 0
    assert target.is_file() and target.stat().st_size > 0
    assert "0000000004" in target.read_bytes().decode("utf-8-sig", errors="replace")



@pytest.mark.parametrize(("show", "want"), [((), "*****6782"), (("--show-bsn",), "123456782")])
def test_list_csv_masks_the_bsn_unless_asked_for(capsys, tmp_path, show, want):
    path = write(tmp_path, "a.dat", borderel([person("0000000001", number="E1", bsn="123456782")],
                                             [pline("0000000001", "BEK", 100)]))
    target = tmp_path / "lijst.csv"
    code, _, err = run(capsys, "list", path, "--csv", str(target), *show)
    assert code == 0, err
    text = target.read_bytes().decode("utf-8-sig")
    assert want in text and (want == "123456782" or "123456782" not in text)

@pytest.mark.parametrize(("show", "want"), [((), "*****6782"), (("--show-bsn",), "123456782")])
def test_list_on_the_terminal_masks_the_bsn_unless_asked_for(capsys, tmp_path, show, want):
    """reports.md section 1: the BSN masked unless the user asks for it in full, on the
    terminal too (`--columns` can name it there)."""
    path = write(tmp_path, "a.dat", borderel([person("0000000001", number="E1", bsn="123456782")],
                                             [pline("0000000001", "BEK", 100)]))
    code, text, err = run(capsys, "list", path, "--columns", "naam,bsn", *show)
    assert code == 0, err
    assert want in text and (want == "123456782" or "123456782" not in text)


# ---- 2. corrections --------------------------------------------------------------------------

def test_corrections_json_keys_types_and_values(capsys, family):
    code, out, err = run(capsys, "corrections", family, "--json")
    assert code == 0, err
    rows = {r["relatienummer"]: r for r in out["rows"]}
    assert set(rows) == {"0000000002", "0000000004"}  # C lines only, no P lines
    partner = rows["0000000002"]
    assert partner == {**partner, "werknemersnummer": "E1", "premiemaand": "2026-03",
                       "productcode": "BEK", "mutatiecode": "02", "mutatiedatum": "2026-03-15",
                       "bruto_cent": -700, "korting_cent": 0, "netto_cent": -700}
    assert rows["0000000004"]["werknemersnummer"] == "E2"
    for row in out["rows"]:
        for key in ("bruto_cent", "korting_cent", "netto_cent"):
            assert type(row[key]) is int
    assert out["totaal_netto_cent"] == 534


def test_corrections_korting_is_collective_plus_other(capsys, tmp_path):
    lines = [pline("0000000001", "AGD", 3000, gross=3333),
             cline("0000000001", "AGD", -250, gross=0, coll=200, other=50, code="08")]
    path = one_employee(tmp_path, lines)
    _, out, _ = run(capsys, "corrections", path, "--json")
    (row,) = out["rows"]
    assert (row["bruto_cent"], row["korting_cent"], row["netto_cent"]) == (0, 250, -250)


@pytest.mark.parametrize("month", ["01", "02", "03"])
def test_corrections_total_of_the_samples_is_the_90_record(capsys, month):
    path = SAMPLES / f"2026-{month}_01.dat"
    _, out, _ = run(capsys, "corrections", str(path), "--json")
    assert out["totaal_netto_cent"] == trailer_totals(path)[1]
    assert sum(r["netto_cent"] for r in out["rows"]) == trailer_totals(path)[1]


def test_corrections_are_grouped_by_employee_then_person_then_month(capsys, tmp_path):
    persons = FAMILY[:2] + FAMILY[3:]
    lines = [pline("0000000001", "BEK", 100),
             cline("0000000004", "BEK", 10, month="202603"),
             cline("0000000001", "BEK", 20, month="202603"),
             cline("0000000002", "BEK", 30, month="202602"),
             cline("0000000001", "AGD", 40, month="202602"),
             cline("0000000004", "AGD", 50, month="202601"),
             cline("0000000002", "AGD", 60, month="202603"),
             cline("0000000001", "BEK", 70, month="202602")]
    _, out, _ = run(capsys, "corrections", write(tmp_path, "a.dat", borderel(persons, lines)),
                    "--json")
    rows = out["rows"]
    assert len(rows) == 7
    assert contiguous([r["werknemersnummer"] for r in rows])
    assert contiguous([(r["werknemersnummer"], r["relatienummer"]) for r in rows])
    assert contiguous([(r["relatienummer"], r["premiemaand"]) for r in rows])


def test_corrections_of_a_borderel_without_c_lines(capsys, tmp_path):
    path = write(tmp_path, "a.dat", borderel(FAMILY[3:], [pline("0000000004", "BEK", 100)]))
    code, out, _ = run(capsys, "corrections", path, "--json")
    assert (code, out["rows"], out["totaal_netto_cent"]) == (0, [], 0)


def test_corrections_of_several_files_say_each_rows_prolongatiemaand(capsys, tmp_path):
    march = borderel(FAMILY[3:], [pline("0000000004", "BEK", 100, month="202603"),
                                  cline("0000000004", "BEK", 11, month="202602")],
                     month="202603")
    april = borderel(FAMILY[3:], [pline("0000000004", "BEK", 100),
                                  cline("0000000004", "BEK", 22, month="202603")])
    code, out, err = run(capsys, "corrections", write(tmp_path, "m.dat", march),
                         write(tmp_path, "a.dat", april), "--json")
    assert code == 0, err
    assert sorted((r["prolongatiemaand"], r["netto_cent"]) for r in out["rows"]) == \
        [("2026-03", 11), ("2026-04", 22)]
    assert out["totaal_netto_cent"] == 33


def test_corrections_mutation_has_its_meaning(capsys, family):
    _, out, _ = run(capsys, "corrections", family, "--json")
    meanings = {r["mutatiecode"]: r.get("mutatie", "") for r in out["rows"]}
    assert "afmelding" in meanings["02"] and "aanmelding" in meanings["01"]


# ---- 3. diff ---------------------------------------------------------------------------------

VAN_PERSONS = [person("0000000001", number="E1", surname="Berg"),
               person("0000000002", "P", "0000000001", surname="Berg"),
               person("0000000005", number="E5", surname="Weg")]
VAN_LINES = [pline("0000000001", "BEK", 15000, month="202603"),
             pline("0000000001", "AGD", 3000, month="202603"),
             pline("0000000002", "BEK", 14000, month="202603"),
             pline("0000000005", "BEK", 16000, month="202603")]
TOT_PERSONS = [person("0000000001", number="E1", surname="Berg"),
               person("0000000002", "P", "0000000001", surname="Berg"),
               person("0000000006", number="E6", surname="Nieuw")]
TOT_LINES = [pline("0000000001", "BEK", 15000), pline("0000000001", "AGD", 3300),
             pline("0000000002", "BEK", 14000), pline("0000000002", "TND", 2000),
             pline("0000000006", "BEK", 16500),
             cline("0000000002", "BEK", -999, month="202603")]


@pytest.fixture
def pair(tmp_path) -> tuple[str, str]:
    return (write(tmp_path, "maart.dat", borderel(VAN_PERSONS, VAN_LINES, month="202603")),
            write(tmp_path, "april.dat", borderel(TOT_PERSONS, TOT_LINES)))


def diff_rows(out: dict) -> dict[tuple, tuple]:
    return {(r["relatienummer"], r["productcode"]):
            (r["status"], r["netto_van_cent"], r["netto_tot_cent"], r["verschil_cent"])
            for r in out["rows"]}


def test_diff_json_keys_and_types(capsys, pair):
    code, out, err = run(capsys, "diff", *pair, "--json")
    assert code == 0, err
    assert out["van"] == {**out["van"], "prolongatiemaand": "2026-03", "volgnummer": 1}
    assert out["tot"] == {**out["tot"], "prolongatiemaand": "2026-04", "volgnummer": 1}
    for key in ("totaal_van_cent", "totaal_tot_cent", "totaal_verschil_cent"):
        assert type(out[key]) is int
    for row in out["rows"]:
        for key in ("relatienummer", "werknemersnummer", "productcode", "status"):
            assert type(row[key]) is str
        for key in ("netto_van_cent", "netto_tot_cent", "verschil_cent"):
            assert type(row[key]) is int


def test_diff_statuses_and_amounts(capsys, pair):
    _, out, _ = run(capsys, "diff", *pair, "--json", "--all")
    assert diff_rows(out) == {
        ("0000000001", "BEK"): ("ongewijzigd", 15000, 15000, 0),
        ("0000000001", "AGD"): ("gewijzigd", 3000, 3300, 300),
        ("0000000002", "BEK"): ("ongewijzigd", 14000, 14000, 0),
        ("0000000002", "TND"): ("nieuw", 0, 2000, 2000),
        ("0000000005", "BEK"): ("vervallen", 16000, 0, -16000),
        ("0000000006", "BEK"): ("nieuw", 0, 16500, 16500),
    }


def test_diff_leaves_out_ongewijzigd_rows_by_default(capsys, pair):
    _, out, _ = run(capsys, "diff", *pair, "--json")
    assert set(diff_rows(out)) == {("0000000001", "AGD"), ("0000000002", "TND"),
                                   ("0000000005", "BEK"), ("0000000006", "BEK")}
    assert "ongewijzigd" not in {r["status"] for r in out["rows"]}


@pytest.mark.parametrize("everything", [(), ("--all",)])
def test_diff_totals_cover_every_pair_shown_or_not(capsys, pair, everything):
    _, out, _ = run(capsys, "diff", *pair, "--json", *everything)
    assert (out["totaal_van_cent"], out["totaal_tot_cent"], out["totaal_verschil_cent"]) == \
        (48000, 50800, 2800)


@pytest.mark.parametrize(("van", "tot"), [("01", "02"), ("02", "03"), ("01", "03")])
def test_diff_totals_of_the_samples_are_the_90_records(capsys, van, tot):
    a, b = SAMPLES / f"2026-{van}_01.dat", SAMPLES / f"2026-{tot}_01.dat"
    for everything in ((), ("--all",)):
        _, out, _ = run(capsys, "diff", str(a), str(b), "--json", *everything)
        assert out["totaal_van_cent"] == trailer_totals(a)[0]
        assert out["totaal_tot_cent"] == trailer_totals(b)[0]
        assert out["totaal_verschil_cent"] == trailer_totals(b)[0] - trailer_totals(a)[0]
    assert sum(r["netto_van_cent"] for r in out["rows"]) == trailer_totals(a)[0]
    assert sum(r["netto_tot_cent"] for r in out["rows"]) == trailer_totals(b)[0]
    assert all(r["verschil_cent"] == r["netto_tot_cent"] - r["netto_van_cent"]
               for r in out["rows"])


def test_diff_c_lines_make_no_rows(capsys, tmp_path):
    persons = [person("0000000001", number="E1")]
    van = borderel(persons, [pline("0000000001", "BEK", 100, month="202603")], month="202603")
    tot = borderel(persons, [pline("0000000001", "BEK", 100),
                             cline("0000000001", "AGD", 500, month="202603")])
    _, out, _ = run(capsys, "diff", write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot),
                    "--json", "--all")
    assert diff_rows(out) == {("0000000001", "BEK"): ("ongewijzigd", 100, 100, 0)}
    assert (out["totaal_van_cent"], out["totaal_tot_cent"]) == (100, 100)


def test_diff_person_data_from_tot_else_from_van(capsys, tmp_path):
    # the employee's werknemersnummer changed: tot's; the employee who left: van's
    van = borderel(VAN_PERSONS, VAN_LINES, month="202603")
    tot_persons = [dict(TOT_PERSONS[0], employee_number="E1-NIEUW"), *TOT_PERSONS[1:]]
    tot = borderel(tot_persons, TOT_LINES)
    _, out, _ = run(capsys, "diff", write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot),
                    "--json", "--all")
    numbers = {(r["relatienummer"], r["productcode"]): r["werknemersnummer"] for r in out["rows"]}
    assert numbers == {("0000000001", "BEK"): "E1-NIEUW", ("0000000001", "AGD"): "E1-NIEUW",
                       ("0000000002", "BEK"): "E1-NIEUW", ("0000000002", "TND"): "E1-NIEUW",
                       ("0000000005", "BEK"): "E5", ("0000000006", "BEK"): "E6"}


def test_diff_a_product_that_left_keeps_the_persons_tot_data(capsys, tmp_path):
    # the P line of AGD is only in van, the person is in both: the row takes tot's number
    persons = [person("0000000001", number="OUD")]
    van = borderel(persons, [pline("0000000001", "BEK", 100, month="202603"),
                             pline("0000000001", "AGD", 50, month="202603")], month="202603")
    tot = borderel([person("0000000001", number="NIEUW")], [pline("0000000001", "BEK", 100)])
    _, out, _ = run(capsys, "diff", write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot),
                    "--json")
    assert [(r["productcode"], r["status"], r["werknemersnummer"]) for r in out["rows"]] == \
        [("AGD", "vervallen", "NIEUW")]


def test_diff_rows_are_grouped_per_employee(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E4"),
               person("0000000002", "P", "0000000001"), person("0000000003", "K", "0000000001")]
    tot = borderel(persons, [pline(p["relation_number"], "BEK", 100 + i)
                             for i, p in enumerate(persons)])
    van = borderel([person("0000000009", number="E9")],
                   [pline("0000000009", "BEK", 1, month="202603")], month="202603")
    _, out, _ = run(capsys, "diff", write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot),
                    "--json")
    assert len(out["rows"]) == 5
    assert contiguous([r["werknemersnummer"] for r in out["rows"]])


def test_diff_compares_month_then_sequence(capsys, tmp_path):
    persons = [person("0000000001", number="E1")]
    van = write(tmp_path, "v.dat", borderel(persons, [pline("0000000001", "BEK", 100,
                                                            month="202603")],
                                            month="202603", sequence="02"))
    tot = write(tmp_path, "t.dat", borderel(persons, [pline("0000000001", "BEK", 100)]))
    assert run(capsys, "diff", van, tot, "--json")[0] == 0  # a later month, a lower volgnummer


def diff_refused(capsys, van: str, tot: str, *extra: str) -> str:
    code, out, err = run(capsys, "diff", van, tot, "--json", *extra)
    assert code == 1
    assert out == ""
    assert err.strip()
    return err


def test_diff_refuses_different_collectivities_in_words(capsys, tmp_path):
    persons = [person("0000000001", number="E1")]
    van = write(tmp_path, "v.dat", borderel(persons,
                                            [pline("0000000001", "BEK", 1, month="202603")],
                                            month="202603", collectivity="111111111"))
    tot = write(tmp_path, "t.dat", borderel(persons, [pline("0000000001", "BEK", 1)]))
    err = diff_refused(capsys, van, tot)
    assert "collectiviteit" in err
    err_en = diff_refused(capsys, van, tot, "--lang", "en")
    assert "collectivit" in err_en and err_en != err


@pytest.mark.parametrize(("van", "tot"), [(("202604", "01"), ("202603", "01")),
                                          (("202604", "01"), ("202604", "01")),
                                          (("202604", "02"), ("202604", "01"))])
def test_diff_refuses_van_not_earlier_than_tot(capsys, tmp_path, van, tot):
    persons = [person("0000000001", number="E1")]
    paths = [write(tmp_path, f"{i}.dat",
                   borderel(persons, [pline("0000000001", "BEK", 1, month=m)], month=m,
                            sequence=s)) for i, (m, s) in enumerate((van, tot))]
    diff_refused(capsys, *paths)


def test_diff_months_from_the_archive(capsys):
    for month in ("01", "02"):
        assert run(capsys, "import", str(SAMPLES / f"2026-{month}_01.dat"))[0] == 0
    code, out, err = run(capsys, "diff", "2026-01", "2026-02", "--json")
    assert code == 0, err
    _, want, _ = run(capsys, "diff", str(SAMPLES / "2026-01_01.dat"),
                     str(SAMPLES / "2026-02_01.dat"), "--json")
    assert diff_rows(out) == diff_rows(want)
    assert out["totaal_verschil_cent"] == want["totaal_verschil_cent"]


def test_diff_picks_the_collectivity_in_an_archive_of_several(capsys, tmp_path):
    other = [person("0000000001", number="E1")]
    for month in ("202601", "202602"):
        data = borderel(other, [pline("0000000001", "BEK", 100, month=month)], month=month,
                        collectivity="222222222")
        assert run(capsys, "import", write(tmp_path, f"{month}.dat", data))[0] == 0
    for month in ("01", "02"):
        assert run(capsys, "import", str(SAMPLES / f"2026-{month}_01.dat"))[0] == 0
    code, out, err = run(capsys, "diff", "2026-01", "2026-02", "--json",
                         "--collectivity", "222222222", "--all")
    assert code == 0, err
    assert diff_rows(out) == {("0000000001", "BEK"): ("ongewijzigd", 100, 100, 0)}


# ---- 4. salary -------------------------------------------------------------------------------

def salary(capsys, path: str, *options: str) -> dict[str, tuple[int, int, int]]:
    code, out, err = run(capsys, "salary", path, *options, "--json")
    assert code == 0, err
    return {r["werknemersnummer"]: (r["premie_cent"], r["correctie_cent"], r["bijdrage_cent"])
            for r in out["rows"]}


def test_salary_json_keys_and_types(capsys, family):
    code, out, err = run(capsys, "salary", family, "--json")
    assert code == 0, err
    assert out["niet_omgezet"] == []
    for row in out["rows"]:
        assert type(row["werknemersnummer"]) is str
        for key in ("premie_cent", "correctie_cent", "bijdrage_cent"):
            assert type(row[key]) is int


def test_salary_defaults_no_contribution_family_premium_and_correction(capsys, family):
    # the family of E1: 15000 + 3000 + 14000 + 2000 + 0 + 2500, correctie -700
    assert salary(capsys, family) == {"E1": (36500, -700, 0), "E2": (16000, 1234, 0)}


@pytest.mark.parametrize(("on", "scope", "want"), [
    ("basis", "werknemer", {"E1": 2500, "E2": 2500}),
    ("aanvullend", "werknemer", {"E1": 2500, "E2": 0}),   # AGD 3000; E2 has no A/T line
    ("totaal", "werknemer", {"E1": 2500, "E2": 2500}),
    ("basis", "werknemer-partner", {"E1": 5000, "E2": 2500}),
    ("aanvullend", "werknemer-partner", {"E1": 4500, "E2": 0}),  # partner's TND 2000 capped
    ("aanvullend", "iedereen", {"E1": 7000, "E2": 0}),  # the child's AGD 2500 → 2500
    ("basis", "iedereen", {"E1": 5000, "E2": 2500}),  # the child's BEK 0 → 0
])
def test_salary_fixed_amount_per_person_capped_at_the_net_premium(capsys, family, on, scope,
                                                                  want):
    got = salary(capsys, family, "--on", on, "--for", scope, "--amount", "25,00")
    assert {k: v[2] for k, v in got.items()} == want


@pytest.mark.parametrize("amount", ["25,00", "25.00", "25", "25,0"])
def test_salary_amount_written_either_way(capsys, family, amount):
    got = salary(capsys, family, "--amount", amount)
    assert {k: v[2] for k, v in got.items()} == {"E1": 2500, "E2": 2500}


@pytest.mark.parametrize("amount", ["1.250,00", "1,250.00", "12,505", "-1", "abc"])
def test_salary_amount_that_is_not_euros_is_a_command_line_error(capsys, family, amount):
    code, out, _ = run(capsys, "salary", family, "--amount", amount, "--json")
    assert code == 2 and out == ""


@pytest.mark.parametrize("percent", ["-1", "100,01", "12,345", "101"])
def test_salary_percent_outside_0_to_100_is_a_command_line_error(capsys, family, percent):
    code, out, _ = run(capsys, "salary", family, "--percent", percent, "--json")
    assert code == 2 and out == ""


def test_salary_amount_zero_means_no_contribution(capsys, family):
    assert {k: v[2] for k, v in salary(capsys, family, "--amount", "0").items()} == \
        {"E1": 0, "E2": 0}


def test_salary_percent_of_the_net_premium(capsys, family):
    got = salary(capsys, family, "--on", "totaal", "--percent", "12,5")
    # E1: 12,5 % of 18000 = 2250; E2: 12,5 % of 16000 = 2000
    assert {k: v[2] for k, v in got.items()} == {"E1": 2250, "E2": 2000}
    got = salary(capsys, family, "--on", "totaal", "--percent", "100")
    assert {k: v[2] for k, v in got.items()} == {"E1": 18000, "E2": 16000}


@pytest.mark.parametrize(("net", "percent", "want"), [
    (101, "50", 51),       # 50,5 → 51: half away from zero, not to even
    (105, "10", 11),       # 10,5 → 11
    (125, "10", 13),       # 12,5 → 13 (banker's rounding would give 12)
    (3333, "33,33", 1111),  # 1110,89 → 1111
    (1001, "0,05", 1),     # 0,5005 → 1
    (999, "0,05", 0),      # 0,4995 → 0
])
def test_salary_percent_rounds_half_away_from_zero(capsys, tmp_path, net, percent, want):
    path = one_employee(tmp_path, [pline("0000000001", "BEK", net)])
    assert salary(capsys, path, "--percent", percent) == {"E1": (net, 0, want)}


def test_salary_percent_is_rounded_per_person_then_summed(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000002", "P", "0000000001"),
               person("0000000003", "K", "0000000001")]
    lines = [pline(p["relation_number"], "BEK", 1) for p in persons]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    # each person 0,5 cent → 1; summed first it would be 1,5 → 2
    assert salary(capsys, path, "--for", "iedereen", "--percent", "50") == {"E1": (3, 0, 3)}


def test_salary_percent_is_rounded_per_person_not_per_product(capsys, tmp_path):
    lines = [pline("0000000001", "BEK", 1), pline("0000000001", "AGD", 1, gross=2)]
    path = one_employee(tmp_path, lines)
    # one person's products in scope together: 50 % of 2 = 1 (per product it would be 2)
    assert salary(capsys, path, "--on", "totaal", "--percent", "50") == {"E1": (2, 0, 1)}


NEGATIVE_A = [pline("0000000001", "BEK", 5000), pline("0000000001", "AGD", -300, gross=0)]
A_AND_T = [pline("0000000001", "AGD", 1500), pline("0000000001", "TND", 1500)]


@pytest.mark.parametrize(("lines", "option", "want"), [
    (NEGATIVE_A, ("--percent", "50"), (4700, 0, 0)),  # never below 0
    (NEGATIVE_A, ("--amount", "10"), (4700, 0, 0)),
    (A_AND_T, ("--amount", "25"), (3000, 0, 2500)),  # capped at the person's A and T together,
    (A_AND_T, ("--amount", "35"), (3000, 0, 3000)),  # not per product
])
def test_salary_bijdrage_of_a_person_on_aanvullend(capsys, tmp_path, lines, option, want):
    path = one_employee(tmp_path, lines)
    assert salary(capsys, path, "--on", "aanvullend", *option) == {"E1": want}


def test_salary_4weken_converts_premie_and_bijdrage_once_per_employee(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000002", "P", "0000000001")]
    lines = [pline("0000000001", "BEK", 10001), pline("0000000002", "BEK", 10001),
             cline("0000000001", "BEK", 1001)]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    got = salary(capsys, path, "--period", "4weken", "--for", "werknemer-partner",
                 "--percent", "33")
    # premie 20002 × 12/13 = 18463,38 → 18463 (per person 9231,69 → 9232, ×2 = 18464)
    # bijdrage 3300,33 → 3300 and 3300 per person, 6600 × 12/13 = 6092,31 → 6092
    # correctie 1001 as it is
    assert got == {"E1": (18463, 1001, 6092)}


def test_salary_4weken_fixed_amount(capsys, family):
    got = salary(capsys, family, "--period", "4weken", "--amount", "25")
    # E1: 36500 × 12/13 = 33692,31; bijdrage 2500 × 12/13 = 2307,69; correctie unchanged
    assert got == {"E1": (33692, -700, 2308), "E2": (14769, 1234, 2308)}


def test_salary_partner_and_child_numbers_are_ignored(capsys, tmp_path):
    persons = [person("0000000001", number="E1"),
               person("0000000002", "P", "0000000001", number="EIGEN")]
    lines = [pline("0000000001", "BEK", 100), pline("0000000002", "BEK", 200)]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    assert salary(capsys, path) == {"E1": (300, 0, 0)}


def test_salary_an_employee_whose_amounts_are_all_zero_gets_no_row(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E4")]
    lines = [pline("0000000001", "BEK", 100), pline("0000000004", "BEK", 0)]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    assert salary(capsys, path) == {"E1": (100, 0, 0)}


def test_salary_an_employee_with_only_a_correction_gets_a_row(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E4", end="20260331")]
    lines = [pline("0000000001", "BEK", 100),
             cline("0000000004", "BEK", -5000, month="202603", code="02", date="20260331")]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    assert salary(capsys, path) == {"E1": (100, 0, 0), "E4": (0, -5000, 0)}


def test_salary_refuses_missing_numbers_and_names_the_employees(capsys, tmp_path):
    persons = [person("0000000001", number="E1"),
               person("0000000004", number="", surname="Zonder", initials="Z.")]
    lines = [pline("0000000001", "BEK", 100), pline("0000000004", "BEK", 200)]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    code, out, err = run(capsys, "salary", path, "--json")
    assert (code, out) == (1, "")
    assert "0000000004" in err and "Z. Zonder" in err
    target = tmp_path / "import.csv"
    code, out, err = run(capsys, "salary", path, "-o", str(target))
    assert code == 1 and not target.exists()
    code, out, err = run(capsys, "salary", path, "--json", "--skip-missing")
    assert code == 0, err
    assert [(r["relatienummer"], r["naam"]) for r in out["niet_omgezet"]] == \
        [("0000000004", "Z. Zonder")]
    assert [r["werknemersnummer"] for r in out["rows"]] == ["E1"]


def test_salary_refuses_a_number_shared_by_two_employees(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E1")]
    lines = [pline("0000000001", "BEK", 100), pline("0000000004", "BEK", 200)]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    code, out, err = run(capsys, "salary", path, "--json")
    assert (code, out) == (1, "")
    assert "E1" in err
    code, _, err_en = run(capsys, "salary", path, "--json", "--lang", "en")
    assert code == 1 and err_en != err


def test_salary_csv_profile_file(capsys, family, tmp_path):
    target = tmp_path / "import.csv"
    code, _, err = run(capsys, "salary", family, "--amount", "25", "-o", str(target))
    assert code == 0, err
    data = target.read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("cp1252")), delimiter=";"))
    assert rows[0] == ["werknemersnummer", "looncomponent", "periode", "bedrag"]
    assert sorted(map(tuple, rows[1:])) == sorted([
        ("E1", "7500", "202604", "365,00"), ("E1", "7510", "202604", "-7,00"),
        ("E1", "7520", "202604", "25,00"),
        ("E2", "7500", "202604", "160,00"), ("E2", "7510", "202604", "12,34"),
        ("E2", "7520", "202604", "25,00")])


def test_salary_csv_profile_writes_no_zero_lines(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E4")]
    lines = [pline("0000000001", "BEK", 100), pline("0000000004", "BEK", 0)]
    target = tmp_path / "import.csv"
    code, _, err = run(capsys, "salary", write(tmp_path, "a.dat", borderel(persons, lines)),
                       "-o", str(target))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("cp1252")), delimiter=";"))
    assert rows[1:] == [["E1", "7500", "202604", "1,00"]]


def test_salary_sample_is_the_reference(capsys):
    got = salary(capsys, str(SAMPLES / "2026-03_01.dat"), "--on", "basis", "--for",
                 "werknemer", "--amount", "25,00")
    want = json.loads((SAMPLES / "salary_2026-03.json").read_text(encoding="utf-8"))
    assert got == {r["werknemersnummer"]: (r["premie_cent"], r["correctie_cent"],
                                           r["bijdrage_cent"]) for r in want["rows"]}


# ---- the command line as a whole -------------------------------------------------------------

REFUSED = [
    ("list", "{bad}"),
    ("corrections", "{bad}"),
    ("corrections", "{good}", "{bad}"),
    ("diff", "{good}", "{bad}"),
    ("salary", "{bad}"),
]


@pytest.mark.parametrize("args", REFUSED)
def test_an_invalid_borderel_is_refused_on_stderr_only(capsys, tmp_path, family, args):
    data = Path(family).read_bytes()
    bad = write(tmp_path, "kapot.dat", data[: data.rindex(b"90")])  # the 90 missing
    argv = [a.replace("{bad}", bad).replace("{good}", family) for a in args]
    code, out, err = run(capsys, *argv, "--json")
    assert (code, out) == (1, "")
    assert bad in err


@pytest.mark.parametrize("command", [("list",), ("corrections",), ("diff", "{f}"),
                                     ("salary",)])
def test_an_unknown_option_is_exit_2(capsys, family, command):
    argv = [command[0], family, *[a.replace("{f}", family) for a in command[1:]]]
    code, out, err = run(capsys, *argv, "--bogus")
    assert (code, out) == (2, "")
    assert err.strip()


def test_a_missing_file_is_refused_in_plain_words(capsys, tmp_path):
    code, out, err = run(capsys, "list", str(tmp_path / "weg.dat"), "--json")
    assert (code, out) == (1, "")
    assert "weg.dat" in err


def test_lang_en_gives_english_messages(capsys, tmp_path):
    persons = [person("0000000001", number="")]
    path = write(tmp_path, "a.dat", borderel(persons, [pline("0000000001", "BEK", 100)]))
    _, _, err_nl = run(capsys, "salary", path, "--json")
    _, _, err_en = run(capsys, "--lang", "en", "salary", path, "--json")
    assert err_nl.strip() and err_en.strip() and err_nl != err_en


def test_months_and_dates_in_json_are_iso(capsys):
    path = str(SAMPLES / "2026-02_01.dat")
    _, out, _ = run(capsys, "corrections", path, "--json")
    assert all(MONTH_RE.match(r["premiemaand"]) and DATE_RE.match(r["mutatiedatum"])
               for r in out["rows"])
    _, out, _ = run(capsys, "list", path, "--json")
    assert all(r["einddatum"] is None or DATE_RE.match(r["einddatum"])
               for r in out["verzekerden"])


# ---- more clauses ----------------------------------------------------------------------------

def test_diff_same_net_with_other_gross_is_ongewijzigd(capsys, tmp_path):
    persons = [person("0000000001", number="E1")]
    van = borderel(persons, [pline("0000000001", "AGD", 3000, gross=3000, month="202603")],
                   month="202603")
    tot = borderel(persons, [pline("0000000001", "AGD", 3000, gross=3333)])
    _, out, _ = run(capsys, "diff", write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot),
                    "--json", "--all")
    assert diff_rows(out) == {("0000000001", "AGD"): ("ongewijzigd", 3000, 3000, 0)}


def test_salary_basis_is_productsoort_b_only(capsys, tmp_path):
    lines = [pline("0000000001", "BEK", 1000), pline("0000000001", "AGD", 2000),
             pline("0000000001", "TND", 4000)]
    path = one_employee(tmp_path, lines)
    shares = {on: salary(capsys, path, "--on", on, "--percent", "10")["E1"][2]
              for on in ("basis", "aanvullend", "totaal")}
    assert shares == {"basis": 100, "aanvullend": 600, "totaal": 700}


def test_salary_percent_zero_means_no_contribution(capsys, family):
    assert {k: v[2] for k, v in salary(capsys, family, "--percent", "0").items()} == \
        {"E1": 0, "E2": 0}


def test_corrections_take_the_reissue_in_place_of_the_original(capsys, tmp_path):
    persons = FAMILY[3:]
    first = borderel(persons, [pline("0000000004", "BEK", 100),
                               cline("0000000004", "BEK", 11)])
    second = borderel(persons, [pline("0000000004", "BEK", 100),
                                cline("0000000004", "BEK", 22)], sequence="02")
    code, out, err = run(capsys, "corrections", write(tmp_path, "1.dat", first),
                         write(tmp_path, "2.dat", second), "--json")
    assert code == 0, err
    assert [r["netto_cent"] for r in out["rows"]] == [22]
    assert out["totaal_netto_cent"] == 22


def test_list_lang_en_refusal_in_english(capsys, tmp_path, family):
    data = Path(family).read_bytes()
    bad = write(tmp_path, "kapot.dat", data[: data.rindex(b"90")])
    _, out_nl, err_nl = run(capsys, "list", bad, "--json")
    _, out_en, err_en = run(capsys, "list", bad, "--json", "--lang", "en")
    assert out_nl == out_en == ""
    assert err_nl != err_en and bad in err_en


def test_corrections_refuse_borderels_of_different_collectivities(capsys, tmp_path, family):
    other = borderel(FAMILY[3:], [pline("0000000004", "BEK", 100),
                                  cline("0000000004", "BEK", 1)], collectivity="111111111")
    code, out, err = run(capsys, "corrections", family, write(tmp_path, "o.dat", other),
                         "--json")
    assert (code, out) == (1, "")
    assert "111111111" in err



def test_salary_amount_with_three_decimals_after_a_point_is_refused(capsys, family):
    # "12.50" is allowed and "no thousands separator": 1.250 is three decimals
    code, out, _ = run(capsys, "salary", family, "--amount", "1.250", "--json")
    assert (code, out) == (2, "")


def test_salary_percent_written_either_way(capsys, family):
    assert salary(capsys, family, "--percent", "12.5") == \
        salary(capsys, family, "--percent", "12,5")


def test_salary_werknemer_scope_is_the_h_person_only(capsys, tmp_path):
    # the employee has no premium lines of their own, the child has
    persons = [person("0000000001", number="E1"), person("0000000002", "K", "0000000001")]
    path = write(tmp_path, "a.dat", borderel(persons, [pline("0000000002", "AGD", 2000)]))
    assert salary(capsys, path, "--on", "totaal", "--amount", "25") == {"E1": (2000, 0, 0)}
    assert salary(capsys, path, "--on", "totaal", "--for", "werknemer-partner",
                  "--amount", "25") == {"E1": (2000, 0, 0)}
    assert salary(capsys, path, "--on", "totaal", "--for", "iedereen", "--amount", "25") == \
        {"E1": (2000, 0, 2000)}


def test_a_missing_werknemersnummer_is_an_empty_string(capsys, tmp_path):
    persons = [person("0000000001", number=""), person("0000000002", "P", "0000000001")]
    van = borderel(persons, [pline("0000000002", "BEK", 100, month="202603")], month="202603")
    tot = borderel(persons, [pline("0000000002", "BEK", 200),
                             cline("0000000002", "BEK", 7)])
    van_path, tot_path = write(tmp_path, "v.dat", van), write(tmp_path, "t.dat", tot)
    code, out, _ = run(capsys, "diff", van_path, tot_path, "--json")
    assert code == 0
    assert [r["werknemersnummer"] for r in out["rows"]] == [""]
    code, out, _ = run(capsys, "corrections", tot_path, "--json")
    assert code == 0
    assert [r["werknemersnummer"] for r in out["rows"]] == [""]


@pytest.mark.parametrize(("van", "tot"), [("01", "02"), ("02", "03")])
def test_diff_rows_of_the_samples_are_grouped_per_employee(capsys, van, tot):
    _, out, _ = run(capsys, "diff", str(SAMPLES / f"2026-{van}_01.dat"),
                    str(SAMPLES / f"2026-{tot}_01.dat"), "--json", "--all")
    assert contiguous([r["werknemersnummer"] for r in out["rows"]])


def test_diff_csv_leaves_out_ongewijzigd_unless_all(capsys, pair, tmp_path):
    statuses = {}
    for everything in ((), ("--all",)):
        target = tmp_path / f"diff{len(everything)}.csv"
        code, _, err = run(capsys, "diff", *pair, "--csv", str(target), *everything)
        assert code == 0, err
        text = target.read_bytes().decode("utf-8-sig")
        statuses[everything] = sorted(r["status"] for r in csv.DictReader(
            io.StringIO(text), delimiter=";") if r.get("status"))
    assert statuses[()] == ["gewijzigd", "nieuw", "nieuw", "vervallen"]
    assert statuses[("--all",)] == sorted([*statuses[()], "ongewijzigd", "ongewijzigd"])


@pytest.mark.parametrize("command", ["list", "corrections", "salary", "diff"])
def test_a_refused_borderel_is_explained_with_file_line_field_and_text(capsys, tmp_path,
                                                                       command):
    data = borderel(FAMILY[3:], [pline("0000000004", "BEK", 100)])
    lines = data.split(b"\r\n")
    lines[4] = put(lines[4], "gender", "X")  # the 10 record, physical line 5
    bad = write(tmp_path, "kapot.dat", b"\r\n".join(lines))
    first = [] if command != "diff" else [write(tmp_path, "v.dat", borderel(
        FAMILY[3:], [pline("0000000004", "BEK", 100, month="202603")], month="202603"))]
    code, out, err = run(capsys, command, *first, bad, "--json")
    assert (code, out) == (1, "")
    assert bad in err and "regel 5" in err and "geslacht" in err and "'X'" in err


@pytest.mark.parametrize("command", ["list", "corrections", "diff"])
@pytest.mark.parametrize(("option", "magic"), [("--xlsx", b"PK"), ("--pdf", b"%PDF"),
                                              ("--csv", b"")])
def test_every_report_as_a_file(capsys, tmp_path, pair, command, option, magic):
    args = list(pair) if command == "diff" else [pair[1]]
    target = tmp_path / f"uit{option[2:]}"
    code, _, err = run(capsys, command, *args, option, str(target))
    assert code == 0, err
    assert target.stat().st_size > 0 and target.read_bytes().startswith(magic)


@pytest.mark.parametrize("command", ["list", "corrections", "diff", "salary"])
def test_every_report_on_screen(capsys, pair, command):
    args = list(pair) if command == "diff" else [pair[1]]
    code, out, err = run(capsys, command, *args)
    assert code == 0, err
    assert isinstance(out, str) and out.strip()
    assert "{" not in out  # every heading's placeholders filled in


@pytest.mark.parametrize(("lang", "van", "tot"), [("nl", "Netto mrt 2026", "Netto apr 2026"),
                                                  ("en", "Net Mar 2026", "Net Apr 2026")])
def test_diff_on_screen_names_the_two_months(capsys, pair, lang, van, tot):
    code, out, err = run(capsys, "--lang", lang, "diff", *pair)
    assert code == 0, err
    assert van in out and tot in out


@pytest.mark.parametrize("argv", [("salary", "{f}", "--amount"), ("corrections",), ("diff",),
                                  ("salary",), ("list", "{f}", "--json", "--pdf", "x.pdf"),
                                  ("diff", "{f}", "{f}", "--all=ja")])
def test_a_missing_or_wrong_argument_is_exit_2(capsys, family, argv):
    code, out, err = run(capsys, *[a.replace("{f}", family) for a in argv])
    assert (code, out) == (2, "")
    assert err.strip()


def test_a_command_line_error_in_english(capsys, family):
    _, _, err_nl = run(capsys, "salary", family, "--amount", "1,234")
    code, _, err = run(capsys, "--lang", "en", "salary", family, "--amount", "1,234")
    assert code == 2
    assert "1,234" in err and "error" in err
    assert err_nl != err
    # Dutch again without --lang: the English of the call before does not stay
    assert run(capsys, "salary", family, "--amount", "1,234")[2] == err_nl


def test_the_installed_entry_point_refuses_without_a_traceback(tmp_path, family):
    data = Path(family).read_bytes()
    bad = write(tmp_path, "kapot.dat", data[: data.rindex(b"90")])
    proc = subprocess.run([sys.executable, "-m", "digibord", "diff", family, bad, "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert bad in proc.stderr and "Traceback" not in proc.stderr


def test_salary_a_shared_number_is_refused_also_with_skip_missing(capsys, tmp_path):
    persons = [person("0000000001", number="E1"), person("0000000004", number="E1"),
               person("0000000005", number="")]
    lines = [pline(p["relation_number"], "BEK", 100) for p in persons]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    code, out, _ = run(capsys, "salary", path, "--json", "--skip-missing")
    assert (code, out) == (1, "")


def test_salary_a_partners_own_number_is_no_shared_number(capsys, tmp_path):
    # the P's werknemersnummer field is ignored, so E1 belongs to one employee only
    persons = [person("0000000001", number="E1"), person("0000000004", number="E4"),
               person("0000000005", "P", "0000000004", number="E1")]
    lines = [pline(p["relation_number"], "BEK", 100) for p in persons]
    path = write(tmp_path, "a.dat", borderel(persons, lines))
    assert salary(capsys, path) == {"E1": (100, 0, 0), "E4": (200, 0, 0)}


@pytest.mark.parametrize("command", ["list", "diff", "salary", "corrections"])
def test_json_keys_and_statuses_do_not_follow_the_language(capsys, pair, command):
    args = [*pair, "--all"] if command == "diff" else [pair[1]]
    _, nl, _ = run(capsys, command, *args, "--json")
    _, en, _ = run(capsys, "--lang", "en", command, *args, "--json")
    rows = "verzekerden" if command == "list" else "rows"
    assert list(en) == list(nl)
    assert [list(r) for r in en[rows]] == [list(r) for r in nl[rows]]
    if command == "diff":
        assert [r["status"] for r in en["rows"]] == [r["status"] for r in nl["rows"]]
        assert {r["status"] for r in en["rows"]} == {"nieuw", "vervallen", "gewijzigd",
                                                     "ongewijzigd"}

# ---- 4weken: where the program decides (docs/reports.md "Salarisperiode 4 weken") -----------

@pytest.mark.parametrize("month", ["202603", "202611", "202612"])
def test_salary_4weken_is_12_13_rounded_in_every_month(capsys, tmp_path, month):
    # reports.md 4: "with 4weken the employee's premie and bijdrage are each multiplied by
    # 12/13 once and rounded": 10001 x 12/13 = 9231,69 -> 9232, December's borderel (in force
    # for pay period 13) too. (Until 3 December 2026 period 13 took the year's remainder,
    # 9228, beside the spec.)
    path = write(tmp_path, f"{month}.dat", borderel([person("0000000001", number="E1")],
                                                   [pline("0000000001", "BEK", 10001,
                                                          month=month)], month=month))
    assert salary(capsys, path, "--period", "4weken") == {"E1": (9232, 0, 0)}


def test_salary_csv_periode_is_the_prolongatiemaand_also_with_4weken(capsys, tmp_path):
    # reports.md 4 / payroll-formats.md csv: "periode the prolongatiemaand as YYYYMM"
    path = write(tmp_path, "mrt.dat", borderel([person("0000000001", number="E1")],
                                               [pline("0000000001", "BEK", 1300,
                                                      month="202603")], month="202603"))
    target = tmp_path / "import.csv"
    code, _, err = run(capsys, "salary", path, "--period", "4weken", "-o", str(target))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("cp1252")), delimiter=";"))
    assert rows[1:] == [["E1", "7500", "202603", "12,00"]]
