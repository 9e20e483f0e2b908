"""The archive: one SQLite database in the user's data folder with every imported borderel.

Each borderel is kept as its original bytes, compressed and sealed with AES-256-GCM; a few
plain columns (collectivity, month, volgnummer, file name, SHA-256, counts, totals) serve the
listing and are bound to the ciphertext as associated data and by a MAC. No name or BSN is
ever stored in plain form, and a month is read by decrypting and parsing in memory only.
See docs/archive.md for the decisions.

Writes run in `BEGIN IMMEDIATE` transactions (WAL, busy_timeout), so an import is there
completely or not at all, also when two processes work at once or one is killed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digibord import paths
from digibord.archive import crypto, keystore
from digibord.archive.errors import ArchiveError, KeyProblem, TamperedRecord
from digibord.formats.borderel import Borderel, month_text
from digibord.formats.issues import InputRefused, Issue
from digibord.i18n import tr

DB_NAME = "archive.sqlite3"
SCHEMA_VERSION = "1"
DEFAULT_RETENTION_YEARS = 7
BUSY_TIMEOUT_MS = 30_000
EMPLOYEE_NUMBER_WIDTH = 15  # werknemersnummer is A(15) in the file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS borderel (
    id INTEGER PRIMARY KEY,
    collectivity_number TEXT NOT NULL,
    collectivity_name TEXT NOT NULL,
    prolongation_month INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    size INTEGER NOT NULL,
    insured_count INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    total_prolongation_cent INTEGER NOT NULL,
    total_corrections_cent INTEGER NOT NULL,
    total_due_cent INTEGER NOT NULL,
    meta_mac TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    UNIQUE (collectivity_number, prolongation_month, sequence)
);
CREATE TABLE IF NOT EXISTS local_employee_numbers (
    collectivity_number TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL
);
"""

# The plain columns, in the order they are authenticated (blobs last: listing never reads them).
_META_COLUMNS = (
    "collectivity_number", "collectivity_name", "prolongation_month", "sequence", "file_name",
    "sha256", "imported_at", "size", "insured_count", "line_count", "total_prolongation_cent",
    "total_corrections_cent", "total_due_cent",
)
_LIST_COLUMNS = f"id, {', '.join(_META_COLUMNS)}, meta_mac"
_INT_COLUMNS = frozenset({
    "id", "prolongation_month", "sequence", "size", "insured_count", "line_count",
    "total_prolongation_cent", "total_corrections_cent", "total_due_cent",
})
_LIST_SQL = f"SELECT {_LIST_COLUMNS} FROM borderel"


@dataclass(frozen=True)
class ArchiveEntry:
    """One stored borderel as the listing shows it (no personal data)."""

    id: int
    collectivity_number: str
    collectivity_name: str
    prolongation_month: int  # YYYYMM
    sequence: int
    file_name: str
    sha256: str
    imported_at: str  # ISO 8601, UTC
    size: int  # bytes of the original file
    insured_count: int
    line_count: int
    total_prolongation_cent: int
    total_corrections_cent: int
    total_due_cent: int
    meta_mac: str = ""
    current: bool = False  # the highest volgnummer of its month: what reports use
    authentic: bool | None = None  # None: not checked (see Archive.check_entries)

    def label(self) -> str:
        text = month_text(self.prolongation_month)
        return tr("archive.entry_label", collectivity=self.collectivity_number, month=text,
                  sequence=self.sequence, file=self.file_name)


