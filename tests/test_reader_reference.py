"""The vectorised reader against the plain reference checker (tests/reference_reader.py) over
valid files and over files with spec-meaningful damage: both must find the same problems on the
same lines and fields, and read valid files to the same values."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import reference_reader as ref
from borderel_edit import put
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digibord.formats.layout import load_layout
from digibord.formats.reader import parse_borderel

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"


@cache
def _bases() -> tuple[bytes, ...]:
    from devtools.synth import generate_series
    from digibord.formats.writer import write_borderel

    files = [p.read_bytes() for p in sorted(SAMPLES.glob("*.dat"))]
    series = generate_series([202512, 202601], 5, 7, missing_employee_numbers=1)
    files += [write_borderel(b) for b in series]
    files.append(write_borderel(series[0], line_end="\n"))
    # more than 64 rows of a record type: the reader's whole-block fast paths fold rows
    files.append(write_borderel(generate_series([202601], 40, 11)[0]))
    # UTF-8 beyond cp1252: code points of 16 bits, and of 32 bits (a character beyond the
    # 16-bit plane)
    text = files[0].decode("cp1252")
    for odd in ("ğ", "\U0001d49c"):
        files.append(b"\xef\xbb\xbf" + text.replace("Heuvel", "Heu" + odd + "el").encode("utf-8"))
    return tuple(files)


def _keys(issues) -> set[tuple]:
    return {(i.line, i.field, i.code) for i in issues}


def _compare(data: bytes) -> None:
    got = parse_borderel(data, "x")
    want = ref.check(data)
    errors = _keys(got.errors)
    if errors == {(None, None, "reader.looks_like")} and not data.startswith(b"01BRDVGZ"):
        assert want.errors  # a broken header plus a control byte: "binary data" is fair
        return
    if got.error_total > len(got.errors):
        # beyond the listing cap (a 90 record early in a long file makes every later line an
        # error): the errors listed are the reference's, and the count is all of them
        assert errors <= want.errors and got.error_total == len(want.errors)
        return
    assert errors == want.errors
    if got.valid:
        assert _keys(got.warnings) == want.warnings
        _same_values(got.borderel, want.values)


def _same_values(b, v) -> None:
    h = v["header"]
    assert b.header.prolongation_month == h["prolongatiemaand"]
    assert b.header.sequence == h["volgnummer"]
    assert b.header.collectivity_name == (h["naam collectiviteit"] or "")
    assert b.header.creation_date == h["aanmaakdatum"]
    assert b.products["product_code"].tolist() == [p["productcode"] for p in v["products"]]
    assert b.products["discount_bp"].tolist() == [p["collectieve korting"] for p in v["products"]]
    ins = b.insured
    assert ins["relation_number"].tolist() == [p["relatienummer"] for p in v["insured"]]
    assert ins["surname"].tolist() == [p["achternaam"] for p in v["insured"]]
    assert ins["bsn"].tolist() == [
        "" if p["BSN"] is None else f"{p['BSN']:09d}" for p in v["insured"]
    ]
    births = [np.datetime64(p["geboortedatum"], "s") for p in v["insured"]]
    assert ins["birth_date"].to_numpy().tolist() == np.array(births).tolist()
    ends = ins["end_date"].to_numpy()
    for end, p in zip(ends, v["insured"], strict=True):
        assert (np.isnat(end) and p["einddatum"] is None) or end == np.datetime64(
            p["einddatum"], "s"
        )
    lines = b.lines
    assert lines["net_cent"].dtype == np.int64
    for name, col in (
        ("brutopremie", "gross_cent"),
        ("collectieve korting", "collective_discount_cent"),
        ("overige korting", "other_discount_cent"),
        ("nettopremie", "net_cent"),
        ("premiemaand", "premium_month"),
        ("relatienummer", "relation_number"),
    ):
        assert lines[col].tolist() == [ln[name] for ln in v["lines"]], name
    assert lines["mutation_code"].tolist() == [f"{ln['mutatiecode']:02d}" for ln in v["lines"]]
    assert b.trailer.total_due_cent == v["trailer"]["totaal te betalen"]


def test_valid_files_agree():
    for data in _bases():
        _compare(data)
        assert parse_borderel(data).valid


# Values that the spec gives a meaning to, per field type, plus a few random ones.
SPECIAL = {
    "A": ["", " ", "X", "H", "P", "K", "C", "B", "A", "T", "M", "V", "O", " P", "h", "BEK"],
    "N": ["", "0", "00", "01", "99", "42", "1A", "0000000000", " 12", "12 ", "1 3", "9999999999"],
    "ID": ["", "000000000", "123456782", "123456780", "1234 6789", "12345678 ", "ABCDEFGHI",
           "999999999"],
    "D": [
        "",
        "00000000",
        "19000229",
        "20000229",
        "20240229",
        "20230229",
        "20260231",
        "20261301",
        "2026 101",
        "99991231",
        "00010101",
        "20260100",
    ],
    "M": ["", "000000", "202600", "202613", "202601", "202512", "202603", "20260A", "999912"],
    "S": [
        "",
        "+-000000001",
        "-0000000000",
        " 0000000100",
        "*0000000001",
        "+00000000 1",
        "+0000000000",
        "-0000000001",
        "+999999999999",
        "+9999999999",
        "-9999999999",
        "-",
    ],
}


def _fields(record: str):
    return [f for f in load_layout().records.get(record, ()) if f.type != "F"]


@st.composite
def damaged(draw):
    base = draw(st.sampled_from(_bases()))
    end = b"\r\n" if b"\r\n" in base[:300] else b"\n"
    lines = base.split(end)[:-1]
    for _ in range(draw(st.integers(1, 3))):
        action = draw(
            st.sampled_from(
                ["field"] * 6
                + ["digit"] * 2
                + ["swap", "dup", "drop", "blank", "strip", "long", "type", "filler", "byte"]
                + ["control"]
            )
        )
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if action == "field":
            fields = _fields(line[:2].decode("cp1252", "replace"))
            if not fields:
                continue
            f = draw(st.sampled_from(fields))
            pool = SPECIAL[f.type] + [line[f.start - 1 : f.stop]] * 2
            other = lines[draw(st.integers(0, len(lines) - 1))]
            pool.append(other[f.start - 1 : f.stop])  # a value of another line
            value = draw(
                st.one_of(
                    st.sampled_from(pool),
                    st.text(alphabet="0123456789 +-AHPKCX", min_size=f.length, max_size=f.length),
                )
            )
            if f.name in ("record_type", "file_id", "layout_version") and i == 0:
                continue  # stopping at the header says little
            lines[i] = put(line, f.name, value)
        elif action in ("digit", "control"):
            # one character of one field: a digit field that is all digits on every other
            # line (the reader's whole-block fast path must still find this one), or a
            # control character in a text field (only spaces pad)
            kind = ("N", "ID", "D", "M", "S") if action == "digit" else ("A",)
            fields = [
                f for f in _fields(line[:2].decode("cp1252", "replace")) if f.type in kind
            ]
            if not fields or (i == 0 and action == "digit"):
                continue
            f = draw(st.sampled_from(fields))
            at = f.start - 1 + draw(st.integers(0, f.length - 1))
            pool = [b"A", b" ", b"/", b":", b"+", b"-", b"\x00", b"\xff"]
            if action == "control":
                pool = [b"\x00", b"\t", b"\r", b"\x1a", b"\x1f", b"\x0b"]
            byte = draw(st.sampled_from(pool))
            lines[i] = line.ljust(250)[:at] + byte + line.ljust(250)[at + 1 :]
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "dup":
            lines.insert(draw(st.integers(1, len(lines))), line)
        elif action == "drop" and len(lines) > 2:
            del lines[i]
        elif action == "blank":
            blank = draw(st.sampled_from([b"", b"   ", b" " * 250, b" " * 260, b"\t", b" \t "]))
            lines.insert(draw(st.integers(0, len(lines))), blank)
        elif action == "strip":
            lines[i] = line.rstrip(b" ")
        elif action == "long":
            lines[i] = line.ljust(250) + draw(st.sampled_from([b"X", b"  ", b"ABC"]))
        elif action == "filler":  # what stands in a filler is ignored, even a control byte
            byte = draw(st.sampled_from([b"\x00", b"\t", b"x", b"\x81", b"\x9d", b"\x80"]))
            lines[i] = line.ljust(250)[:240] + byte + line[241:]
        elif action == "type":
            lines[i] = draw(st.sampled_from([b"30", b"00", b"01", b"90", b"05", b"1 "])) + line[2:]
        elif action == "byte":  # a byte cp1252 does not define, anywhere in a line
            at = draw(st.integers(0, max(len(line) - 1, 0)))
            byte = draw(st.sampled_from([b"\x81", b"\x8d", b"\x90"]))
            lines[i] = line[:at] + byte + line[at + 1 :]
    tail = draw(
        st.sampled_from(
            [
                *(end, b"", end + b"\x1a", b"\x1a", end + end, end + b"\x1a" + end + b" " + end),
                *(b"\r" + end, b"\r", end + b" " * 250 + end),  # CR CR LF; spaces after 90
            ]
        )
    )
    return end.join(lines) + tail


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged())
def test_damaged_files_agree_with_the_reference(data):
    _compare(data)
