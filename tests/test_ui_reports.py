"""Correctiepremies and Prolongatieverschillen in the window: the totals are the engine's, the
"toon ongewijzigd" box changes the rows shown but not the totals, a wrong pair is a message in
the view, Printen opens the preview (and its "Openen als PDF" the viewer)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from digibord.formats.reader import read_borderel
from digibord.money import format_euro
from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.ui.sources import MonthChoice

MONTHS = ("2026-01", "2026-02", "2026-03")


def open_months(qtbot, window, samples_dir, months):
    for month in months:
        with qtbot.waitSignal(window.loader.loaded, timeout=20000):
            window.open_files([samples_dir / f"{month}_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)


def settled(qtbot, window, view):
    qtbot.waitUntil(lambda: view._wanted is None and not window.worker.busy, timeout=20000)


def child_rows(model) -> int:
    return len(model.shown_rows())


def groups(model) -> int:
    return len(model.shown_groups())


@pytest.mark.parametrize("month", MONTHS)
def test_corrections_view_totals_are_the_engines(qtbot, window, samples_dir, month):
    open_months(qtbot, window, samples_dir, [month])
    window.show_view("corrections")
    view = window.view("corrections")
    settled(qtbot, window, view)
    engine = compute_corrections([read_borderel(samples_dir / f"{month}_01.dat")])
    expected = json.loads((samples_dir / f"corrections_{month}.json").read_text("utf-8"))
    r = view.result
    assert r is not None and not view.message.isVisible()
    assert r.total_net_cent == engine.total_net_cent == expected["totaal_netto_cent"]
    assert r.total_gross_cent == engine.total_gross_cent
    # one group per employee, every correction line under it
    assert groups(view.model) == len(engine.employees)
    assert child_rows(view.model) == len(engine.rows) == len(expected["rows"])
    assert view.model.rowCount() == len(engine.employees) + len(engine.rows)
    # the group rows show the result's subtotals (never added up by the view)
    net_col = view.model.table.columns.index(view.model.table.column("netto_cent"))
    shown = [view.model.index(int(g), net_col).data() for g in view.model.group_lines()]
    assert shown == [format_euro(v) for v in engine.employees["net_cent"]]
    assert format_euro(engine.total_net_cent) in view.totals.text()
    assert format_euro(engine.total_net_cent) in window.status_label.text()


def test_corrections_over_a_range_of_months(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, MONTHS)
    view = window.view("corrections")
    window.show_view("corrections")
    settled(qtbot, window, view)
    view.van.setCurrentIndex(0)  # 2026-01 .. 2026-03
    view.compute()
    settled(qtbot, window, view)
    engine = compute_corrections([read_borderel(samples_dir / f"{m}_01.dat") for m in MONTHS])
    assert view.result.months == engine.months
    assert view.result.total_net_cent == engine.total_net_cent
    assert child_rows(view.model) == len(engine.rows)
    keys = [c.key for c in view.model.table.columns]
    assert "prolongatiemaand" in keys  # several months: each row says its borderel


def test_diff_view_default_pair_totals_and_unchanged(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-01", "2026-02"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    assert view.van.currentData().month == 202601  # the month before the open one
    assert view.tot.currentData().month == 202602
    van = read_borderel(samples_dir / "2026-01_01.dat")
    tot = read_borderel(samples_dir / "2026-02_01.dat")
    engine = compute_diff(van, tot)
    expected = json.loads((samples_dir / "diff_2026-01_2026-02.json").read_text("utf-8"))
    r = view.result
    assert (r.total_from_cent, r.total_to_cent, r.total_difference_cent) == (
        engine.total_from_cent, engine.total_to_cent, engine.total_difference_cent)
    assert r.total_difference_cent == expected["totaal_verschil_cent"]
    totals_before = view.totals.text()
    changed = len(engine.shown_rows())
    assert child_rows(view.model) == changed == len(expected["rows"])
    assert groups(view.model) == len(engine.shown_employees())

    view.unchanged.setChecked(True)
    assert child_rows(view.model) == len(engine.rows) > changed
    assert groups(view.model) == len(engine.employees)
    assert view.totals.text() == totals_before  # totals cover every pair, shown or not
    assert view.report_result().include_unchanged
    view.unchanged.setChecked(False)
    assert child_rows(view.model) == changed
    assert not view.report_result().include_unchanged

    # status colours on the rows, a legend that names them
    statuses = {view.model.table.status[r] for r in view.model.shown_rows()}
    assert statuses <= {"nieuw", "vervallen", "gewijzigd"}
    assert set(view.legend.labels) == {"nieuw", "vervallen", "gewijzigd", "ongewijzigd"}
    assert view.model.row_of(0) == -1  # an employee's row comes first, then its rows
    bg = view.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole)
    group_bg = view.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert bg is not None and group_bg is not None
    assert bg.color().name() != group_bg.color().name()


def test_wrong_pair_is_a_message_in_the_view(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-01", "2026-02"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    view.van.setCurrentIndex(1)  # van 2026-02, tot 2026-01
    view.tot.setCurrentIndex(0)
    view.compute()
    settled(qtbot, window, view)
    assert view.result is None
    assert view.message.isVisible()
    assert "2026-02" in view.message.text() and "2026-01" in view.message.text()
    assert not view.tree.isVisible()
    assert window.last_dialog is None  # a message in the view, not an error dialog
    # back to a good pair: the report returns
    view.van.setCurrentIndex(0)
    view.tot.setCurrentIndex(1)
    view.compute()
    settled(qtbot, window, view)
    assert view.result is not None and not view.message.isVisible()


def test_diff_of_one_month_alone_says_there_is_no_earlier(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-02"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    assert view.result is None and view.message.isVisible()


def test_different_collectivities_are_refused_in_the_view(qtbot, window, samples_dir, tmp_path):
    from tests.borderel_edit import join, put, sample_lines

    lines = sample_lines(samples_dir, "01")
    lines[0] = put(lines[0], "collectivity_number", "987654321")
    other = tmp_path / "andere.dat"
    other.write_bytes(join(lines))
    open_months(qtbot, window, samples_dir, ["2026-02"])
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([other])
    qtbot.waitUntil(lambda: not window.loader.busy)
    docs = {d.borderel.header.collectivity_number: d for d in window.documents.all()}
    assert len(docs) == 2
    view = window.view("prolongation_diff")
    window.show_view("prolongation_diff")
    settled(qtbot, window, view)
    # the month lists hold only the current collectivity
    assert {view.van.itemData(i).collectivity for i in range(view.van.count())} == {"987654321"}
    van = MonthChoice.of_doc(docs["987654321"])
    tot = MonthChoice.of_doc(next(d for n, d in docs.items() if n != "987654321"))
    view.choose(van, tot)
    settled(qtbot, window, view)
    assert view.result is None and view.message.isVisible()
    assert "987654321" in view.message.text()


def test_print_corrections_opens_the_preview(qtbot, window, samples_dir, monkeypatch):
    opened = []
    monkeypatch.setattr("digibord.ui.printing.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    open_months(qtbot, window, samples_dir, ["2026-02"])
    window.action("borderel.print.corrections").trigger()
    qtbot.waitUntil(lambda: getattr(window, "print_dialog", None) is not None
                    and window.print_dialog.report is not None, timeout=30000)
    assert window.current_view().view_id == "corrections"
    dialog = window.print_dialog
    assert dialog.report.tables[0].title == "export.title.corrections"
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=30000)
    dialog.pdf_button.click()  # the same pages in the system's PDF viewer
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    with open(opened[0], "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    dialog.close()

    window.print_dialog = None
    window.action("borderel.print.insured").trigger()
    qtbot.waitUntil(lambda: window.print_dialog is not None
                    and window.print_dialog.report is not None, timeout=30000)
    assert window.print_dialog.report.tables[0].title == "export.title.insured"
    window.print_dialog.close()


def test_english_titles(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-01", "2026-02"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    window.set_language("en")
    try:
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert "Correction premiums" in titles and "Prolongation differences" in titles
        assert view.unchanged.text() == "Show unchanged"
        assert "Difference" in view.totals.text()
        assert view.legend.labels["nieuw"].text() != "nieuw"
    finally:
        window.set_language("nl")


def test_double_click_opens_the_person(qtbot, window, samples_dir):
    open_months(qtbot, window, samples_dir, ["2026-01", "2026-02"])
    window.show_view("prolongation_diff")
    view = window.view("prolongation_diff")
    settled(qtbot, window, view)
    assert view.open_person(0) is None  # an employee's row: nothing to open
    dialog = view.open_person(1)
    assert dialog is not None and dialog.isVisible()
    relation = int(view.result.rows["relation_number"].iat[view.model.row_of(1)])
    assert int(dialog.policy.person["relation_number"]) == relation
    dialog.close()
