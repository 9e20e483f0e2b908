"""The Verzekerden table model: Qt's model tester, sorting and filtering on actual rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import Qt

from digibord.formats.reader import read_borderel
from digibord.reconcile.insured_list import insured_list
from digibord.ui.columns import RangeFilter, TextFilter, day_number
from digibord.ui.insured_columns import insured_columns
from digibord.ui.table_model import ColumnTableModel, RawRole, SourceRowRole
from digibord.ui.table_view import FilterDialog


@pytest.fixture
def borderel(samples_dir):
    return read_borderel(samples_dir / "2026-02_01.dat")


@pytest.fixture
def model(qapp, borderel):
    return ColumnTableModel(insured_columns(insured_list(borderel)))


def column(model, key):
    ci = model.table.index(key)
    return [model.index(r, ci).data() for r in range(model.rowCount())]


def raw(model, key):
    ci = model.table.index(key)
    return [model.index(r, ci).data(RawRole) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    model.sort(model.table.index("naam"), Qt.SortOrder.DescendingOrder)
    model.set_filter("rol", TextFilter("h"))
    qtmodeltester.check(model)


def test_unsorted_is_file_order(model, borderel):
    assert column(model, "naam") == borderel.insured["name"].tolist()


def test_sort_by_name_both_ways(model, borderel):
    names = borderel.insured["name"].tolist()
    model.sort(model.table.index("naam"), Qt.SortOrder.AscendingOrder)
    assert column(model, "naam") == sorted(names, key=str.lower)
    model.sort(model.table.index("naam"), Qt.SortOrder.DescendingOrder)
    assert column(model, "naam") == sorted(names, key=str.lower, reverse=True)


def test_sort_is_stable_and_numeric(model, borderel):
    model.sort(model.table.index("totaal_cent"), Qt.SortOrder.DescendingOrder)
    totals = raw(model, "totaal_cent")
    assert totals == sorted(totals, reverse=True)
    # Ties keep file order: equal totals appear in ascending source row.
    rows = [model.index(r, 0).data(SourceRowRole) for r in range(model.rowCount())]
    for a in range(len(rows) - 1):
        if totals[a] == totals[a + 1]:
            assert rows[a] < rows[a + 1]
    model.sort(model.table.index("relatienummer"), Qt.SortOrder.AscendingOrder)
    numbers = column(model, "relatienummer")
    assert numbers == sorted(numbers)
    assert numbers[0] == f"{borderel.insured['relation_number'].min():010d}"


def test_missing_dates_sort_last_either_way(model, borderel):
    ci = model.table.index("einddatum")
    with_end = int(borderel.insured["end_date"].notna().sum())
    assert 0 < with_end < len(borderel.insured)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(ci, order)
        shown = column(model, "einddatum")
        assert all(shown[:with_end]) and not any(shown[with_end:])
    model.sort(ci, Qt.SortOrder.AscendingOrder)
    assert column(model, "einddatum")[0] == "12-02-2026"


def test_text_filter_and_search(model, borderel):
    model.set_filter("naam", TextFilter("SCHRÖDER"))
    assert sorted(column(model, "naam")) == ["A. Schröder", "D. Schröder", "E.A. Schröder"]
    assert "▾" in model.headerData(model.table.index("naam"), Qt.Orientation.Horizontal)
    model.set_filter("rol", TextFilter("K"))
    assert sorted(column(model, "naam")) == ["A. Schröder", "D. Schröder"]
    model.clear_filters()
    assert model.rowCount() == len(borderel.insured)
    # The search box looks in names, relatienummers and werknemersnummers.
    model.set_search("e13657")
    assert sorted(column(model, "naam")) == ["B. van den Heuvel", "I. de Graaf"]
    model.set_search("47171824")
    assert column(model, "naam") == ["R. Verhoeven"]
    model.set_search("")
    assert model.rowCount() == len(borderel.insured)


def test_range_filters_on_amounts_and_dates(model, borderel):
    model.set_filter("totaal_cent", RangeFilter(20000, None))
    totals = raw(model, "totaal_cent")
    assert totals and min(totals) >= 20000
    result = insured_list(borderel).rows
    assert len(totals) == int((result["total_cent"] >= 20000).sum())
    model.set_filter("totaal_cent", RangeFilter(None, 10000))
    assert all(t <= 10000 for t in raw(model, "totaal_cent"))
    model.set_filter("totaal_cent", None)
    low, high = day_number(dt.date(2026, 2, 1)), day_number(dt.date(2026, 2, 28))
    model.set_filter("einddatum", RangeFilter(low, high))
    assert sorted(set(column(model, "einddatum"))) == ["12-02-2026", "28-02-2026"]
    expected = borderel.insured["end_date"].notna().sum()
    assert model.rowCount() == expected
    # Totals follow the visible rows.
    visible = model.visible_rows()
    assert model.column_sum("prolongatie_cent") == int(
        result["prolongation_cent"].to_numpy()[visible].sum())


def test_a_date_range_filter_shows_its_dates_in_the_dialog(model):
    low, high = day_number(dt.date(2026, 2, 1)), day_number(dt.date(2026, 2, 28))
    dialog = FilterDialog(model.table.column("einddatum"), RangeFilter(low, high))
    assert (dialog.low.text(), dialog.high.text()) == ("01-02-2026", "28-02-2026")
    dialog.deleteLater()


def test_filter_after_sort_keeps_sort_order(model):
    model.sort(model.table.index("naam"), Qt.SortOrder.AscendingOrder)
    model.set_filter("rol", TextFilter("h"))
    names = column(model, "naam")
    assert names == sorted(names, key=str.lower)
    assert set(column(model, "rol")) == {"H"}


def test_bsn_masked_unless_asked(model, borderel):
    bsn = borderel.insured["bsn"].tolist()
    shown = column(model, "bsn")
    assert shown == [f"*****{b[-4:]}" if b else "" for b in bsn]
    model.set_unmasked(True)
    assert column(model, "bsn") == bsn


def test_selection_follows_rows_through_a_sort(qapp, model):
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.setModel(model)
    view.selectRow(3)
    source = model.index(3, 0).data(SourceRowRole)
    model.sort(model.table.index("naam"), Qt.SortOrder.DescendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [i.data(SourceRowRole) for i in selected] == [source]


def test_sort_order_is_one_int_argsort(model):
    # Text columns hold precomputed ranks: sorting never compares Python strings.
    col = model.table.column("naam")
    assert col.raw.dtype == np.int64
    order = model.table.sort_order(model.table.index("naam"))
    assert order.dtype.kind == "i"


def test_singletons_survive_many_signals(qapp, model):
    # PySide6 6.12 on CPython < 3.12 drops a reference to True per emit (see ui/compat.py);
    # the window pins the singletons so that a long session never aborts.
    import sys

    from digibord.ui.compat import needs_pin

    for _ in range(5000):
        model.layoutAboutToBeChanged.emit()
        model.layoutChanged.emit()
    if needs_pin():
        assert sys.getrefcount(True) > 1 << 39
        assert sys.getrefcount(None) > 1 << 39
    assert model.rowCount() > 0
