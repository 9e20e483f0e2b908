"""Helpers for the trend and history tests (no tests here; a test module imports the fixtures
`trend_series_fixture` and `trend_archive_fixture`, registered as `trend_series` and
`trend_archive`): an archive of a synthetic series of
three years with a missing month, a re-issue of other content and a second collectivity, made
once per session and copied into each test's own DIGIBORD_HOME; and the figures a month's own
reports give, computed one borderel at a time."""

from __future__ import annotations

import os
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from devtools.synth import generate_series
from digibord.formats.reader import parse_borderel
from digibord.formats.writer import write_borderel
from digibord.reconcile.insured_list import insured_list
from tests.test_archive_support import variant

FIRST = "555123456"
SECOND = "555000111"
MISSING = 202405  # never imported: a gap in the first collectivity
REISSUED = 202409  # a volgnummer 2 with other people than volgnummer 1


def months(first: int, count: int) -> list[int]:
    index = (first // 100) * 12 + first % 100 - 1
    return [(i // 12) * 100 + i % 12 + 1 for i in range(index, index + count)]


def _series() -> dict[str, dict[int, list[bytes]]]:
    """Per collectivity, per month the borderels in the order they are imported."""
    held = [m for m in months(202301, 36) if m != MISSING]
    first = {b.header.prolongation_month: [write_borderel(b)]
             for b in generate_series(held, 30, seed=11)}
    other = write_borderel(generate_series([REISSUED], 26, seed=99)[0])
    first[REISSUED].append(variant(other, sequence=2))
    second = {b.header.prolongation_month: [write_borderel(b)]
              for b in generate_series(months(202401, 18), 12, seed=12, collectivity=SECOND,
                                       name="Tweede Zorg B.V.")}
    return {FIRST: first, SECOND: second}


@pytest.fixture(scope="session", name="trend_series")
def trend_series_fixture(tmp_path_factory):
    """(home folder with the archive made, the series imported into it)."""
    from digibord.archive import open_archive

    home = tmp_path_factory.mktemp("trend-home")
    series = _series()
    saved = os.environ.get("DIGIBORD_HOME")
    os.environ["DIGIBORD_HOME"] = str(home)
    try:
        archive = open_archive()
        for number, by_month in series.items():
            batch = [archive.prepare(data, f"{number}_{m}_{i + 1}.dat")
                     for m, items in sorted(by_month.items()) for i, data in enumerate(items)]
            archive.store(batch)
    finally:
        if saved is None:
            del os.environ["DIGIBORD_HOME"]
        else:
            os.environ["DIGIBORD_HOME"] = saved
    return home, series


@pytest.fixture(name="trend_archive")
def trend_archive_fixture(trend_series, _private_home):
    """This test's DIGIBORD_HOME holding a copy of the series' archive (and its key)."""
    home, series = trend_series
    for item in Path(home).iterdir():
        target = Path(_private_home) / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    return series


def current(series: dict, number: str) -> dict[int, bytes]:
    """The borderel reports use for each month: the last (highest volgnummer)."""
    return {m: items[-1] for m, items in sorted(series[number].items())}


def _round(numerator: int, denominator: int) -> int:
    if denominator == 0:
        return 0
    return int((Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), ROUND_HALF_UP))


def month_figures(data: bytes) -> dict:
    """A month's figures from its own verzekerdenoverzicht, one borderel at a time."""
    result = insured_list(parse_borderel(data, "x").borderel)
    rows = result.rows
    roles = list(rows["role"])
    policy = result.policy_lines
    kinds = {k: int(policy["net_cent"][policy["product_kind"] == k].sum()) for k in "BAT"}
    insured = len(rows)
    total = sum(kinds.values())
    return {
        "insured_h": roles.count("H"), "insured_p": roles.count("P"),
        "insured_k": roles.count("K"), "insured": insured,
        "employees": len(set(rows["policyholder"])),
        "total_prolongation_cent": result.total_prolongation_cent,
        "total_corrections_cent": result.total_corrections_cent,
        "total_due_cent": result.total_cent,
        "average_premium_cent": _round(result.total_prolongation_cent, insured),
        "share_b_bp": _round(kinds["B"] * 10000, total),
        "share_a_bp": _round(kinds["A"] * 10000, total),
        "share_t_bp": _round(kinds["T"] * 10000, total),
        "relations": set(int(r) for r in rows["relation_number"]),
    }


def expected_trend(by_month: dict[int, bytes]) -> list[dict]:
    """Per month held its figures, and joiners/leavers against the month held before it."""
    out, before = [], None
    for month, data in sorted(by_month.items()):
        f = month_figures(data)
        now = f.pop("relations")
        f["month"] = month
        f["joiners"] = len(now - before[1]) if before else 0
        f["leavers"] = len(before[1] - now) if before else 0
        f["compared_with"] = before[0] if before else 0
        out.append(f)
        before = (month, now)
    return out
