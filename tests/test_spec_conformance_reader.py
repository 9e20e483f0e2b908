"""The reader and the command line against the spec (borderel-dat.md, cli.md), as an outside
tester would check them: take the February sample, damage or vary it one way per case, run
`digibord check/list/diff/corrections/salary ... --json` through `cli.main`, and assert only
what the spec says: the exit status, the line, field and positions of each error (`line`
null for an error of the file as a whole), the warnings, and the values of the outputs.

Physical lines of the February sample: 1 the `01`, 2-7 the `05`s, 8 the first `10` (an H,
relatienummer 0013633920) with its `P` lines 9-10, 11 a `P` person of that H (0018874421)
with `C` line 14, ..., 62 the `90`."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from digibord.i18n import tr
from tests.borderel_edit import join, put, sample_lines
from tests.report_support import run_main as run

CRLF = b"\r\n"
TRAILER = 61  # index of the 90 record among the sample's lines (physical line 62)
FIELD_ERRORS_CSV = Path(__file__).parent / "data" / "spec_conformance" / "field_errors.csv"


@pytest.fixture(scope="module")
def lines(samples_dir: Path) -> list[bytes]:
    return sample_lines(samples_dir, "02")


def edited(lines: list[bytes], index: int, **fields: str | bytes) -> list[bytes]:
    out = list(lines)
    for name, value in fields.items():
        out[index] = put(out[index], name, value)
    return out


def check(tmp_path: Path, capsys, data: bytes, name: str = "case.dat") -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, "check", str(path), "--json")
    assert isinstance(out, dict), err
    assert "Traceback" not in err
    (result,) = out["files"]
    assert result["file"] == str(path)
    assert result["valid"] is (code == 0)
    return code, result


def where(items: list[dict]) -> list[tuple]:
    return [(i["line"], i["field"], i.get("position")) for i in items]


# ---- the file as a whole: errors that name no line ----------------------------------------

def _ods() -> bytes:
    """An OpenDocument spreadsheet: a ZIP whose first entry is its uncompressed mimetype."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


WHOLE_FILE_ERRORS: dict[str, Callable[[list[bytes]], bytes]] = {
    "empty file": lambda ls: b"",
    "only line ends": lambda ls: CRLF * 3,
    "only blank lines": lambda ls: b"   \r\n     \r\n",
    "header only": lambda ls: join(ls[:1]),
    "90 missing (broken download)": lambda ls: join(ls[:-1]),
    "90 missing, cut inside a record": lambda ls: join(ls)[:-400],
    "two 0x1A after the 90": lambda ls: join(ls) + b"\x1a\x1a",
    "0x1A on two lines after the 90": lambda ls: join(ls) + b"\x1a\r\n\x1a",
    "a PDF": lambda ls: b"%PDF-1.4\n" + b"x" * 500,
    "a ZIP": lambda ls: b"PK\x03\x04" + b"\x00" * 500,
    "an xlsx": lambda ls: b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml" + b"\x00" * 300,
    "an ods": lambda ls: _ods(),
    "a WebP image": lambda ls: b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40,
    "an HTML page": lambda ls: b"<!DOCTYPE html><html><body>Inloggen</body></html>",
    "a PNG": lambda ls: b"\x89PNG\r\n\x1a\n" + b"\x00" * 300,
    "UTF-16 with BOM": lambda ls: join(ls).decode("cp1252").encode("utf-16"),
    "UTF-16 without BOM": lambda ls: join(ls).decode("cp1252").encode("utf-16-le"),
    "binary data": lambda ls: bytes(range(256)) * 8,
    "a CSV export": lambda ls: b"Personeelsnummer;Bedrag\r\n7263;12,30\r\n",
    "first record a 05": lambda ls: join(ls[1:]),
    "only a 90": lambda ls: join(ls[-1:]),
}


