"""One crafted file per error and per warning of borderel-dat.md, each asserting the exact line,
field and message key that the administrator will see."""

from __future__ import annotations

import pytest
from borderel_edit import find, get, join, put, sample_lines

from digibord.formats.reader import parse_borderel
from digibord.i18n import tr


def errors_of(data: bytes):
    result = parse_borderel(data, "test.dat")
    assert result.borderel is None, "the file should have been refused"
    return result


def has(result, code, line="any", field="any"):
    for e in result.errors:
        if (
            e.code == code
            and (line == "any" or e.line == line)
            and (field == "any" or e.field == field)
        ):
            return e
    raise AssertionError(
        f"no {code} at line {line} field {field}: "
        f"{[(e.code, e.line, e.field) for e in result.errors]}"
    )


@pytest.fixture
def lines(samples_dir):
    return sample_lines(samples_dir, "02")


def test_sample_is_valid(lines):
    result = parse_borderel(join(lines), "x")
    assert result.valid and result.errors == [] and result.warnings == []


# -- not a borderel at all ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"PK\x03\x04" + b"\x00" * 30 + b"xl/workbook.xml" + b"\x00" * 100, "xlsx"),
        (b"PK\x03\x04" + b"\x00" * 30 + b"readme.txt" + b"\x00" * 100, "zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"<!DOCTYPE html>\n<html><head><title>Inloggen</title></head></html>", "html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        ("01BRDVGZ01123456789".encode("utf-16"), "utf16"),
        ("01BRDVGZ01123456789".encode("utf-16-le"), "utf16"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ole"),
    ],
)
def test_other_kinds_of_file_are_named(data, kind):
    result = errors_of(data)
    assert [e.code for e in result.errors] == ["reader.looks_like"]
    assert result.errors[0].line is None
    assert tr(f"reader.kind.{kind}") in result.errors[0].message()


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"   \r\n  \r\n", b"\x1a"])
def test_empty_file(data):
    result = errors_of(data)
    assert [e.code for e in result.errors] == ["reader.empty"]
    assert result.errors[0].line is None


def test_csv_instead_of_borderel():
    result = errors_of(b"Personeelsnummer;Bedrag\r\n1001;12,50\r\n")
    # "a file that is not a borderel at all" names no line (spec)
    e = has(result, "reader.no_header", None, "recordsoort")
    assert e.text == "Pe" and e.position == "1-2"


def test_wrong_file_identifier(lines):
    lines[0] = put(lines[0], "file_id", "BRDXYZ")
    result = errors_of(join(lines))
    e = has(result, "reader.not_borderel", None, "bestandsaanduiding")
    assert e.text == "BRDXYZ" and e.position == "3-8"
    assert len(result.errors) == 1


def test_missing_header(lines):
    result = errors_of(join(lines[1:]))
    assert [(e.code, e.line) for e in result.errors] == [("reader.no_header", None)]


def test_unsupported_layout_version(lines):
    lines[0] = put(lines[0], "layout_version", "02")
    result = errors_of(join(lines))
    e = has(result, "reader.unsupported_version", 1, "layoutversie")
    assert e.text == "02" and e.position == "9-10"


# -- encoding and line structure ----------------------------------------------------------------


def test_byte_not_in_cp1252(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "surname", b"Jans\x81en")
    result = errors_of(join(lines))
    e = has(result, "reader.bad_byte", i + 1)
    assert e.text == "0x81" and e.position == "52"


def test_line_too_long(lines):
    i = find(lines, "10")
    lines[i] = lines[i] + b"XYZ"
    result = errors_of(join(lines))
    e = has(result, "reader.line_too_long", i + 1)
    assert e.position == "251-253" and e.text == "XYZ"


def test_unknown_record_type(lines):
    i = find(lines, "20")
    lines[i] = b"30" + lines[i][2:]
    result = errors_of(join(lines))
    e = has(result, "reader.unknown_record", i + 1, "recordsoort")
    assert e.text == "30" and e.position == "1-2"


def test_records_out_of_order(lines):
    i = find(lines, "05")
    moved = lines.pop(i)
    j = find(lines, "20")
    lines.insert(j + 1, moved)
    result = errors_of(join(lines))
    has(result, "reader.out_of_order", j + 2, "recordsoort")


