"""One person's months from the archive (issue 18): `digibord history RELATIENUMMER` and the
person dialog's Geschiedenis tab (docs/reports.md, "Geschiedenis van een persoon").

The month summaries' relatienummers say which months hold the person (no decryption); only
those months and the months right after them (where the person left) are decrypted and read.
`bench/bench_trend.py` measures this against decrypting every month (`read_all=True`)."""

from __future__ import annotations

import numpy as np

from digibord.app.trend import choose_collectivity, month_pairs
from digibord.archive import Archive, open_archive
from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.reconcile.history import (
    PersonHistory,
    compute_history,
    history_months,
    person_month,
    presence,
)


def parse_relation_number(text: str) -> int:
    """A relatienummer as typed (leading zeros and spaces allowed), refused when no number."""
    text = str(text).strip()
    if not text.isdigit() or len(text) > 12:
        raise CommandRefused(tr("history.error.relation", found=text))
    return int(text)


def person_history(relation_number: int, collectivity: str | None = None,
                   archive: Archive | None = None, read_all: bool = False) -> PersonHistory:
    """The person's months of `collectivity` (as `digibord trend` chooses it when None)."""
    archive = archive or open_archive()
    if not archive.exists():
        raise CommandRefused(tr("archive.empty"))
    number = choose_collectivity(collectivity, archive)
    pairs = month_pairs(archive, number)
    entries = [e for e, _ in pairs]
    present = presence([s.relation_numbers for _, s in pairs], relation_number)
    wanted = np.arange(len(pairs)) if read_all else history_months(present)
    found = {}
    for i in wanted.tolist():  # decrypt only the months the person is in (or left in)
        e = entries[i]
        month = person_month(archive.load(number, e.prolongation_month, e.sequence),
                             relation_number)
        if month is not None:
            found[i] = month
    if not present.any():
        raise CommandRefused(tr("history.error.unknown", relation=relation_number,
                                collectivity=number, months=len(pairs)))
    name = entries[-1].collectivity_name if entries else ""
    months = [e.prolongation_month for e in entries]
    sequences = [e.sequence for e in entries]
    result = compute_history(number, name, relation_number, months, sequences, present, found)
    if read_all:  # the same rows as from the summaries' choice: only the months kept differ
        keep = set(history_months(present).tolist())
        result = compute_history(number, name, relation_number, months, sequences, present,
                                 {i: m for i, m in found.items() if i in keep})
    return result