@pytest.mark.parametrize("case", sorted(WHOLE_FILE_ERRORS))
def test_an_error_of_the_whole_file_names_no_line(case, lines, tmp_path, capsys):
    code, result = check(tmp_path, capsys, WHOLE_FILE_ERRORS[case](lines))
    assert code == 1
    assert result["errors"], case
    assert result["errors"][0]["line"] is None
    assert all(e["message"] for e in result["errors"])


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.4\n" + b"x" * 500, "pdf"),
    (_ods(), "ods"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "image"),
    # a BMP: its file header, then the size of its information header (40)
    (b"BM" + (70).to_bytes(4, "little") + b"\x00" * 8 + (40).to_bytes(4, "little")
     + b"\x02\x00\x00\x00" * 2 + b"\x01\x00\x18\x00" + b"\x00" * 40, "image"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>', "image"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image"),
    # web pages as browsers save them: a comment first, or no <html> at all
    (b"<!-- saved from url=(0014)about:internet -->\n<html><body>x</body></html>", "html"),
    (b"<title>Inloggen</title><form>", "html"),
    (b'<?xml version="1.0"?><Workbook><Table><Row/></Table></Workbook>', "xml"),
    (b"<" + bytes(range(256)) * 4, "binary"),  # a '<' that begins no markup
])
def test_a_file_that_is_something_else_says_what_it_looks_like(data, kind, tmp_path, capsys):
    code, result = check(tmp_path, capsys, data)
    assert code == 1
    assert [e["message"] for e in result["errors"]] == [
        tr("reader.looks_like", kind=tr(f"reader.kind.{kind}"))
    ]


@pytest.mark.parametrize("name", ["journal_per_werknemer.csv", "journal_vorige_maand.csv",
                                  "journal_kolom_per_component.csv"])
def test_a_payroll_journal_given_as_a_borderel_is_called_a_table_as_text(
        name, samples_dir, tmp_path, capsys):
    # title lines first, `;` or `,`, a byte order mark, separators inside quotes ("2,474.68")
    code, result = check(tmp_path, capsys, (samples_dir / "payroll" / name).read_bytes())
    assert code == 1
    assert [(e["line"], e["message"]) for e in result["errors"]] == [
        (None, tr("reader.looks_like", kind=tr("reader.kind.csv")))]


@pytest.mark.parametrize("data", [
    b"Relatienummer\tNaam\tPremie\r\n0000012345\tJ. Jansen\t12,50\r\n",
    b'"Nummer";"Naam";"Bedrag"\n"1";"A; B";"3"\n',
    b"nummer,naam,bedrag",  # one line
])
def test_a_table_as_text_says_so(data, tmp_path, capsys):
    code, result = check(tmp_path, capsys, data)
    assert code == 1
    assert [e["code"] for e in result["errors"]] == ["reader.looks_like"]
    assert "CSV" in result["errors"][0]["message"]


def test_a_borderel_whose_header_is_damaged_is_not_called_a_table(lines, tmp_path, capsys):
    # a header with commas in its name, and lines of fixed width after it: still a borderel
    # whose first record is wrong, not a CSV
    damaged = [b"1" + lines[0][1:45] + b"A, B, C" + lines[0][52:], *lines[1:]]
    code, result = check(tmp_path, capsys, join(damaged))
    assert code == 1
    assert [e["code"] for e in result["errors"]] == ["reader.no_header"]


def test_not_a_borderel_names_the_file_id_and_what_stands_there(lines, tmp_path, capsys):
    code, result = check(tmp_path, capsys, join(edited(lines, 0, file_id="BRDVGX")))
    assert code == 1
    assert [(e["line"], e["field"], e["position"], e["text"]) for e in result["errors"]] == [
        (None, "bestandsaanduiding", "3-8", "BRDVGX")
    ]


# ---- valid variants: the file opens --------------------------------------------------------

def _without_persons(ls: list[bytes]) -> list[bytes]:
    """The 01 and the 05s, and a 90 that counts nothing."""
    trailer = edited(ls, TRAILER, insured_count="0000000", line_count="0000000",
                     total_prolongation_cent="+000000000000",
                     total_corrections_cent="+000000000000", total_due_cent="-000000000000")
    return [*ls[:7], trailer[TRAILER]]