def test_missing_trailer(lines):
    result = errors_of(join(lines[:-1]))
    e = has(result, "reader.missing_trailer", None)
    assert e.field is None


def test_record_after_trailer(lines):
    extra = lines[find(lines, "20")]
    result = errors_of(join([*lines, extra]))
    has(result, "reader.after_trailer", len(lines) + 1, "recordsoort")


def test_second_header(lines):
    lines.insert(3, lines[0])
    result = errors_of(join(lines))
    has(result, "reader.second_header", 4, "recordsoort")


def test_two_eof_marks(lines):
    result = errors_of(join(lines) + b"\x1a\r\n\x1a")
    has(result, "reader.eof_marks", None)


# -- fields that do not fit their type ----------------------------------------------------------


def test_letters_in_number(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "relation_number", "00001A3456")
    result = errors_of(join(lines))
    e = has(result, "reader.not_numeric", i + 1, "relatienummer")
    assert e.position == "3-12" and e.text == "00001A3456"


def test_impossible_date(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "birth_date", "20260231")
    result = errors_of(join(lines))
    e = has(result, "reader.bad_date", i + 1, "geboortedatum")
    assert e.position == "99-106" and e.text == "20260231"


def test_impossible_month(lines):
    lines[0] = put(lines[0], "prolongation_month", "202613")
    result = errors_of(join(lines))
    has(result, "reader.bad_month", 1, "prolongatiemaand")


def test_bad_sign(lines):
    i = find(lines, "20")
    lines[i] = put(lines[i], "gross_cent", "*" + get(lines[i], "gross_cent")[1:])
    result = errors_of(join(lines))
    e = has(result, "reader.bad_amount", i + 1, "brutopremie")
    assert e.position == "26-36"


def test_space_sign_reads_as_plus(lines):
    i = find(lines, "20")
    value = get(lines[i], "gross_cent")
    assert value[0] == "+"
    lines[i] = put(lines[i], "gross_cent", " " + value[1:])
    assert parse_borderel(join(lines)).valid


def test_required_field_empty(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "surname", "")
    result = errors_of(join(lines))
    e = has(result, "reader.required_empty", i + 1, "achternaam")
    assert e.position == "48-82"


def test_required_birth_date_zero(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "birth_date", "00000000")
    has(errors_of(join(lines)), "reader.required_empty", i + 1, "geboortedatum")


@pytest.mark.parametrize(
    "record,name,value,label",
    [
        ("05", "product_kind", "X", "productsoort"),
        ("10", "role", "Z", "rol"),
        ("10", "gender", "X", "geslacht"),
        ("20", "line_kind", "Q", "regelsoort"),
        ("20", "mutation_code", "42", "mutatiecode"),
    ],
)
def test_value_outside_set(lines, record, name, value, label):
    i = find(
        lines,
        record,
        (lambda ln: get(ln, "line_kind") == "C") if name == "mutation_code" else (lambda ln: True),
    )
    lines[i] = put(lines[i], name, value)
    result = errors_of(join(lines))
    e = has(result, "reader.not_allowed", i + 1, label)
    assert e.text == value
    # one damaged field, one error: no trailer noise about a line of unknown kind
    assert len(result.errors) == 1, [(e.code, e.line) for e in result.errors]


def test_sequence_starts_at_one(lines):
    lines[0] = put(lines[0], "sequence", "00")
    has(errors_of(join(lines)), "reader.sequence_zero", 1, "volgnummer")


# -- meaning across records ---------------------------------------------------------------------


def test_trailer_count_differs(lines):
    lines[-1] = put(lines[-1], "insured_count", "0000099")
    e = has(errors_of(join(lines)), "reader.trailer_mismatch", len(lines), "aantal verzekerden")
    assert e.text == "0000099"


def test_trailer_total_differs(lines):
    total = get(lines[-1], "total_due_cent")
    lines[-1] = put(lines[-1], "total_due_cent", total[:-1] + str((int(total[-1]) + 1) % 10))
    has(errors_of(join(lines)), "reader.trailer_mismatch", len(lines), "totaal te betalen")


