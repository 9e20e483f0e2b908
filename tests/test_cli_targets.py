"""The outputs of one command line: each its own file, none a file it reads, every folder able
to take its file; all found before any work, so that nothing is half done. And a conversion
whose file is written stays done when the archive cannot record it."""

from __future__ import annotations

import errno
import shutil

import pytest

from digibord.app.conversion_log import ConversionLog
from digibord.cli import main
from digibord.errors import CommandRefused
from digibord.export import atomic


def _salary(samples_dir, *args: str) -> list[str]:
    return ["salary", str(samples_dir / "2026-03_01.dat"), "--amount", "25", *args]


def _converted(samples_dir) -> list:
    from digibord.app.collectivity_settings import settings_store

    return ConversionLog(settings_store()).conversions("123456789")


def test_import_file_and_its_list_on_one_path_is_refused_before_any_work(samples_dir, tmp_path,
                                                                        capsys):
    same = tmp_path / "same.csv"
    status = main(_salary(samples_dir, "-o", str(same), "--csv", str(tmp_path / "." / "same.csv"),
                          "--force"))
    err = capsys.readouterr().err
    assert status == 2
    assert "hetzelfde bestand" in err and "Omzetten" not in err
    assert not same.exists()
    assert _converted(samples_dir) == []


def test_the_corrections_file_of_a_lasting_profile_counts_as_an_output(samples_dir, tmp_path,
                                                                       capsys):
    feb = samples_dir / "2026-02_01.dat"  # with corrections: afas writes w_correcties.csv too
    status = main(["salary", str(feb), "--profile", "afas", "-o", str(tmp_path / "w.csv"),
                   "--csv", str(tmp_path / "w_correcties.csv"), "--force"])
    err = capsys.readouterr().err
    assert status == 2 and "w_correcties.csv" in err
    assert "Waarschuwing" not in err  # refused before anything else is said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["salary", "{mine}", "-o", "{mine}", "--force"],
    ["list", "{mine}", "--csv", "{mine}", "--force"],
    ["diff", "{feb}", "{mine}", "--pdf", "{feb}", "--force"],
    ["payroll-check", "{mine}", "{journal}", "--xlsx", "{journal}", "--force"],
])
def test_an_output_on_a_file_that_is_read_is_refused_even_with_force(samples_dir, tmp_path,
                                                                     capsys, argv):
    files = {"mine": tmp_path / "mine.dat", "feb": tmp_path / "feb.dat",
             "journal": tmp_path / "journal.csv"}
    shutil.copy(samples_dir / "2026-03_01.dat", files["mine"])
    shutil.copy(samples_dir / "2026-02_01.dat", files["feb"])
    shutil.copy(samples_dir / "payroll" / "journal_per_werknemer.csv", files["journal"])
    before = {name: path.read_bytes() for name, path in files.items()}
    status = main([a.format(**files) for a in argv])
    assert status == 2
    assert "wordt gelezen" in capsys.readouterr().err
    assert {name: path.read_bytes() for name, path in files.items()} == before


def test_two_different_outputs_are_written(samples_dir, tmp_path, capsys):
    status = main(_salary(samples_dir, "-o", str(tmp_path / "a.csv"), "--csv",
                          str(tmp_path / "b.csv")))
    assert status == 0
    assert (tmp_path / "a.csv").read_text(encoding="cp1252").startswith("werknemersnummer;")
    assert (tmp_path / "b.csv").exists()


def test_a_folder_that_takes_no_file_is_found_before_the_import_file_is_written(
        samples_dir, tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real = atomic.tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):  # root ignores permissions: the refusal itself
        if dir is not None and str(dir) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    status = main(_salary(samples_dir, "-o", str(tmp_path / "ok.csv"), "--pdf",
                          str(locked / "v.pdf")))
    err = capsys.readouterr().err
    assert status == 1
    assert "niet schrijven" in err and "Omzetten" not in err
    assert not (tmp_path / "ok.csv").exists()
    assert _converted(samples_dir) == []


def test_a_written_import_file_stays_done_when_its_conversion_cannot_be_recorded(
        samples_dir, tmp_path, capsys, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise CommandRefused("Het archief kan niet worden geschreven.")

    monkeypatch.setattr(ConversionLog, "record", refuse)
    status = main(_salary(samples_dir, "-o", str(tmp_path / "ok.csv")))
    err = capsys.readouterr().err
    assert status == 0  # the file is there: a failure would make a script try again
    assert (tmp_path / "ok.csv").exists()
    assert "niet vastgelegd" in err and "kan niet worden geschreven" in err


def test_one_failing_archive_is_told_once_not_three_times(samples_dir, tmp_path, capsys,
                                                           monkeypatch):
    """The conversion not recorded, the options not remembered and the step not ticked off,
    all for the same reason: one sentence naming the three, the reason once."""
    from digibord.app import month_end, remembered

    reason = "Het archief kan niet worden geschreven."

    def refuse(*_args, **_kwargs):
        raise CommandRefused(reason)

    monkeypatch.setattr(ConversionLog, "record", refuse)
    monkeypatch.setattr(remembered, "remember", refuse)
    monkeypatch.setattr(month_end, "done", refuse)
    status = main(_salary(samples_dir, "-o", str(tmp_path / "ok.csv")))
    err = capsys.readouterr().err
    assert status == 0 and (tmp_path / "ok.csv").exists()
    assert err.count(reason) == 1
    told = next(line for line in err.splitlines() if reason in line)
    assert told.startswith("Let op: het archief kon niet worden bijgewerkt, dus ")
    assert "deze omzetting is niet vastgelegd" in told
    assert "de gekozen opties zijn niet onthouden" in told
    assert "en de stap is niet afgevinkt in de maandafsluiting: " + reason in told


def test_different_reasons_stay_separate_sentences():
    from digibord.app.notices import Unkept, merged

    a = Unkept("remembered.warning.not_kept", "map vol")
    b = Unkept("monthend.warning.not_kept", "archief beschadigd")
    c = Unkept("salary.warning.not_recorded", "map vol")
    told = merged([a, None, "iets anders", b, c])
    assert told[1:] == ["iets anders", str(b)]
    assert told[0].count("map vol") == 1 and "niet vastgelegd" in told[0]
    assert merged([None, b]) == [str(b)] and merged([]) == []
