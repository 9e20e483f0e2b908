"""Computing the reports of docs/reports.md sections 1-3, with the checks of the months chosen
that belong to the use case, not to a screen (a range of months in order, `van` before `tot`)."""

from __future__ import annotations

from digibord.errors import CommandRefused
from digibord.formats.borderel import Borderel
from digibord.i18n import tr
from digibord.reconcile.corrections import CorrectionsResult, compute_corrections
from digibord.reconcile.diff import DiffResult, compute_diff
from digibord.reconcile.insured_list import InsuredList, insured_list


def insured_report(borderel: Borderel) -> InsuredList:
    return insured_list(borderel)


def corrections_report(borderels: list[Borderel]) -> CorrectionsResult:
    return compute_corrections(borderels)


def diff_report(van: Borderel, tot: Borderel, include_unchanged: bool = False) -> DiffResult:
    """Refuses different collectivities and `van` not before `tot` (compute_diff says so in
    the words of the files given)."""
    return compute_diff(van, tot, include_unchanged=include_unchanged)


def check_range(van_key: tuple[int, int], tot_key: tuple[int, int], van_label: str,
                tot_label: str) -> None:
    """A range of months for Correctiepremies: `van` not after `tot`."""
    if not van_key <= tot_key:
        raise CommandRefused(tr("ui.report.range_order", van=van_label, tot=tot_label))


def check_pair(van_key: tuple[int, int], tot_key: tuple[int, int], van_label: str,
               tot_label: str) -> None:
    """Two months of one collectivity for Prolongatieverschillen: `van` before `tot`."""
    if not van_key < tot_key:
        raise CommandRefused(tr("ui.diff.order", van=van_label, tot=tot_label))