VALID: dict[str, Callable[[list[bytes]], bytes]] = {
    "as given": lambda ls: join(ls),
    "no final line end": lambda ls: join(ls)[:-2],
    "LF line ends": lambda ls: join(ls, b"\n"),
    "LF and CR LF mixed": lambda ls: join(ls).replace(CRLF, b"\n", 7),
    "trailing blanks stripped": lambda ls: join([x.rstrip(b" ") for x in ls]),
    "0x1A after the 90": lambda ls: join(ls) + b"\x1a",
    "0x1A without line end": lambda ls: join(ls)[:-2] + b"\x1a",
    "0x1A then line ends": lambda ls: join(ls)[:-2] + b"\x1a\r\n\r\n",
    "line ends after the 90": lambda ls: join(ls) + b"\r\n\n\r\n",
    "line ends, 0x1A, line end": lambda ls: join(ls) + b"\r\n\x1a\r\n",
    "20 lines before their 10": lambda ls: join([*ls[:7], ls[8], ls[7], *ls[9:]]),
    "a 05 no line uses": lambda ls: join(
        _insert(ls, 7, put(ls[6], "product_code", "ONGEBR"))),
    "empty naam collectiviteit": lambda ls: join(edited(ls, 0, collectivity_name="")),
    "empty omschrijving": lambda ls: join(edited(ls, 1, description="")),
    "BSN unknown as zeros": lambda ls: join(edited(ls, 7, bsn="000000000")),
    "BSN unknown as spaces": lambda ls: join(edited(ls, 7, bsn="")),
    "no voorvoegsels, voorletters": lambda ls: join(edited(ls, 7, prefix="", initials="")),
    "einddatum spaces": lambda ls: join(edited(ls, 7, end_date="")),
    "einddatum a date": lambda ls: join(edited(ls, 7, end_date="20261231")),
    "geboortedatum 29 February of a leap year": lambda ls: join(
        edited(ls, 7, birth_date="20000229")),
    "mutatiedatum spaces on a P line": lambda ls: join(edited(ls, 8, mutation_date="")),
    "space for the + sign": lambda ls: join(
        edited(ls, 8, gross_cent=" 0000015825", net_cent=" 0000015825")),
    "-0000000000 is 0": lambda ls: join(edited(ls, 41, gross_cent="-0000000000",
                                               net_cent="-0000000000")),
    "space sign on a trailer total": lambda ls: join(
        edited(ls, TRAILER, total_prolongation_cent=" 000000245828")),
    "C line of the prolongatiemaand itself": lambda ls: join(
        edited(ls, 13, premium_month="202602")),
    "C line of a much earlier month": lambda ls: join(edited(ls, 13, premium_month="199901")),
    "mutatiecode 99 on a C line": lambda ls: join(edited(ls, 13, mutation_code="99")),
    "control characters in a filler": lambda ls: join(edited(ls, 8, filler="\x00\t\x1a")),
    "P werknemersnummer ignored": lambda ls: join(edited(ls, 10, employee_number="XYZ")),
    "no persons at all": lambda ls: join(_without_persons(ls)),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_a_valid_variant_opens(case, lines, tmp_path, capsys):
    code, result = check(tmp_path, capsys, VALID[case](lines))
    assert (code, result["errors"]) == (0, [])


WARNINGS: dict[str, tuple[Callable[[list[bytes]], bytes], list[tuple]]] = {
    "UTF-8 with byte order mark": (
        lambda ls: b"\xef\xbb\xbf" + join(ls).decode("cp1252").encode("utf-8"),
        [(None, None)]),
    "a blank line inside": (lambda ls: join(_insert(ls, 5, b"   ")), [(6, None)]),
    "an empty line inside": (lambda ls: join(_insert(ls, 5, b"")), [(6, None)]),
    "a blank line before the 01": (lambda ls: join(_insert(ls, 0, b" " * 250)), [(1, None)]),
    "BSN fails the 11-proef": (lambda ls: join(edited(ls, 7, bsn="123456789")), [(8, "BSN")]),
    "H without werknemersnummer": (
        lambda ls: join(edited(ls, 7, employee_number="")), [(8, "werknemersnummer")]),
    "C line with mutatiecode 00": (
        lambda ls: join(edited(ls, 13, mutation_code="00")), [(14, "mutatiecode")]),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_a_warning_is_shown_and_the_file_opens(case, lines, tmp_path, capsys):
    build, expected = WARNINGS[case]
    code, result = check(tmp_path, capsys, build(lines))
    assert (code, result["errors"]) == (0, [])
    assert [(w["line"], w["field"]) for w in result["warnings"]] == expected
    assert all(w["message"] for w in result["warnings"])


# ---- errors on a line: line, field, positions ----------------------------------------------

def _insert(ls: list[bytes], at: int, line: bytes) -> list[bytes]:
    return [*ls[:at], line, *ls[at:]]


def _changed(ls: list[bytes], index: int, line: bytes) -> list[bytes]:
    return [*ls[:index], line, *ls[index + 1:]]


def _at(line: bytes, column: int, unit: bytes) -> bytes:
    """`line` with the character at 0-based `column` replaced by `unit`."""
    return line[:column] + unit + line[column + 1:]


def _trailer(**fields: str) -> Callable[[list[bytes]], list[bytes]]:
    return lambda ls: edited(ls, TRAILER, **fields)


def _with_second_c_line(ls: list[bytes]) -> list[bytes]:
    """Line 14 (a C line) written twice, the trailer made to fit: allowed."""
    out = _insert(ls, 14, ls[13])
    return edited(out, TRAILER + 1, line_count="0000041",
                  total_corrections_cent="-000000030512", total_due_cent="+000000215316")


def _field_errors() -> list:
    """tests/data/spec_conformance/field_errors.csv: one field of one record set to a value
    (Python escapes such as `\\t` for the control characters), the spec's name of that field
    and its positions; the error stands on that record's line (index + 1)."""
    with open(FIELD_ERRORS_CSV, newline="", encoding="utf-8") as fh:
        return [pytest.param(int(r["index"]), r["field"],
                             codecs.decode(r["value"], "unicode_escape"), r["spec_field"],
                             r["positions"], id=f"line {int(r['index']) + 1}: {r['why']}")
                for r in csv.DictReader(fh)]


FIELD_ERRORS = _field_errors()


# case -> (the damaged lines, [(line, field, positions)] of the errors, in file order)
LINE_ERRORS: dict[str, tuple[Callable[[list[bytes]], list[bytes]], list[tuple]]] = {
    # line length and line ends
    "251 characters": (lambda ls: _changed(ls, 9, ls[9] + b"X"), [(10, None, "251")]),
    "CR CR LF on an inner 250-character line": (
        lambda ls: _changed(ls, 3, ls[3] + b"\r"), [(4, None, "251")]),
    "CR CR LF on the last line": (lambda ls: _changed(ls, TRAILER, ls[-1] + b"\r"),
                                  [(62, None, "251")]),
    "a trailing space beyond 250": (lambda ls: _changed(ls, 20, ls[20] + b" "),
                                    [(21, None, "251")]),
    # record types and order
    "unknown recordsoort 30": (lambda ls: _insert(ls, 9, b"30" + ls[8][2:]),
                               [(10, "recordsoort", "1-2")]),
    "recordsoort of letters": (lambda ls: _insert(ls, 9, b"ab" + ls[8][2:]),
                               [(10, "recordsoort", "1-2")]),
    "a line of tabs": (lambda ls: _insert(ls, 5, b"\t\t"), [(6, "recordsoort", "1-2")]),
    "0x1A on a line inside": (lambda ls: _insert(ls, 10, b"\x1a"),
                              [(11, "recordsoort", "1-2")]),
    "a 20 after the 90": (lambda ls: [*ls, ls[8]], [(63, "recordsoort", "1-2")]),
    "a second 90": (lambda ls: [*ls, ls[-1]], [(63, "recordsoort", "1-2")]),
    "a second 01": (lambda ls: _insert(ls, 5, ls[0]), [(6, "recordsoort", "1-2")]),
    "a 05 between the 20s and the 90": (
        lambda ls: _insert(ls, TRAILER, put(ls[1], "product_code", "NIEUW")),
        [(62, "recordsoort", "1-2")]),
    # header
    # products
    "duplicate productcode": (lambda ls: _insert(ls, 2, ls[1]), [(3, "productcode", "3-8")]),
    # insured persons
    "relatienummer with a letter": (lambda ls: edited(ls, 10, relation_number="00188744A1"),
                                    [(11, "relatienummer", "3-12")] + [
                                        (n, "relatienummer", "3-12") for n in (12, 13, 14, 15)]),
    "CR inside achternaam": (lambda ls: _changed(ls, 7, _at(ls[7], 50, b"\r")),
                             [(8, "achternaam", "48-82")]),
    "0x1A inside achternaam": (lambda ls: _changed(ls, 7, _at(ls[7], 60, b"\x1a")),
                               [(8, "achternaam", "48-82")]),
    "duplicate relatienummer": (
        lambda ls: edited(_insert(ls, 8, put(ls[7], "employee_number", "E2")),
                          TRAILER + 1, insured_count="0000015"),
        [(9, "relatienummer", "3-12")]),
    # premium lines
    "a 20 line cut inside mutatiecode": (lambda ls: _changed(ls, 9, ls[9][:70]),
                                         [(10, "mutatiecode", "70-71")]),
    "duplicate P line": (
        lambda ls: edited(_insert(ls, 9, ls[8]), TRAILER + 1, line_count="0000041",
                          total_prolongation_cent="+000000261653",
                          total_due_cent="+000000246966"),
        [(10, "productcode", "20-25")]),
    # trailer, each off by one
}


@pytest.mark.parametrize("case", sorted(LINE_ERRORS))
def test_an_error_names_its_line_field_and_positions(case, lines, tmp_path, capsys):
    build, expected = LINE_ERRORS[case]
    code, result = check(tmp_path, capsys, join(build(lines)))
    assert code == 1
    assert where(result["errors"]) == expected
    assert all(e["message"] and "text" in e for e in result["errors"])


@pytest.mark.parametrize(("index", "name", "value", "field", "position"), FIELD_ERRORS)
def test_a_field_error_names_its_line_field_and_positions(
    index, name, value, field, position, lines, tmp_path, capsys
):
    code, result = check(tmp_path, capsys, join(edited(lines, index, **{name: value})))
    assert code == 1
    assert where(result["errors"]) == [(index + 1, field, position)]
    assert result["errors"][0]["message"]


@pytest.mark.parametrize(("index", "name", "value"), [
    (1, "description", "VGZ\tEigen"), (0, "collectivity_name", "Foo\x00"),
    (7, "surname", "Jan\x1fsen")])
def test_json_text_of_a_control_character_is_the_text_found(
    index, name, value, lines, tmp_path, capsys
):
    """`text` is the offending text as it stands in the file (JSON escapes the control
    character); only the message for a person writes it as <0x09>."""
    code, result = check(tmp_path, capsys, join(edited(lines, index, **{name: value})))
    assert code == 1
    (error,) = result["errors"]
    assert error["text"] == value and "<0x" not in error["text"]


def test_a_duplicate_c_line_is_allowed(lines, tmp_path, capsys):
    code, result = check(tmp_path, capsys, join(_with_second_c_line(lines)))
    assert (code, result["errors"]) == (0, [])


def test_every_error_is_reported_not_only_the_first(lines, tmp_path, capsys):
    damaged = edited(lines, 7, gender="X")
    damaged = edited(damaged, 8, line_kind="X")
    damaged = edited(damaged, 20, product_code="XXX")
    code, result = check(tmp_path, capsys, join(damaged))
    assert code == 1
    assert [e["line"] for e in result["errors"]] == [8, 9, 21]


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_cp1252_leaves_undefined(byte, lines, tmp_path, capsys):
    damaged = _changed(lines, 7, _at(lines[7], 50, bytes([byte])))
    code, result = check(tmp_path, capsys, join(damaged))
    assert code == 1
    assert [(e["line"], e["field"], e["position"], e["text"]) for e in result["errors"]] == [
        (8, "achternaam", "51", f"0x{byte:02X}")
    ]


@pytest.mark.parametrize(("at", "field"), [(0, "recordsoort"), (30, "brutopremie"),
                                           (200, "filler")])
def test_bad_utf8_after_a_byte_order_mark_names_line_field_and_column(
    at, field, lines, tmp_path, capsys
):
    text = [x.decode("cp1252").encode("utf-8") for x in lines]
    text[8] = text[8][:at] + b"\xff" + text[8][at + 1:]
    code, result = check(tmp_path, capsys, b"\xef\xbb\xbf" + join(text))
    assert code == 1
    found = [(e["line"], e["field"], e["position"], e["text"]) for e in result["errors"]]
    assert found[0] == (9, field, str(at + 1), "0xFF")
    # the rest of the file is still checked, the bad byte read as one U+FFFD: in a filler it
    # is nothing more; in the recordsoort or an amount, that field is wrong too
    follow = [f[:2] for f in found[1:]]
    if at == 200:
        assert follow == []
    else:  # (a line of no known type then counts for no record: the trailer says so too)
        assert follow[0] == (9, {0: "recordsoort", 30: "brutopremie"}[at])


def test_bad_utf8_on_several_lines_is_named_on_each_and_the_rest_still_checked(
        lines, tmp_path, capsys):
    text = [x.decode("cp1252").encode("utf-8") for x in lines]
    text[1] = text[1][:200] + b"\xff" + text[1][201:]  # a product's filler
    text[7] = text[7][:52] + b"\xff\xfe" + text[7][54:]  # a surname: one run of two
    text[7] = text[7][:60] + b"\x80" + text[7][61:]  # a second run on that line: not named
    text[8] = text[8][:30] + b"\xc3" + text[8][31:]  # a cut-off character in an amount
    text[9] = text[9][:25] + b"\xbf" + text[9][26:]  # a lone continuation byte: the sign
    code, result = check(tmp_path, capsys, b"\xef\xbb\xbf" + join(text))
    assert code == 1
    bad = [(e["line"], e["field"], e["position"], e["text"]) for e in result["errors"]
           if e["text"].startswith("0x")]
    assert bad == [(2, "filler", "201", "0xFF"), (8, "achternaam", "53", "0xFF 0xFE"),
                   (9, "brutopremie", "31", "0xC3"), (10, "brutopremie", "26", "0xBF")]
    others = [(e["line"], e["field"]) for e in result["errors"] if not e["text"].startswith("0x")]
    assert others == [(9, "brutopremie"), (10, "brutopremie")]


def test_bad_utf8_column_counts_characters(lines, tmp_path, capsys):
    # the header's name holds a 3-byte character (’) before the bad byte
    text = [x.decode("cp1252").encode("utf-8") for x in lines]
    text[0] = text[0][:45] + b"\xc3" + text[0][46:]
    code, result = check(tmp_path, capsys, b"\xef\xbb\xbf" + join(text))
    assert code == 1
    assert where(result["errors"]) == [(1, "naam collectiviteit", "44")]


def test_a_cp1252_file_with_a_byte_order_mark_is_bad_utf8(lines, tmp_path, capsys):
    code, result = check(tmp_path, capsys, b"\xef\xbb\xbf" + join(lines))
    assert code == 1
    # every line with a byte above 0x7F is named (its first), each byte one character
    assert where(result["errors"])[0] == (1, "naam collectiviteit", "43")
    high = [(n, str(min(i for i, b in enumerate(x) if b > 0x7F) + 1))
            for n, x in enumerate(lines, start=1) if not x.isascii()]
    assert [(e["line"], e["position"]) for e in result["errors"]] == high
    assert all(e["message"] == result["errors"][0]["message"] for e in result["errors"])
    assert [w["line"] for w in result["warnings"]] == [None]


def test_utf8_positions_are_characters(lines, tmp_path, capsys):
    text = [x.decode("cp1252").encode("utf-8") for x in lines]
    # "ı" and "ğ" are beyond cp1252; in UTF-8 each is one character, the line stays 250
    name = "Yılğmaz".ljust(35)
    line = lines[7].decode("cp1252")
    text[7] = (line[:47] + name + line[82:]).encode("utf-8")
    code, result = check(tmp_path, capsys, b"\xef\xbb\xbf" + join(text))
    assert (code, result["errors"]) == (0, [])
    out = run(capsys, "list", str(tmp_path / "case.dat"), "--json")[1]
    assert out["verzekerden"][0]["naam"] == "B. van den Yılğmaz"


def test_files_checked_together_each_say_their_own(lines, tmp_path, capsys, samples_dir):
    bad = tmp_path / "bad.dat"
    bad.write_bytes(join(edited(lines, 7, gender="X")))
    good = samples_dir / "2026-02_01.dat"
    code, out, _ = run(capsys, "check", str(good), str(bad), "--json")
    assert code == 1
    assert [(f["file"], f["valid"]) for f in out["files"]] == [(str(good), True),
                                                              (str(bad), False)]
    code, out, _ = run(capsys, "check", str(good), "--json")
    assert code == 0


# ---- the command line -----------------------------------------------------------------------

def test_check_explains_a_refused_file_on_standard_error(lines, tmp_path, capsys, samples_dir):
    bad = tmp_path / "bad.dat"
    bad.write_bytes(join(edited(lines, 7, gender="X")))
    good = samples_dir / "2026-02_01.dat"
    code, out, err = run(capsys, "check", str(good), str(bad))
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [str(good), str(bad)]
    assert "regel 8" not in out
    assert f"{bad}, regel 8, veld 'geslacht' (posities 107)" in err
    assert "'X'" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["check", "{f}", "--json", "--lang", "en"],
    ["check", "--lang=en", "{f}", "--json"],
    ["--lang", "en", "check", "{f}", "--json"],
])
def test_lang_en_gives_english_wherever_it_stands(args, lines, tmp_path, capsys):
    path = tmp_path / "case.dat"
    path.write_bytes(join(edited(lines, 7, gender="X")))
    code, out, err = run(capsys, *[a.replace("{f}", str(path)) for a in args])
    assert code == 1, err
    (error,) = out["files"][0]["errors"]
    assert error["message"] == tr("reader.not_allowed", "en", allowed="M, V, O")
    assert error["message"] != tr("reader.not_allowed", "nl", allowed="M, V, O")


