"""What issue 15 closed in the reader: control characters in text fields, CR CR LF on the last
line, spaces after the 90, and inputs that are not files (a FIFO, a device, a folder, a file
above the cap, a large file of NULs), each crafted and checked as the administrator sees it;
and the reader's window and chunk sizes never change what it reports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from borderel_edit import find, join, put, sample_lines
from hypothesis import HealthCheck, given, settings
from test_reader_reference import damaged

from digibord.formats import fixed_width, input_file, reader
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused
from digibord.formats.reader import MAX_LISTED, parse_borderel, read_borderel
from digibord.i18n import tr

REPO = Path(__file__).resolve().parent.parent
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def lines(samples_dir):
    return sample_lines(samples_dir, "02")


def only_error(data: bytes):
    result = parse_borderel(data, "test.dat")
    assert result.borderel is None
    assert len(result.errors) == 1, [(e.code, e.line, e.field) for e in result.errors]
    return result.errors[0]


# -- control characters in text fields ----------------------------------------------------------


def test_employee_number_of_nuls_is_an_error_not_a_missing_number(lines):
    i = find(lines, "10", lambda line: line[22:23] == b"H")
    lines[i] = put(lines[i], "employee_number", b"\x00" * 15)
    result = parse_borderel(join(lines), "test.dat")
    assert [(e.code, e.line, e.field) for e in result.errors] == [
        ("reader.control_char", i + 1, "werknemersnummer")
    ]
    assert result.errors[0].text == "\x00" * 15  # as found; a message shows <0x00>
    assert result.errors[0].position == "24-38"
    assert not any(w.code == "reader.no_employee_number" for w in result.warnings)


def test_surname_of_nuls_is_not_accepted(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "surname", b"\x00" * 35)
    e = only_error(join(lines))
    assert (e.code, e.line, e.field, e.position) == (
        "reader.control_char", i + 1, "achternaam", "48-82")


def test_product_code_with_trailing_nuls_is_not_read_as_the_code(lines):
    i = find(lines, "05", lambda line: line[2:5] == b"AGD")
    lines[i] = put(lines[i], "product_code", b"AGD\x00\x00\x00")
    result = parse_borderel(join(lines), "test.dat")
    codes = {(e.code, e.line, e.field) for e in result.errors}
    assert ("reader.control_char", i + 1, "productcode") in codes
    shown = next(e for e in result.errors if e.code == "reader.control_char")
    assert shown.text == "AGD\x00\x00\x00"
    assert shown.describe("x.dat").endswith("(gevonden: 'AGD<0x00><0x00><0x00>')")
    # the lines that name AGD now name a product that the file does not have
    assert all(code == "reader.unknown_product" for code, _, _ in codes - {
        ("reader.control_char", i + 1, "productcode")})


@pytest.mark.parametrize("char", [b"\t", b"\r", b"\x1f", b"\x0b"])
def test_any_control_character_in_a_name(lines, char):
    i = find(lines, "10")
    lines[i] = put(lines[i], "surname", b"Jan" + char + b"sen")
    e = only_error(join(lines))
    assert (e.code, e.field) == ("reader.control_char", "achternaam")
    assert e.text == f"Jan{char.decode()}sen"  # the text found, as JSON gives it
    # what a person reads shows the character instead of moving the cursor
    assert e.describe("x.dat").endswith(f"(gevonden: 'Jan<0x{char[0]:02X}>sen')")
    assert "<0x..>" in e.message() and "stuurteken" in e.message()


def test_control_character_in_a_filler_is_still_ignored(lines):
    i = find(lines, "20")
    lines[i] = lines[i][:240] + b"\x00" + lines[i][241:]
    assert parse_borderel(join(lines), "x").valid


def test_control_character_in_a_utf8_file(lines):
    i = find(lines, "10")
    lines[i] = put(lines[i], "initials", b"A.\x00")
    text = join(lines).decode("cp1252").replace("Klavertje", "Klavertğe")
    result = parse_borderel(b"\xef\xbb\xbf" + text.encode("utf-8"), "x")
    assert [(e.code, e.line, e.field) for e in result.errors] == [
        ("reader.control_char", i + 1, "voorletters")]


# -- line ends and blank lines after the 90 -----------------------------------------------------


def test_last_line_ending_cr_cr_lf_is_too_long_like_an_inner_line(lines):
    data = join(lines)[:-2] + b"\r\r\n"
    e = only_error(data)
    assert (e.code, e.line, e.position) == ("reader.line_too_long_crcrlf", len(lines), "251")
    inner = list(lines)
    inner[3] = inner[3] + b"\r"
    e = only_error(join(inner))
    assert (e.code, e.line, e.position) == ("reader.line_too_long_crcrlf", 4, "251")
    # the message names the damage, and the CR found shows instead of moving the cursor
    for lang in ("nl", "en"):
        assert "CR CR LF" in e.message(lang)
        assert e.describe("x.dat", lang).endswith("'<0x0D>')")


def test_a_cr_inside_the_overlong_part_is_not_cr_cr_lf(lines):
    inner = list(lines)
    inner[3] = inner[3] + b"\rX"
    e = only_error(join(inner))
    assert (e.code, e.line, e.text) == ("reader.line_too_long_cr", 4, "\rX")


def test_last_line_ending_in_a_lone_cr_is_too_long(lines):
    e = only_error(join(lines)[:-2] + b"\r")
    assert (e.code, e.line) == ("reader.line_too_long", len(lines))


def test_a_line_of_spaces_after_the_trailer_is_an_error(lines):
    """borderel-dat.md: after the 90 only line ends and at most one 0x1A may follow; a line
    of spaces there is neither (inside the file it is a blank line, with a warning)."""
    n = len(lines)
    for tail in (b" ", b" " * 250, b" " * 300, b"   \x1a", b"\x1a   ", b"\x1a   \r\n",
                 b"\r\n   \r\n"):
        result = parse_borderel(join(lines) + tail + b"\r\n", "x")
        line = n + (2 if tail.startswith(b"\r\n") else 1)
        assert [(e.code, e.line, e.field, e.position) for e in result.errors] == [
            ("reader.spaces_after_trailer", line, "recordsoort", "1-2")], tail
        assert result.warnings == [], tail  # the line's error, not also a blank line's warning
    for lang in ("nl", "en"):
        assert "0x1A" in result.errors[0].message(lang)
    # what the spec allows stays valid, without a warning; a blank line inside still warns
    for tail in (b"\r\n", b"\r\n\r\n", b"\x1a", b"\r\n\x1a\r\n"):
        result = parse_borderel(join(lines) + tail, "x")
        assert result.valid and result.warnings == [], tail
    inside = parse_borderel(join([*lines[:5], b"   ", *lines[5:]]), "x")
    assert inside.valid and [(w.code, w.line) for w in inside.warnings] == [
        ("reader.blank_line", 6)]


def test_many_lines_of_spaces_after_the_trailer_are_all_counted(lines):
    result = parse_borderel(join(lines) + b"  \r\n" * (MAX_LISTED + 5), "x")
    assert result.error_total == MAX_LISTED + 5
    assert len(result.errors) == MAX_LISTED
    assert {e.code for e in result.errors} == {"reader.spaces_after_trailer"}
    assert result.warnings == []


# -- inputs that are not files ------------------------------------------------------------------


@needs_fifo
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pijp.dat"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(InputRefused) as refused:
        read_input(fifo)
    assert time.monotonic() - start < 1.0
    assert [e.code for e in refused.value.errors] == ["reader.not_a_file"]
    assert tr("reader.not_a_file.fifo") in refused.value.describe()
    with pytest.raises(InputRefused):
        read_borderel(fifo)


@needs_fifo
def test_check_and_import_of_a_fifo_end_without_waiting(tmp_path):
    fifo = tmp_path / "pijp.dat"
    os.mkfifo(fifo)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for args in (["check", str(fifo)], ["check", "--json", str(fifo)], ["list", str(fifo)],
                 ["import", str(fifo)]):
        proc = subprocess.run([sys.executable, "-m", "digibord", *args], capture_output=True,
                              text=True, timeout=60, env=env)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout
        assert "pijp" in proc.stdout + proc.stderr


def test_a_device_is_refused(tmp_path):
    if not os.path.exists(os.devnull) or os.name != "posix":
        pytest.skip("no character device to point at")
    with pytest.raises(InputRefused) as refused:
        read_input(os.devnull)
    assert [e.code for e in refused.value.errors] == ["reader.not_a_file"]
    assert tr("reader.not_a_file.device") in refused.value.describe()


def test_a_folder_is_what_the_system_says(tmp_path):
    with pytest.raises(IsADirectoryError):
        read_input(tmp_path)
    with pytest.raises(InputRefused) as refused:
        read_borderel(tmp_path)
    assert [e.code for e in refused.value.errors] == ["reader.cannot_read"]


def test_a_file_above_the_cap_is_refused_unread(tmp_path, monkeypatch, samples_dir):
    data = (samples_dir / "2026-02_01.dat").read_bytes()
    path = tmp_path / "groot.dat"
    path.write_bytes(data)
    monkeypatch.setattr(input_file, "MAX_BORDEREL_BYTES", len(data) - 1)
    with pytest.raises(InputRefused) as refused:
        read_input(path)
    e = refused.value.errors[0]
    assert e.code == "reader.too_large" and e.line is None
    assert dict(e.params) == {"size": "1 MB", "limit": "1 MB"}  # rounded up: never "0 MB"
    monkeypatch.setattr(input_file, "MAX_BORDEREL_BYTES", len(data))
    assert read_input(path) == data


def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "nullen.dat"
    with open(path, "wb") as fh:
        fh.truncate(2 * 10**9)  # 2 GB of NULs that take no disk space
    with pytest.raises(InputRefused) as refused:
        read_input(path)
    assert [e.code for e in refused.value.errors] == ["reader.too_large"]


def test_a_file_of_nuls_is_binary_data_judged_by_its_head(tmp_path, monkeypatch):
    path = tmp_path / "nullen.dat"
    with open(path, "wb") as fh:
        fh.truncate(50 * 10**6)
    read = []
    opened = input_file.os.fdopen

    class Fd:  # os.fdopen's file objects cannot take attributes: wrap them
        def __init__(self, *args, **kwargs):
            self.fh = opened(*args, **kwargs)

        def read(self, n=-1):
            data = self.fh.read(n)
            read.append(len(data))
            return data

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(input_file.os, "fdopen", Fd)
    with pytest.raises(InputRefused) as refused:
        read_input(path)
    assert [e.code for e in refused.value.errors] == ["reader.looks_like"]
    assert tr("reader.kind.binary") in refused.value.errors[0].message()
    assert sum(read) <= input_file.HEAD_BYTES


def test_the_window_reads_in_chunks_with_the_same_refusals(tmp_path, samples_dir):
    seen = []
    data = read_input(samples_dir / "2026-02_01.dat", progress=lambda got, size: seen.append(got))
    assert data == (samples_dir / "2026-02_01.dat").read_bytes()
    assert seen and seen[-1] == len(data)
    bad = tmp_path / "rapport.dat"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises(InputRefused):
        read_input(bad, progress=lambda got, size: None)


@needs_fifo
def test_the_window_refuses_a_fifo(qtbot, window, tmp_path):
    fifo = tmp_path / "pijp.dat"
    os.mkfifo(fifo)
    with qtbot.waitSignal(window.loader.refused, timeout=20000) as blocker:
        window.open_files([fifo])
    assert [e.code for e in blocker.args[1]] == ["reader.not_a_file"]
    assert len(window.documents) == 0


# -- mostly broken-off lines --------------------------------------------------------------------


def test_mostly_short_lines_are_not_a_borderel(lines, monkeypatch):
    monkeypatch.setattr(reader, "SLACK_LINES", 0)
    monkeypatch.setattr(reader, "SLACK_BYTES", 0)
    data = join(lines[:1] + [b"20"] * 5000 + lines[-1:])
    e = only_error(data)
    assert (e.code, e.line) == ("reader.short_lines", None)
    data = join(lines[:1] + [b"x"] * 5000 + lines[-1:])
    assert only_error(data).code == "reader.short_lines"
    # stripped trailing blanks are no such thing
    stripped = [line.rstrip(b" ") for line in lines]
    assert parse_borderel(join(stripped), "x").valid


# -- the reader's own chunking is invisible -----------------------------------------------------


def _everything(data: bytes):
    result = parse_borderel(data, "x")
    frames = None
    if result.valid:
        b = result.borderel
        frames = (b.products.to_dict("list"), b.insured.to_dict("list"),
                  b.lines.to_dict("list"))
    return ([(e.code, e.line, e.field, e.position, e.text, e.params) for e in result.errors],
            [(w.code, w.line, w.field, w.position, w.text) for w in result.warnings],
            result.error_total, frames)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=damaged())
def test_window_and_chunk_sizes_do_not_change_the_result(data, monkeypatch):
    expected = _everything(data)
    with monkeypatch.context() as m:
        m.setattr(fixed_width, "WINDOW", 64)  # lines cross many windows
        m.setattr(fixed_width, "ROWS", 3)
        m.setattr(fixed_width, "CONVERT_ROWS", 5)
        m.setattr(reader, "UTF8_CHUNK", 700)
        assert _everything(data) == expected
