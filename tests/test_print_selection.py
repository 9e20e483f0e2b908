"""A view's rows, order and columns handed to the renderers (`RowSelection` through
`reports.build`): the tables, Excel, CSV and the PDF hold exactly those rows, in that order,
with those columns; a grouped report keeps its groups with the result's subtotals; the policy
pages follow the chosen people; the JSON object stays whole."""

from __future__ import annotations

import csv
import json

import numpy as np
import openpyxl
import pytest

from digibord.export.files import write_report
from digibord.formats.reader import read_borderel
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.insured_list import insured_list
from digibord.reports.build import report_json, report_tables
from digibord.reports.selection import RowSelection
from digibord.ui.printing_request import shown_report

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture(scope="module")
def insured(samples_dir):
    return insured_list(read_borderel(samples_dir / "2026-03_01.dat"))


@pytest.fixture(scope="module")
def corrections(samples_dir):
    return compute_corrections([read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS])


def test_rows_order_and_columns_as_chosen(insured):
    rows = np.array([5, 1, 9])
    table, policies = report_tables(insured, "nl", selection=RowSelection(
        rows, ("naam", "totaal_cent", "relatienummer")))
    assert [c.key for c in table.columns] == ["naam", "totaal_cent", "relatienummer"]
    assert table.frame["naam"].tolist() == insured.rows["name"].iloc[rows].tolist()
    # the totals row adds up the rows shown; the totals block stays the report's
    (shown,) = table.column_totals()
    assert shown.value == int(insured.rows["total_cent"].iloc[rows].sum())
    assert table.row_totals_label == "print.total.shown"
    assert {t.label: t.value for t in table.totals}["export.total.all"] == insured.total_cent
    assert "3 van 11 verzekerden" in table.selection_text("nl")
    # the policy pages: only those people's lines, in the order of the people
    people = insured.rows["relation_number"].iloc[rows].tolist()
    seen = list(dict.fromkeys(policies.frame["_group"].tolist()))
    assert seen == people
    assert len(policies.frame) == int(insured.policy_lines["relation_number"].isin(
        people).sum())


def test_without_parts_and_all_rows(insured):
    only = report_tables(insured, "nl", selection=RowSelection(parts=False))
    assert len(only) == 1 and len(only[0].frame) == len(insured.rows)
    assert not only[0].selection_note and only[0].row_totals is None
    whole = report_tables(insured, "nl")
    assert [t.title for t in whole] == ["export.title.insured", "export.title.policies"]


def test_grouped_report_keeps_groups_and_subtotals(corrections):
    n = len(corrections.rows)
    # a view never scatters groups, but a selection that does is put together again
    rows = np.array([n - 1, 0, n - 2, 1])
    (table,) = report_tables(corrections, "nl", selection=RowSelection(rows))
    keys = table.frame["_group"].to_numpy()
    assert (np.diff(np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])) > 0).all()
    assert len(set(keys)) == len(pd_unique(keys))  # each group once, its rows together
    subs = table.grouping.subtotals.set_index("_group")["netto_cent"]
    employees = corrections.employees.set_index("policyholder")["net_cent"]
    for key in set(keys):
        assert int(subs[key]) == int(employees[key])  # the result's, whole group


def pd_unique(values):
    return list(dict.fromkeys(values.tolist()))


def test_csv_and_excel_of_a_selection(insured, tmp_path):
    rows = np.array([3, 0])
    chosen = RowSelection(rows, ("werknemersnummer", "naam", "totaal_cent"))
    write_report(insured, tmp_path / "s.csv", "csv", selection=chosen)
    lines = list(csv.reader((tmp_path / "s.csv").read_text("utf-8-sig").splitlines(),
                            delimiter=";"))
    assert lines[0] == ["werknemersnummer", "naam", "totaal_cent"]
    assert [r[1] for r in lines[1:]] == insured.rows["name"].iloc[rows].tolist()
    write_report(insured, tmp_path / "s.xlsx", "xlsx", selection=chosen)
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    ws = wb.worksheets[0]
    data = list(ws.iter_rows(values_only=True))
    assert data[0] == ("Werknemersnr.", "Naam", "Totaal")
    assert [r[1] for r in data[1:3]] == insured.rows["name"].iloc[rows].tolist()
    assert data[4][0] == "Totaal getoonde regels"
    assert data[4][2] == pytest.approx(int(insured.rows["total_cent"].iloc[rows].sum()) / 100)
    info = [r for r in wb["Info"].iter_rows(values_only=True) if r and r[0] == "Selectie"]
    assert info and "2 van 11" in info[0][1]


def test_json_is_always_whole(insured, tmp_path):
    write_report(insured, tmp_path / "s.json", "json",
                 selection=RowSelection(np.array([1]), ("naam",)))
    assert json.loads((tmp_path / "s.json").read_text("utf-8")) == report_json(insured)


def test_rows_outside_the_report_are_a_bug(insured):
    with pytest.raises(IndexError):
        report_tables(insured, "nl", selection=RowSelection(np.array([len(insured.rows)])))


def test_shown_report_says_what_differs(insured):
    n = len(insured.rows)
    same = shown_report(insured, np.arange(n), None)
    assert not same.differs and same.selection() is None
    assert same.selection(parts=False).parts is False
    sorted_ = shown_report(insured, np.arange(n)[::-1], None)
    assert sorted_.differs and not sorted_.filtered
    some = shown_report(insured, np.array([2, 4]), ["naam"])
    assert some.filtered and some.counts_text("nl") == "2 van 11 verzekerden"
    assert some.all_text("en") == "11 insured"
    assert some.selection(as_shown=False) is None
    assert some.parts == ("export.title.policies",)