@dataclass(frozen=True)
class Prepared:
    """A borderel checked and sealed, ready to store (sealing happens outside the write lock)."""

    data_sha256: str
    file_name: str
    borderel: Borderel | None  # None: the same bytes are already in the archive
    entry: ArchiveEntry | None = None
    nonce: bytes = b""
    ciphertext: bytes = b""


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `status`: 'stored' (a new month, or a volgnummer for a month that
    had none higher), 'reissue' (became the month's current borderel in place of `previous`),
    'older' (stored, but the month keeps its higher volgnummer `previous`), 'duplicate' (these
    exact bytes were there already as `entry`; nothing stored)."""

    status: str
    entry: ArchiveEntry
    previous: ArchiveEntry | None = None
    warnings: tuple[Issue, ...] = ()

    def message(self) -> str:
        params = {"label": self.entry.label()}
        if self.previous is not None:
            params["previous"] = self.previous.sequence
        return tr(f"archive.import.{self.status}", **params)


@dataclass(frozen=True)
class Collectivity:
    number: str
    name: str
    months: tuple[int, ...]  # YYYYMM, ascending, each month once


@dataclass(frozen=True)
class LocalEmployeeNumber:
    """A werknemersnummer the user filled in because the borderel left it blank."""

    relation_number: int
    employee_number: str
    set_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _aad(values: dict) -> bytes:
    """The metadata as canonical bytes: what the AES-GCM tag and the MAC cover."""
    plain = {name: values[name] for name in _META_COLUMNS}
    return b"digibord-archive-v1\n" + json.dumps(plain, sort_keys=True, ensure_ascii=False,
                                                   separators=(",", ":")).encode("utf-8")


def _employee_aad(collectivity: str) -> bytes:
    return b"digibord-employee-numbers-v1\n" + collectivity.encode("utf-8")


def _refusal(result, source: str) -> InputRefused:
    return InputRefused(source, list(result.errors), getattr(result, "error_total", None) or None,
                        list(result.warnings))


def _before_commit() -> None:
    """Hook between writing and committing an import (tests kill the process here)."""


class Archive:
    """The archive in `data_dir` (default: the user's data folder). Cheap to make; the database
    and the key are only created by the first thing that stores something. One connection per
    operation, so an Archive may be used from any thread."""

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else paths.user_data_dir()
        self.path = self.data_dir / DB_NAME
        self._key: keystore.FoundKey | None = None
        self.key_notice: str | None = None  # set once, when this object made a key file

    # ------------------------------------------------------------------ database

    def exists(self) -> bool:
        return self.path.exists()

    @contextlib.contextmanager
    def _db(self, create: bool = False) -> Iterator[sqlite3.Connection | None]:
        """A connection, or None when there is no archive yet and `create` is False."""
        if not self.path.exists():
            if not create:
                yield None
                return
            self._create_file()
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                  isolation_level=None)
        except sqlite3.DatabaseError as exc:  # a folder, no permission, ...
            raise self._db_problem(exc) from None
        try:
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            _enable_wal(con)
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA secure_delete=ON")  # removed months are overwritten, not left
            con.execute("PRAGMA temp_store=MEMORY")
            self._ensure_schema(con)
            yield con
        except sqlite3.DatabaseError as exc:
            raise self._db_problem(exc) from None
        finally:
            con.close()

    def _create_file(self) -> None:
        """The data folder (0700) and an empty database file (0600), made private before
        SQLite opens it; its -wal and -shm take the file's permissions."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":  # made earlier (logs, an older version): private now
                os.chmod(self.data_dir, 0o700)
            flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(self.path, flags, 0o600))
        except OSError as exc:
            raise self._db_problem(exc) from None

    def _db_problem(self, exc: Exception) -> ArchiveError:
        """A message a person can act on for what SQLite or the file system refused. The
        error's own text names no personal data (only SQLite's or the OS's words)."""
        if isinstance(exc, OSError):
            code = {errno.ENOSPC: "full", errno.EROFS: "readonly", errno.EACCES: "readonly",
                    errno.EPERM: "readonly"}.get(exc.errno, "")
            detail = exc.strerror or type(exc).__name__
        else:
            text = str(exc).lower()
            name = getattr(exc, "sqlite_errorname", "") or ""
            code = ("full" if "full" in text or name == "SQLITE_FULL" else
                    "locked" if "locked" in text or name.startswith("SQLITE_BUSY") else
                    "readonly" if "readonly" in text or name.startswith("SQLITE_READONLY") else
                    "corrupt" if "not a database" in text or "malformed" in text
                    or name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") else "")
            detail = str(exc)
        key = f"archive.db_{code}" if code else "archive.db_error"
        return ArchiveError(tr(key, path=self.path, error=detail))

    @staticmethod
    @contextlib.contextmanager
    def _write(con: sqlite3.Connection) -> Iterator[None]:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            # SQLite may have rolled back already (disk full): then the first error counts.
            if con.in_transaction:
                with contextlib.suppress(sqlite3.DatabaseError):
                    con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _ensure_schema(self, con: sqlite3.Connection) -> None:
        row = con.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
        if not (row and self._meta(con, "archive_id")):
            with self._write(con):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    con.execute(statement)
                if self._meta(con, "archive_id") is None:
                    self._set_meta(con, "archive_id", uuid.uuid4().hex[:16])
                    self._set_meta(con, "schema_version", SCHEMA_VERSION)
        # Checked on every open: a newer version's archive is neither read nor written.
        version = self._meta(con, "schema_version")
        if version != SCHEMA_VERSION:
            raise ArchiveError(tr("archive.schema_unknown", version=version, path=self.path))

    @staticmethod
    def _meta(con: sqlite3.Connection, name: str) -> str | None:
        row = con.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(con: sqlite3.Connection, name: str, value: str) -> None:
        con.execute("INSERT INTO meta(name, value) VALUES(?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value=excluded.value", (name, value))

    # ------------------------------------------------------------------ key

    def _get_key(self, create: bool = False) -> bytes:
        """The archive key. Made (in the credential store, else a key file) only when `create`
        and the archive has none yet; otherwise a missing or foreign key is a KeyProblem and
        nothing is changed."""
        if self._key is not None:
            return self._key.key
        with self._db(create=create) as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            archive_id = self._meta(con, "archive_id")
            expected = self._meta(con, "key_id")
            if expected is None and create:
                with self._write(con):
                    expected = self._meta(con, "key_id")  # another process may have made it
                    if expected is None:
                        found = self._find_or_create_key(archive_id)
                        self._set_meta(con, "key_id", crypto.key_id(found.key))
                        self._set_meta(con, "key_storage", found.storage)
                        if found.created and found.storage == keystore.FILE:
                            self.key_notice = self._file_message()
                        self._key = found
                        return found.key
            lookup = keystore.find_key(self.data_dir, archive_id)
        if expected is None:
            raise KeyProblem(tr("archive.key.none_yet"))
        if lookup.found is None:
            raise KeyProblem(self._missing_key_message(archive_id, lookup))
        if crypto.key_id(lookup.found.key) != expected:
            raise KeyProblem(tr("archive.key.wrong", where=self._where(lookup.found.storage,
                                                                          archive_id)))
        self._key = lookup.found
        return lookup.found.key

    def _find_or_create_key(self, archive_id: str) -> keystore.FoundKey:
        """For an archive without a key_id (nothing is sealed yet): a key left by an earlier
        attempt that was interrupted, else a new one. Never replaces what is there."""
        lookup = keystore.find_key(self.data_dir, archive_id)
        if lookup.found is not None:
            return lookup.found
        path = keystore.key_file(self.data_dir)
        if lookup.bad_entry == keystore.FILE:
            raise KeyProblem(tr("archive.key.bad_file_new", path=path))
        try:
            return keystore.create_key(self.data_dir, archive_id)
        except FileExistsError:  # made meanwhile outside this archive's lock: not ours to use
            raise KeyProblem(tr("archive.key.bad_file_new", path=path)) from None
        except OSError as exc:
            raise KeyProblem(tr("archive.key.write_failed", path=path,
                                error=exc.strerror or type(exc).__name__)) from None

    def _where(self, storage: str, archive_id: str) -> str:
        if storage == keystore.FILE:
            return tr("archive.key.where_file", path=keystore.key_file(self.data_dir))
        return tr("archive.key.where_keyring", service=keystore.SERVICE,
                  name=keystore.username(archive_id))

    def _missing_key_message(self, archive_id: str, lookup: keystore.Lookup) -> str:
        places = [self._where(keystore.FILE, archive_id)]
        if lookup.keyring_usable:
            places.insert(0, self._where(keystore.KEYRING, archive_id))
        text = tr("archive.key.missing", places=tr("archive.key.or").join(places),
                  path=self.path)
        if lookup.bad_entry:
            text += " " + tr("archive.key.bad_entry",
                             where=self._where(lookup.bad_entry, archive_id))
        if lookup.keyring_error:
            text += " " + tr("archive.key.keyring_error", error=lookup.keyring_error)
        return text

    def _file_message(self) -> str:
        return tr("archive.key.in_file", path=keystore.key_file(self.data_dir))

    def key_storage(self) -> str | None:
        """'keyring' or 'file' (where the key was found), None when there is no key yet."""
        with self._db() as con:
            if con is None or self._meta(con, "key_id") is None:
                return None
            stored = self._meta(con, "key_storage")
        return self._key.storage if self._key is not None else stored

    def key_storage_message(self) -> str | None:
        """For the window: a clear sentence when the key is only in a key file, else None."""
        return self._file_message() if self.key_storage() == keystore.FILE else None

    def key_description(self) -> str:
        """Where the key lives, for the listing."""
        with self._db() as con:
            archive_id = self._meta(con, "archive_id") if con else None
        storage = self.key_storage()
        if storage is None or archive_id is None:
            return tr("archive.key.not_made")
        return self._where(storage, archive_id)

    # ------------------------------------------------------------------ import

    def prepare(self, data: bytes, file_name: str) -> Prepared:
        """Check the bytes as a borderel and seal them. Raises InputRefused for a file with
        errors (then nothing of it is stored)."""
        digest = hashlib.sha256(data).hexdigest()
        existing = self._entry_by_sha(digest)
        if existing is not None:
            return Prepared(digest, file_name, None, existing)
        from digibord.formats.reader import parse_borderel

        result = parse_borderel(data, file_name)
        if result.errors or result.borderel is None:
            raise _refusal(result, file_name)
        borderel = result.borderel
        header, trailer = borderel.header, borderel.trailer
        values = {
            "collectivity_number": header.collectivity_number,
            "collectivity_name": header.collectivity_name,
            "prolongation_month": int(header.prolongation_month),
            "sequence": int(header.sequence),
            "file_name": Path(file_name).name,
            "sha256": digest,
            "imported_at": _now(),
            "size": len(data),
            "insured_count": int(trailer.insured_count),
            "line_count": int(trailer.line_count),
            "total_prolongation_cent": int(trailer.total_prolongation_cent),
            "total_corrections_cent": int(trailer.total_corrections_cent),
            "total_due_cent": int(trailer.total_due_cent),
        }
        key = self._get_key(create=True)
        aad = _aad(values)
        nonce, ciphertext = crypto.seal(key, data, aad)
        entry = ArchiveEntry(id=0, meta_mac=crypto.mac(key, aad), **values)
        return Prepared(digest, file_name, borderel, entry, nonce, ciphertext)

    def store(self, prepared: list[Prepared]) -> list[ImportResult]:
        """Store all prepared borderels in one transaction: all of them, or none."""
        results: list[ImportResult] = []
        with self._db(create=True) as con, self._write(con):
            seen: dict[str, ArchiveEntry] = {}
            for item in prepared:
                existing = seen.get(item.data_sha256) or self._entry_by_sha(item.data_sha256,
                                                                             con)
                if existing is not None:
                    results.append(ImportResult("duplicate", existing))
                    continue
                if item.borderel is None:  # was a duplicate, removed by another process since
                    raise ArchiveError(tr("archive.import.changed_meanwhile",
                                          file=item.file_name))
                entry = item.entry
                clash = con.execute(
                    f"{_LIST_SQL} WHERE collectivity_number=? AND prolongation_month=? "
                    "AND sequence=?",
                    (entry.collectivity_number, entry.prolongation_month, entry.sequence),
                ).fetchone()
                if clash is not None:
                    other = self._row_entry(clash)
                    raise ArchiveError(tr("archive.import.clash", file=item.file_name,
                                          label=other.label()))
                highest = self._highest(con, entry.collectivity_number,
                                        entry.prolongation_month)
                cur = con.execute(
                    f"INSERT INTO borderel({', '.join(_META_COLUMNS)}, meta_mac, nonce, "
                    f"ciphertext) VALUES({', '.join('?' * (len(_META_COLUMNS) + 3))})",
                    (*[getattr(entry, c) for c in _META_COLUMNS], entry.meta_mac, item.nonce,
                     item.ciphertext),
                )
                entry = dataclasses.replace(entry, id=cur.lastrowid, authentic=True)
                seen[item.data_sha256] = entry
                warnings = tuple(item.borderel.warnings) if item.borderel is not None else ()
                if highest is None:
                    results.append(ImportResult("stored", dataclasses.replace(entry,
                                                                              current=True),
                                                warnings=warnings))
                elif entry.sequence > highest.sequence:
                    results.append(ImportResult("reissue", dataclasses.replace(entry,
                                                                               current=True),
                                                highest, warnings))
                else:
                    results.append(ImportResult("older", entry, highest, warnings))
            _before_commit()
        return results

    def import_bytes(self, data: bytes, file_name: str) -> ImportResult:
        """Check, seal and store one borderel. InputRefused for a file with errors."""
        return self.store([self.prepare(data, file_name)])[0]

    def import_file(self, path: str | Path) -> ImportResult:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            error = exc.strerror or exc
            raise ArchiveError(tr("archive.read_failed", file=path, error=error)) from exc
        return self.import_bytes(data, str(path))

    # ------------------------------------------------------------------ listing

    def _row_entry(self, row: tuple) -> ArchiveEntry:
        """An entry from a listing row. A value of the wrong type (changed outside Digibord)
        becomes 0 or text, so the listing still works; the MAC and AES-GCM then fail on it."""
        values, changed = list(row), False
        for i, name in enumerate(("id", *_META_COLUMNS, "meta_mac")):
            want = int if name in _INT_COLUMNS else str
            if type(values[i]) is not want:
                values[i] = 0 if want is int else str(values[i])
                changed = True
        return ArchiveEntry(*values, authentic=False if changed else None)

    def _highest(self, con, collectivity: str, month: int) -> ArchiveEntry | None:
        row = con.execute(f"{_LIST_SQL} WHERE collectivity_number=? AND prolongation_month=? "
                          "ORDER BY sequence DESC LIMIT 1", (collectivity, month)).fetchone()
        return self._row_entry(row) if row else None

    def _entry_by_sha(self, digest: str, con: sqlite3.Connection | None = None):
        if con is None:
            with self._db() as own:
                return self._entry_by_sha(digest, own) if own is not None else None
        row = con.execute(f"{_LIST_SQL} WHERE sha256=?", (digest,)).fetchone()
        return self._row_entry(row) if row else None

    def entries(self, collectivity: str | None = None) -> list[ArchiveEntry]:
        """Every stored borderel (all volgnummers), by collectivity, month, volgnummer; the
        highest volgnummer of each month is `current`. Plain metadata only: see check_entries."""
        with self._db() as con:
            if con is None:
                return []
            sql, params = _LIST_SQL, ()
            if collectivity is not None:
                sql, params = sql + " WHERE collectivity_number=?", (collectivity,)
            rows = con.execute(sql + " ORDER BY collectivity_number, prolongation_month, "
                                     "sequence", params).fetchall()
        entries = [self._row_entry(r) for r in rows]
        highest: dict[tuple[str, int], int] = {}
        for e in entries:
            k = (e.collectivity_number, e.prolongation_month)
            highest[k] = max(highest.get(k, 0), e.sequence)
        return [dataclasses.replace(e, current=e.sequence == highest[(e.collectivity_number,
                                                                       e.prolongation_month)])
                for e in entries]

    def check_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """The entries with `authentic` set from their MAC (needs the key, not the data)."""
        if not entries:
            return []
        key = self._get_key()
        return [dataclasses.replace(e, authentic=crypto.mac_matches(key, _aad(vars(e)),
                                                                    e.meta_mac))
                for e in entries]

    def collectivities(self) -> list[Collectivity]:
        groups: dict[str, list[ArchiveEntry]] = {}
        for e in self.entries():
            groups.setdefault(e.collectivity_number, []).append(e)
        return [Collectivity(number, group[-1].collectivity_name,
                             tuple(sorted({e.prolongation_month for e in group})))
                for number, group in groups.items()]

    def months(self, collectivity: str) -> list[ArchiveEntry]:
        """The current borderel of each month of a collectivity, oldest first."""
        return [e for e in self.entries(collectivity) if e.current]

    def resolve_collectivity(self, given: str | None, month: int | None = None) -> str:
        """The collectivity a command means: `given` (leading zeros optional), or the only one
        in the archive (holding `month`, when given). CommandRefused naming the choices."""
        found = every = self.collectivities()
        if month is not None and given is None:
            found = [c for c in found if month in c.months]
            if not found and len(every) == 1:
                found = every  # then the month's absence is told with the months present
        choices = ", ".join(f"{c.number} ({c.name})" if c.name else c.number for c in found)
        if given is not None:
            wanted = given.strip()
            wanted = wanted.zfill(9) if wanted.isdigit() else wanted
            if any(c.number == wanted for c in found):
                return wanted
            raise ArchiveError(tr("archive.collectivity.unknown", number=given,
                                  choices=choices or tr("archive.none")))
        if len(found) == 1:
            return found[0].number
        if not found:
            if month is not None and every:
                raise ArchiveError(tr("archive.month.absent_any", month=month_text(month)))
            raise ArchiveError(tr("archive.empty"))
        raise ArchiveError(tr("archive.collectivity.choose", choices=choices))

    # ------------------------------------------------------------------ reading

    def _open_row(self, con, entry_id: int) -> bytes:
        row = con.execute(f"SELECT {_LIST_COLUMNS}, nonce, ciphertext FROM borderel WHERE id=?",
                          (entry_id,)).fetchone()
        if row is None:
            raise ArchiveError(tr("archive.entry_gone"))
        entry = self._row_entry(row[:-2])
        key = self._get_key()
        try:
            data = crypto.unseal(key, row[-2], row[-1], _aad(vars(entry)))
        except crypto.InvalidTag:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise TamperedRecord(tr("archive.tampered", label=entry.label(), path=self.path),
                                 entry.id)
        return data

    def entry(self, collectivity: str, month: int, sequence: int | None = None) -> ArchiveEntry:
        """The stored borderel of a month: the current one, or the given volgnummer."""
        month_entries = [e for e in self.entries(collectivity) if e.prolongation_month == month]
        if sequence is None:
            chosen = [e for e in month_entries if e.current]
        else:
            chosen = [e for e in month_entries if e.sequence == sequence]
        if not chosen:
            if sequence is not None and month_entries:
                raise ArchiveError(tr("archive.month.no_sequence", month=month_text(month),
                                      sequence=sequence, collectivity=collectivity,
                                      have=", ".join(str(e.sequence) for e in month_entries)))
            have = sorted({month_text(e.prolongation_month) for e in self.entries(collectivity)})
            raise ArchiveError(tr("archive.month.absent", month=month_text(month),
                                  collectivity=collectivity,
                                  have=", ".join(have) or tr("archive.none")))
        return chosen[0]

    def read_bytes(self, entry: ArchiveEntry) -> bytes:
        """The original file, decrypted in memory. TamperedRecord when it was changed."""
        with self._db() as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            return self._open_row(con, entry.id)

    def load(self, collectivity: str, month: int, sequence: int | None = None,
             local_numbers: bool = True) -> Borderel:
        """A month's borderel (current or a given volgnummer), parsed in memory, with the
        werknemersnummers filled in locally (unless `local_numbers` is False)."""
        entry = self.entry(collectivity, month, sequence)
        data = self.read_bytes(entry)
        from digibord.formats.reader import parse_borderel

        source = tr("archive.source", month=month_text(month), sequence=entry.sequence,
                    file=entry.file_name)
        result = parse_borderel(data, source)
        if result.errors or result.borderel is None:
            raise _refusal(result, source)
        borderel = result.borderel
        if local_numbers:
            from digibord.archive.employee_numbers import fill_employee_numbers

            borderel = fill_employee_numbers(borderel, self.local_employee_numbers(
                collectivity))
        return borderel

    # ------------------------------------------------------------------ removing, retention

    def remove_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """Remove exactly these stored borderels (by id and checksum: what was shown is what
        goes, even if another process changed the archive meanwhile). Returns what went."""
        gone: list[ArchiveEntry] = []
        with self._db() as con:
            if con is None:
                return []
            with self._write(con):
                for e in entries:
                    cur = con.execute("DELETE FROM borderel WHERE id=? AND sha256=?",
                                      (e.id, e.sha256))
                    if cur.rowcount:
                        gone.append(e)
            if gone:
                # secure_delete zeroes the freed pages in the database; the -wal still holds
                # the removed rows as written at import until it is checkpointed and emptied.
                # Best effort: a reader in another process may keep it for now.
                with contextlib.suppress(sqlite3.DatabaseError):
                    con.execute("PRAGMA busy_timeout=1000")  # not the 30 s of a write
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return gone

    def remove_candidates(self, collectivity: str, month: int,
                          sequence: int | None = None) -> list[ArchiveEntry]:
        found = [e for e in self.entries(collectivity) if e.prolongation_month == month
                 and (sequence is None or e.sequence == sequence)]
        if not found:
            self.entry(collectivity, month, sequence)  # raises the message that says why
        return found

    def remove(self, collectivity: str, month: int,
               sequence: int | None = None) -> list[ArchiveEntry]:
        """Remove a month (every volgnummer, or only `sequence`)."""
        return self.remove_entries(self.remove_candidates(collectivity, month, sequence))

    def retention_years(self) -> int:
        with self._db() as con:
            value = self._meta(con, "retention_years") if con is not None else None
        if value is None:
            return DEFAULT_RETENTION_YEARS
        # Checked when read too: a changed setting (0, text) must not make prune take it all.
        if not (isinstance(value, str) and value.isascii() and value.isdigit()
                and int(value) >= 1):
            raise ArchiveError(tr("archive.retention.stored_invalid", value=value,
                                  path=self.path))
        return int(value)

    def set_retention_years(self, years: int) -> None:
        check_retention_years(years)
        with self._db(create=True) as con, self._write(con):
            self._set_meta(con, "retention_years", str(int(years)))

    def prune_candidates(self, years: int | None = None,
                         today: dt.date | None = None) -> list[ArchiveEntry]:
        """Borderels of months in calendar years that ended more than `years` years ago
        (default: the retention setting). With 7 in 2026: every month of 2018 and before."""
        years = self.retention_years() if years is None else check_retention_years(years)
        first_kept = ((today or dt.date.today()).year - years) * 100 + 1
        return [e for e in self.entries() if e.prolongation_month < first_kept]

    def prune(self, years: int | None = None,
              today: dt.date | None = None) -> list[ArchiveEntry]:
        return self.remove_entries(self.prune_candidates(years, today))

    # ------------------------------------------------------------------ werknemersnummers

    def _read_numbers(self, con, collectivity: str) -> dict[str, dict]:
        row = con.execute("SELECT nonce, ciphertext FROM local_employee_numbers "
                          "WHERE collectivity_number=?", (collectivity,)).fetchone()
        if row is None:
            return {}
        try:
            plain = crypto.unseal(self._get_key(), row[0], row[1], _employee_aad(collectivity))
        except crypto.InvalidTag:
            raise TamperedRecord(tr("archive.tampered_numbers", collectivity=collectivity,
                                    path=self.path)) from None
        return json.loads(plain)

    def local_employee_numbers(self, collectivity: str) -> dict[int, LocalEmployeeNumber]:
        """The werknemersnummers filled in locally for a collectivity, by relatienummer."""
        with self._db() as con:
            if con is None:
                return {}
            numbers = self._read_numbers(con, collectivity)
        return {int(rel): LocalEmployeeNumber(int(rel), v["employee_number"], v["set_at"])
                for rel, v in numbers.items()}

    def set_employee_number(self, collectivity: str, relation_number: int,
                            employee_number: str | None, check: bool = True) -> None:
        """Fill in (or with None: forget) the werknemersnummer of an employee whose borderel
        leaves it blank. With `check`, the latest month of the collectivity must hold this
        relatienummer as a hoofdverzekerde without a number, and no other employee may have
        the number already."""
        relation_number = int(relation_number)
        if employee_number is not None:
            employee_number = check_employee_number(employee_number)
        if check and employee_number is not None:
            self._check_employee_number(collectivity, relation_number, employee_number)
        key = self._get_key(create=True)
        with self._db(create=True) as con, self._write(con):
            numbers = self._read_numbers(con, collectivity)
            rel = str(relation_number)
            if employee_number is None:
                if numbers.pop(rel, None) is None:
                    raise ArchiveError(tr("archive.employee.not_set", relation=relation_number,
                                          collectivity=collectivity))
            else:
                for other, value in numbers.items():
                    if other != rel and value["employee_number"] == employee_number:
                        raise ArchiveError(tr("archive.employee.taken", number=employee_number,
                                              relation=int(other)))
                numbers[rel] = {"employee_number": employee_number, "set_at": _now()}
            if not numbers:
                con.execute("DELETE FROM local_employee_numbers WHERE collectivity_number=?",
                            (collectivity,))
                return
            plain = json.dumps(numbers, sort_keys=True).encode("utf-8")
            nonce, ciphertext = crypto.seal(key, plain, _employee_aad(collectivity))
            con.execute("INSERT INTO local_employee_numbers VALUES(?, ?, ?, ?) "
                        "ON CONFLICT(collectivity_number) DO UPDATE SET "
                        "updated_at=excluded.updated_at, nonce=excluded.nonce, "
                        "ciphertext=excluded.ciphertext",
                        (collectivity, _now(), nonce, ciphertext))

    def _check_employee_number(self, collectivity: str, relation_number: int,
                               employee_number: str) -> None:
        months = self.months(collectivity)
        if not months:
            raise ArchiveError(tr("archive.collectivity.unknown", number=collectivity,
                                  choices=", ".join(c.number for c in self.collectivities())
                                  or tr("archive.none")))
        latest = months[-1]
        borderel = self.load(collectivity, latest.prolongation_month, local_numbers=False)
        insured = borderel.insured
        mine = insured[insured["relation_number"] == relation_number]
        month = month_text(latest.prolongation_month)
        if mine.empty:
            raise ArchiveError(tr("archive.employee.unknown_relation", relation=relation_number,
                                  month=month, collectivity=collectivity))
        if mine["role"].iloc[0] != "H":
            raise ArchiveError(tr("archive.employee.not_employee", relation=relation_number,
                                  policyholder=int(mine["policyholder"].iloc[0])))
        if mine["employee_number"].iloc[0]:
            raise ArchiveError(tr("archive.employee.in_file", relation=relation_number,
                                  number=mine["employee_number"].iloc[0], month=month))
        employees = insured[(insured["role"] == "H")
                            & (insured["employee_number"] == employee_number)]
        if not employees.empty:
            raise ArchiveError(tr("archive.employee.taken", number=employee_number,
                                  relation=int(employees["relation_number"].iloc[0])))


def check_retention_years(years: int) -> int:
    if int(years) < 1:
        raise ArchiveError(tr("archive.retention.invalid", years=years))
    return int(years)


def check_employee_number(text: str) -> str:
    """A werknemersnummer as the file could hold it: 1 to 15 printable characters."""
    value = text.strip()
    try:
        value.encode("cp1252")
    except UnicodeEncodeError:
        value = ""
    if not value or len(value) > EMPLOYEE_NUMBER_WIDTH or not value.isprintable():
        raise ArchiveError(tr("archive.employee.invalid", number=text,
                              width=EMPLOYEE_NUMBER_WIDTH))
    return value


def _enable_wal(con: sqlite3.Connection) -> None:
    """Switch a new database to WAL once (the mode is kept in the file). Switching needs an
    exclusive lock and SQLite does not wait for it through busy_timeout, so when two processes
    open a new archive at the same moment, the loser retries for up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def open_archive(data_dir: Path | None = None) -> Archive:
    """The user's archive (DIGIBORD_HOME honoured). Creates nothing until something is stored."""
    return Archive(data_dir)
