"""The trend (docs/reports.md, "Trend") against each month's own report, over a synthetic series
of three years with a missing month, a re-issue and a second collectivity; ranges, the overview
of all collectivities, the demo months kept apart, and the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digibord.app.trend import collectivity_choices, trend, trend_overview
from digibord.archive import open_archive
from digibord.errors import CommandRefused
from digibord.paths import resource
from digibord.reconcile.trend import compute_trend, rounded_ratio
from tests.report_support import run_cli
from tests.trend_support import (  # noqa: F401  (the fixtures, registered by their names)
    FIRST,
    MISSING,
    REISSUED,
    SECOND,
    current,
    expected_trend,
    trend_archive_fixture,
    trend_series_fixture,
)

COLUMNS = ("month", "insured_h", "insured_p", "insured_k", "insured", "employees",
           "total_prolongation_cent", "total_corrections_cent", "total_due_cent", "joiners",
           "leavers", "compared_with", "average_premium_cent", "share_b_bp", "share_a_bp",
           "share_t_bp")


def rows_of(result) -> list[dict]:
    frame = getattr(result, "rows", result)
    return [{k: int(v) for k, v in row.items()}
            for row in frame[list(COLUMNS)].to_dict("records")]


def test_every_month_agrees_with_its_own_report(trend_archive):
    for number in (FIRST, SECOND):
        result = trend(number)
        assert rows_of(result) == expected_trend(current(trend_archive, number))
        assert result.collectivity_number == number


def test_the_gap_the_reissue_and_the_first_month(trend_archive):
    result = trend(FIRST)
    rows = result.rows.set_index("month")
    assert MISSING not in rows.index and result.missing_months == (MISSING,)
    after = rows.loc[MISSING + 1]
    assert after["compared_with"] == MISSING - 1 and bool(after["gap"])
    assert not rows.drop(MISSING + 1)["gap"].any()
    assert rows.loc[REISSUED, "sequence"] == 2
    first = rows.iloc[0]
    assert (first["joiners"], first["leavers"], first["compared_with"]) == (0, 0, 0)
    # the re-issue has other people: joiners and leavers around it are large
    assert rows.loc[REISSUED, "joiners"] > 20 and rows.loc[REISSUED + 1, "leavers"] > 20


def test_a_range_keeps_the_comparison_with_the_month_before_it(trend_archive):
    whole = trend(FIRST)
    part = trend(FIRST, 202402, 202407)
    assert part.months == (202402, 202403, 202404, 202406, 202407)
    expected = whole.rows.set_index("month").loc[list(part.months)].reset_index()
    assert rows_of(part) == [{k: int(v) for k, v in r.items()}
                             for r in expected[list(COLUMNS)].to_dict("records")]
    assert part.rows["joiners"].iloc[0] == whole.rows.set_index("month").loc[202402, "joiners"]
    with pytest.raises(CommandRefused, match="na de laatste"):
        trend(FIRST, 202405, 202401)
    with pytest.raises(CommandRefused, match="geen maanden in die periode"):
        trend(FIRST, 203001, 203012)


def test_the_overview_adds_up_the_collectivities(trend_archive):
    overview = trend_overview()
    assert [t.collectivity_number for t in overview.trends] == [SECOND, FIRST]
    rows = overview.rows
    totals = overview.totals
    assert totals["month"].tolist() == sorted(set(rows["month"]))
    each = rows[~rows["is_total"]]
    for column in ("insured", "employees", "total_due_cent", "joiners", "leavers"):
        summed = each.groupby("month")[column].sum()
        assert totals.set_index("month")[column].equals(summed.astype(np.int64)), column
    both = totals.set_index("month").loc[202402]
    assert both["collectivities"] == 2
    assert both["average_premium_cent"] == rounded_ratio(both["total_prolongation_cent"],
                                                         both["insured"])
    assert totals.set_index("month").loc[202301, "collectivities"] == 1
    # per collectivity the very rows of its own trend
    mine = each[each["collectivity_number"] == SECOND].reset_index(drop=True)
    assert rows_of(mine) == rows_of(trend(SECOND))
    assert overview.total("total_due_cent") == (trend(FIRST).total("total_due_cent")
                                                + trend(SECOND).total("total_due_cent"))


def test_several_collectivities_need_a_choice(trend_archive):
    with pytest.raises(CommandRefused) as refused:
        trend()
    assert FIRST in str(refused.value) and "--all-collectivities" in str(refused.value)
    assert [c.number for c in collectivity_choices()] == [SECOND, FIRST]


def test_the_demo_never_mixes_in():
    archive = open_archive()
    demo = sorted(resource("demo").glob("*.dat"))
    for path in demo:
        archive.import_bytes(path.read_bytes(), path.name)
    samples = sorted((resource("..").resolve() / "tests" / "data" / "samples").glob("*.dat"))
    for path in samples:
        archive.import_bytes(path.read_bytes(), path.name)
    choices = collectivity_choices()
    assert [(c.number, c.demo) for c in choices] == [("123456789", False), ("987654321", True)]
    assert "(demo)" in choices[1].label()
    assert trend().collectivity_number == "123456789"  # the demo is never the default
    assert [t.collectivity_number for t in trend_overview().trends] == ["123456789"]
    assert len(trend("987654321").rows) == len(demo)  # asked by name, it is there


def test_empty_input_and_no_archive():
    with pytest.raises(CommandRefused, match="leeg"):
        trend()
    empty = compute_trend([], "1")
    assert len(empty.rows) == 0 and empty.missing_months == ()


def test_the_command_line(trend_archive, tmp_path):
    done = run_cli("trend", "--collectivity", SECOND, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = expected_trend(current(trend_archive, SECOND))
    assert [r["totaal_te_betalen_cent"] for r in data["rows"]] == [
        e["total_due_cent"] for e in expected]
    assert data["rows"][0]["vergeleken_met"] is None
    assert data["rows"][1]["vergeleken_met"] == "2024-01"
    assert data["totaal_te_betalen_cent"] == sum(e["total_due_cent"] for e in expected)
    screen = run_cli("--lang", "en", "trend", "--collectivity", FIRST, "--from", "2024-04",
                     "--to", "2024-07")
    assert screen.returncode == 0, screen.stderr
    assert "Compared with" in screen.stdout and "2024-06" in screen.stdout
    assert "not in the archive: 2024-05" in screen.stdout
    csv = tmp_path / "alle.csv"
    done = run_cli("trend", "--all-collectivities", "--csv", str(csv))
    assert done.returncode == 0, done.stderr
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("maand;soort;collectiviteitsnummer")
    assert sum(";totaal;" in line for line in lines) == 36
    refused = run_cli("trend")
    assert refused.returncode == 1 and "--collectivity" in refused.stderr
    bad = run_cli("trend", "--collectivity", FIRST, "--from", "2024-13")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
