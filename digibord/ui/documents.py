"""The borderels opened in this window: a list of months, one of them current.

Views never load files themselves; they listen to `OpenedBorderels` (added, removed,
current_changed) and read `OpenedBorderel.borderel` plus what the loader prepared for them in
`OpenedBorderel.prepared` (column tables, keyed by view id)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from digibord.formats.borderel import Borderel
from digibord.formats.issues import Issue
from digibord.i18n import tr


@dataclass(eq=False, repr=False)
class OpenedBorderel:
    path: Path
    borderel: Borderel
    warnings: list[Issue] = field(default_factory=list)
    # What the worker thread prepared for the views, e.g. {"insured": ColumnTable}.
    prepared: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""  # of the file's bytes: is it in the archive already?
    in_archive: bool | None = None  # None: not known (no archive, or it could not be read)
    entry: Any = None  # the ArchiveEntry when opened from the archive (no file then)

    def __repr__(self) -> str:
        return f"OpenedBorderel({self.path.name!r}, {self.borderel.label()})"

    @property
    def label(self) -> str:
        """`2026-03 — Stichting ...`: how the month list shows it."""
        name = self.borderel.header.collectivity_name
        text = f"{self.borderel.label()} — {name}" if name else self.borderel.label()
        return f"{text} {tr('ui.source.archive_mark')}" if self.entry is not None else text


class OpenedBorderels(QObject):
    """Opened borderels, kept in (collectiviteit, prolongatiemaand, volgnummer) order."""

    added = Signal(object)  # OpenedBorderel
    removed = Signal(object)  # OpenedBorderel
    current_changed = Signal(object)  # OpenedBorderel | None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._docs: list[OpenedBorderel] = []
        self._current: OpenedBorderel | None = None

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self):
        return iter(list(self._docs))

    def all(self) -> list[OpenedBorderel]:
        return list(self._docs)

    @property
    def current(self) -> OpenedBorderel | None:
        return self._current

    def find(self, path: Path) -> OpenedBorderel | None:
        path = Path(path).resolve()
        return next((d for d in self._docs if d.path == path), None)

    def add(self, doc: OpenedBorderel, current: bool = True) -> None:
        """Add (or replace the same file opened again); make it current unless `current` is
        False (several files opened at once: the newest month becomes current)."""
        doc.path = Path(doc.path).resolve()
        old = self.find(doc.path)
        if old is not None:
            self._docs.remove(old)
            self.removed.emit(old)
        self._docs.append(doc)
        self._docs.sort(key=lambda d: (d.borderel.header.collectivity_number, d.borderel.key))
        self.added.emit(doc)
        if current or self._current is None or self._current is old:
            self.set_current(doc)

    def remove(self, doc: OpenedBorderel) -> None:
        if doc not in self._docs:
            return
        i = self._docs.index(doc)
        self._docs.remove(doc)
        self.removed.emit(doc)
        if self._current is doc:
            self.set_current(self._docs[min(i, len(self._docs) - 1)] if self._docs else None)

    def set_current(self, doc: OpenedBorderel | None) -> None:
        if doc is self._current:
            return
        self._current = doc
        self.current_changed.emit(doc)

    def previous_of(self, doc: OpenedBorderel) -> OpenedBorderel | None:
        """The opened borderel of the same collectivity just before `doc` (the default `van`
        of Prolongatieverschillen)."""
        same = [d for d in self._docs
                if d.borderel.header.collectivity_number
                == doc.borderel.header.collectivity_number and d.borderel.key < doc.borderel.key]
        return same[-1] if same else None
