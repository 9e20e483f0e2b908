"""The archive under damage and hard conditions: truncated or swapped columns, a newer schema,
a file that is not a database, a full disk, a locked or read-only database, a broken key file,
a changed retention setting. Each gives a clear message (ArchiveError, exit 1 on the command
line) and loses nothing; never a traceback."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat

import keyring
import pytest
from keyring.backends import fail
from test_archive_support import (
    archive_files_digest,
    big_variant,
    import_samples,
    run_cli,
    sample_bytes,
    variant,
    write,
)

from digibord.archive import (
    ArchiveError,
    KeyProblem,
    TamperedRecord,
    database,
    keystore,
    open_archive,
)


def _sql(archive, statement: str, params: tuple = ()) -> None:
    with sqlite3.connect(archive.path) as con:
        con.execute(statement, params)


@pytest.fixture
def patched_connect(monkeypatch):
    """Make every archive connection run `pragma` first (to simulate a full disk, ...)."""
    def install(pragma: str):
        real = sqlite3.connect

        def connect(*args, **kw):
            con = real(*args, **kw)
            con.execute(pragma)
            return con

        monkeypatch.setattr(database.sqlite3, "connect", connect)
    return install


# ---------------------------------------------------------------------- damaged rows

@pytest.mark.parametrize("change", [
    "nonce = x'0102'",                      # truncated nonce
    "nonce = substr(nonce, 1, 11)",         # one byte short
    "nonce = ciphertext",                   # columns swapped: a long 'nonce'
    "nonce = 'abcdefghijkl'",               # text where bytes belong
    "ciphertext = 'tekst'",
    "ciphertext = substr(ciphertext, 1, 10)",
])
def test_a_truncated_or_swapped_column_is_named_as_tampering(change):
    archive = import_samples()
    _sql(archive, f"UPDATE borderel SET {change} WHERE prolongation_month=202602")
    with pytest.raises(TamperedRecord, match="2026-02 volgnummer 1"):
        open_archive().load("123456789", 202602)
    assert open_archive().load("123456789", 202603).header.prolongation_month == 202603


@pytest.mark.parametrize("change", [
    "sequence = 'twee'",
    "prolongation_month = 'maart'",
    "total_due_cent = 12.5",
    "file_name = x'00ff'",
])
def test_a_column_of_the_wrong_type_is_marked_not_a_crash(change):
    archive = import_samples()
    _sql(archive, f"UPDATE borderel SET {change} WHERE prolongation_month=202602")
    again = open_archive()
    checked = again.check_entries(again.entries())
    assert len(checked) == 3
    assert [e.authentic for e in checked].count(False) == 1
    bad = next(e for e in checked if e.authentic is False)
    with pytest.raises(TamperedRecord):
        again.read_bytes(bad)
    r = run_cli("archive")
    assert r.returncode == 1 and "buiten Digibord gewijzigd" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("tag", [b"\x00\xff", "é", None])
def test_a_mangled_listing_tag_is_marked_and_the_record_stays_readable(tag):
    archive = import_samples()
    if tag is None:
        _sql(archive, "UPDATE borderel SET meta_mac = substr(meta_mac, 2) "
                      "WHERE prolongation_month=202602")
    else:
        _sql(archive, "UPDATE borderel SET meta_mac = ? WHERE prolongation_month=202602",
             (tag,))
    checked = open_archive().check_entries(open_archive().entries())
    assert [e.authentic for e in checked] == [True, False, True]
    # The tag only serves the listing: the record itself is still authentic (AES-GCM).
    assert open_archive().read_bytes(checked[1]) == sample_bytes("2026-02_01.dat")


# ---------------------------------------------------------------------- the database file

def test_an_archive_of_a_newer_schema_is_neither_read_nor_written():
    archive = import_samples()
    _sql(archive, "UPDATE meta SET value='3' WHERE name='schema_version'")
    before = archive_files_digest(archive)
    for action in (lambda a: a.entries(),
                   lambda a: a.import_bytes(variant(sample_bytes(), sequence=2), "x.dat"),
                   lambda a: a.remove("123456789", 202601),
                   lambda a: a.set_retention_years(3)):
        with pytest.raises(ArchiveError, match="schemaversie 3"):
            action(open_archive())
    assert archive_files_digest(archive) == before
    r = run_cli("archive")
    assert r.returncode == 1 and "schemaversie 3" in r.stderr and "Traceback" not in r.stderr


def test_a_file_that_is_not_a_database_is_named_and_left_alone():
    archive = open_archive()
    archive.data_dir.mkdir(parents=True)
    junk = b"dit is geen SQLite-bestand\n" * 200
    archive.path.write_bytes(junk)
    for action in (lambda a: a.entries(), lambda a: a.import_bytes(sample_bytes(), "m.dat")):
        with pytest.raises(ArchiveError, match="geen leesbaar archief"):
            action(open_archive())
    assert archive.path.read_bytes() == junk
    r = run_cli("import", str(archive.data_dir.parent / "nothing.dat"))  # a refusal, no crash
    assert "Traceback" not in r.stderr
    r = run_cli("archive")
    assert r.returncode == 1 and "geen leesbaar archief" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_empty_database_file_is_a_damaged_archive_not_a_new_one():
    archive = open_archive()
    archive.data_dir.mkdir(parents=True)
    archive.path.write_bytes(b"")  # e.g. a copy or a sync that failed half-way
    for action in (lambda a: a.entries(), lambda a: a.import_bytes(sample_bytes(), "m.dat"),
                   lambda a: a.set_retention_years(3)):
        with pytest.raises(ArchiveError, match=r"is leeg \(0 bytes\)") as info:
            action(open_archive())
        assert str(archive.path) in str(info.value) and "reservekopie" in str(info.value)
    assert archive.path.read_bytes() == b""  # never an archive made over it
    assert sorted(p.name for p in archive.data_dir.iterdir()) == ["archive.sqlite3"]
    march = write(archive.data_dir.parent / "m.dat", sample_bytes())
    for args in (("archive",), ("import", str(march))):
        r = run_cli(*args)
        assert r.returncode == 1 and "0 bytes" in r.stderr and "Traceback" not in r.stderr
    assert archive.path.read_bytes() == b""


@pytest.mark.parametrize("junk", [
    b"PK\x03\x04" + bytes(range(256)) * 8,         # a zip file under the archive's name
    b"SQLite format 2\x00" + b"\x00" * 4080,         # not SQLite 3
    b"SQLite for",                                    # the start of a header, cut off
    b"\x00" * 4096,                                   # zeroed by a failing disk
])
def test_a_file_that_is_not_sqlite_is_refused_before_sqlite_reads_it(junk):
    archive = open_archive()
    archive.data_dir.mkdir(parents=True)
    archive.path.write_bytes(junk)
    for action in (lambda a: a.entries(), lambda a: a.import_bytes(sample_bytes(), "m.dat")):
        with pytest.raises(ArchiveError, match="geen SQLite-database"):
            action(open_archive())
    assert archive.path.read_bytes() == junk


def test_an_sqlite_database_of_another_program_is_left_alone():
    archive = open_archive()
    archive.data_dir.mkdir(parents=True)
    with sqlite3.connect(archive.path) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    before = archive_files_digest(archive)
    for action in (lambda a: a.entries(), lambda a: a.import_bytes(sample_bytes(), "m.dat")):
        with pytest.raises(ArchiveError, match="geen leesbaar archief van Digibord"):
            action(open_archive())
    assert archive_files_digest(archive) == before
    with sqlite3.connect(archive.path) as con:
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["contacts"]


def test_a_new_archive_appears_complete_under_its_name():
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "m.dat")
    names = sorted(p.name for p in archive.data_dir.iterdir())
    assert not [n for n in names if n.endswith(".tmp") or n.endswith("-journal")]
    with sqlite3.connect(archive.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT value FROM meta WHERE name='archive_id'").fetchone()


def test_a_database_that_cannot_be_opened_gives_a_message():
    archive = open_archive()
    archive.path.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(ArchiveError, match="kan niet"):
        open_archive().entries()
    r = run_cli("archive")
    assert r.returncode == 1 and str(archive.path) in r.stderr and "Traceback" not in r.stderr


def test_a_full_disk_loses_nothing_and_says_so(patched_connect):
    archive = import_samples()
    before = archive_files_digest(archive)
    big = big_variant(variant(sample_bytes(), months_back=3), 400)
    patched_connect("PRAGMA max_page_count=1")  # its current size: SQLITE_FULL on growth
    with pytest.raises(ArchiveError, match="is vol") as info:
        open_archive().import_bytes(big, "groot.dat")
    assert "rollback" not in str(info.value)
    assert archive_files_digest(archive) == before
    assert len(open_archive().entries()) == 3


def test_a_read_only_database_says_so(patched_connect):
    import_samples()
    patched_connect("PRAGMA query_only=ON")
    with pytest.raises(ArchiveError, match="alleen-lezen"):
        open_archive().remove("123456789", 202601)
    assert len(open_archive().entries()) == 3  # reading still works


def test_a_locked_database_says_who_to_close(monkeypatch):
    archive = import_samples()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(archive.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ArchiveError, match="bezet"):
            open_archive().remove("123456789", 202601)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(open_archive().entries()) == 3


# ---------------------------------------------------------------------- the key file

@pytest.fixture
def no_keyring():
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


def test_an_empty_key_file_before_the_first_import_is_a_clear_message(no_keyring):
    archive = open_archive()
    archive.data_dir.mkdir(parents=True)
    path = keystore.key_file(archive.data_dir)
    path.write_bytes(b"")  # left by a crash between creating and writing it
    with pytest.raises(KeyProblem, match="geen geldige sleutel") as info:
        open_archive().import_bytes(sample_bytes(), "m.dat")
    assert str(path) in str(info.value)
    assert path.read_bytes() == b""  # not replaced
    assert open_archive().entries() == []


def test_a_key_file_that_cannot_be_written_leaves_no_partial_file(no_keyring, monkeypatch):
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    archive = open_archive()
    with pytest.raises(KeyProblem, match="kon niet worden gemaakt"):
        archive.import_bytes(sample_bytes(), "m.dat")
    assert sorted(p.name for p in archive.data_dir.iterdir()) == ["archive.sqlite3"]
    monkeypatch.setattr(os, "write", real_write)
    again = open_archive()
    assert again.import_bytes(sample_bytes(), "m.dat").status == "stored"
    path = keystore.key_file(again.data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) == 44


def test_an_existing_data_folder_is_made_private():
    archive = open_archive()
    archive.data_dir.mkdir(parents=True, mode=0o755)
    os.chmod(archive.data_dir, 0o755)
    archive.import_bytes(sample_bytes(), "m.dat")
    assert stat.S_IMODE(archive.data_dir.stat().st_mode) == 0o700


# ---------------------------------------------------------------------- retention, removal

@pytest.mark.parametrize("value", ["zeven", "0", "-3", ""])
def test_a_changed_retention_setting_never_prunes_everything(value):
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), months_back=12 * 10), "oud.dat")
    archive.import_bytes(sample_bytes(), "m.dat")
    _sql(archive, "INSERT OR REPLACE INTO meta VALUES('retention_years', ?)", (value,))
    with pytest.raises(ArchiveError, match="bewaartermijn"):
        open_archive().prune()
    assert len(open_archive().entries()) == 2
    r = run_cli("archive", "prune", "--yes")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(open_archive().entries()) == 2


def test_a_removed_month_does_not_linger_in_the_wal():
    archive = import_samples()
    with sqlite3.connect(archive.path) as con:
        ciphertext = con.execute("SELECT ciphertext FROM borderel WHERE "
                                 "prolongation_month=202602").fetchone()[0]
    probe = ciphertext[1000:1064]
    open_archive().remove("123456789", 202602)
    for path in archive.data_dir.iterdir():
        assert probe not in path.read_bytes(), path.name
    assert [e.prolongation_month for e in open_archive().entries()] == [202601, 202603]
