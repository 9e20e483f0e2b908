"""The archive's listing as a report (`digibord archive --xlsx/--pdf/--csv`, Exporteren in the
Archief view): every borderel kept, its volgnummer, totals and import time, the replaced
re-issues marked, the bundled demo months marked (docs/reports.md, "Archiefoverzicht").

Reads only the plain attributes of the archive's entries (no key, no decryption); this module
needs nothing of the archive package."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from digibord.local_time import local_time_text

COLUMNS = ("collectivity_number", "collectivity_name", "month", "sequence", "status",
           "file_name", "imported_at", "imported_text", "insured_count", "line_count",
           "total_prolongation_cent", "total_corrections_cent", "total_due_cent")
STATUSES = ("current", "replaced", "demo")


@dataclass(frozen=True, eq=False)
class ArchiveListing:
    """`rows` (COLUMNS; by collectivity, month, volgnummer): `status` `current` (the borderel
    reports use), `replaced` (a later volgnummer of its month exists) or `demo` (a bundled
    demo file imported by hand); `imported_at` as the archive keeps it (ISO 8601, UTC),
    `imported_text` in local time."""

    rows: pd.DataFrame
    collectivities: tuple[tuple[str, str], ...]  # (number, name) in order

    def current_total(self, column: str) -> int:
        """The sum over the borderels reports use (current, no demo)."""
        mine = self.rows["status"].to_numpy(dtype=object) == "current"
        return int(self.rows[column].to_numpy(dtype=np.int64)[mine].sum())

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.rows["month"].tolist())))


def archive_listing(entries: Sequence, demo: Iterable[str] = ()) -> ArchiveListing:
    """The listing of `entries` (ArchiveEntry-like); `demo`: SHA-256 of the demo files."""
    demo = frozenset(demo)
    rows = pd.DataFrame({
        "collectivity_number": [e.collectivity_number for e in entries],
        "collectivity_name": [e.collectivity_name for e in entries],
        "month": np.array([e.prolongation_month for e in entries], dtype=np.int64),
        "sequence": np.array([e.sequence for e in entries], dtype=np.int64),
        "status": ["demo" if e.sha256 in demo else "current" if e.current else "replaced"
                   for e in entries],
        "file_name": [e.file_name for e in entries],
        "imported_at": [e.imported_at for e in entries],
        "imported_text": [local_time_text(e.imported_at) for e in entries],
        **{c: np.array([getattr(e, c) for e in entries], dtype=np.int64)
           for c in COLUMNS[8:]},
    }, columns=list(COLUMNS))
    order = np.lexsort((rows["sequence"].to_numpy(), rows["month"].to_numpy(),
                        rows["collectivity_number"].to_numpy(dtype=object).astype(str)))
    rows = rows.iloc[order].reset_index(drop=True)
    names: dict[str, str] = {}
    for number, name in zip(rows["collectivity_number"], rows["collectivity_name"],
                            strict=True):
        names[number] = name  # the latest month's name
    return ArchiveListing(rows, tuple(names.items()))