def test_lang_after_the_command_on_a_refusal_on_standard_error(tmp_path, capsys):
    code, _, err = run(capsys, "list", str(tmp_path / "nothing.dat"), "--lang", "en")
    assert code == 1
    assert "cannot be read" in err


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "{f}", "--bogus"],
    ["list"],
    ["list", "{f}", "{f}"],
    ["diff", "{f}"],
    ["check", "{f}", "--lang", "fr"],
    ["check", "{f}", "--lang"],
    ["salary", "{f}", "--period", "week"],
    ["salary", "{f}", "--amount", "12,505"],
    ["salary", "{f}", "--percent", "100,01"],
    ["salary", "{f}", "--amount", "1", "--percent", "1"],
    ["list", "{f}", "--json", "--csv", "x.csv"],
])
def test_a_wrong_command_line_is_exit_2(args, samples_dir, capsys):
    path = str(samples_dir / "2026-02_01.dat")
    code, _, err = run(capsys, *[a.replace("{f}", path) for a in args])
    assert code == 2
    assert "Traceback" not in err


def _diff(capsys, van: Path, tot: Path) -> tuple[int, object, str]:
    return run(capsys, "diff", str(van), str(tot), "--json")


def test_diff_refuses_what_the_spec_refuses(lines, tmp_path, capsys, samples_dir):
    jan, feb = samples_dir / "2026-01_01.dat", samples_dir / "2026-02_01.dat"
    other = tmp_path / "other.dat"
    other.write_bytes(join(edited(lines, 0, collectivity_number="999999999")))
    assert _diff(capsys, jan, other)[0] == 1  # different collectivities
    assert _diff(capsys, feb, jan)[0] == 1  # van later than tot
    assert _diff(capsys, feb, feb)[0] == 1  # the same month and volgnummer
    reissue = tmp_path / "reissue.dat"
    reissue.write_bytes(join(edited(lines, 0, sequence="02")))
    code, out, _ = _diff(capsys, feb, reissue)  # a re-issue against its original: allowed
    assert code == 0
    assert out["van"] == {**out["van"], "prolongatiemaand": "2026-02", "volgnummer": 1}
    assert out["tot"] == {**out["tot"], "prolongatiemaand": "2026-02", "volgnummer": 2}
    assert (out["rows"], out["totaal_verschil_cent"]) == ([], 0)
    assert _diff(capsys, reissue, feb)[0] == 1
    invalid = tmp_path / "invalid.dat"
    invalid.write_bytes(join(edited(lines, 7, gender="X")))
    assert _diff(capsys, jan, invalid)[0] == 1


