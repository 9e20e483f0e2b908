"""The four report commands on screen, in Dutch and English, and their usage errors."""

from __future__ import annotations

import pytest

from tests.report_support import run_cli


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", ("Correctiepremies", "Subtotaal", "wijziging korting")),
    ("en", ("Correction premiums", "Subtotal", "discount changed")),
])
def test_corrections_screen(samples_dir, lang, words):
    done = run_cli("--lang", lang, "corrections", str(samples_dir / "2026-02_01.dat"))
    assert done.returncode == 0, done.stderr
    for word in words:
        assert word in done.stdout
    assert "-€ 146,87" in done.stdout  # the grand total


def test_diff_and_salary_screen(samples_dir):
    done = run_cli("--lang", "en", "diff", str(samples_dir / "2026-02_01.dat"),
                   str(samples_dir / "2026-03_01.dat"), "--all")
    assert done.returncode == 0 and "unchanged" in done.stdout and "-€ 329,17" in done.stdout
    sal = run_cli("salary", str(samples_dir / "2026-03_01.dat"), "--percent", "50",
                  "--period", "4weken", "--on", "totaal", "--for", "iedereen")
    assert sal.returncode == 0 and "Bijdrage" in sal.stdout


@pytest.mark.parametrize("args", [["corrections"], ["diff", "a.dat"], ["payroll-check", "a.dat"],
                                  ["salary"], ["diff", "a", "b", "--bogus"],
                                  ["corrections", "x.dat", "--json", "--csv", "y.csv"]])
def test_usage_errors_exit_2(args):
    done = run_cli(*args)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_missing_file_exit_1(tmp_path):
    done = run_cli("corrections", str(tmp_path / "weg.dat"))
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_report_without_rows_prints_on_the_terminal(lang, samples_dir, tmp_path):
    """January has no correction lines, and a re-issue of the same content changes nothing: the
    terminal's table says so and gives its totals (it was a ValueError, exit 3)."""
    january = samples_dir / "2026-01_01.dat"
    data = bytearray(january.read_bytes())
    data[103:105] = b"02"  # volgnummer 02, the same content
    again = tmp_path / "2026-01_02.dat"
    again.write_bytes(bytes(data))
    none = {"nl": "Geen regels.", "en": "No rows."}[lang]
    for argv, total in ((["corrections", str(january)], "€ 0,00"),
                        (["diff", str(january), str(again)], "€ 0,00")):
        done = run_cli("--lang", lang, *argv)
        assert done.returncode == 0, done.stderr
        assert none in done.stdout and total in done.stdout
        assert "Traceback" not in done.stderr
