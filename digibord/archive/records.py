"""The stored borderels: sealing one at import (its original bytes, compressed, AES-256-GCM
with the plain metadata as associated data, and its month summary), storing a batch in one
transaction, listing and checking them, opening one in memory, removing them, and retention.
Rows of `borderel` and `summary` are written here only."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from digibord.archive import crypto, month_summary
from digibord.archive.database import Database, migrate, set_meta, transaction
from digibord.archive.entries import (
    LIST_COLUMNS,
    LIST_SQL,
    META_COLUMNS,
    ArchiveEntry,
    Collectivity,
    aad,
    group_collectivities,
    list_entries,
    now,
    resolve_collectivity,
    row_entry,
)
from digibord.archive.errors import ArchiveError, TamperedRecord
from digibord.archive.integrity import Integrity
from digibord.archive.keys import Keys
from digibord.formats.borderel import Borderel, month_text
from digibord.formats.issues import InputRefused, Issue
from digibord.formats.reader import ParseResult, parse_borderel
from digibord.i18n import tr
from digibord.json_output import utf8_text

DEFAULT_RETENTION_YEARS = 7


def parse_stored(data: bytes, source: str) -> ParseResult:
    """A borderel kept in the archive, read again. One that was stored before 3 December 2026
    may end in a line of spaces after its 90 (a blank line then, an error since: reader.md):
    such a month is read without that tail rather than locked out of its own archive."""
    result = parse_borderel(data, source)
    if result.borderel is None and result.errors and \
            result.error_total == len(result.errors) and \
            all(e.code == "reader.spaces_after_trailer" for e in result.errors):
        result = parse_borderel(data.rstrip(b" \r\n\x1a") + b"\r\n", source)
    return result


@dataclass(frozen=True)
class Prepared:
    """A borderel checked and sealed, ready to store (sealing happens outside the write lock)."""

    data_sha256: str
    file_name: str
    borderel: Borderel | None  # None: the same bytes are already in the archive
    entry: ArchiveEntry | None = None
    nonce: bytes = b""
    ciphertext: bytes = b""
    summary_nonce: bytes = b""  # the sealed month summary (month_summary.py)
    summary_ciphertext: bytes = b""


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


def refusal(result: ParseResult, source: str) -> InputRefused:
    return InputRefused(source, list(result.errors), getattr(result, "error_total", None) or None,
                        list(result.warnings))


def _before_commit() -> None:
    """Hook between writing and committing an import (tests kill the process here)."""


class Records:
    """The `borderel` table of the archive in `db`, sealed with the key of `keys`; every
    insert and removal is recorded in the manifest in the same transaction (`integrity`)."""

    def __init__(self, db: Database, keys: Keys, integrity: Integrity):
        self.db = db
        self.keys = keys
        self.integrity = integrity

    # ------------------------------------------------------------------ import

    def prepare(self, data: bytes, file_name: str) -> Prepared:
        """Check the bytes as a borderel and seal them. Raises InputRefused for a file with
        errors (then nothing of it is stored)."""
        digest = hashlib.sha256(data).hexdigest()
        existing = self.entry_by_sha(digest)
        if existing is not None:
            return Prepared(digest, file_name, None, existing)
        result = parse_borderel(data, file_name)
        if result.errors or result.borderel is None:
            raise refusal(result, file_name)
        borderel = result.borderel
        header, trailer = borderel.header, borderel.trailer
        values = {
            "collectivity_number": header.collectivity_number,
            "collectivity_name": header.collectivity_name,
            "prolongation_month": int(header.prolongation_month),
            "sequence": int(header.sequence),
            # kept as UTF-8 can hold it (a name of bytes outside the file system's encoding)
            "file_name": utf8_text(Path(file_name).name),
            "sha256": digest,
            "imported_at": now(),
            "size": len(data),
            "insured_count": int(trailer.insured_count),
            "line_count": int(trailer.line_count),
            "total_prolongation_cent": int(trailer.total_prolongation_cent),
            "total_corrections_cent": int(trailer.total_corrections_cent),
            "total_due_cent": int(trailer.total_due_cent),
        }
        key = self.keys.get(create=True)
        associated = aad(values)
        nonce, ciphertext = crypto.seal(key, data, associated)
        entry = ArchiveEntry(id=0, meta_mac=crypto.mac(key, associated), **values)
        summary = month_summary.seal(key, month_summary.summarize(borderel),
                                     month_summary.entry_aad(entry))
        return Prepared(digest, file_name, borderel, entry, nonce, ciphertext, *summary)

    def store(self, prepared: list[Prepared]) -> list[ImportResult]:
        """Store all prepared borderels in one transaction: all of them, or none."""
        results: list[ImportResult] = []
        with self.integrity.change(create=True) as work:
            con = work.con
            seen: dict[str, ArchiveEntry] = {}
            given: dict[tuple, str] = {}  # month of a collectivity -> the file given for it
            for item in prepared:
                existing = seen.get(item.data_sha256) or self.entry_by_sha(item.data_sha256, con)
                if existing is not None:
                    results.append(ImportResult("duplicate", existing))
                    continue
                if item.borderel is None:  # was a duplicate, removed by another process since
                    raise ArchiveError(tr("archive.import.changed_meanwhile",
                                          file=item.file_name))
                e = item.entry
                key = (e.collectivity_number, e.prolongation_month, e.sequence)
                if key in given:  # two files of one command: not "the archive holds it already"
                    raise ArchiveError(tr("archive.import.clash_given", file=item.file_name,
                                          other=given[key], collectivity=key[0],
                                          month=month_text(key[1]), sequence=key[2]))
                given[key] = item.file_name
                entry = self._insert(con, item)
                work.manifest.add(entry)
                work.changed = True
                seen[item.data_sha256] = entry
                results.append(self._result(con, item, entry))
            _before_commit()
        return results

    def _insert(self, con: sqlite3.Connection, item: Prepared) -> ArchiveEntry:
        entry = item.entry
        clash = con.execute(
            f"{LIST_SQL} WHERE collectivity_number=? AND prolongation_month=? AND sequence=?",
            (entry.collectivity_number, entry.prolongation_month, entry.sequence),
        ).fetchone()
        if clash is not None:
            raise ArchiveError(tr("archive.import.clash", file=item.file_name,
                                  label=row_entry(clash).label()))
        cur = con.execute(
            f"INSERT INTO borderel({', '.join(META_COLUMNS)}, meta_mac, nonce, ciphertext) "
            f"VALUES({', '.join('?' * (len(META_COLUMNS) + 3))})",
            (*[getattr(entry, c) for c in META_COLUMNS], entry.meta_mac, item.nonce,
             item.ciphertext),
        )
        _put_summary(con, entry.sha256, item.summary_nonce, item.summary_ciphertext)
        return dataclasses.replace(entry, id=cur.lastrowid, authentic=True)

    def _result(self, con: sqlite3.Connection, item: Prepared,
                entry: ArchiveEntry) -> ImportResult:
        """How the stored borderel stands to the others of its month (checked after the
        insert, so the highest other volgnummer is looked up among the rest)."""
        row = con.execute(f"{LIST_SQL} WHERE collectivity_number=? AND prolongation_month=? "
                          "AND id<>? ORDER BY sequence DESC LIMIT 1",
                          (entry.collectivity_number, entry.prolongation_month,
                           entry.id)).fetchone()
        highest = row_entry(row) if row else None
        warnings = tuple(item.borderel.warnings)
        if highest is None:
            return ImportResult("stored", dataclasses.replace(entry, current=True),
                                warnings=warnings)
        if entry.sequence > highest.sequence:
            return ImportResult("reissue", dataclasses.replace(entry, current=True), highest,
                                warnings)
        return ImportResult("older", entry, highest, warnings)

    def import_bytes(self, data: bytes, file_name: str) -> ImportResult:
        """Check, seal and store one borderel. InputRefused for a file with errors."""
        return self.store([self.prepare(data, file_name)])[0]

    # ------------------------------------------------------------------ listing

    def entry_by_sha(self, digest: str,
                     con: sqlite3.Connection | None = None) -> ArchiveEntry | None:
        if con is None:
            with self.db.connect() as own:
                return self.entry_by_sha(digest, own) if own is not None else None
        row = con.execute(f"{LIST_SQL} WHERE sha256=?", (digest,)).fetchone()
        return row_entry(row) if row else None

    def entries(self, collectivity: str | None = None) -> list[ArchiveEntry]:
        """Every stored borderel (all volgnummers), by collectivity, month, volgnummer; the
        highest volgnummer of each month is `current`. Plain metadata only: see check_entries."""
        with self.db.connect() as con:
            return list_entries(con, collectivity) if con is not None else []

    def check_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """The entries with `authentic` set from their MAC (needs the key, not the data)."""
        if not entries:
            return []
        key = self.keys.get()
        return [dataclasses.replace(e, authentic=crypto.mac_matches(key, aad(vars(e)),
                                                                    e.meta_mac))
                for e in entries]

    def collectivities(self) -> list[Collectivity]:
        return group_collectivities(self.entries())

    def months(self, collectivity: str) -> list[ArchiveEntry]:
        """The current borderel of each month of a collectivity, oldest first."""
        return [e for e in self.entries(collectivity) if e.current]

    def resolve_collectivity(self, given: str | None, month: int | None = None) -> str:
        """The collectivity a command means: `given` (leading zeros optional), or the only one
        in the archive (holding `month`, when given). CommandRefused naming the choices."""
        return resolve_collectivity(self.collectivities(), given, month)

    # ------------------------------------------------------------------ reading

    def entry(self, collectivity: str, month: int, sequence: int | None = None) -> ArchiveEntry:
        """The stored borderel of a month: the current one, or the given volgnummer."""
        every = self.entries(collectivity)
        month_entries = [e for e in every if e.prolongation_month == month]
        if sequence is None:
            chosen = [e for e in month_entries if e.current]
        else:
            chosen = [e for e in month_entries if e.sequence == sequence]
        if not chosen:
            if sequence is not None and month_entries:
                raise ArchiveError(tr("archive.month.no_sequence", month=month_text(month),
                                      sequence=sequence, collectivity=collectivity,
                                      have=", ".join(str(e.sequence) for e in month_entries)))
            have = sorted({month_text(e.prolongation_month) for e in every})
            raise ArchiveError(tr("archive.month.absent", month=month_text(month),
                                  collectivity=collectivity,
                                  have=", ".join(have) or tr("archive.none")))
        return chosen[0]

    def read_bytes(self, entry: ArchiveEntry) -> bytes:
        """The original file, decrypted in memory. TamperedRecord when it was changed."""
        with self.db.connect() as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            row = con.execute(f"SELECT {LIST_COLUMNS}, nonce, ciphertext FROM borderel "
                              "WHERE id=?", (entry.id,)).fetchone()
        if row is None:
            raise ArchiveError(tr("archive.entry_gone"))
        stored = row_entry(row[:-2])
        key = self.keys.get()
        try:
            data = crypto.unseal(key, row[-2], row[-1], aad(vars(stored)))
        except crypto.InvalidTag:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != stored.sha256:
            raise TamperedRecord(tr("archive.tampered", label=stored.label(),
                                    path=self.db.path), stored.id)
        return data

    def parse(self, entry: ArchiveEntry) -> Borderel:
        """A stored borderel, decrypted and parsed in memory (as the file holds it)."""
        data = self.read_bytes(entry)
        source = tr("archive.source", month=month_text(entry.prolongation_month),
                    sequence=entry.sequence, file=entry.file_name)
        result = parse_stored(data, source)
        if result.errors or result.borderel is None:
            raise refusal(result, source)
        return dataclasses.replace(result.borderel, file_name=entry.file_name)

    # ------------------------------------------------------------------ removing, retention

    def remove_entries(self, entries: list[ArchiveEntry],
                       how: str = "remove") -> list[ArchiveEntry]:
        """Remove exactly these stored borderels (by id and checksum: what was shown is what
        goes, even if another process changed the archive meanwhile). Returns what went. The
        manifest notes each (`how`: 'remove' or 'prune') in the same transaction."""
        gone: list[ArchiveEntry] = []
        if not entries or not self.db.exists():
            return gone
        with self.integrity.change() as work:
            for e in entries:
                cur = work.con.execute("DELETE FROM borderel WHERE id=? AND sha256=?",
                                       (e.id, e.sha256))
                if cur.rowcount:
                    gone.append(e)
                    work.manifest.remove(e, now(), how)
                    work.con.execute("DELETE FROM summary WHERE sha256=?", (e.sha256,))
            work.changed = work.checkpoint = bool(gone)
        return gone

    def keep_summaries(self, sealed: list[tuple[ArchiveEntry, bytes, bytes]]) -> None:
        """Store summaries made after the import (entry, nonce, ciphertext), for borderels
        still there with these bytes. Best effort: on a read-only or busy archive they are
        made again next time; no manifest change (summaries are derived, see summaries.py)."""
        with contextlib.suppress(ArchiveError, sqlite3.DatabaseError), \
                self.db.connect() as con:
            if con is None:
                return
            with transaction(con):
                migrate(con)
                for entry, nonce, ciphertext in sealed:
                    if self.entry_by_sha(entry.sha256, con) is not None:
                        _put_summary(con, entry.sha256, nonce, ciphertext)

    def remove_candidates(self, collectivity: str, month: int,
                          sequence: int | None = None) -> list[ArchiveEntry]:
        found = [e for e in self.entries(collectivity) if e.prolongation_month == month
                 and (sequence is None or e.sequence == sequence)]
        if not found:
            self.entry(collectivity, month, sequence)  # raises the message that says why
        return found

    def retention_years(self) -> int:
        value = self.db.meta("retention_years")
        if value is None:
            return DEFAULT_RETENTION_YEARS
        # Checked when read too: a changed setting (0, text) must not make prune take it all.
        if not (isinstance(value, str) and value.isascii() and value.isdigit()
                and int(value) >= 1):
            raise ArchiveError(tr("archive.retention.stored_invalid", value=value,
                                  path=self.db.path))
        return int(value)

    def set_retention_years(self, years: int) -> None:
        check_retention_years(years)
        with self.db.connect(create=True) as con, transaction(con):
            set_meta(con, "retention_years", str(int(years)))

    def prune_candidates(self, years: int | None = None,
                         today: dt.date | None = None) -> list[ArchiveEntry]:
        """Borderels of months in calendar years that ended more than `years` years ago
        (default: the retention setting). With 7 in 2026: every month of 2018 and before."""
        years = self.retention_years() if years is None else check_retention_years(years)
        first_kept = ((today or dt.date.today()).year - years) * 100 + 1
        return [e for e in self.entries() if e.prolongation_month < first_kept]


def _put_summary(con: sqlite3.Connection, sha256: str, nonce: bytes, ciphertext: bytes) -> None:
    con.execute("INSERT INTO summary(sha256, version, nonce, ciphertext) VALUES(?, ?, ?, ?) "
                "ON CONFLICT(sha256) DO UPDATE SET version=excluded.version, "
                "nonce=excluded.nonce, ciphertext=excluded.ciphertext",
                (sha256, month_summary.VERSION, nonce, ciphertext))


def check_retention_years(years: int) -> int:
    if int(years) < 1:
        raise ArchiveError(tr("archive.retention.invalid", years=years))
    return int(years)
