"""The archive: one SQLite database in the user's data folder with every imported borderel.

`Archive` is the one object callers use; it puts together the parts, each in its own module:
the database file (database.py), the key (keys.py, keystore.py, crypto.py), the manifest
that shows deleted rows and restored older copies (manifest.py, integrity.py), the stored
borderels (entries.py, records.py), their month summaries (month_summary.py, summaries.py),
the locally filled werknemersnummers (employee_numbers.py) and the settings per collectivity
(settings.py). See docs/archive.md for the decisions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from digibord import paths
from digibord.archive.database import DB_NAME, Database
from digibord.archive.employee_numbers import (
    EmployeeNumbers,
    LocalEmployeeNumber,
    check_employee_number,
    fill_employee_numbers,
)
from digibord.archive.entries import ArchiveEntry, Collectivity
from digibord.archive.errors import ArchiveError
from digibord.archive.integrity import Integrity, IntegrityReport
from digibord.archive.keys import Keys
from digibord.archive.month_summary import MonthSummary
from digibord.archive.records import (
    DEFAULT_RETENTION_YEARS,
    ImportResult,
    Prepared,
    Records,
    check_retention_years,
)
from digibord.archive.settings import Settings
from digibord.archive.summaries import Summaries
from digibord.errors import read_reason
from digibord.formats.borderel import Borderel
from digibord.i18n import tr

__all__ = [
    "DB_NAME", "DEFAULT_RETENTION_YEARS", "Archive", "ArchiveEntry", "Collectivity",
    "ImportResult", "IntegrityReport", "LocalEmployeeNumber", "MonthSummary", "Prepared",
    "apply_local_employee_numbers", "check_employee_number", "check_retention_years",
    "open_archive",
]


class Archive:
    """The archive in `data_dir` (default: the user's data folder). Cheap to make; the database
    and the key are only created by the first thing that stores something. One connection per
    operation, so an Archive may be used from any thread."""

    def __init__(self, data_dir: Path | None = None):
        self.db = Database(Path(data_dir) if data_dir is not None else paths.user_data_dir())
        self.data_dir = self.db.data_dir
        self.path = self.db.path
        self.keys = Keys(self.db)
        self.checks = Integrity(self.db, self.keys)
        self.records = Records(self.db, self.keys, self.checks)
        self.employee_numbers = EmployeeNumbers(self.db, self.keys, self.checks, self.records)
        self.settings = Settings(self.db, self.keys, self.checks)
        self.month_summaries = Summaries(self.db, self.keys, self.records)

    def exists(self) -> bool:
        return self.db.exists()

    # ------------------------------------------------------------------ the key

    @property
    def key_notice(self) -> str | None:
        """Set once, when this object made a key file: the CLI tells the user where it is."""
        return self.keys.notice

    def key_storage(self) -> str | None:
        """'keyring' or 'file' (where the key was found), None when there is no key yet."""
        return self.keys.storage()

    def key_storage_message(self) -> str | None:
        """For the window: a clear sentence when the key is only in a key file, else None."""
        return self.keys.storage_message()

    def key_description(self) -> str:
        """Where the key lives, for the listing."""
        return self.keys.description()

    # ------------------------------------------------------------------ import

    def prepare(self, data: bytes, file_name: str) -> Prepared:
        """Check the bytes as a borderel and seal them (InputRefused for a file with errors)."""
        return self.records.prepare(data, file_name)

    def store(self, prepared: list[Prepared]) -> list[ImportResult]:
        """Store all prepared borderels in one transaction: all of them, or none."""
        return self.records.store(prepared)

    def import_bytes(self, data: bytes, file_name: str) -> ImportResult:
        """Check, seal and store one borderel. InputRefused for a file with errors."""
        return self.records.import_bytes(data, file_name)

    def import_file(self, path: str | Path) -> ImportResult:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ArchiveError(tr("archive.read_failed", file=path,
                                  error=read_reason(exc))) from exc
        return self.import_bytes(data, str(path))

    # ------------------------------------------------------------------ listing, reading

    def entries(self, collectivity: str | None = None) -> list[ArchiveEntry]:
        """Every stored borderel (all volgnummers); the highest of each month is `current`."""
        return self.records.entries(collectivity)

    def check_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """The entries with `authentic` set from their MAC (needs the key, not the data)."""
        return self.records.check_entries(entries)

    def collectivities(self) -> list[Collectivity]:
        return self.records.collectivities()

    def months(self, collectivity: str) -> list[ArchiveEntry]:
        """The current borderel of each month of a collectivity, oldest first."""
        return self.records.months(collectivity)

    def resolve_collectivity(self, given: str | None, month: int | None = None) -> str:
        """The collectivity a command means (CommandRefused naming the choices)."""
        return self.records.resolve_collectivity(given, month)

    def entry(self, collectivity: str, month: int, sequence: int | None = None) -> ArchiveEntry:
        """The stored borderel of a month: the current one, or the given volgnummer."""
        return self.records.entry(collectivity, month, sequence)

    def read_bytes(self, entry: ArchiveEntry) -> bytes:
        """The original file, decrypted in memory. TamperedRecord when it was changed."""
        return self.records.read_bytes(entry)

    def load(self, collectivity: str, month: int, sequence: int | None = None,
             local_numbers: bool = True) -> Borderel:
        """A month's borderel (current or a given volgnummer), parsed in memory, with the
        werknemersnummers filled in locally (unless `local_numbers` is False)."""
        borderel = self.records.parse(self.entry(collectivity, month, sequence))
        if local_numbers:
            borderel = fill_employee_numbers(borderel, self.local_employee_numbers(collectivity))
        return borderel

    def summaries(self, collectivity: str) -> list[tuple[ArchiveEntry, MonthSummary]]:
        """The current borderel of each month with its MonthSummary, oldest first: for a
        trend without decrypting every borderel (one made at import; a borderel stored before
        is read once, then its summary is kept). Needs the key."""
        return self.month_summaries.of_months(collectivity)

    # ------------------------------------------------------------------ removing, retention

    def remove_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """Remove exactly these stored borderels (by id and checksum). Returns what went."""
        return self.records.remove_entries(entries, "remove")

    def remove_candidates(self, collectivity: str, month: int,
                          sequence: int | None = None) -> list[ArchiveEntry]:
        return self.records.remove_candidates(collectivity, month, sequence)

    def remove(self, collectivity: str, month: int,
               sequence: int | None = None) -> list[ArchiveEntry]:
        """Remove a month (every volgnummer, or only `sequence`)."""
        return self.remove_entries(self.remove_candidates(collectivity, month, sequence))

    def retention_years(self) -> int:
        return self.records.retention_years()

    def set_retention_years(self, years: int) -> None:
        self.records.set_retention_years(years)

    def prune_candidates(self, years: int | None = None,
                         today: dt.date | None = None) -> list[ArchiveEntry]:
        """Borderels of months in calendar years that ended more than `years` years ago."""
        return self.records.prune_candidates(years, today)

    def prune(self, years: int | None = None,
              today: dt.date | None = None) -> list[ArchiveEntry]:
        return self.prune_entries(self.prune_candidates(years, today))

    def prune_entries(self, entries: list[ArchiveEntry]) -> list[ArchiveEntry]:
        """As remove_entries, noted in the manifest as removed for the retention period."""
        return self.records.remove_entries(entries, "prune")

    # ------------------------------------------------------------------ deleted rows, rollback

    def integrity(self) -> IntegrityReport:
        """Whether the database holds what Digibord's own writes left (no row deleted, added
        or put back outside it) and is not older than its last change (the counter beside the
        key). Needs the key (KeyProblem). `.ok`, and `.problems()` in sentences."""
        return self.checks.check()

    def accept_restore(self) -> int:
        """After the user confirmed (a backup restored on purpose, or what `integrity()`
        reported was looked at): accept the database as it is now, so it checks as ok and can
        be written again. Returns the new generation."""
        return self.checks.accept()

    # ------------------------------------------------------------------ werknemersnummers

    def local_employee_numbers(self, collectivity: str) -> dict[int, LocalEmployeeNumber]:
        """The werknemersnummers filled in locally for a collectivity, by relatienummer."""
        return self.employee_numbers.get(collectivity)

    def set_employee_number(self, collectivity: str, relation_number: int,
                            employee_number: str | None, check: bool = True) -> None:
        """Fill in (or with None: forget) a werknemersnummer the borderel leaves blank."""
        self.employee_numbers.set(collectivity, relation_number, employee_number, check)

    # ------------------------------------------------------------------ settings per collectivity

    def get_setting(self, collectivity: str, name: str) -> dict | None:
        """A setting or state of a collectivity (e.g. 'salary-options'), None when never set.
        Creates nothing. TamperedRecord when it was changed or moved outside Digibord."""
        return self.settings.get(collectivity, name)

    def set_setting(self, collectivity: str, name: str, value: dict) -> None:
        """Store a small JSON object, sealed, in one transaction (the archive and its key are
        made when needed; no borderel has to be imported). The name is stored in plain form:
        never personal data in it."""
        self.settings.set(collectivity, name, value)

    def list_settings(self, collectivity: str) -> list[str]:
        """The names of a collectivity's settings, sorted (no key needed)."""
        return self.settings.names(collectivity)

    def remove_setting(self, collectivity: str, name: str) -> bool:
        """Forget a setting; False when there was none."""
        return self.settings.remove(collectivity, name)


def open_archive(data_dir: Path | None = None) -> Archive:
    """The user's archive (DIGIBORD_HOME honoured). Creates nothing until something is stored."""
    return Archive(data_dir)


def apply_local_employee_numbers(borderel: Borderel, archive: Archive | None = None) -> Borderel:
    """The borderel with the locally filled werknemersnummers of its collectivity (from the
    user's archive unless `archive` is given). Creates no archive when there is none."""
    archive = archive if archive is not None else open_archive()
    local = (archive.local_employee_numbers(borderel.header.collectivity_number)
             if archive.exists() else {})
    return fill_employee_numbers(borderel, local)
