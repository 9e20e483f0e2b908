"""What the listing shows of a stored borderel (`ArchiveEntry`, `Collectivity`), the plain
columns in the order they are authenticated, and reading them back from a row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from digibord.archive.errors import ArchiveError
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


def group_collectivities(entries: list[ArchiveEntry]) -> list[Collectivity]:
    """The collectivities of these entries, each with its months (name: of its latest)."""
    groups: dict[str, list[ArchiveEntry]] = {}
    for e in entries:
        groups.setdefault(e.collectivity_number, []).append(e)
    return [Collectivity(number, group[-1].collectivity_name,
                         tuple(sorted({e.prolongation_month for e in group})))
            for number, group in groups.items()]


def resolve_collectivity(every: list[Collectivity], given: str | None,
                         month: int | None = None) -> str:
    """The collectivity a command means: `given` (leading zeros optional), or the only one
    in the archive (holding `month`, when given). ArchiveError naming the choices."""
    found = every
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
