"""Deleted rows and restored older copies are noticed: the manifest of the archive's months
(MAC'ed under the archive key) against the rows, and its generation against the counter kept
beside the key. The program's own removals keep it right, a crash between the database and
the counter never makes a good archive look tampered, and a backup restored on purpose can
be accepted."""

from __future__ import annotations

import json
import sqlite3
import stat

import keyring
import pytest
from keyring.backends import fail
from test_archive_support import (
    archive_files_digest,
    import_samples,
    run_cli,
    sample_bytes,
    variant,
    write,
)

from digibord.archive import ArchiveError, TamperedRecord, keystore, open_archive, records


def _sql(archive, statement: str, params: tuple = ()) -> None:
    con = sqlite3.connect(archive.path)
    try:
        with con:
            con.execute(statement, params)
    finally:
        con.close()


def _archive_id(archive) -> str:
    con = sqlite3.connect(archive.path)
    try:
        return con.execute("SELECT value FROM meta WHERE name='archive_id'").fetchone()[0]
    finally:
        con.close()


def _counter(archive) -> int | None:
    storage = archive.key_storage()
    return keystore.read_generation(archive.data_dir, _archive_id(archive), storage)


def _copy(archive) -> dict[str, bytes]:
    """The database as a backup program would copy it (its -wal too, when there is one)."""
    out = {}
    for suffix in ("", "-wal"):
        path = archive.path.with_name(archive.path.name + suffix)
        if path.exists():
            out[suffix] = path.read_bytes()
    return out


def _put_back(archive, copy: dict[str, bytes]) -> None:
    for suffix in ("-wal", "-shm"):
        archive.path.with_name(archive.path.name + suffix).unlink(missing_ok=True)
    for suffix, data in copy.items():
        archive.path.with_name(archive.path.name + suffix).write_bytes(data)


def _december() -> bytes:
    return variant(sample_bytes("2026-01_01.dat"), months_back=1)


# ---------------------------------------------------------------------- the happy path

def test_a_new_archive_checks_ok_and_every_change_raises_the_generation():
    archive = import_samples()
    report = open_archive().integrity()
    assert report.ok and report.state == "ok"
    assert report.database_generation == report.key_generation == 3
    open_archive().set_employee_number("123456789", 13340236, "Q-1", check=False)
    open_archive().remove("123456789", 202601)
    report = open_archive().integrity()
    assert report.state == "ok" and report.database_generation == 5 == _counter(archive)
    # The key's own entry is untouched by the counter beside it: still the 44 characters.
    assert len(keyring.get_password("Digibord", keystore.username(_archive_id(archive)))) == 44


def test_the_programs_own_removals_and_pruning_keep_the_manifest_right():
    archive = import_samples()
    old = variant(sample_bytes(), months_back=12 * 10)
    archive.import_bytes(old, "oud.dat")
    r = run_cli("archive", "remove", "2026-02", "--yes")
    assert r.returncode == 0, r.stderr
    r = run_cli("archive", "prune", "--yes")
    assert r.returncode == 0, r.stderr
    assert [e.prolongation_month for e in open_archive().entries()] == [202601, 202603]
    assert open_archive().integrity().state == "ok"
    r = run_cli("archive")
    assert r.returncode == 0 and "Buiten Digibord" not in r.stderr, r.stderr


# ---------------------------------------------------------------------- a deleted row

def test_a_row_deleted_outside_digibord_is_named_and_the_rest_stays_usable():
    archive = import_samples()
    _sql(archive, "DELETE FROM borderel WHERE prolongation_month=202602")
    report = open_archive().integrity()
    assert report.state == "changed" and not report.ok
    assert [(r.prolongation_month, r.sequence, r.file_name) for r in report.missing] == [
        (202602, 1, "2026-02_01.dat")]
    text = " ".join(report.problems())
    assert "Buiten Digibord uit het archief verwijderd" in text
    assert "2026-02 volgnummer 1 (2026-02_01.dat)" in text and "accept-restore" in text
    # The rest is usable, and a new import does not wash the deletion away.
    assert open_archive().load("123456789", 202603).header.prolongation_month == 202603
    assert open_archive().import_bytes(_december(), "dec.dat").status == "stored"
    assert [r.prolongation_month for r in open_archive().integrity().missing] == [202602]
    r = run_cli("archive")
    assert r.returncode == 1 and "2026-02 volgnummer 1" in r.stderr
    assert "Traceback" not in r.stderr
    # Importing the original file again puts it back where the manifest has it.
    open_archive().import_bytes(sample_bytes("2026-02_01.dat"), "2026-02_01.dat")
    assert open_archive().integrity().state == "ok"


