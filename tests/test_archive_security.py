"""The archive keeps personal data unreadable on disk, notices tampering, and never loses data
over a missing or wrong key; where no keyring works the key goes to a private key file."""

from __future__ import annotations

import os
import sqlite3
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import KeyringError
from test_archive_support import (
    SAMPLE_FILES,
    archive_files_digest,
    import_samples,
    sample_bytes,
    variant,
)

from digibord.archive import KeyProblem, TamperedRecord, keystore, open_archive
from digibord.archive.crypto import encode_key, new_key
from digibord.archive.lookup import load_month
from digibord.formats.reader import parse_borderel


def _archive_id(archive) -> str:
    with sqlite3.connect(archive.path) as con:
        return con.execute("SELECT value FROM meta WHERE name='archive_id'").fetchone()[0]


# ---------------------------------------------------------------------- nothing plain on disk

def _personal_strings() -> set[bytes]:
    found: set[bytes] = set()
    for name in SAMPLE_FILES:
        insured = parse_borderel(sample_bytes(name), name).borderel.insured
        for bsn in insured["bsn"]:
            if bsn:
                found.add(bsn.encode())
        for col in ("surname", "name"):
            for text in insured[col]:
                if len(text) >= 4:
                    found.update({text.encode("cp1252"), text.encode("utf-8"),
                                  text.encode("utf-16-le")})
        for rel in insured["relation_number"]:
            found.add(f"{int(rel):010d}".encode())
    return found


