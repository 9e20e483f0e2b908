"""Where a report's months come from: opened borderels and months kept in the archive.

A `MonthChoice` is one of those; `borderel()` gives its Borderel (an archived month is
decrypted and parsed then, so call it on a worker thread). `month_choices` lists what a
collectivity has, opened ones first when the same month and volgnummer is in both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from digibord.app.inputs import load_archived
from digibord.archive import ArchiveError, open_archive
from digibord.formats.borderel import Borderel, month_text
from digibord.i18n import tr
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from digibord.archive.entries import ArchiveEntry


@dataclass(frozen=True, eq=False)
class MonthChoice:
    collectivity: str
    month: int  # YYYYMM
    sequence: int
    doc: OpenedBorderel | None = None  # opened in the window
    entry: object | None = None  # digibord.archive.ArchiveEntry: kept in the archive

    @property
    def key(self) -> tuple[int, int]:
        return (self.month, self.sequence)

    @property
    def ident(self) -> tuple[str, int, int, str]:
        return (self.collectivity, self.month, self.sequence, "doc" if self.doc else "archive")

    def short_label(self) -> str:
        """`2026-03`, or `2026-03 (2)` for a re-issue."""
        text = month_text(self.month)
        return text if self.sequence == 1 else f"{text} ({self.sequence})"

    def label(self) -> str:
        text = self.short_label()
        where = tr("ui.source.opened") if self.doc is not None else tr("ui.source.archive")
        return f"{text} — {where}"

    def borderel(self) -> Borderel:
        if self.doc is not None:
            return self.doc.borderel
        return load_archived(self.collectivity, self.month, self.sequence)

    @classmethod
    def of_doc(cls, doc: OpenedBorderel) -> MonthChoice:
        h = doc.borderel.header
        return cls(h.collectivity_number, h.prolongation_month, h.sequence, doc=doc)

    @classmethod
    def of_entry(cls, entry: ArchiveEntry) -> MonthChoice:
        return cls(entry.collectivity_number, entry.prolongation_month, entry.sequence,
                   entry=entry)


def archived_entries(collectivity: str | None = None) -> list:
    """The archive's entries (plain metadata; no key needed), [] without an archive."""
    try:
        archive = open_archive()
        return archive.entries(collectivity) if archive.exists() else []
    except (ArchiveError, OSError):
        return []


def month_choices(docs: list[OpenedBorderel], collectivity: str,
                  with_archive: bool = True) -> list[MonthChoice]:
    """Opened borderels and archived months of one collectivity, by month and volgnummer."""
    found: dict[tuple[int, int], MonthChoice] = {}
    for doc in docs:
        if doc.borderel.header.collectivity_number == collectivity:
            choice = MonthChoice.of_doc(doc)
            found.setdefault(choice.key, choice)
    if with_archive:
        for entry in archived_entries(collectivity):
            choice = MonthChoice.of_entry(entry)
            found.setdefault(choice.key, choice)
    return [found[k] for k in sorted(found)]


def months_between(choices: list[MonthChoice], van: MonthChoice,
                   tot: MonthChoice) -> list[MonthChoice]:
    """One borderel per month from `van` to `tot` (Correctiepremies over a range): the chosen
    ends as chosen, months in between with their highest volgnummer."""
    picked: dict[int, MonthChoice] = {}
    for c in choices:
        if van.key <= c.key <= tot.key:
            old = picked.get(c.month)
            if old is None or c.sequence > old.sequence:
                picked[c.month] = c
    picked[van.month] = van
    picked[tot.month] = tot
    return [picked[m] for m in sorted(picked)]