def test_list_takes_the_employees_werknemersnummer(lines, tmp_path, capsys):
    path = tmp_path / "case.dat"
    # the H of line 8 without number, its P (line 11) with one of its own: both show ""
    path.write_bytes(join(edited(edited(lines, 7, employee_number=""), 10,
                                 employee_number="EIGEN")))
    code, out, err = run(capsys, "list", str(path), "--json")
    assert code == 0
    assert "werknemersnummer" in err  # the warning, on standard error
    persons = {p["relatienummer"]: p for p in out["verzekerden"]}
    assert persons["0013633920"]["werknemersnummer"] == ""
    assert persons["0018874421"]["werknemersnummer"] == ""
    assert persons["0018874421"]["relatienummer_hoofdverzekerde"] == "0013633920"
    assert persons["0013633920"]["einddatum"] is None
    assert persons["0013633920"]["geboortedatum"] == "1983-10-02"
    assert out["totaal_prolongatie_cent"] == 245828
    assert out["totaal_correcties_cent"] == -14687


def test_list_shows_a_space_signed_amount_as_positive(lines, tmp_path, capsys):
    path = tmp_path / "case.dat"
    path.write_bytes(join(edited(lines, 8, gross_cent=" 0000015825", net_cent=" 0000015825")))
    code, out, _ = run(capsys, "list", str(path), "--json")
    assert code == 0
    assert out["verzekerden"][0]["prolongatie_cent"] == 15825 + 2459


