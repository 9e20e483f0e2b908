"""The local encrypted archive of imported borderels (docs/archive.md). No Qt here.

For the window: `open_archive()` gives an `Archive` with collectivities(), months(),
entries(), load(), import_bytes(), remove(), prune_candidates()/prune(), retention_years(),
key_storage_message(), local_employee_numbers()/set_employee_number(), integrity() and
accept_restore(), get_setting()/set_setting()/list_settings()/remove_setting(), summaries()."""

from digibord.archive.errors import ArchiveError, KeyProblem, TamperedRecord
from digibord.archive.store import (
    Archive,
    ArchiveEntry,
    Collectivity,
    ImportResult,
    IntegrityReport,
    LocalEmployeeNumber,
    MonthSummary,
    apply_local_employee_numbers,
    open_archive,
)

__all__ = [
    "Archive",
    "ArchiveEntry",
    "ArchiveError",
    "Collectivity",
    "ImportResult",
    "IntegrityReport",
    "KeyProblem",
    "LocalEmployeeNumber",
    "MonthSummary",
    "TamperedRecord",
    "apply_local_employee_numbers",
    "open_archive",
]
