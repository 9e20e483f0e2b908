"""Deleted rows and restored older copies: the manifest (manifest.py) checked against the rows,
and its generation against the counter kept beside the key (keystore.py).

Order of the writes (docs/archive.md): a change commits the database with the manifest at
generation G+1 first and raises the counter beside the key to G+1 after; a crash in between
leaves the database one generation *newer* than the counter, which is accepted (and the counter
caught up) when the manifest verifies. The counter is never ahead of a committed generation, so
a database older than the counter is an older copy put back. A check reads the counter before
the database, so a change committed in between never looks like a rollback either."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from digibord.archive import keystore, manifest
from digibord.archive.database import Database, meta, migrate, transaction
from digibord.archive.entries import ArchiveEntry, list_entries
from digibord.archive.errors import ArchiveError
from digibord.archive.keys import Keys
from digibord.archive.manifest import Manifest, ManifestRecord, Removal
from digibord.formats.borderel import month_text
from digibord.i18n import tr

OK = "ok"  # manifest verified, rows as listed, not older than the counter
UNCHECKED = "unchecked"  # no manifest yet (an archive of an earlier version), no counter
EMPTY = "empty"  # no archive
CHANGED = "changed"  # rows or blobs differ from the manifest
ROLLED_BACK = "rolled_back"  # older than the counter beside the key, or its manifest is gone
INVALID = "invalid"  # the manifest itself was changed (its MAC fails)


@dataclass(frozen=True)
class IntegrityReport:
    """What a check found. `ok` is False for CHANGED, ROLLED_BACK and INVALID; `problems()`
    says it in sentences (what is missing, or that the database is older, and what to do)."""

    state: str
    path: str
    database_generation: int | None = None
    key_generation: int | None = None
    missing: tuple[ManifestRecord, ...] = ()  # in the manifest, not in the database
    unexpected: tuple[ArchiveEntry, ...] = ()  # in the database, not in the manifest
    returned: tuple[Removal, ...] = ()  # of `unexpected`: removed by Digibord earlier
    blobs_missing: tuple[manifest.BlobKey, ...] = ()
    blobs_unexpected: tuple[manifest.BlobKey, ...] = ()
    blobs_changed: tuple[manifest.BlobKey, ...] = ()

    @property
    def ok(self) -> bool:
        return self.state in (OK, UNCHECKED, EMPTY)

    def problems(self) -> list[str]:
        if self.state == ROLLED_BACK and self.database_generation is None:
            return [tr("archive.integrity.no_manifest", path=self.path,
                       key=self.key_generation)]
        if self.state == ROLLED_BACK:
            return [tr("archive.integrity.rolled_back", path=self.path,
                       database=self.database_generation, key=self.key_generation)]
        if self.state == INVALID:
            return [tr("archive.integrity.invalid", path=self.path)]
        out = [tr("archive.integrity.missing", label=_label(r)) for r in self.missing]
        back = {r.record.identity: r for r in self.returned}
        for e in self.unexpected:
            r = back.get(ManifestRecord.of(e).identity)
            if r is None:
                out.append(tr("archive.integrity.unexpected", label=e.label()))
            else:
                out.append(tr("archive.integrity.returned", label=e.label(),
                              date=r.removed_at[:10], how=tr(f"archive.integrity.how_{r.how}")))
        for kind, keys in (("missing", self.blobs_missing), ("unexpected", self.blobs_unexpected),
                           ("changed", self.blobs_changed)):
            out += [tr(f"archive.integrity.blob_{kind}", what=_blob(k)) for k in keys]
        if out:
            out.append(tr("archive.integrity.what_to_do"))
        return out


def _label(r: ManifestRecord) -> str:
    return tr("archive.entry_label", collectivity=r.collectivity_number,
              month=month_text(r.prolongation_month), sequence=r.sequence, file=r.file_name)


def _blob(key: manifest.BlobKey) -> str:
    kind, collectivity, name = key
    if kind == manifest.NUMBERS:
        return tr("archive.integrity.numbers", collectivity=collectivity)
    return tr("archive.integrity.setting", collectivity=collectivity, name=name)


@dataclass
class Change:
    """One write transaction with the manifest: `con` to write rows, `manifest` to record them.
    `checkpoint`: empty the -wal after the commit (a removal: the old rows must not linger)."""

    con: sqlite3.Connection
    manifest: Manifest
    changed: bool = False
    checkpoint: bool = False


class Integrity:
    def __init__(self, db: Database, keys: Keys):
        self.db = db
        self.keys = keys

    # ------------------------------------------------------------------ the counter

    def _archive_id(self) -> str | None:
        return self.db.meta("archive_id")

    def counter(self, archive_id: str) -> int | None:
        """The generation kept beside the key (None: not there yet, or not readable now)."""
        storage = self.keys.found.storage if self.keys.found else keystore.KEYRING
        return keystore.read_generation(self.db.data_dir, archive_id, storage)

    def _raise_counter(self, archive_id: str, generation: int) -> None:
        """After a commit: the counter to `generation`, never lower (another process may have
        raised it further meanwhile). Best effort: the data is stored already, and a counter
        left behind is caught up by the next check."""
        storage = self.keys.found.storage if self.keys.found else keystore.KEYRING
        with contextlib.suppress(Exception):
            current = keystore.read_generation(self.db.data_dir, archive_id, storage)
            if current is None or generation > current:
                keystore.write_generation(self.db.data_dir, archive_id, storage, generation)

    # ------------------------------------------------------------------ checking

    def check(self) -> IntegrityReport:
        """Compare the database with its manifest and the counter (needs the key; a
        KeyProblem otherwise). Changes nothing, except catching the counter up."""
        if not self.db.exists() or (self.db.meta("key_id") is None and not self._has_rows()):
            return IntegrityReport(EMPTY, str(self.db.path))  # nothing sealed, nothing to miss
        key = self.keys.get()
        archive_id = self._archive_id()
        counter = self.counter(archive_id)  # first: see the module's docstring
        with self.db.connect() as con:
            con.execute("BEGIN")  # one snapshot of manifest and rows
            try:
                stored = manifest.load(con)
                entries = list_entries(con)
                blobs = manifest.current_blobs(con)
            finally:
                con.execute("COMMIT")
        report = self._compare(key, archive_id, stored, counter, entries, blobs)
        # The manifest verified (OK or CHANGED): its generation is real, the counter may follow.
        if report.state in (OK, CHANGED) and (counter is None
                                              or report.database_generation > counter):
            self._raise_counter(archive_id, report.database_generation)
        return report

    def _has_rows(self) -> bool:
        with self.db.connect() as con:
            return con is not None and con.execute("SELECT 1 FROM borderel").fetchone() is not None

    def _compare(self, key: bytes, archive_id: str, stored: tuple | None, counter: int | None,
                 entries: list[ArchiveEntry], blobs: dict) -> IntegrityReport:
        path = str(self.db.path)
        if stored is None:
            state = UNCHECKED if counter is None else ROLLED_BACK
            return IntegrityReport(state, path, None, counter)
        found = manifest.verify(key, archive_id, stored)
        if found is None:
            return IntegrityReport(INVALID, path, None, counter)
        if counter is not None and found.generation < counter:
            return IntegrityReport(ROLLED_BACK, path, found.generation, counter)
        rows = {ManifestRecord.of(e).identity: e for e in entries}
        missing = tuple(r for k, r in sorted(found.records.items()) if k not in rows)
        unexpected = tuple(e for k, e in rows.items() if k not in found.records)
        removed = {r.record.identity: r for r in found.removed}
        returned = tuple(removed[k] for k in rows if k in removed and k not in found.records)
        blobs_missing = tuple(sorted(k for k in found.blobs if k not in blobs))
        blobs_unexpected = tuple(sorted(k for k in blobs if k not in found.blobs))
        blobs_changed = tuple(sorted(k for k, d in blobs.items()
                                     if k in found.blobs and found.blobs[k] != d))
        differs = missing or unexpected or blobs_missing or blobs_unexpected or blobs_changed
        return IntegrityReport(CHANGED if differs else OK, path, found.generation, counter,
                               missing, unexpected, returned, blobs_missing, blobs_unexpected,
                               blobs_changed)

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def change(self, create: bool = False) -> Iterator[Change]:
        """A write transaction that keeps the manifest: refused (ArchiveError, nothing written)
        when the database is older than the counter or its manifest was changed, since a write
        would otherwise hide that; rows deleted or added outside Digibord stay named in the
        manifest, so they stay reported. The first write of an archive without a manifest makes
        one from what is there (an archive of an earlier version)."""
        key = self.keys.get(create=create)
        with self.db.connect(create=create) as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            archive_id = meta(con, "archive_id")
            with transaction(con):
                migrate(con)
                counter = self.counter(archive_id)
                stored = manifest.load(con)
                current = manifest.verify(key, archive_id, stored) if stored else None
                if stored is not None and current is None:
                    raise ArchiveError(tr("archive.integrity.write_refused", problem=tr(
                        "archive.integrity.invalid", path=self.db.path)))
                if counter is not None and (current is None or current.generation < counter):
                    report = IntegrityReport(ROLLED_BACK, str(self.db.path),
                                             current.generation if current else None, counter)
                    raise ArchiveError(tr("archive.integrity.write_refused",
                                          problem=report.problems()[0]))
                base = current.generation if current else 0
                work = Change(con, current or manifest.from_database(con))
                yield work
                if work.changed or current is None:
                    work.manifest.generation = max(base, counter or 0) + 1
                    manifest.save(con, key, archive_id, work.manifest)
            if work.checkpoint:
                # secure_delete zeroes the freed pages in the database; the -wal still holds
                # removed rows as written before until it is checkpointed and emptied. Best
                # effort: a reader in another process may keep it for now.
                with contextlib.suppress(sqlite3.DatabaseError):
                    con.execute("PRAGMA busy_timeout=1000")  # not the 30 s of a write
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if work.changed or current is None:
            self._raise_counter(archive_id, work.manifest.generation)

    def accept(self) -> int:
        """Accept the database as it is now (a backup restored on purpose, or changes outside
        Digibord the user has looked at): a new manifest of the rows there, at a generation
        above both the database's and the counter's. Returns that generation."""
        key = self.keys.get()
        with self.db.connect() as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            archive_id = meta(con, "archive_id")
            with transaction(con):
                migrate(con)
                counter = self.counter(archive_id) or 0
                stored = manifest.load(con)
                old = manifest.verify(key, archive_id, stored) if stored else None
                fresh = manifest.from_database(con)
                if old is not None:  # keep the history of what Digibord removed
                    fresh.removed = [r for r in old.removed
                                     if r.record.identity not in fresh.records]
                column = stored[0] if stored and type(stored[0]) is int else 0
                fresh.generation = max(column, counter) + 1
                manifest.save(con, key, archive_id, fresh)
        self._raise_counter(archive_id, fresh.generation)
        return fresh.generation