def test_net_premium_mismatch(lines):
    i = find(lines, "20")
    net = int(get(lines[i], "net_cent"))
    lines[i] = put(lines[i], "net_cent", f"+{net + 1:010d}")
    e = has(errors_of(join(lines)), "reader.net_mismatch", i + 1, "nettopremie")
    assert e.position == "59-69" and dict(e.params)["expected"] == f"+{net:010d}"


def test_unknown_relation_in_line(lines):
    i = find(lines, "20")
    lines[i] = put(lines[i], "relation_number", "0000000001")
    has(errors_of(join(lines)), "reader.unknown_relation", i + 1, "relatienummer")


def test_unknown_product_in_line(lines):
    i = find(lines, "20")
    lines[i] = put(lines[i], "product_code", "XYZ")
    e = has(errors_of(join(lines)), "reader.unknown_product", i + 1, "productcode")
    assert e.text == "XYZ" and e.position == "20-25"


def test_duplicate_relation(lines):
    i = find(lines, "10")
    lines.insert(i + 1, lines[i])
    lines[-1] = put(lines[-1], "insured_count", f"{int(get(lines[-1], 'insured_count')) + 1:07d}")
    has(errors_of(join(lines)), "reader.duplicate_relation", i + 2, "relatienummer")


def test_duplicate_product(lines):
    i = find(lines, "05")
    lines.insert(i + 1, lines[i])
    has(errors_of(join(lines)), "reader.duplicate_product", i + 2, "productcode")


