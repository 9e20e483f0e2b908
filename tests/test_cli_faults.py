"""A fault of the program: a plain message, exit 3, and a private log without personal data."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from digibord import cli


def test_fault_gives_message_and_private_log_without_the_message(monkeypatch, capsys, tmp_path,
                                                                 samples_dir):
    personal = "Jansen " + "123456782"

    def boom(args):
        raise ValueError(f"invalid literal for int(): {personal!r}")

    monkeypatch.setattr("digibord.commands.check.run_check", boom)
    parser_args = ["check", str(samples_dir / "2026-01_01.dat")]
    status = cli.main(parser_args)
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err and "ValueError" in err
    from digibord.paths import user_data_dir

    log = user_data_dir() / "logs" / "digibord-fout.log"
    text = log.read_text(encoding="utf-8")
    assert "ValueError" in text and "boom" in text
    assert "Jansen" not in text and "123456782" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["list", "2026-03_01.dat", "--json"], ["list", "2026-03_01.dat"],
                                  ["check", "2026-03_01.dat"], ["archive"]])
def test_a_full_disk_under_standard_output_is_refused_not_a_fault(argv, samples_dir, tmp_path):
    """`> /dev/full`: the machine's trouble, said plainly with exit 1, no crash log; and the
    interpreter's own flush at exit does not change the status."""
    home = tmp_path / "home"
    env = {**os.environ, "DIGIBORD_HOME": str(home), "LANG": "C.UTF-8"}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "digibord", *argv], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=samples_dir, env=env,
                              timeout=120)
    assert done.returncode == 1, done.stderr
    assert "de schijf is vol" in done.stderr and "Traceback" not in done.stderr
    assert "fout in het programma" not in done.stderr
    assert not (home / "data" / "logs").exists()


def test_an_os_error_of_the_program_itself_stays_a_fault(monkeypatch, capsys, samples_dir):
    def boom(args):
        raise FileNotFoundError(2, "No such file or directory", "/nowhere/resource.toml")

    monkeypatch.setattr("digibord.commands.check.run_check", boom)
    status = cli.main(["check", str(samples_dir / "2026-01_01.dat")])
    assert status == 3
    assert "FileNotFoundError" in capsys.readouterr().err


SAMPLES = Path(__file__).parent / "data" / "samples"


def _closing(fd: int):
    return lambda: os.close(fd)  # in the child before Python starts: it has no such stream


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the child starts")
@pytest.mark.parametrize("argv", [["list", "2026-03_01.dat", "--json"], ["check", "2026-03_01.dat"],
                                  ["archive"]])
def test_a_closed_standard_output_is_refused_not_a_fault(argv, samples_dir, tmp_path):
    """`>&-`: Python then has no sys.stdout; writing to it was an AttributeError (exit 3)."""
    home = tmp_path / "home"
    env = {**os.environ, "DIGIBORD_HOME": str(home), "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "digibord", *argv], stderr=subprocess.PIPE,
                          text=True, cwd=samples_dir, env=env, timeout=120,
                          preexec_fn=_closing(1))
    assert done.returncode == 1, done.stderr
    assert "standaarduitvoer is gesloten" in done.stderr and "Traceback" not in done.stderr
    assert not (home / "data" / "logs").exists()


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the child starts")
@pytest.mark.parametrize(("argv", "status"), [(["list", "2026-03_01.dat", "--bogus"], 2),
                                              (["check", "nowhere.dat"], 1),
                                              (["check", "2026-03_01.dat"], 0)])
def test_a_closed_standard_error_keeps_the_exit_status(argv, status, samples_dir, tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "DIGIBORD_HOME": str(home), "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "digibord", *argv], stdout=subprocess.PIPE,
                          text=True, cwd=samples_dir, env=env, timeout=120,
                          preexec_fn=_closing(2))
    assert done.returncode == status
    assert not (home / "data" / "logs").exists()


@pytest.mark.parametrize(("make", "nl", "en"), [
    (lambda tmp: tmp / "missing.dat", "het bestaat niet of is verplaatst",
     "it does not exist or was moved"),
    (lambda tmp: tmp, "het is een map, geen bestand", "it is a folder, not a file"),
])
def test_why_a_file_cannot_be_read_is_said_in_the_users_language(make, nl, en, capsys,
                                                                  tmp_path):
    # the system's own text is English, also on a Dutch Windows ("No such file or directory")
    path = str(make(tmp_path))
    for lang, text in (("nl", nl), ("en", en)):
        for argv in (["check", path], ["list", path], ["import", path],
                     ["payroll-check", str(SAMPLES / "2026-03_01.dat"), path]):
            assert cli.main(["--lang", lang, *argv]) == 1
            err = capsys.readouterr().err
            assert text in err, (argv, err)
            assert "No such file" not in err and "Is a directory" not in err


@pytest.mark.skipif(os.name != "posix", reason="a file name of bytes outside UTF-8")
@pytest.mark.parametrize("argv", [["check", "--json"], ["list", "--json"],
                                  ["corrections", "--json"], ["salary", "--json"], ["import"]])