def test_a_removed_month_put_back_from_an_older_copy_is_named_as_such():
    archive = import_samples()
    con = sqlite3.connect(archive.path)
    row = con.execute("SELECT * FROM borderel WHERE prolongation_month=202601").fetchone()
    con.close()
    open_archive().remove("123456789", 202601)
    _sql(archive, f"INSERT INTO borderel VALUES({', '.join('?' * len(row))})", row)
    report = open_archive().integrity()
    assert report.state == "changed" and len(report.unexpected) == 1
    text = " ".join(report.problems())
    assert "Terug in het archief" in text and "2026-01 volgnummer 1" in text
    assert "digibord archive remove" in text
    # The row itself is authentic (it is the old record): only the manifest knows.
    assert open_archive().check_entries(open_archive().entries())[0].authentic


def test_a_row_added_outside_digibord_is_named():
    archive = import_samples()
    con = sqlite3.connect(archive.path)
    con.execute("INSERT INTO borderel SELECT NULL, collectivity_number, collectivity_name, "
                "prolongation_month, sequence + 1, file_name, 'x' || sha256, imported_at, "
                "size, insured_count, line_count, total_prolongation_cent, "
                "total_corrections_cent, total_due_cent, meta_mac, nonce, ciphertext "
                "FROM borderel WHERE prolongation_month=202603")
    con.commit()
    con.close()
    report = open_archive().integrity()
    assert report.state == "changed"
    assert "Buiten Digibord aan het archief toegevoegd" in " ".join(report.problems())


# ---------------------------------------------------------------------- an older copy

def test_a_restored_older_copy_of_the_database_is_detected():
    archive = import_samples()
    backup = _copy(archive)
    assert open_archive().import_bytes(_december(), "dec.dat").status == "stored"
    _put_back(archive, backup)
    report = open_archive().integrity()
    assert report.state == "rolled_back"
    assert (report.database_generation, report.key_generation) == (3, 4)
    text = report.problems()[0]
    assert "ouder dan de laatste wijziging" in text and "stand 3" in text and "stand 4" in text
    assert "accept-restore" in text
    # Reading still works; writing is refused, since it would hide the rollback.
    assert open_archive().load("123456789", 202603).header.prolongation_month == 202603
    before = archive_files_digest(archive)
    for action in (lambda a: a.import_bytes(_december(), "dec.dat"),
                   lambda a: a.remove("123456789", 202601),
                   lambda a: a.set_employee_number("123456789", 13340236, "Q", check=False)):
        with pytest.raises(ArchiveError, match=r"Niet opgeslagen\. Het archief .* is ouder"):
            action(open_archive())
    assert archive_files_digest(archive) == before
    r = run_cli("archive", "--json")
    assert r.returncode == 1 and "ouder dan de laatste wijziging" in r.stderr
    state = json.loads(r.stdout)["integriteit"]
    assert state["toestand"] == "teruggezet"
    assert (state["generatie_database"], state["generatie_sleutel"]) == (3, 4)


def test_a_backup_restored_on_purpose_is_accepted_after_confirming():
    archive = import_samples()
    backup = _copy(archive)
    open_archive().import_bytes(_december(), "dec.dat")
    _put_back(archive, backup)
    before = archive_files_digest(archive)
    r = run_cli("archive", "accept-restore")  # not a terminal, no --yes: nothing changes
    assert r.returncode == 1 and "--yes" in r.stderr and "ouder dan" in r.stdout
    assert archive_files_digest(archive) == before
    r = run_cli("archive", "accept-restore", "--yes")
    assert r.returncode == 0 and "aanvaard (stand 5)" in r.stdout, r.stderr
    report = open_archive().integrity()
    assert report.state == "ok" and report.database_generation == 5 == _counter(archive)
    assert open_archive().import_bytes(_december(), "dec.dat").status == "stored"
    r = run_cli("archive", "accept-restore", "--yes")
    assert r.returncode == 0 and "niets te bevestigen" in r.stdout


