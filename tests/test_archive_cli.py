"""`digibord import` and `digibord archive ...` in a subprocess: output, exit codes, language."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_archive_support import (
    REPO,
    SAMPLE_FILES,
    SAMPLES,
    run_cli,
    sample_bytes,
    variant,
    write,
)

from digibord.archive import keystore, open_archive

PATHS = [str(SAMPLES / name) for name in SAMPLE_FILES]


def _months() -> list[tuple[int, int]]:
    return [(e.prolongation_month, e.sequence) for e in open_archive().entries()]


def test_import_list_and_import_again():
    r = run_cli("import", *PATHS)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("opgeslagen in het archief") == 3
    r = run_cli("import", PATHS[1])
    assert r.returncode == 0
    assert "stond al in het archief" in r.stdout and "niet nogmaals opgeslagen" in r.stdout
    r = run_cli("archive")
    assert r.returncode == 0, r.stderr
    assert "Collectiviteit 123456789" in r.stdout and "2026-02_01.dat" in r.stdout
    assert "€ 2.311,41" in r.stdout and "Bewaartermijn: 7 jaar" in r.stdout
    assert "sleutelbos van het systeem" in r.stdout
    r = run_cli("archive", "--json")
    data = json.loads(r.stdout)
    months = data["collectiviteiten"][0]["maanden"]
    assert [m["prolongatiemaand"] for m in months] == ["2026-01", "2026-02", "2026-03"]
    assert months[1]["totaal_te_betalen_cent"] == 231141 and months[1]["actueel"] is True
    assert all(m["gecontroleerd"] is True for m in months)
    assert data["sleutel"] == "sleutelbos" and data["bewaartermijn_jaren"] == 7


def test_report_commands_take_a_month_from_the_archive():
    run_cli("import", *PATHS)
    from_archive = run_cli("list", "2026-03", "--json")
    from_file = run_cli("list", PATHS[2], "--json")
    assert from_archive.returncode == 0, from_archive.stderr
    assert json.loads(from_archive.stdout) == json.loads(from_file.stdout)
    expected = json.loads((SAMPLES / "diff_2026-02_2026-03.json").read_text(encoding="utf-8"))
    r = run_cli("diff", "2026-02", "2026-03", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["totaal_verschil_cent"] == expected["totaal_verschil_cent"]
    # a month of the archive is named by the file it was imported with, in any language
    assert (data["van"]["bestand"], data["tot"]["bestand"]) == ("2026-02_01.dat", "2026-03_01.dat")
    r = run_cli("--lang", "en", "diff", "2026-02", "2026-03", "--json")
    assert json.loads(r.stdout)["van"]["bestand"] == "2026-02_01.dat"
    r = run_cli("list", "2025-12", "--json")
    assert r.returncode == 1 and "2025-12" in r.stderr and "Traceback" not in r.stderr


def test_corrections_take_a_range_of_months_as_the_window_does():
    run_cli("import", PATHS[0], PATHS[2])  # January and March; February comes later
    r = run_cli("corrections", "2026-01..2026-03", "--json")
    assert r.returncode == 0, r.stderr
    assert [b["prolongatiemaand"] for b in json.loads(r.stdout)["borderellen"]] == [
        "2026-01", "2026-03"]  # the months the archive holds between the two
    run_cli("import", PATHS[1])
    whole = run_cli("corrections", "2026-01..2026-03", "--json")
    listed = run_cli("corrections", "2026-01", "2026-02", "2026-03", "--json")
    assert whole.returncode == 0, whole.stderr
    assert json.loads(whole.stdout) == json.loads(listed.stdout)
    assert json.loads(whole.stdout)["totaal_netto_cent"] == sum(
        json.loads((SAMPLES / f"corrections_2026-0{m}.json").read_text(encoding="utf-8"))
        ["totaal_netto_cent"] for m in (1, 2, 3))
    for bad, words in (("2026-03..2026-01", "vóór de laatste"), ("2026-01..2026-05", "2026-05")):
        r = run_cli("corrections", bad, "--json")
        assert r.returncode == 1 and words in r.stderr and "Traceback" not in r.stderr


def test_a_refused_file_stores_nothing_of_the_batch(tmp_path):
    broken = write(tmp_path / "kapot.dat", sample_bytes()[:-300])
    r = run_cli("import", PATHS[0], str(broken))
    assert r.returncode == 1
    assert "kapot.dat" in r.stderr and "niets opgeslagen" in r.stderr.lower()
    assert "Traceback" not in r.stderr
    assert _months() == []
    r = run_cli("import", str(tmp_path / "bestaat-niet.dat"))
    assert r.returncode == 1 and "bestaat-niet.dat" in r.stderr


def test_remove_asks_first(tmp_path):
    run_cli("import", *PATHS)
    r = run_cli("archive", "remove", "2026-02")  # no answer on stdin: nothing happens
    assert r.returncode == 1
    assert "2026-02 volgnummer 1" in r.stdout and "Niets verwijderd" in r.stderr
    assert len(_months()) == 3
    r = run_cli("archive", "remove", "2026-02", stdin="j\n")  # not a terminal: not asked
    assert r.returncode == 1 and "--yes" in r.stderr
    assert len(_months()) == 3
    r = run_cli("archive", "remove", "2026-02", "--yes")
    assert r.returncode == 0, r.stderr
    assert "1 borderel(s) verwijderd" in r.stdout
    assert _months() == [(202601, 1), (202603, 1)]
    write(tmp_path / "r.dat", variant(sample_bytes(), sequence=2))
    run_cli("import", str(tmp_path / "r.dat"))
    r = run_cli("archive", "remove", "2026-03", "--volgnummer", "2", "--yes")
    assert r.returncode == 0, r.stderr
    assert _months() == [(202601, 1), (202603, 1)]
    r = run_cli("archive", "remove", "2026-05", "--yes")
    assert r.returncode == 1 and "2026-05" in r.stderr and "2026-01, 2026-03" in r.stderr
    r = run_cli("archive", "remove", "maart", "--yes")
    assert r.returncode == 1 and "JJJJ-MM" in r.stderr
    assert run_cli("archive", "remove").returncode == 2
    assert run_cli("archive", "opruimen").returncode == 2


def _cli_env() -> dict:
    return dict(os.environ, PYTHONPATH=str(REPO))


def test_confirmation_never_waits_on_a_standard_input_that_stays_open():
    """CI: stdin is a pipe nobody writes to or closes. Without --yes: refused at once."""
    run_cli("import", *PATHS)
    for args in (("archive", "remove", "2026-02"), ("archive", "prune", "--years", "1")):
        if args[1] == "prune":
            old = write(Path(os.environ["DIGIBORD_HOME"]) / "oud.dat",
                        variant(sample_bytes(), months_back=12 * 10))
            run_cli("import", str(old))
        out_file = Path(os.environ["DIGIBORD_HOME"]) / "out.txt"
        with open(out_file, "w+") as out:
            proc = subprocess.Popen([sys.executable, "-m", "digibord.cli", *args],
                                    stdin=subprocess.PIPE, stdout=out, stderr=out, text=True,
                                    env=_cli_env(), cwd=REPO)
            try:
                proc.wait(timeout=30)  # stdin stays open (and empty) all the while
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise AssertionError(f"{args} waited for an answer on a pipe") from None
            finally:
                proc.stdin.close()
            err = out_file.read_text()
        assert proc.returncode == 1, err
        assert "--yes" in err and "Traceback" not in err
    assert len(_months()) == 4  # nothing removed


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="a pseudo-terminal is POSIX only")
def test_a_person_at_a_terminal_is_asked():
    run_cli("import", *PATHS)
    for answer, code, left in (("n\n", 1, 3), ("j\n", 0, 2)):
        main, child = os.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "digibord.cli", "archive", "remove",
                                 "2026-02"], stdin=child, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=_cli_env(), cwd=REPO)
        os.close(child)
        os.write(main, answer.encode())
        _out, err = proc.communicate(timeout=60)
        os.close(main)
        assert proc.returncode == code, err
        assert "[j/N]" in err and len(_months()) == left


def test_prune_lists_what_goes_then_removes_it(tmp_path):
    old = write(tmp_path / "oud.dat", variant(sample_bytes(), months_back=12 * 10))
    run_cli("import", str(old), PATHS[2])
    r = run_cli("archive", "prune")
    assert r.returncode == 1
    assert "2016-03 volgnummer 1 (oud.dat)" in r.stdout and "2026-03" not in r.stdout
    assert len(_months()) == 2
    r = run_cli("archive", "prune", "--yes")
    assert r.returncode == 0, r.stderr
    assert _months() == [(202603, 1)]
    r = run_cli("archive", "prune", "--years", "1")
    assert r.returncode == 0 and "Niets in het archief is ouder" in r.stdout
    r = run_cli("archive", "retention", "10")
    assert r.returncode == 0 and "10 jaar" in r.stdout
    assert open_archive().retention_years() == 10
    assert run_cli("archive", "retention", "0").returncode == 1


def test_several_collectivities_need_a_choice(tmp_path):
    other = write(tmp_path / "b.dat", variant(sample_bytes(), collectivity="987654321",
                                              name="Bakkerij Jansen"))
    run_cli("import", PATHS[2], str(other))
    r = run_cli("list", "2026-03", "--json")
    assert r.returncode == 1
    assert "123456789" in r.stderr and "987654321 (Bakkerij Jansen)" in r.stderr
    r = run_cli("list", "2026-03", "--json", "--collectivity", "987654321")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["collectiviteitsnummer"] == "987654321"
    r = run_cli("archive", "--json", "--collectivity", "987654321")
    assert len(json.loads(r.stdout)["collectiviteiten"]) == 1


def test_a_file_says_the_collectivity_of_the_month_it_is_compared_with(tmp_path):
    other = write(tmp_path / "b.dat", variant(sample_bytes(), collectivity="987654321",
                                              name="Bakkerij Jansen"))
    run_cli("import", PATHS[2], str(other))
    r = run_cli("diff", PATHS[1], "2026-03", "--json")  # February of 123456789: March of it
    assert r.returncode == 0, r.stderr
    both = run_cli("diff", PATHS[1], PATHS[2], "--json")
    assert json.loads(r.stdout)["rows"] == json.loads(both.stdout)["rows"]
    r = run_cli("diff", "2026-03", PATHS[1], "--json")  # the file settles it either way round
    assert r.returncode == 1 and "eerder" in r.stderr  # March is not earlier than February
    r = run_cli("diff", PATHS[1], "2026-03", "--json", "--collectivity", "987654321")
    assert r.returncode == 1 and "987654321" in r.stderr  # as asked: another collectivity


def test_employee_number_filled_in_locally(tmp_path):
    employee = "0013340236"
    blank = write(tmp_path / "m.dat", variant(sample_bytes(), blank_employee_of=int(employee)))
    run_cli("import", str(blank))
    r = run_cli("archive", "employee-number", employee, "X-4708")
    assert r.returncode == 0, r.stderr
    assert "X-4708" in r.stdout
    listed = json.loads(run_cli("list", "2026-03", "--json").stdout)["verzekerden"]
    family = [v for v in listed if v["relatienummer_hoofdverzekerde"] == employee]
    assert len(family) == 2 and all(v["werknemersnummer"] == "X-4708" for v in family)
    # the file's "no werknemersnummer" warning no longer holds for a conversion of it
    r = run_cli("salary", str(blank), "--json")
    assert r.returncode == 0, r.stderr
    assert "geen werknemersnummer" not in r.stderr
    assert "X-4708" in {row["werknemersnummer"] for row in json.loads(r.stdout)["rows"]}
    assert "geen werknemersnummer" in run_cli("check", str(blank)).stderr  # the file as it is
    r = run_cli("archive", "employee-number")
    assert r.returncode == 0 and employee in r.stdout and "lokaal aangevuld" in r.stdout
    r = run_cli("archive", "employee-number", "0013633920", "Z1")
    assert r.returncode == 1 and "al werknemersnummer" in r.stderr
    assert "Relatienummer 0013633920 " in r.stderr  # ten digits, as the file writes them
    r = run_cli("archive", "employee-number", employee)
    assert r.returncode == 2
    r = run_cli("archive", "employee-number", employee, "--remove")
    assert r.returncode == 0, r.stderr
    listed = json.loads(run_cli("list", "2026-03", "--json").stdout)["verzekerden"]
    assert all(v["werknemersnummer"] == "" for v in listed
               if v["relatienummer_hoofdverzekerde"] == employee)


def test_english_messages():
    r = run_cli("--lang", "en", "import", PATHS[0])
    assert r.returncode == 0 and "stored in the archive" in r.stdout
    r = run_cli("--lang", "en", "archive")
    assert "Collectivity 123456789" in r.stdout and "Retention period: 7 years" in r.stdout
    r = run_cli("--lang", "en", "archive", "remove", "2026-07", "--yes")
    assert r.returncode == 1 and "is not in the archive" in r.stderr


def test_key_file_fallback_is_announced_once():
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    r = run_cli("import", PATHS[0], env=env)
    assert r.returncode == 0, r.stderr
    assert "sleutelbestand" not in r.stdout
    path = keystore.key_file(open_archive().data_dir)
    assert str(path) in r.stderr and "Let op" in r.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    r = run_cli("import", PATHS[1], env=env)
    assert r.returncode == 0 and str(path) not in r.stderr
    r = run_cli("archive", env=env)
    assert "het sleutelbestand" in r.stdout and str(path) in r.stdout


@pytest.mark.parametrize("argv", [["diff", PATHS[0], PATHS[1], "--json"],
                                  ["payroll-check", PATHS[2],
                                   str(SAMPLES / "payroll" / "journal_per_werknemer.csv"),
                                   "--json"]])
def test_a_key_file_made_by_a_month_end_tick_is_announced_too(argv):
    """diff and payroll-check tick the month-end, which makes the archive and, without a
    keyring, its key file: said as `import` says it, once."""
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    r = run_cli(*argv, env=env)
    assert r.returncode == 0, r.stderr
    path = keystore.key_file(open_archive().data_dir)
    assert path.exists()
    assert r.stderr.count(str(path)) == 1 and "Let op" in r.stderr
    json.loads(r.stdout)  # standard output holds only the JSON
    r = run_cli(*argv, env=env)
    assert r.returncode == 0 and str(path) not in r.stderr


def test_ciphertext_re_typed_as_text_is_tampering_not_raw_bytes_in_a_message():
    import sqlite3

    run_cli("import", PATHS[1])
    with sqlite3.connect(open_archive().path) as con:  # `||` makes the changed blob TEXT
        con.execute("UPDATE borderel SET ciphertext = "
                    "substr(ciphertext, 1, length(ciphertext) - 1) || x'00'")
    r = run_cli("list", "2026-02", "--json")
    assert r.returncode == 1
    assert "buiten Digibord gewijzigd" in r.stderr and "2026-02" in r.stderr
    assert "decode" not in r.stderr and "Traceback" not in r.stderr


def test_missing_key_and_tampering_exit_1_without_traceback():
    import sqlite3

    run_cli("import", *PATHS)
    archive = open_archive()
    with sqlite3.connect(archive.path) as con:
        con.execute("UPDATE borderel SET total_due_cent=0 WHERE prolongation_month=202602")
    r = run_cli("archive")
    assert r.returncode == 1
    assert "2026-02 volgnummer 1" in r.stderr and "buiten Digibord gewijzigd" in r.stderr
    assert "2026-02  1 !" in r.stdout
    r = run_cli("list", "2026-02", "--json")
    assert r.returncode == 1 and "buiten Digibord gewijzigd" in r.stderr
    (archive.data_dir.parent / "test-keyring.json").write_text("{}")
    r = run_cli("list", "2026-03", "--json")
    assert r.returncode == 1 and "niet gevonden" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("archive")
    assert r.returncode == 1 and "2026-03" in r.stdout and "niet gevonden" in r.stderr


def test_salary_from_a_file_uses_locally_filled_numbers(tmp_path):
    employee = "0013340236"
    blank = write(tmp_path / "m.dat", variant(sample_bytes(), blank_employee_of=int(employee)))
    refused = run_cli("salary", str(blank), "--json")
    assert refused.returncode == 1 and employee in refused.stderr
    run_cli("import", str(blank))
    assert run_cli("archive", "employee-number", employee, "X-4708").returncode == 0
    r = run_cli("salary", str(blank), "--json")
    assert r.returncode == 0, r.stderr
    numbers = [row["werknemersnummer"] for row in json.loads(r.stdout)["rows"]]
    assert "X-4708" in numbers
