"""The manifest: what the archive holds according to Digibord's own writes.

One row in the table `manifest`: a canonical JSON body naming every stored borderel (current and
replaced: collectivity, month, volgnummer, SHA-256, file name), every sealed blob of
werknemersnummers and settings (by its digest), the borderels Digibord removed (when, how),
and a generation that every change raises by one; plus an HMAC of the body under a key derived
from the archive key. Comparing it with the rows shows a row deleted, added or put back
outside Digibord; comparing its generation with the counter kept beside the key (keystore)
shows an older copy of the whole database put back. Checking is integrity.py."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field

from digibord.archive import crypto
from digibord.archive.database import table_exists
from digibord.archive.entries import ArchiveEntry, list_entries

FORMAT = "digibord-manifest-v1"
NUMBERS = "werknemersnummers"  # blob kind of the locally filled werknemersnummers
SETTING = "instelling"  # blob kind of a setting (settings.py)


@dataclass(frozen=True)
class ManifestRecord:
    """A stored borderel as the manifest names it (no personal data: the listing's columns)."""

    collectivity_number: str
    prolongation_month: int
    sequence: int
    sha256: str
    file_name: str

    @property
    def identity(self) -> tuple[str, int, int, str]:
        return (self.collectivity_number, self.prolongation_month, self.sequence, self.sha256)

    @classmethod
    def of(cls, entry: ArchiveEntry) -> ManifestRecord:
        return cls(entry.collectivity_number, entry.prolongation_month, entry.sequence,
                   entry.sha256, entry.file_name)


@dataclass(frozen=True)
class Removal:
    """A borderel Digibord removed itself (`how`: 'remove' or 'prune'), kept so that one put
    back from an older copy is named as such."""

    record: ManifestRecord
    removed_at: str
    how: str


BlobKey = tuple[str, str, str]  # (NUMBERS or SETTING, collectivity, setting name or "")


@dataclass
class Manifest:
    """The working copy of a manifest inside one write transaction."""

    generation: int = 0
    records: dict[tuple, ManifestRecord] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    blobs: dict[BlobKey, str] = field(default_factory=dict)

    def add(self, entry: ArchiveEntry) -> None:
        record = ManifestRecord.of(entry)
        self.records[record.identity] = record

    def remove(self, entry: ArchiveEntry, when: str, how: str) -> None:
        record = self.records.pop(ManifestRecord.of(entry).identity, None)
        self.removed.append(Removal(record or ManifestRecord.of(entry), when, how))

    def set_blob(self, key: BlobKey, digest: str | None) -> None:
        if digest is None:
            self.blobs.pop(key, None)
        else:
            self.blobs[key] = digest

    def body(self, archive_id: str) -> str:
        """Canonical JSON (sorted, no spaces): the bytes the MAC covers."""
        return json.dumps({
            "format": FORMAT,
            "archive_id": archive_id,
            "generation": self.generation,
            "records": sorted([*r.identity, r.file_name] for r in self.records.values()),
            "removed": sorted([*r.record.identity, r.record.file_name, r.removed_at, r.how]
                              for r in self.removed),
            "blobs": sorted([*k, v] for k, v in self.blobs.items()),
        }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def parse(cls, body: str, archive_id: str) -> Manifest:
        """ValueError for anything that is not a manifest of this archive."""
        data = json.loads(body)
        if data.get("format") != FORMAT or data.get("archive_id") != archive_id:
            raise ValueError("not this archive's manifest")
        records = [ManifestRecord(str(c), int(m), int(s), str(h), str(f))
                   for c, m, s, h, f in data["records"]]
        removed = [Removal(ManifestRecord(str(c), int(m), int(s), str(h), str(f)), str(w),
                           str(how)) for c, m, s, h, f, w, how in data["removed"]]
        blobs = {(str(k), str(c), str(n)): str(d) for k, c, n, d in data["blobs"]}
        generation = data["generation"]
        if type(generation) is not int or generation < 1:
            raise ValueError("generation")
        return cls(generation, {r.identity: r for r in records}, removed, blobs)


def blob_digest(nonce: bytes, ciphertext: bytes) -> str:
    """What the manifest keeps of a sealed blob: an older or another version of it differs."""
    return hashlib.sha256(bytes(nonce) + bytes(ciphertext)).hexdigest()


def current_blobs(con: sqlite3.Connection) -> dict[BlobKey, str]:
    """The sealed blobs in the database now, as the manifest would name them."""
    found: dict[BlobKey, str] = {}
    for number, nonce, ciphertext in con.execute(
            "SELECT collectivity_number, nonce, ciphertext FROM local_employee_numbers"):
        found[(NUMBERS, str(number), "")] = _digest_any(nonce, ciphertext)
    if table_exists(con, "setting"):
        for number, name, nonce, ciphertext in con.execute(
                "SELECT collectivity_number, name, nonce, ciphertext FROM setting"):
            found[(SETTING, str(number), str(name))] = _digest_any(nonce, ciphertext)
    return found


def _digest_any(nonce: object, ciphertext: object) -> str:
    """A digest also of columns changed to another type outside Digibord (then it differs)."""
    if isinstance(nonce, bytes) and isinstance(ciphertext, bytes):
        return blob_digest(nonce, ciphertext)
    return "changed:" + hashlib.sha256(repr((nonce, ciphertext)).encode()).hexdigest()


def from_database(con: sqlite3.Connection) -> Manifest:
    """A manifest of what the database holds now (a first write, or an accepted restore)."""
    manifest = Manifest()
    for entry in list_entries(con):
        manifest.add(entry)
    manifest.blobs = current_blobs(con)
    return manifest


def load(con: sqlite3.Connection) -> tuple[int, str, str] | None:
    """(generation column, body, mac) of the stored manifest; None when there is none."""
    if not table_exists(con, "manifest"):
        return None
    return con.execute("SELECT generation, body, mac FROM manifest WHERE id=1").fetchone()


def verify(key: bytes, archive_id: str, stored: tuple) -> Manifest | None:
    """The stored manifest when its MAC and its generation column hold; None when not."""
    generation, body, tag = stored
    if not isinstance(body, str) or not crypto.mac_matches(key, body.encode("utf-8"), tag,
                                                           crypto.MANIFEST):
        return None
    try:
        manifest = Manifest.parse(body, archive_id)
    except (ValueError, TypeError, KeyError):
        return None
    return manifest if manifest.generation == generation else None


def save(con: sqlite3.Connection, key: bytes, archive_id: str, manifest: Manifest) -> None:
    body = manifest.body(archive_id)
    tag = crypto.mac(key, body.encode("utf-8"), crypto.MANIFEST)
    con.execute("INSERT INTO manifest(id, generation, body, mac) VALUES(1, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET generation=excluded.generation, "
                "body=excluded.body, mac=excluded.mac", (manifest.generation, body, tag))