def test_list_of_an_invalid_file_is_refused(lines, tmp_path, capsys):
    path = tmp_path / "case.dat"
    path.write_bytes(join(lines[:-1]))
    code, out, err = run(capsys, "list", str(path), "--json")
    assert code == 1
    assert out == ""
    assert str(path) in err and "Traceback" not in err


def test_corrections_korting_is_both_discounts(lines, tmp_path, capsys):
    path = tmp_path / "case.dat"
    # line 29 (C, ABS): collectieve korting -616 and now an overige korting -100 as well
    damaged = edited(lines, 28, other_discount_cent="-0000000100", net_cent="-0000003390")
    damaged = edited(damaged, TRAILER, total_corrections_cent="-000000014587",
                     total_due_cent="+000000231241")
    path.write_bytes(join(damaged))
    code, out, err = run(capsys, "corrections", str(path), "--json")
    assert code == 0, err
    (row,) = [r for r in out["rows"] if r["relatienummer"] == "0063492024"
              and r["productcode"] == "ABS" and r["premiemaand"] == "2026-02"]
    assert (row["bruto_cent"], row["korting_cent"], row["netto_cent"]) == (-4106, -716, -3390)
    assert row["mutatiecode"] == "02" and row["mutatiedatum"] == "2026-02-12"
    assert out["totaal_netto_cent"] == -14587


