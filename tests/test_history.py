"""One person's history from the archive against the borderels read one at a time: the months
they are in, the products and net premium of each, the corrections booked, the month they
joined and the month they left (across the missing month and after the re-issue), on the
command line too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digibord.app.history import parse_relation_number, person_history
from digibord.app.inputs import load_archived
from digibord.errors import CommandRefused
from digibord.formats.reader import parse_borderel
from digibord.money import format_euro
from digibord.reconcile.insured_list import insured_list, person_policy
from digibord.ui.documents import OpenedBorderel
from digibord.ui.insured_columns import prepare_insured
from digibord.ui.person_dialog import PersonDialog
from tests.report_support import run_cli
from tests.trend_support import (  # noqa: F401  (the fixtures, registered by their names)
    FIRST,
    MISSING,
    REISSUED,
    current,
    trend_archive_fixture,
    trend_series_fixture,
)


def expected_history(by_month: dict[int, bytes], relation: int) -> list[dict]:
    """Per month held, from that month's own verzekerdenoverzicht."""
    out, before = [], None
    for i, (month, data) in enumerate(sorted(by_month.items())):
        result = insured_list(parse_borderel(data, "x").borderel)
        here = relation in set(result.rows["relation_number"].tolist())
        corr = result.correction_lines
        corr = corr[corr["relation_number"] == relation]
        if here or before:
            if i == 0:
                status = "first"
            elif here:
                status = "insured" if before else "joined"
            else:
                status = "left"
            policy = person_policy(result, relation) if here else None
            out.append({"month": month, "status": status,
                        "net_cent": policy.total_net_cent if policy else 0,
                        "net_basis_cent": policy.basis_net_cent if policy else 0,
                        "corrections_cent": int(corr["net_cent"].sum()),
                        "corrections": len(corr)})
        before = here
    return out


def people(by_month: dict[int, bytes]) -> dict[int, set[int]]:
    return {m: set(insured_list(parse_borderel(d, "x").borderel).rows["relation_number"]
                   .tolist()) for m, d in by_month.items()}


def rows_of(result) -> list[dict]:
    keys = ("month", "status", "net_cent", "net_basis_cent", "corrections_cent", "corrections")
    return [{k: (v if k == "status" else int(v)) for k, v in r.items()}
            for r in result.rows[list(keys)].to_dict("records")]


def test_persons_against_their_borderels(trend_archive):
    by_month = current(trend_archive, FIRST)
    held = people(by_month)
    months = sorted(held)
    everyone = set().union(*held.values())
    joined_late = sorted(everyone - held[months[0]])
    left_early = sorted(everyone - held[months[-1]])
    reissued_only = sorted(held[REISSUED] - held[months[months.index(REISSUED) - 1]])
    chosen = [min(held[months[0]]), *joined_late[:2], *left_early[:2], *reissued_only[:1]]
    assert len(chosen) >= 5
    for relation in chosen:
        result = person_history(relation, FIRST)
        assert rows_of(result) == expected_history(by_month, relation), relation
        assert result.months_held == tuple(months)
        assert MISSING not in result.rows["month"].tolist()
    statuses = set()
    for relation in chosen:
        statuses |= set(person_history(relation, FIRST).rows["status"])
    assert {"first", "insured", "joined", "left"} <= statuses


def test_reading_every_month_gives_the_same(trend_archive):
    by_month = current(trend_archive, FIRST)
    relation = sorted(set().union(*people(by_month).values()))[7]
    fast = person_history(relation, FIRST)
    slow = person_history(relation, FIRST, read_all=True)
    assert fast.rows.equals(slow.rows) and fast.name == slow.name and fast.name


def test_refusals(trend_archive):
    with pytest.raises(CommandRefused, match="geen relatienummer"):
        parse_relation_number("12a")
    assert parse_relation_number(" 0000012345 ") == 12345
    with pytest.raises(CommandRefused, match="komt in geen van de 35 maanden"):
        person_history(1, FIRST)


def test_the_command_line(trend_archive, tmp_path):
    by_month = current(trend_archive, FIRST)
    relation = min(people(by_month)[min(by_month)])
    done = run_cli("history", str(relation), "--collectivity", FIRST, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["relatienummer"] == f"{relation:010d}" and data["collectiviteitsnummer"] == FIRST
    assert [r["maand"] for r in data["rows"]][:2] == ["2023-01", "2023-02"]
    assert data["rows"][0]["status"] == "first" and data["rows"][0]["vergeleken_met"] is None
    assert data["totaal_netto_premie_cent"] == sum(r["netto_premie_cent"] for r in data["rows"])
    text = run_cli("history", str(relation), "--collectivity", FIRST)
    assert text.returncode == 0 and "eerste maand" in text.stdout
    bad = run_cli("--lang", "en", "history", "x1", "--collectivity", FIRST)
    assert bad.returncode != 0 and "is not a relation number" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_the_person_dialog_has_the_history(qtbot, trend_archive):
    by_month = current(trend_archive, FIRST)
    month = max(by_month)
    borderel = load_archived(FIRST, month)
    doc = OpenedBorderel(Path(f"{month}.dat"), borderel,
                         prepared={"insured": prepare_insured(borderel)})
    relation = int(borderel.insured["relation_number"].iloc[0])
    dialog = PersonDialog(doc, relation)
    qtbot.addWidget(dialog)
    assert dialog.months is None  # read only once the tab is chosen
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.months is not None, timeout=30000)
    expected = person_history(relation, FIRST)
    table = dialog.history_table
    assert table.rowCount() == len(expected.rows)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == \
        [f"{m // 100}-{m % 100:02d}" for m in expected.rows["month"].tolist()]
    assert [table.item(r, 3).text() for r in range(table.rowCount())] == \
        [format_euro(v) for v in expected.rows["net_cent"].tolist()]
    assert expected.name in dialog.history_info.text()