def test_accepting_through_the_api_keeps_the_history_of_removals():
    archive = import_samples()
    open_archive().remove("123456789", 202601)
    backup = _copy(archive)
    open_archive().import_bytes(_december(), "dec.dat")
    _put_back(archive, backup)
    assert open_archive().accept_restore() == 6
    con = sqlite3.connect(archive.path)
    body = json.loads(con.execute("SELECT body FROM manifest").fetchone()[0])
    con.close()
    assert [r[1] for r in body["removed"]] == [202601]
    assert sorted(r[1] for r in body["records"]) == [202602, 202603]


# ---------------------------------------------------------------------- crashes

class Crash(BaseException):
    """Stands for the process dying at that moment (nothing after it runs)."""


def test_a_crash_between_the_database_and_the_counter_never_looks_tampered(monkeypatch):
    archive = import_samples()
    committed = []

    def die(data_dir, archive_id, storage, value):
        con = sqlite3.connect(archive.path)  # what another process sees at this moment
        committed.append(con.execute("SELECT generation FROM manifest").fetchone()[0])
        con.close()
        raise Crash()

    with monkeypatch.context() as m:
        m.setattr(keystore, "write_generation", die)
        with pytest.raises(Crash):
            open_archive().import_bytes(_december(), "dec.dat")
    assert committed == [4]  # the database was committed before the counter was touched
    assert _counter(archive) == 3
    report = open_archive().integrity()
    assert report.state == "ok" and (report.database_generation, report.key_generation) == (4, 3)
    assert _counter(archive) == 4  # caught up by the check
    assert len(open_archive().entries()) == 4


def test_a_crash_before_the_commit_leaves_database_and_counter_as_they_were(monkeypatch):
    archive = import_samples()

    def die():
        raise Crash()

    with monkeypatch.context() as m:
        m.setattr(records, "_before_commit", die)
        with pytest.raises(Crash):
            open_archive().import_bytes(_december(), "dec.dat")
    assert _counter(archive) == 3
    report = open_archive().integrity()
    assert report.state == "ok" and report.database_generation == 3
    assert len(open_archive().entries()) == 3


def test_a_counter_that_cannot_be_written_loses_nothing(monkeypatch):
    archive = import_samples()

    def locked(*args):
        raise keyring.errors.KeyringLocked("locked")

    with monkeypatch.context() as m:
        m.setattr(keystore, "write_generation", locked)
        assert open_archive().import_bytes(_december(), "dec.dat").status == "stored"
    assert _counter(archive) == 3
    assert open_archive().integrity().state == "ok" and _counter(archive) == 4


# ---------------------------------------------------------------------- the manifest itself

def test_an_archive_of_an_earlier_version_is_migrated_on_its_first_write():
    archive = import_samples()
    archive_id = _archive_id(archive)
    _sql(archive, "DROP TABLE manifest")
    _sql(archive, "UPDATE meta SET value='1' WHERE name='schema_version'")
    keyring.delete_password("Digibord", keystore.generation_username(archive_id))
    report = open_archive().integrity()
    assert report.state == "unchecked" and report.ok  # nothing to hold it against yet
    r = run_cli("archive")
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(archive.path)  # reading did not change it
    assert con.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()[0] == "1"
    con.close()
    open_archive().import_bytes(_december(), "dec.dat")
    report = open_archive().integrity()
    assert report.state == "ok" and report.database_generation == 1 == _counter(archive)
    con = sqlite3.connect(archive.path)
    assert con.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()[0] == "2"
    con.close()
    assert len(open_archive().entries()) == 4


