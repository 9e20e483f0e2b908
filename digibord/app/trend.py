"""The archive as a history (issue 18): the trend of a collectivity's months, every collectivity
at a glance, and which collectivities there are to choose from — for `digibord trend` and the
window's Overzicht alike. Figures come from the archive's month summaries, so no borderel is
decrypted (docs/reports.md, "Trend"; docs/trend.md).

The bundled demo months (resources/demo) never mix into a real collectivity's figures: the
window never imports them, and when a user imported one by hand (`digibord import`) it is
recognised by its SHA-256. A collectivity whose months are all demo months is a demo
collectivity: it can be chosen by name, is marked as such, is never the default and is left
out of the overview of all collectivities; a demo month inside another collectivity's months is
left out of that collectivity's trend."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from digibord.archive import Archive, ArchiveEntry, open_archive
from digibord.archive.lookup import parse_month
from digibord.errors import CommandRefused
from digibord.formats.borderel import month_text
from digibord.i18n import tr
from digibord.paths import resource
from digibord.reconcile.trend import TrendOverview, TrendResult, combine_trends, compute_trend


@dataclass(frozen=True)
class CollectivityChoice:
    """A collectivity of the archive as the switchers list it."""

    number: str
    name: str
    months: tuple[int, ...]
    demo: bool = False

    def label(self) -> str:
        text = f"{self.number} — {self.name}" if self.name else self.number
        return f"{text} ({tr('trend.demo')})" if self.demo else text


@cache
def demo_digests() -> frozenset[str]:
    """SHA-256 of each bundled demo borderel."""
    folder = resource("demo")
    paths = sorted(folder.glob("*.dat")) if folder.is_dir() else []
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in paths)


def is_demo_entry(entry: ArchiveEntry) -> bool:
    return entry.sha256 in demo_digests()


def _archive(archive: Archive | None) -> Archive:
    archive = archive or open_archive()
    if not archive.exists():
        raise CommandRefused(tr("archive.empty"))
    return archive


def collectivity_choices(archive: Archive | None = None) -> list[CollectivityChoice]:
    """Every collectivity of the archive (no key needed: the plain listing), real ones first;
    [] without an archive."""
    archive = archive or open_archive()
    if not archive.exists():
        return []
    demo = demo_digests()
    current: dict[str, list[ArchiveEntry]] = {}
    for e in archive.entries():
        if e.current:
            current.setdefault(e.collectivity_number, []).append(e)
    out = [CollectivityChoice(c.number, c.name, c.months,
                              all(e.sha256 in demo for e in current.get(c.number, [])))
           for c in archive.collectivities()]
    return sorted(out, key=lambda c: (c.demo, c.number))


def choose_collectivity(given: str | None, archive: Archive | None = None) -> str:
    """The collectivity a trend is about: `given`, else the only real one (a demo collectivity
    is never taken unasked), else a refusal naming the choices."""
    archive = _archive(archive)
    if given is not None:
        return archive.resolve_collectivity(given)
    choices = collectivity_choices(archive)
    real = [c for c in choices if not c.demo]
    if len(real) == 1:
        return real[0].number
    if len(choices) == 1:
        return choices[0].number
    if not choices:
        raise CommandRefused(tr("archive.empty"))
    raise CommandRefused(tr("trend.error.choose", choices=", ".join(c.label() for c in choices)))


def month_bound(text: str | None) -> int | None:
    """`--from` / `--to` as YYYYMM (refused with a message when it is no month)."""
    return None if text is None or text == "" else parse_month(text)


def _check_range(first: int | None, last: int | None) -> None:
    if first is not None and last is not None and first > last:
        raise CommandRefused(tr("trend.error.range", first=month_text(first),
                                last=month_text(last)))


def month_pairs(archive: Archive, collectivity: str) -> list:
    """The archive's (entry, summary) pairs of a collectivity without demo months, unless the
    collectivity holds nothing else."""
    pairs = archive.summaries(collectivity)
    demo = demo_digests()
    real = [p for p in pairs if p[0].sha256 not in demo]
    return real or pairs


def trend(collectivity: str | None = None, first: int | None = None, last: int | None = None,
          archive: Archive | None = None) -> TrendResult:
    """`digibord trend` and the Overzicht: one collectivity's months `first`..`last`
    (YYYYMM, inclusive; None: every month held)."""
    _check_range(first, last)
    archive = _archive(archive)
    number = choose_collectivity(collectivity, archive)
    pairs = month_pairs(archive, number)
    name = pairs[-1][0].collectivity_name if pairs else ""
    result = compute_trend(pairs, number, name, first, last)
    if pairs and not len(result.rows):
        held = f"{month_text(pairs[0][0].prolongation_month)} – " \
               f"{month_text(pairs[-1][0].prolongation_month)}"
        raise CommandRefused(tr("trend.error.no_months", collectivity=number, held=held))
    return result


def trend_overview(first: int | None = None, last: int | None = None,
                   archive: Archive | None = None) -> TrendOverview:
    """`digibord trend --all-collectivities` and the Overzicht's "all": every real
    collectivity's months and a total per month."""
    _check_range(first, last)
    archive = _archive(archive)
    trends = []
    for choice in collectivity_choices(archive):
        if choice.demo:
            continue
        pairs = month_pairs(archive, choice.number)
        trends.append(compute_trend(pairs, choice.number, pairs[-1][0].collectivity_name
                                    if pairs else choice.name, first, last))
    trends = [t for t in trends if len(t.rows)]
    if not trends:
        raise CommandRefused(tr("trend.error.nothing"))
    return combine_trends(trends, first, last)