def test_salary_refuses_missing_and_shared_werknemersnummers(lines, tmp_path, capsys):
    missing = tmp_path / "missing.dat"
    missing.write_bytes(join(edited(lines, 7, employee_number="")))
    code, out, err = run(capsys, "salary", str(missing), "--json")
    assert code == 1 and out == ""
    assert "0013633920" in err
    code, out, _ = run(capsys, "salary", str(missing), "--json", "--skip-missing")
    assert code == 0
    assert out["niet_omgezet"] == [{**out["niet_omgezet"][0], "relatienummer": "0013633920",
                                    "naam": "B. van den Heuvel"}]
    assert "" not in {r["werknemersnummer"] for r in out["rows"]}
    shared = tmp_path / "shared.dat"
    shared.write_bytes(join(edited(lines, 7, employee_number="001392")))  # line 16's number
    assert run(capsys, "salary", str(shared), "--json")[0] == 1


# ---- what an error shows, and what a bad field does not hide ------------------------------

def _first(lines: list[bytes], record: bytes, kind: bytes | None = None) -> int:
    return next(i for i, x in enumerate(lines)
                if x[:2] == record and (kind is None or x[12:13] == kind))


@pytest.mark.parametrize(("kind", "total"), [(b"P", "total_prolongation_cent"),
                                             (b"C", "total_corrections_cent")])
