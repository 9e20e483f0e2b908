"""The stored month summaries (month_summary.py): one sealed row per borderel in the table
`summary`, written in the import's transaction, read for a trend without decrypting the
borderels. A borderel stored before summaries existed (or whose summary does not open, or is
of an older version) gets one on first request: decrypted and parsed once, then stored.

Summaries are derived from their record and bound to it, so they are not in the manifest and
writing one later is no change of the archive (no new generation)."""

from __future__ import annotations

import sqlite3

from digibord.archive import month_summary
from digibord.archive.database import Database, table_exists
from digibord.archive.entries import ArchiveEntry
from digibord.archive.keys import Keys
from digibord.archive.month_summary import MonthSummary
from digibord.archive.records import Records


class Summaries:
    def __init__(self, db: Database, keys: Keys, records: Records):
        self.db = db
        self.keys = keys
        self.records = records

    def of_months(self, collectivity: str) -> list[tuple[ArchiveEntry, MonthSummary]]:
        """The current borderel of each month of a collectivity with its summary, oldest
        first. Needs the key; TamperedRecord only when a borderel without a usable summary
        has to be read and was changed."""
        entries = self.records.months(collectivity)
        if not entries:
            return []
        key = self.keys.get()
        with self.db.connect() as con:
            stored = self._stored(con, collectivity) if con is not None else {}
        out, made = [], []
        for entry in entries:
            row = stored.get(entry.sha256)
            summary = None
            if row is not None and row[0] == month_summary.VERSION:
                summary = month_summary.open_sealed(key, row[1], row[2],
                                                    month_summary.entry_aad(entry))
            if summary is None:
                summary = month_summary.summarize(self.records.parse(entry))
                made.append((entry, summary))
            out.append((entry, summary))
        if made:  # kept for next time
            self.records.keep_summaries(
                [(e, *month_summary.seal(key, s, month_summary.entry_aad(e))) for e, s in made])
        return out

    @staticmethod
    def _stored(con: sqlite3.Connection, collectivity: str) -> dict[str, tuple]:
        if not table_exists(con, "summary"):
            return {}
        rows = con.execute(
            "SELECT s.sha256, s.version, s.nonce, s.ciphertext FROM summary s "
            "JOIN borderel b ON b.sha256 = s.sha256 WHERE b.collectivity_number=?",
            (collectivity,)).fetchall()
        return {r[0]: r[1:] for r in rows}