def test_duplicate_p_line(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    lines.insert(i + 1, lines[i])
    has(errors_of(join(lines)), "reader.duplicate_p_line", i + 2, "productcode")


def test_several_c_lines_for_the_same_month_are_fine(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "C")
    lines.insert(i + 1, lines[i])
    total = int(get(lines[-1], "total_corrections_cent"))
    net = int(get(lines[i], "net_cent"))
    lines[-1] = put(lines[-1], "line_count", f"{int(get(lines[-1], 'line_count')) + 1:07d}")
    lines[-1] = put(
        lines[-1],
        "total_corrections_cent",
        f"{'-' if total + net < 0 else '+'}{abs(total + net):012d}",
    )
    due = int(get(lines[-1], "total_due_cent")) + net
    lines[-1] = put(lines[-1], "total_due_cent", f"{'-' if due < 0 else '+'}{abs(due):012d}")
    result = parse_borderel(join(lines))
    assert result.valid, [e.describe("x") for e in result.errors]


def test_p_line_for_another_month(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    lines[i] = put(lines[i], "premium_month", "202601")
    has(errors_of(join(lines)), "reader.p_month", i + 1, "premiemaand")


def test_c_line_after_prolongation_month(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "C")
    lines[i] = put(lines[i], "premium_month", "202603")
    has(errors_of(join(lines)), "reader.c_month_after", i + 1, "premiemaand")


def test_p_line_with_mutation_code(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    lines[i] = put(lines[i], "mutation_code", "01")
    has(errors_of(join(lines)), "reader.p_mutation_code", i + 1, "mutatiecode")


def test_p_line_with_mutation_date(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    lines[i] = put(lines[i], "mutation_date", "20260201")
    has(errors_of(join(lines)), "reader.p_mutation_date", i + 1, "mutatiedatum")


def test_c_line_without_mutation_date(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "C")
    lines[i] = put(lines[i], "mutation_date", "00000000")
    has(errors_of(join(lines)), "reader.c_no_mutation_date", i + 1, "mutatiedatum")


def test_dependant_without_policyholder(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") in "PK")
    lines[i] = put(lines[i], "policyholder", "0000000002")
    has(errors_of(join(lines)), "reader.holder_missing", i + 1, "relatienummer hoofdverzekerde")


def test_dependant_whose_policyholder_is_not_h(lines):
    k = find(lines, "10", lambda ln: get(ln, "role") in "PK")
    other = find(lines[k + 1 :], "10", lambda ln: get(ln, "role") in "PK") + k + 1
    lines[other] = put(lines[other], "policyholder", get(lines[k], "relation_number"))
    has(errors_of(join(lines)), "reader.holder_not_h", other + 1, "relatienummer hoofdverzekerde")


def test_h_whose_policyholder_is_not_self(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    lines[i] = put(lines[i], "policyholder", "0000000003")
    has(errors_of(join(lines)), "reader.holder_not_self", i + 1, "relatienummer hoofdverzekerde")


def test_all_errors_are_reported_not_just_the_first(lines):
    idx = [i for i, ln in enumerate(lines) if ln[:2] == b"10"][:3]
    for i in idx:
        lines[i] = put(lines[i], "birth_date", "20251340")
    result = errors_of(join(lines))
    assert [e.line for e in result.errors if e.code == "reader.bad_date"] == [i + 1 for i in idx]


def test_error_list_is_capped_with_a_count(lines):
    body = [ln for ln in lines if ln[:2] == b"20"]
    many = lines[:-1] + body * 300 + lines[-1:]
    result = errors_of(join(many))
    assert len(result.errors) <= 200 and result.error_total > len(result.errors)


# -- warnings: the file opens -------------------------------------------------------------------


def warnings_of(data: bytes):
    result = parse_borderel(data, "w.dat")
    assert result.valid, [e.describe("w") for e in result.errors]
    return result.warnings


def test_utf8_with_bom_is_read_with_a_warning(lines):
    text = join(lines).decode("cp1252")
    warnings = warnings_of(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert [w.code for w in warnings] == ["reader.utf8_bom"]
    plain = parse_borderel(join(lines)).borderel
    again = parse_borderel(b"\xef\xbb\xbf" + text.encode("utf-8")).borderel
    assert plain.header == again.header
    assert plain.insured["name"].tolist() == again.insured["name"].tolist()


def test_utf8_beyond_cp1252(lines):
    i = find(lines, "10")
    text = join(lines).decode("cp1252")
    line = lines[i].decode("cp1252")
    surname = get(lines[i], "surname")
    changed = line.replace(surname, "Ağaoğlu".ljust(len(surname)), 1)
    data = b"\xef\xbb\xbf" + text.replace(line, changed).encode("utf-8")
    result = parse_borderel(data)
    assert result.valid
    assert "Ağaoğlu" in result.borderel.insured["surname"].tolist()


def test_blank_lines_inside(lines):
    lines.insert(3, b"")
    lines.insert(6, b" " * 250)
    warnings = warnings_of(join(lines))
    assert [(w.code, w.line) for w in warnings] == [
        ("reader.blank_line", 4),
        ("reader.blank_line", 7),
    ]


def test_bsn_failing_eleven_test(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "bsn", "123456780")
    warnings = warnings_of(join(lines))
    assert [(w.code, w.line, w.field) for w in warnings] == [("reader.bsn_check", i + 1, "BSN")]


def test_unknown_bsn_is_fine(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "bsn", "000000000")
    j = find(lines, "10", lambda ln: ln != lines[i])
    lines[j] = put(lines[j], "bsn", "")
    result = parse_borderel(join(lines))
    assert result.valid and result.warnings == []
    assert set(result.borderel.insured["bsn"].iloc[[0, 1]]) <= {""} | set(
        result.borderel.insured["bsn"]
    )


def test_employee_without_employee_number(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") == "H")
    lines[i] = put(lines[i], "employee_number", "")
    warnings = warnings_of(join(lines))
    assert [(w.code, w.line, w.field) for w in warnings] == [
        ("reader.no_employee_number", i + 1, "werknemersnummer")
    ]


def test_correction_with_code_00(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "C")
    lines[i] = put(lines[i], "mutation_code", "00")
    warnings = warnings_of(join(lines))
    assert [(w.code, w.line) for w in warnings] == [("reader.c_code_00", i + 1)]


# -- accepted as the spec says -----------------------------------------------------------------


def test_lf_line_ends(lines):
    assert warnings_of(join(lines, b"\n")) == []


def test_one_eof_mark_after_trailer(lines):
    for tail in (b"\x1a", b"\r\n\x1a", b"\x1a\r\n", b"\r\n\x1a\r\n\r\n"):
        assert warnings_of(join(lines)[:-2] + tail) == []


def test_stripped_trailing_blanks(lines):
    stripped = [ln.rstrip(b" ") for ln in lines]
    result = parse_borderel(join(stripped))
    assert result.valid
    original = parse_borderel(join(lines)).borderel
    assert result.borderel.insured.equals(original.insured)
    assert result.borderel.lines.equals(original.lines)


def test_english_messages(lines):
    lines[0] = put(lines[0], "file_id", "XXXXXX")
    e = errors_of(join(lines)).errors[0]
    assert "not a borderel" in e.message("en")
    assert "geen borderel" in e.message("nl")


# -- found by comparing with tests/reference_reader.py ----------------------------------------


@pytest.mark.parametrize(
    "name,value,code,field",
    [
        ("layout_version", "02", "reader.unsupported_version", "layoutversie"),
        ("sequence", "00", "reader.sequence_zero", "volgnummer"),
        ("prolongation_month", "202613", "reader.bad_month", "prolongatiemaand"),
    ],
)
def test_header_errors_name_the_header_line_after_blank_lines(lines, name, value, code, field):
    lines[0] = put(lines[0], name, value)
    result = errors_of(join([b"", b"   ", *lines]))
    e = has(result, code, 3, field)
    assert e.text == value


def test_not_a_borderel_names_no_line(lines):
    result = errors_of(join([b"", *lines[1:]]))
    assert [(e.code, e.line) for e in result.errors] == [("reader.no_header", None)]
    lines[0] = put(lines[0], "file_id", "BRDXYZ")
    result = errors_of(join([b"", *lines]))
    assert [(e.code, e.line, e.field) for e in result.errors] == [
        ("reader.not_borderel", None, "bestandsaanduiding")
    ]


def test_not_a_borderel_says_only_that(lines):
    lines[0] = b"30" + lines[0][2:] + b"XYZ"
    i = find(lines, "10")
    lines[i] = put(lines[i], "surname", b"\x81")
    result = errors_of(join(lines))
    assert [(e.code, e.line) for e in result.errors] == [("reader.no_header", None)]


def test_a_long_line_of_spaces_is_a_blank_line(lines):
    lines.insert(4, b" " * 300)
    warnings = warnings_of(join(lines))
    assert [(w.code, w.line) for w in warnings] == [("reader.blank_line", 5)]


def test_one_character_too_many_shows_one_position(lines):
    i = find(lines, "20")
    lines[i] = lines[i] + b"X"
    e = has(errors_of(join(lines)), "reader.line_too_long", i + 1)
    assert e.position == "251" and e.text == "X"


@pytest.mark.parametrize("role", ["H", "P"])
def test_empty_policyholder_is_only_required_empty(lines, role):
    i = find(lines, "10", lambda ln: get(ln, "role") == role)
    lines[i] = put(lines[i], "policyholder", "")
    result = errors_of(join(lines))
    assert [(e.code, e.line, e.field) for e in result.errors] == [
        ("reader.required_empty", i + 1, "relatienummer hoofdverzekerde")
    ]


def test_empty_relation_numbers_are_not_duplicates(lines):
    idx = [i for i, ln in enumerate(lines) if ln[:2] == b"10" and get(ln, "role") == "K"][:2]
    for i in idx:
        lines[i] = put(lines[i], "relation_number", "")
    result = errors_of(join(lines))
    assert not [e for e in result.errors if e.code == "reader.duplicate_relation"]
    assert [e.line for e in result.errors if e.code == "reader.required_empty"] == [
        i + 1 for i in idx
    ]


def test_a_malformed_relation_number_names_nobody(lines):
    i = find(lines, "10", lambda ln: get(ln, "role") == "K")
    lines[i] = put(lines[i], "relation_number", "00000000AB")
    j = find(lines, "20")
    lines[j] = put(lines[j], "relation_number", "0000000000")
    result = errors_of(join(lines))
    has(result, "reader.unknown_relation", j + 1, "relatienummer")


def test_malformed_relation_numbers_make_no_duplicate_p_line(lines):
    i = find(lines, "20", lambda ln: get(ln, "line_kind") == "P")
    lines[i] = put(lines[i], "relation_number", "ABC")
    lines.insert(i + 1, lines[i])
    lines[-1] = put(lines[-1], "line_count", f"{int(get(lines[-1], 'line_count')) + 1:07d}")
    result = errors_of(join(lines))
    assert not [e for e in result.errors if e.code == "reader.duplicate_p_line"]
    assert [e.line for e in result.errors if e.code == "reader.not_numeric"] == [i + 1, i + 2]


@pytest.mark.parametrize("byte", [b"\x00", b"\x01", b"\x1b"])
def test_control_bytes_in_a_filler_are_ignored(lines, byte):
    for k in range(0, len(lines), 3):
        lines[k] = lines[k][:240] + byte + lines[k][241:]
    assert warnings_of(join(lines)) == []


def test_bad_utf8_names_line_and_column(lines):
    text = join(lines).decode("cp1252")
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    at = data.index(b"\r\n", data.index(b"\r\n") + 1) + 2 + 20  # line 3, column 21
    data = data[:at] + b"\xff" + data[at + 1 :]
    result = errors_of(data)
    e = has(result, "reader.bad_utf8", 3)
    assert e.position == "21" and e.text == "0xFF"


def test_cr_alone_as_line_end_says_so(lines):
    result = errors_of(b"\r".join(lines) + b"\r")
    e = has(result, "reader.line_too_long_cr", 1)
    assert "CR" in e.message("en") and "CR" in e.message("nl")
    has(result, "reader.missing_trailer", None)


def test_short_lines_with_cr_lf_keep_blank_lines_blank(lines):
    # every line 249 characters + CR LF, the last one 250: as many bytes as 250 + LF each
    short = [ln[:249] for ln in lines[:-1]] + lines[-1:]
    short.insert(3, b" " * 249)
    warnings = warnings_of(join(short))
    assert [(w.code, w.line) for w in warnings] == [("reader.blank_line", 4)]


def test_a_byte_not_in_cp1252_names_its_field(lines):
    i = find(lines, "20")
    lines[i] = put(lines[i], "product_code", b"B\x9dK")
    e = has(errors_of(join(lines)), "reader.bad_byte", i + 1, "productcode")
    assert e.position == "21" and e.text == "0x9D"


def test_control_byte_in_a_filler_after_a_leading_blank_line(lines):
    lines[0] = lines[0][:240] + b"\x00" + lines[0][241:]
    assert [w.code for w in warnings_of(join([b"", *lines]))] == ["reader.blank_line"]


@pytest.mark.parametrize("blank", [b"\t", b"\t\t  ", b" \t"])
def test_a_line_of_tabs_is_not_blank_and_says_so(lines, blank):
    lines.insert(4, blank)
    result = errors_of(join(lines))
    assert [(e.code, e.line, e.field) for e in result.errors] == [
        ("reader.not_blank_line", 5, "recordsoort")
    ]
    assert "tab" in result.errors[0].message("nl") and "tab" in result.errors[0].message("en")


@pytest.mark.parametrize(
    "tail,codes",
    [
        (b"\x1a\r\n\r\n", []),  # the one 0x1A and line ends: what the spec allows
        (b"\r\n\x1a\r\n\r\n", []),
        (b"\x1a\r\n   \r\n", [("reader.spaces_after_trailer", 2)]),
        (b"\x1a\r\n\r\n   \r\n", [("reader.spaces_after_trailer", 3)]),
        (b"\x1a\r\n   \r\n\x1a", [("reader.eof_marks", None), ("reader.spaces_after_trailer", 2)]),
        (b"\x1a\r\n\x1a\r\n   \r\n",
         [("reader.eof_marks", None), ("reader.spaces_after_trailer", 3)]),
    ],
)
def test_eof_mark_on_its_own_line_and_what_may_follow_it(lines, tail, codes):
    """After the 90 only line ends and one 0x1A (on a line of its own too): two marks are an
    error of the file, a line of spaces an error of its line (counted from the 90's)."""
    result = parse_borderel(join(lines) + tail)
    found = [(e.code, None if e.line is None else e.line - len(lines)) for e in result.errors]
    assert sorted(found, key=str) == sorted(codes, key=str)
    assert result.valid is (not codes)
    assert result.warnings == []


def test_a_control_character_in_a_number_shows_in_the_message(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "relation_number", b"0012\x0745678")
    e = has(errors_of(join(lines)), "reader.not_numeric", i + 1, "relatienummer")
    assert e.text == "0012\x0745678"  # JSON keeps what was found, byte for byte
    assert e.describe("x.dat").endswith("(gevonden: '0012<0x07>45678')")