@pytest.mark.parametrize("bad", ["gross_cent", "collective_discount_cent"])
def test_the_trailer_totals_are_checked_when_only_a_bruto_or_korting_is_bad(
        kind, total, bad, lines, tmp_path, capsys):
    # the totals are sums of nettopremie: a bad brutopremie or korting hides no wrong total
    at = _first(lines, b"20", kind)
    trailer = _first(lines, b"90")
    damaged = edited(edited(lines, at, **{bad: "*0000015825"}), trailer,
                     **{total: "+000000000001"})
    code, result = check(tmp_path, capsys, join(damaged))
    assert code == 1
    labels = {"gross_cent": "brutopremie", "collective_discount_cent": "collectieve korting",
              "total_prolongation_cent": "totaal prolongatie",
              "total_corrections_cent": "totaal correcties"}
    assert [(e["line"], e["field"]) for e in result["errors"]] == [
        (at + 1, labels[bad]), (trailer + 1, labels[total])]


def test_a_bad_nettopremie_still_keeps_its_totals_from_being_compared(lines, tmp_path, capsys):
    at = _first(lines, b"20", b"P")
    code, result = check(tmp_path, capsys, join(edited(lines, at, net_cent="*0000015825")))
    assert code == 1
    assert [(e["line"], e["field"]) for e in result["errors"]] == [(at + 1, "nettopremie")]


@pytest.mark.parametrize(("record", "name", "value", "text", "shown"), [
    (b"10", "bsn", b"39083016\x00", "39083016\x00", "39083016<0x00>"),  # a NUL is kept
    (b"20", "mutation_code", b"0 ", "0 ", "0 "),  # only text pads with spaces
    (b"20", "gross_cent", b"+000001582\x00", "+000001582\x00", "+000001582<0x00>"),
    (b"10", "birth_date", b"1983100 ", "1983100 ", "1983100 "),
    (b"20", "gross_cent", b"           ", "", None),  # all spaces: empty, as before
])
def test_the_found_text_of_a_field_of_digits_is_what_stands_there(
        record, name, value, text, shown, lines, tmp_path, capsys):
    at = _first(lines, record)
    code, result = check(tmp_path, capsys, join(edited(lines, at, **{name: value})))
    assert code == 1
    error = next(e for e in result["errors"] if e["line"] == at + 1)
    assert error["text"] == text
    if shown is not None:  # the message shows it, a control character as <0x..>
        _, _, err = run(capsys, "check", str(tmp_path / "case.dat"))
        assert f"'{shown}'" in err
