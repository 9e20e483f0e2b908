"""The archive's SQLite database: where it is, opening it (WAL, busy timeout, private files),
the schema, write transactions, the `meta` table, and SQLite or file-system errors turned into
messages a person can act on. Nothing here knows about keys or borderels."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from digibord.archive.errors import ArchiveError
from digibord.i18n import tr

DB_NAME = "archive.sqlite3"
SCHEMA_VERSION = "2"
# Version 1 (no manifest, settings or summaries) is read as it is and migrated by the first
# write; an older Digibord refuses version 2, so it never writes past the manifest.
READABLE_VERSIONS = ("1", SCHEMA_VERSION)
BUSY_TIMEOUT_MS = 30_000
JOURNALS = ("-journal", "-wal", "-shm")  # what SQLite may leave beside a database file
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database

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
# Added in version 2 (made by `migrate` in an archive of version 1).
_SCHEMA_2 = """
CREATE TABLE IF NOT EXISTS manifest (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    body TEXT NOT NULL,
    mac TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS setting (
    collectivity_number TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    PRIMARY KEY (collectivity_number, name)
);
CREATE TABLE IF NOT EXISTS summary (
    sha256 TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL
);
"""


class Database:
    """The database file `archive.sqlite3` in `data_dir`. One connection per operation (so any
    thread may use it); the file is made only by the first write."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME

    def exists(self) -> bool:
        return self.path.exists()

    @contextlib.contextmanager
    def connect(self, create: bool = False) -> Iterator[sqlite3.Connection | None]:
        """A connection, or None when there is no archive yet and `create` is False."""
        if not self.path.exists():
            if not create:
                yield None
                return
            self._create()
        self._check_file()
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                  isolation_level=None)
        except sqlite3.DatabaseError as exc:  # a folder, no permission, ...
            raise self.problem(exc) from None
        # text that is no UTF-8 (bytes re-typed as text outside Digibord) is read, not an
        # error naming its raw bytes: a str where bytes belong is tampering (crypto.unseal)
        con.text_factory = _lenient_text
        try:
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._check_schema(con)  # before anything that writes (WAL mode): not ours, not touched
            _configure(con)
            yield con
        except sqlite3.DatabaseError as exc:
            raise self.problem(exc) from None
        finally:
            con.close()

    def _check_file(self) -> None:
        """Refuse what cannot be an archive before SQLite sees it: SQLite takes an empty file
        for a new, empty database and a write would silently make a new archive over it."""
        try:
            with open(self.path, "rb") as f:
                head = f.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise self.problem(exc) from None
        if not head:
            raise ArchiveError(tr("archive.db_empty", path=self.path))
        if head != SQLITE_HEADER:
            raise ArchiveError(tr("archive.db_not_sqlite", path=self.path))

    def _create(self) -> None:
        """A new archive, complete before it has its name: the database is made under a private
        temporary name (0600, in the data folder made 0700) with its schema and WAL mode, then
        hard-linked to `archive.sqlite3`, which fails when that exists. So no process ever sees
        an empty or half-made archive, and an empty file is always damage, never 'new'."""
        tmp = self.data_dir / f".{DB_NAME}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":  # made earlier (logs, an older version): private now
                os.chmod(self.data_dir, 0o700)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(tmp, flags, 0o600))
            _write_schema(tmp)
            _link_new(tmp, self.path)
        except FileExistsError:
            pass  # another process made it meanwhile: use that one
        except OSError as exc:
            raise self.problem(exc) from None
        except sqlite3.DatabaseError as exc:
            raise self.problem(exc) from None
        finally:
            for leftover in (tmp, *(tmp.with_name(tmp.name + x) for x in JOURNALS)):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)

    def problem(self, exc: Exception) -> ArchiveError:
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

    def _check_schema(self, con: sqlite3.Connection) -> None:
        """Checked on every open: an SQLite file that is not a Digibord archive is left alone,
        and a newer version's archive is neither read nor written."""
        row = con.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
        if not (row and meta(con, "archive_id")):
            raise ArchiveError(tr("archive.db_foreign", path=self.path))
        version = meta(con, "schema_version")
        if version not in READABLE_VERSIONS:
            raise ArchiveError(tr("archive.schema_unknown", version=version, path=self.path))

    def meta(self, name: str) -> str | None:
        """One value of the meta table; None when it or the archive is not there."""
        with self.connect() as con:
            return meta(con, name) if con is not None else None


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[None]:
    """A write transaction (BEGIN IMMEDIATE: the write lock first, so two processes never
    both read and then both write). Rolled back on any error."""
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


def meta(con: sqlite3.Connection, name: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, name: str, value: str) -> None:
    con.execute("INSERT INTO meta(name, value) VALUES(?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value=excluded.value", (name, value))


def migrate(con: sqlite3.Connection) -> None:
    """Inside a write transaction: the tables of this version, made when missing (cheap when
    they are there), and the archive marked as this version."""
    for statement in filter(str.strip, _SCHEMA_2.split(";")):
        con.execute(statement)
    if meta(con, "schema_version") != SCHEMA_VERSION:
        set_meta(con, "schema_version", SCHEMA_VERSION)


def table_exists(con: sqlite3.Connection, name: str) -> bool:
    """Whether a table is there (an archive of version 1 lacks those of version 2)."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                       (name,)).fetchone() is not None


def _configure(con: sqlite3.Connection) -> None:
    _enable_wal(con)
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA secure_delete=ON")  # removed months are overwritten, not left
    con.execute("PRAGMA temp_store=MEMORY")


def _write_schema(path: Path) -> None:
    """The tables, a new archive_id and the schema version in the (new, private) file, then
    WAL mode; closed so that everything is in the file itself, not in a -wal beside it."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=FULL")
        with transaction(con):
            for statement in filter(str.strip, (_SCHEMA + _SCHEMA_2).split(";")):
                con.execute(statement)
            set_meta(con, "archive_id", uuid.uuid4().hex[:16])
            set_meta(con, "schema_version", SCHEMA_VERSION)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _link_new(tmp: Path, path: Path) -> None:
    """Give the finished file its name, never replacing one (FileExistsError then)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links (FAT, some network shares): a rename, which replaces on POSIX, so
        # only when the name is still free (a tiny window remains there).
        if path.exists():
            raise FileExistsError(path) from None
        os.rename(tmp, path)
    if os.name == "posix":  # the new name on disk too (best effort)
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


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


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")
