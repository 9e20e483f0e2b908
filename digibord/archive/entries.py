"""What the listing shows of a stored borderel (`ArchiveEntry`, `Collectivity`), the plain
columns in the order they are authenticated, and reading them back from a row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from digibord.formats.borderel import month_text
from digibord.i18n import tr

# The plain columns, in the order they are authenticated (blobs last: listing never reads them).
META_COLUMNS = (
    "collectivity_number", "collectivity_name", "prolongation_month", "sequence", "file_name",
    "sha256", "imported_at", "size", "insured_count", "line_count", "total_prolongation_cent",
    "total_corrections_cent", "total_due_cent",
)
LIST_COLUMNS = f"id, {', '.join(META_COLUMNS)}, meta_mac"
LIST_SQL = f"SELECT {LIST_COLUMNS} FROM borderel"
_INT_COLUMNS = frozenset({
    "id", "prolongation_month", "sequence", "size", "insured_count", "line_count",
    "total_prolongation_cent", "total_corrections_cent", "total_due_cent",
})


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
class Collectivity:
    number: str
    name: str
    months: tuple[int, ...]  # YYYYMM, ascending, each month once


def now() -> str:
    """The time of a change, as stored: ISO 8601 in UTC, whole seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def aad(values: dict) -> bytes:
    """The metadata as canonical bytes: what the AES-GCM tag and the MAC cover."""
    plain = {name: values[name] for name in META_COLUMNS}
    return b"digibord-archive-v1\n" + json.dumps(plain, sort_keys=True, ensure_ascii=False,
                                                   separators=(",", ":")).encode("utf-8")


def row_entry(row: tuple) -> ArchiveEntry:
    """An entry from a listing row. A value of the wrong type (changed outside Digibord)
    becomes 0 or text, so the listing still works; the MAC and AES-GCM then fail on it."""
    values, changed = list(row), False
    for i, name in enumerate(("id", *META_COLUMNS, "meta_mac")):
        want = int if name in _INT_COLUMNS else str
        if type(values[i]) is not want:
            values[i] = 0 if want is int else str(values[i])
            changed = True
    return ArchiveEntry(*values, authentic=False if changed else None)


def list_entries(con: sqlite3.Connection, collectivity: str | None = None) -> list[ArchiveEntry]:
    """Every stored borderel (all volgnummers), by collectivity, month, volgnummer; the highest
    volgnummer of each month is `current`."""
    sql, params = LIST_SQL, ()
    if collectivity is not None:
        sql, params = sql + " WHERE collectivity_number=?", (collectivity,)
    rows = con.execute(sql + " ORDER BY collectivity_number, prolongation_month, sequence",
                       params).fetchall()
    entries = [row_entry(r) for r in rows]
    highest: dict[tuple[str, int], int] = {}
    for e in entries:
        k = (e.collectivity_number, e.prolongation_month)
        highest[k] = max(highest.get(k, 0), e.sequence)
    return [dataclasses.replace(e, current=e.sequence == highest[(e.collectivity_number,
                                                                   e.prolongation_month)])
            for e in entries]
