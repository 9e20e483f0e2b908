"""The reader over the samples and over damaged input; the layout table; the core without Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digibord.formats.layout import RECORD_LENGTH, load_layout
from digibord.formats.reader import parse_borderel, read_borderel

MONTHS = ("01", "02", "03")


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "digibord.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_layout_tiles_every_record():
    layout = load_layout("01")
    assert set(layout.records) == {"01", "05", "10", "20", "90"}
    for record, fields in layout.records.items():
        covered = []
        for f in fields:
            covered.extend(range(f.start, f.start + f.length))
        assert covered == list(range(1, RECORD_LENGTH + 1)), record
        assert fields[0].name == "record_type" and fields[0].allowed == (record,)


@pytest.mark.parametrize("month", MONTHS)
def test_list_json_equals_the_sample(samples_dir, month):
    proc = run_cli("list", samples_dir / f"2026-{month}_01.dat", "--json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    expected = json.loads((samples_dir / f"list_2026-{month}.json").read_text(encoding="utf-8"))
    for key, value in expected.items():
        if key != "verzekerden":
            assert got[key] == value, key
    by_rel = {p["relatienummer"]: p for p in got["verzekerden"]}
    assert len(by_rel) == len(expected["verzekerden"])
    for person in expected["verzekerden"]:
        mine = by_rel[person["relatienummer"]]
        assert {k: mine[k] for k in person} == person


@pytest.mark.parametrize("month", MONTHS)
def test_totals_match_trailer(samples_dir, month):
    b = read_borderel(samples_dir / f"2026-{month}_01.dat")
    lines = b.lines
    assert (
        int(lines.loc[lines.line_kind == "P", "net_cent"].sum())
        == b.trailer.total_prolongation_cent
    )
    assert int(lines["net_cent"].sum()) == b.trailer.total_due_cent
    assert len(b.insured) == b.trailer.insured_count
    assert (
        lines.gross_cent - lines.collective_discount_cent - lines.other_discount_cent
        == lines.net_cent
    ).all()
    assert str(lines["net_cent"].dtype) == "int64"


def test_check_json_for_valid_and_invalid(samples_dir, tmp_path):
    bad = tmp_path / "kapot.dat"
    data = (samples_dir / "2026-03_01.dat").read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    proc = run_cli("check", samples_dir / "2026-01_01.dat", bad, "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    files = out["files"]
    assert files[0]["valid"] is True and files[0]["errors"] == []
    assert files[1]["file"] == str(bad) and files[1]["valid"] is False
    missing = [e for e in files[1]["errors"] if e["line"] is None]
    assert missing and set(missing[0]) >= {"line", "field", "message"}
    for e in files[1]["errors"]:
        assert set(e) >= {"line", "field", "position", "text", "message"}


def _bad_files(samples_dir: Path, tmp_path: Path) -> list[Path]:
    data = (samples_dir / "2026-02_01.dat").read_bytes()
    variants = {
        "empty.dat": b"",
        "truncated.dat": data[:1000],
        "pdf.dat": b"%PDF-1.4\n...",
        "html.dat": b"<html><body>Sessie verlopen</body></html>",
        "utf16.dat": data.decode("cp1252").encode("utf-16"),
        "garbage.dat": bytes(range(256)) * 50,
        "lines.dat": data.replace(b"\r\n", b"X\r\n"),
        "swapped.dat": data[252:504] + data[:252] + data[504:],
        "bom-broken.dat": b"\xef\xbb\xbf" + data[:300] + b"\xff\xfe" + data[300:],
    }
    paths = []
    for name, content in variants.items():
        p = tmp_path / name
        p.write_bytes(content)
        paths.append(p)
    paths.append(tmp_path / "does-not-exist.dat")
    return paths


def test_cli_refuses_every_bad_file_without_traceback(samples_dir, tmp_path):
    for path in _bad_files(samples_dir, tmp_path):
        for cmd in (["check"], ["list"], ["check", "--json"]):
            args = [cmd[0], path, *cmd[1:]]
            proc = run_cli(*args)
            assert proc.returncode == 1, (path.name, cmd, proc.stderr)
            assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
            if "--json" in cmd:
                assert json.loads(proc.stdout)["files"][0]["valid"] is False
            else:
                assert path.name in proc.stderr + proc.stdout


def test_cli_usage_errors_exit_2(samples_dir):
    assert run_cli("list").returncode == 2
    assert run_cli("list", samples_dir / "2026-01_01.dat", "--bogus").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_cli_english(tmp_path):
    bad = tmp_path / "x.dat"
    bad.write_bytes(b"%PDF-1.4")
    proc = run_cli("--lang", "en", "check", bad)
    assert "not a borderel" in proc.stdout + proc.stderr


def test_core_does_not_import_qt(samples_dir):
    code = (
        "import sys\n"
        "import digibord.formats.reader, digibord.formats.writer, digibord.reconcile.insured_list\n"
        "import digibord.export.json_export, digibord.cli\n"
        "for name in ('digibord.reconcile.corrections','digibord.reconcile.diff',"
        "'digibord.reconcile.salary','digibord.reconcile.payroll_check','digibord.export.xlsx',"
        "'digibord.export.pdf','digibord.archive.store'):\n"
        "    __import__(name)\n"
        f"digibord.formats.reader.read_borderel({str(samples_dir / '2026-01_01.dat')!r})\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_never_escapes(samples_dir, data):
    original = (samples_dir / "2026-02_01.dat").read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate", "dup"]))
        pos = data.draw(st.integers(0, max(len(damaged) - 1, 0)))
        if action == "flip" and damaged:
            damaged[pos] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del damaged[pos : pos + data.draw(st.integers(1, 300))]
        elif action == "insert":
            damaged[pos:pos] = data.draw(st.binary(min_size=1, max_size=20))
        elif action == "truncate":
            del damaged[pos:]
        elif action == "dup":
            damaged[pos:pos] = damaged[pos : pos + data.draw(st.integers(1, 600))]
    result = parse_borderel(bytes(damaged), "damaged.dat")
    if result.borderel is None:
        assert result.errors and result.error_total >= len(result.errors)
        for e in result.errors:
            assert e.message() and (e.line is None or e.line >= 1)
    else:
        assert result.error_total == 0


def test_progress_is_reported_in_order(samples_dir):
    seen = []
    data = (samples_dir / "2026-03_01.dat").read_bytes()
    assert parse_borderel(data, "x", progress=seen.append).valid
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4


def test_list_never_overwrites_without_force(samples_dir, tmp_path):
    target = tmp_path / "lijst.csv"
    target.write_text("van gisteren", encoding="utf-8")
    sample = samples_dir / "2026-01_01.dat"
    for option in ("--csv", "--xlsx", "--pdf"):
        proc = run_cli("list", sample, option, target)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert target.read_text(encoding="utf-8") == "van gisteren"
    assert run_cli("list", sample, "--csv", target, "--force").returncode == 0
    assert target.read_text(encoding="utf-8-sig").startswith("relatienummer;")
    missing = run_cli("list", sample, "--csv", tmp_path / "geen-map" / "x.csv")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_a_bytearray_reads_like_bytes(samples_dir):
    data = (samples_dir / "2026-02_01.dat").read_bytes()
    a, b = parse_borderel(data, "x"), parse_borderel(bytearray(data), "x")
    assert a.valid and b.valid
    assert a.borderel.lines.equals(b.borderel.lines)
    assert a.borderel.insured.equals(b.borderel.insured)
    bad = bytearray(data[:3000])
    assert [e.code for e in parse_borderel(bad, "x").errors] == [
        e.code for e in parse_borderel(bytes(bad), "x").errors]


def test_json_is_utf8_whatever_the_console(samples_dir):
    import os

    env = dict(os.environ, PYTHONIOENCODING="cp437", PYTHONUTF8="0")
    proc = subprocess.run([sys.executable, "-m", "digibord", "list",
                           str(samples_dir / "2026-02_01.dat"), "--json"],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["naam"].endswith("’t Klavertje")
    text = subprocess.run([sys.executable, "-m", "digibord", "list",
                           str(samples_dir / "2026-02_01.dat")],
                          capture_output=True, env=env, timeout=120)
    assert text.returncode == 0 and b"Traceback" not in text.stderr