def test_a_manifest_removed_while_the_key_has_a_counter_is_a_rollback():
    archive = import_samples()
    _sql(archive, "DROP TABLE manifest")
    report = open_archive().integrity()
    assert report.state == "rolled_back" and report.database_generation is None
    assert "geen inhoudsopgave" in report.problems()[0]
    with pytest.raises(ArchiveError, match="geen inhoudsopgave"):
        open_archive().import_bytes(_december(), "dec.dat")
    open_archive().accept_restore()
    assert open_archive().integrity().state == "ok"


@pytest.mark.parametrize("change", [
    "UPDATE manifest SET body = replace(body, '\"2026-02_01.dat\"', '\"x.dat\"')",
    "UPDATE manifest SET generation = generation + 5",
    "UPDATE manifest SET mac = 'abc'",
    "UPDATE manifest SET body = x'00ff'",
])
def test_a_changed_manifest_is_named_and_writing_waits_for_a_confirmation(change):
    archive = import_samples()
    _sql(archive, change)
    report = open_archive().integrity()
    assert report.state == "invalid" and "beveiligingscode" in report.problems()[0]
    with pytest.raises(ArchiveError, match="Niet opgeslagen"):
        open_archive().import_bytes(_december(), "dec.dat")
    assert len(open_archive().entries()) == 3
    open_archive().accept_restore()
    assert open_archive().integrity().state == "ok"


# ---------------------------------------------------------------------- werknemersnummers

def test_an_older_version_of_the_werknemersnummers_put_back_is_noticed():
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), blank_employee_of=13340236), "m.dat")
    archive.set_employee_number("123456789", 13340236, "X-1")
    con = sqlite3.connect(archive.path)
    old = con.execute("SELECT nonce, ciphertext FROM local_employee_numbers").fetchone()
    con.close()
    open_archive().set_employee_number("123456789", 13340236, "X-2")
    _sql(archive, "UPDATE local_employee_numbers SET nonce=?, ciphertext=?", old)
    # Sealed for this collectivity, so it opens: only the manifest tells it is not current.
    assert open_archive().local_employee_numbers("123456789")[13340236].employee_number == "X-1"
    report = open_archive().integrity()
    assert report.state == "changed"
    assert "vervangen door een oudere of andere versie: de aangevulde werknemersnummers van " \
           "collectiviteit 123456789" in " ".join(report.problems())
    _sql(archive, "DELETE FROM local_employee_numbers")
    report = open_archive().integrity()
    assert report.blobs_missing == (("werknemersnummers", "123456789", ""),)
    _sql(archive, "INSERT INTO local_employee_numbers VALUES('999', 'x', ?, ?)", old)
    with pytest.raises(TamperedRecord):  # as before: a blob moved elsewhere does not open
        open_archive().local_employee_numbers("999")


# ---------------------------------------------------------------------- the key file

@pytest.fixture
def no_keyring():
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


def test_with_a_key_file_the_counter_is_a_private_file_beside_it(no_keyring):
    archive = import_samples()
    path = keystore.generation_file(archive.data_dir)
    assert path.read_text() == "3\n" and stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = _copy(archive)
    open_archive().import_bytes(_december(), "dec.dat")
    _put_back(archive, backup)
    assert open_archive().integrity().state == "rolled_back"
    assert sorted(p.name for p in archive.data_dir.iterdir() if ".tmp" in p.name) == []


def test_a_month_stored_after_the_check_started_is_no_rollback(monkeypatch):
    """The counter is read before the database: an import committed and counted in between
    (another process) leaves the database at least as new as the counter that was read."""
    archive = import_samples()
    real = keystore.read_generation
    december = write(archive.data_dir.parent / "dec.dat", _december())

    def then_import(*args):
        value = real(*args)
        monkeypatch.setattr(keystore, "read_generation", real)
        r = run_cli("import", str(december))
        assert r.returncode == 0, r.stderr
        return value

    checker = open_archive()
    checker.keys.get()
    monkeypatch.setattr(keystore, "read_generation", then_import)
    report = checker.integrity()
    assert report.state == "ok" and report.database_generation == 4
