"""Keeping borderels in the archive: `digibord import` and the window's "bewaren in het archief"
both go through `import_files` (all or nothing: a refused file stores none of them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from digibord.archive import Archive, ImportResult, open_archive
from digibord.errors import read_reason
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused
from digibord.i18n import tr


@dataclass
class ImportOutcome:
    """What importing some files did: `stored` (file name, result) when all were accepted,
    else `refused` (file name, message) and nothing stored."""

    stored: list[tuple[str, ImportResult]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    key_notice: str | None = None  # said once, when the key had to go into a file
    key_message: str | None = None  # where the key is, when that is worth telling


def import_files(paths: list[str | Path], archive: Archive | None = None) -> ImportOutcome:
    archive = archive or open_archive()
    outcome = ImportOutcome()
    prepared = []
    for path in paths:
        name = str(path)
        try:
            data = read_input(path)
        except OSError as exc:
            outcome.refused.append((name, tr("archive.read_failed", file=name,
                                              error=read_reason(exc))))
            continue
        except InputRefused as exc:  # a FIFO, too large, or plainly not a borderel
            outcome.refused.append((name, exc.describe()))
            continue
        try:
            prepared.append(archive.prepare(data, name))
        except InputRefused as exc:
            outcome.refused.append((name, exc.describe()))
    if outcome.refused:
        return outcome
    outcome.key_notice = archive.key_notice
    outcome.stored = [(item.file_name, result)
                      for item, result in zip(prepared, archive.store(prepared), strict=True)]
    outcome.key_message = archive.key_storage_message()
    return outcome


def set_employee_numbers(collectivity: str, numbers: list[tuple[int, str]],
                         archive: Archive | None = None) -> int:
    """Werknemersnummers the user fills in where the borderel has none (relatienummer of the
    employee, number), kept in the archive; each is checked there. Returns how many."""
    archive = archive or open_archive()
    for relation, number in numbers:
        archive.set_employee_number(collectivity, relation, number)
    return len(numbers)