def test_database_and_wal_hold_no_bsn_name_or_relatienummer_in_plain_form():
    archive = open_archive()
    archive.import_bytes(sample_bytes(SAMPLE_FILES[0]), SAMPLE_FILES[0])
    # A second connection keeps the -wal file from being checkpointed away while we look.
    holder = sqlite3.connect(archive.path)
    holder.execute("SELECT count(*) FROM borderel").fetchone()
    for name in SAMPLE_FILES[1:]:
        archive.import_bytes(sample_bytes(name), name)
    archive.import_bytes(variant(sample_bytes(), blank_employee_of=13340236, sequence=2), "r.dat")
    archive.set_employee_number("123456789", 13340236, "X-4708")
    load_month("2026-03", None)
    wal = archive.path.with_name(archive.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    blobs = {p.name: p.read_bytes() for p in archive.data_dir.iterdir() if p.is_file()}
    holder.close()
    strings = _personal_strings()
    plain = b"".join(sample_bytes(n) for n in SAMPLE_FILES)
    assert sum(s in plain for s in strings) > 30  # the search finds them where they are plain
    for file_name, blob in blobs.items():
        leaks = [s for s in strings if s in blob]
        assert leaks == [], f"{file_name} holds {leaks[:5]}"
    # What the listing needs is there in plain form, and the employer's name is allowed.
    assert b"2026-03_01.dat" in b"".join(blobs.values())


def test_database_files_are_private():
    archive = import_samples()
    assert stat.S_IMODE(archive.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.data_dir.stat().st_mode) == 0o700


# ---------------------------------------------------------------------- tampering

def test_changed_ciphertext_is_detected_and_named():
    archive = import_samples()
    with sqlite3.connect(archive.path) as con:
        blob = bytearray(con.execute("SELECT ciphertext FROM borderel WHERE "
                                     "prolongation_month=202602").fetchone()[0])
        blob[len(blob) // 2] ^= 0x01
        con.execute("UPDATE borderel SET ciphertext=? WHERE prolongation_month=202602",
                    (bytes(blob),))
    with pytest.raises(TamperedRecord) as info:
        load_month("2026-02", None)
    assert "2026-02 volgnummer 1 (2026-02_01.dat)" in str(info.value)
    assert "buiten Digibord gewijzigd" in str(info.value)
    assert load_month("2026-03", None).header.prolongation_month == 202603  # others still fine


@pytest.mark.parametrize("change", [
    "total_due_cent = total_due_cent + 1",
    "prolongation_month = 202604",
    "file_name = 'ander.dat'",
    "collectivity_name = 'Iemand anders'",
])
def test_changed_metadata_is_detected_in_the_listing_and_on_reading(change):
    archive = import_samples()
    with sqlite3.connect(archive.path) as con:
        con.execute(f"UPDATE borderel SET {change} WHERE prolongation_month=202603")
    checked = archive.check_entries(archive.entries())
    flagged = [e for e in checked if e.authentic is False]
    assert len(flagged) == 1 and len(checked) == 3
    with pytest.raises(TamperedRecord, match="buiten Digibord gewijzigd"):
        archive.read_bytes(flagged[0])


def test_swapped_ciphertexts_are_detected():
    archive = import_samples()
    with sqlite3.connect(archive.path) as con:
        rows = con.execute("SELECT id, nonce, ciphertext FROM borderel ORDER BY id").fetchall()
        (a, na, ca), (b, nb, cb) = rows[0], rows[1]
        con.execute("UPDATE borderel SET nonce=?, ciphertext=? WHERE id=?", (nb, cb, a))
        con.execute("UPDATE borderel SET nonce=?, ciphertext=? WHERE id=?", (na, ca, b))
    with pytest.raises(TamperedRecord, match="2026-01 volgnummer 1"):
        load_month("2026-01", None)


def test_changed_employee_numbers_are_detected():
    archive = open_archive()
    archive.import_bytes(variant(sample_bytes(), blank_employee_of=13340236), "m.dat")
    archive.set_employee_number("123456789", 13340236, "X-4708")
    with sqlite3.connect(archive.path) as con:
        con.execute("UPDATE local_employee_numbers SET collectivity_number='999999999'")
    with pytest.raises(TamperedRecord, match="999999999"):
        open_archive().local_employee_numbers("999999999")


# ---------------------------------------------------------------------- keys

def test_missing_key_gives_a_clear_message_and_loses_nothing():
    archive = import_samples()
    name = keystore.username(_archive_id(archive))
    saved = keyring.get_password("Digibord", name)
    keyring.delete_password("Digibord", name)
    before = archive_files_digest(archive)
    for action in (lambda a: load_month("2026-03", None),
                   lambda a: a.import_bytes(variant(sample_bytes(), sequence=2), "x.dat"),
                   lambda a: a.check_entries(a.entries()),
                   lambda a: a.set_employee_number("123456789", 13340236, "Q", check=False)):
        with pytest.raises(KeyProblem) as info:
            action(open_archive())
        assert "niet gevonden" in str(info.value)
        assert "niets gewijzigd of verwijderd" in str(info.value)
        assert name in str(info.value)
    assert archive_files_digest(archive) == before
    assert not keystore.key_file(archive.data_dir).exists()  # no new key was made
    assert keyring.get_password("Digibord", name) is None
    assert len(open_archive().entries()) == 3  # the listing still works without the key
    keyring.set_password("Digibord", name, saved)
    assert load_month("2026-03", None).header.prolongation_month == 202603


def test_wrong_key_gives_a_clear_message_and_loses_nothing():
    archive = import_samples()
    name = keystore.username(_archive_id(archive))
    saved = keyring.get_password("Digibord", name)
    keyring.set_password("Digibord", name, encode_key(new_key()))
    before = archive_files_digest(archive)
    with pytest.raises(KeyProblem, match="hoort niet bij dit archief"):
        load_month("2026-02", None)
    with pytest.raises(KeyProblem, match="hoort niet bij dit archief"):
        open_archive().import_bytes(variant(sample_bytes(), sequence=2), "x.dat")
    keyring.set_password("Digibord", name, "geen sleutel")
    with pytest.raises(KeyProblem, match="geen geldige sleutel"):
        load_month("2026-02", None)
    assert archive_files_digest(archive) == before
    keyring.set_password("Digibord", name, saved)
    assert load_month("2026-02", None).header.prolongation_month == 202602


@pytest.fixture
def no_keyring():
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(old)


def test_without_a_keyring_the_key_goes_to_a_private_file_and_the_user_is_told(no_keyring):
    archive = open_archive()
    archive.import_bytes(sample_bytes(), "m.dat")
    path = keystore.key_file(archive.data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) == 44  # base64 of 32 bytes
    assert archive.key_notice and str(path) in archive.key_notice
    assert "sleutelbos" in archive.key_notice
    again = open_archive()
    assert again.key_storage() == "file"
    assert str(path) in again.key_storage_message()
    assert again.key_notice is None  # told once, when the file was made
    assert load_month("2026-03", None).header.prolongation_month == 202603
    os.remove(path)
    with pytest.raises(KeyProblem) as info:
        load_month("2026-03", None)
    assert str(path) in str(info.value)


class _BrokenKeyring(KeyringBackend):
    priority = 5

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise KeyringError("locked")

    def delete_password(self, service, username):
        raise KeyringError("locked")


class _ForgetfulKeyring(_BrokenKeyring):
    def set_password(self, service, username, password):
        pass  # accepts and keeps nothing, like a chainer without backends


@pytest.mark.parametrize("backend", [_BrokenKeyring(), _ForgetfulKeyring()])
def test_a_keyring_that_fails_to_keep_the_key_falls_back_to_the_file(backend):
    old = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        archive = open_archive()
        archive.import_bytes(sample_bytes(), "m.dat")
        assert archive.key_storage() == "file"
        assert load_month("2026-03", None).header.prolongation_month == 202603
    finally:
        keyring.set_keyring(old)


def test_a_chainer_without_backends_is_not_a_keyring(monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert not keystore.keyring_usable(chainer.ChainerBackend())
    assert not keystore.keyring_usable(fail.Keyring())
    assert keystore.keyring_usable(keyring.get_keyring())


def test_key_is_kept_short_in_the_keyring():
    archive = import_samples()
    secret = keyring.get_password("Digibord", keystore.username(_archive_id(archive)))
    assert len(secret) == 44
    assert archive.key_storage() == "keyring" and archive.key_storage_message() is None