def test_a_file_name_not_in_the_file_systems_encoding_is_no_fault(argv, samples_dir, tmp_path):
    """`m\\xe9rz.dat` under a UTF-8 locale: Python hands the name over with a lone surrogate,
    which JSON (UTF-8) cannot hold; orjson refused it (TypeError, exit 3). The name is written
    with U+FFFD for the byte, as a file manager shows it."""
    name = os.fsencode(str(tmp_path)) + b"/m\xe9rz.dat"
    with open(name, "wb") as fh:
        fh.write((samples_dir / "2026-03_01.dat").read_bytes())
    env = {**os.environ, "DIGIBORD_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "digibord", argv[0], name, *argv[1:]],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    if argv[0] not in ("list", "import"):  # (the insured list names no file)
        assert "m\ufffdrz.dat" in done.stdout.decode("utf-8")
    if argv[0] == "import":  # kept under the name UTF-8 can hold, listed so
        listing = subprocess.run([sys.executable, "-m", "digibord", "archive", "--json"],
                                 capture_output=True, env=env, timeout=120)
        assert listing.returncode == 0
        assert "m\ufffdrz.dat" in listing.stdout.decode("utf-8")


def test_a_lone_surrogate_elsewhere_is_mended_and_any_other_type_error_stays_a_bug():
    from digibord.json_output import json_bytes

    assert json_bytes({"a\udcff": ["x\ud800y", ("\udce9",)]}) == \
        '{\n  "a\ufffd": [\n    "x?y",\n    [\n      "\ufffd"\n    ]\n  ]\n}\n'.encode()
    with pytest.raises(TypeError):
        json_bytes({"a": object()})


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_sigterm_during_a_command_leaves_no_half_written_file(samples_dir, tmp_path):
    """`timeout`, a scheduler or a shutdown sends SIGTERM: the command ends as Ctrl+C ends it,
    through its clean-up (exit 143), and the temporary file beside the output goes (Python's
    default ended the process at once and left `.out.xlsx.….tmp`)."""
    out = tmp_path / "out" / "lijst.xlsx"
    out.parent.mkdir()
    script = (
        "import os, signal, sys\n"
        "import digibord.export.atomic as atomic\n"
        "real = os.link\n"
        "def link(a, b, **kw):  # the file written in full, just not put in place yet\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return real(a, b, **kw)\n"
        "atomic.os.link = link\n"
        "from digibord.cli import main\n"
        f"sys.exit(main(['list', {str(samples_dir / '2026-03_01.dat')!r}, '--xlsx', "
        f"{str(out)!r}]))\n")
    env = {**os.environ, "DIGIBORD_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 143, done.stderr
    assert list(out.parent.iterdir()) == []
    assert "Traceback" not in done.stderr


def test_an_output_path_ending_in_a_slash_is_a_folder_name_not_a_file(samples_dir, tmp_path,
                                                                       capsys):
    # Path() drops the slash: the CSV was written as a file named like the intended folder
    for option in ("--csv", "--xlsx", "--pdf"):
        status = cli.main(["list", str(samples_dir / "2026-03_01.dat"), option,
                           f"{tmp_path}/rapporten/"])
        assert status == 1
        assert "naam van een map, niet van een bestand" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_journal_cell_beyond_the_csv_field_limit_is_refused_not_a_fault(samples_dir,
                                                                          tmp_path, capsys):
    journal = tmp_path / "journaal.csv"
    journal.write_text('Personeelsnummer;Bedrag\n1392;"' + "a" * 200_000 + '"\n',
                       encoding="utf-8")
    status = cli.main(["payroll-check", str(samples_dir / "2026-03_01.dat"), str(journal)])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "128 kB" in err and "field limit" not in err


def test_a_row_of_many_headings_alike_is_named_in_short(samples_dir, tmp_path, capsys):
    journal = tmp_path / "journaal.csv"
    journal.write_text("Personeelsnummer;" + ";".join(["Bedrag"] * 40) + "\n1392;"
                       + ";".join(["1,00"] * 40) + "\n", encoding="utf-8")
    status = cli.main(["payroll-check", str(samples_dir / "2026-03_01.dat"), str(journal)])
    err = capsys.readouterr().err
    assert status == 1
    assert "B, C, D, E, F, G, H, I, J, K, L, M en nog 28" in err


def test_digibord_home_with_a_tilde_or_relative_is_one_folder_from_anywhere(monkeypatch,
                                                                            tmp_path):
    from digibord import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DIGIBORD_HOME", "~/digibord")
    assert paths.user_data_dir() == tmp_path / "digibord" / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGIBORD_HOME", "relatief")
    assert paths.user_config_dir() == tmp_path / "relatief" / "config"


def test_a_borderel_given_as_the_payroll_journal_is_named_as_one(samples_dir, capsys):
    status = cli.main(["payroll-check", str(samples_dir / "2026-03_01.dat"),
                       str(samples_dir / "2026-02_01.dat")])
    assert status == 1
    assert "dit is een borderel van de verzekeraar" in capsys.readouterr().err
