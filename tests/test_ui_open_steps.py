"""Opening in two steps (docs/ui.md, "Opening a large file"): the Verzekerden table is on
screen and usable before the report views' preparers and the sort data are made; a load can
still be cancelled then; a sort asked for meanwhile waits and is applied; the pieces made in
chunks and later are the values made at once before; the window's frame comes without
pandas, the archive or the renderers."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt, QTimer

from digibord.formats import frames
from digibord.formats.reader import parse_borderel, read_borderel
from digibord.reconcile.insured_list import insured_list, mask_bsn
from digibord.ui import columns, loader, main_window, table_model
from digibord.ui import settings as ui_settings
from digibord.ui.insured_columns import insured_columns
from digibord.ui.report_tables import mask_one_bsn
from digibord.ui.table_model import ColumnTableModel
from digibord.ui.views.insured import InsuredView


@pytest.fixture
def held(monkeypatch):
    """A later preparer that waits until the test lets it go."""
    release = threading.Event()
    started = threading.Event()

    def slow(_borderel):
        started.set()
        release.wait(20)
        return "done"

    # first of the later preparers, so that nothing of them is done while it waits
    monkeypatch.setattr(loader, "LATER_PREPARERS", {"slow": slow, **loader.LATER_PREPARERS})
    yield started, release
    release.set()


def test_the_table_is_usable_before_the_report_views_are_prepared(qtbot, window, samples_dir,
                                                                  held):
    started, release = held
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([samples_dir / "2026-02_01.dat"])
    doc = blocker.args[0]
    view = window.view("insured")
    # on screen, with the second step not begun (it waits for the window's next turn)
    assert window.documents.current is doc and window.loader.busy
    assert not view.model.table.ready
    assert "corrections" not in doc.prepared and doc.sha256 == ""
    assert view.model.rowCount() == len(doc.borderel.insured)
    # sorting and searching work now, computing what they need themselves
    names = doc.borderel.insured["name"].tolist()
    view.model.sort(view.model.table.index("naam"), Qt.SortOrder.AscendingOrder)
    ci = view.model.table.index("naam")
    shown = [view.model.index(r, ci).data() for r in range(view.model.rowCount())]
    assert shown == sorted(names, key=str.lower)
    view.model.set_search(names[0].split()[-1])
    assert 0 < view.model.rowCount() < len(names)
    qtbot.waitUntil(started.is_set, timeout=20000)
    assert "slow" not in doc.prepared and "corrections" not in doc.prepared
    with qtbot.waitSignal(window.loader.completed, timeout=20000) as done:
        release.set()
    assert done.args[0] is doc
    assert doc.prepared["slow"] == "done"
    assert doc.prepared["corrections"] is not None
    assert doc.sha256 and doc.in_archive is False
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=20000)


def test_the_fingerprint_reaches_the_month_with_completed(qtbot, window, samples_dir, held):
    """sha256 and in_archive travel with the worker's `completed` and are set on the UI
    thread when it is delivered: the worker writes nothing into a month already shown."""
    started, release = held
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([samples_dir / "2026-02_01.dat"])
    doc = blocker.args[0]
    qtbot.waitUntil(started.is_set, timeout=20000)
    release.set()
    assert window.loader.wait(10000)  # the worker is done; its `completed` still queued
    assert doc.sha256 == "" and doc.in_archive is None
    with qtbot.waitSignal(window.loader.completed, timeout=20000) as done:
        pass
    assert done.args[0] is doc
    assert doc.sha256 == hashlib.sha256((samples_dir / "2026-02_01.dat").read_bytes()).hexdigest()
    assert doc.in_archive is False


def test_a_load_can_be_cancelled_after_the_table_is_shown(qtbot, window, samples_dir, held):
    started, release = held
    completed = []
    window.loader.completed.connect(completed.append)
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(started.is_set, timeout=20000)
    assert window.cancel_button.isVisible()
    window.cancel_button.click()
    assert not window.loader.busy
    release.set()
    window.loader.wait(10000)
    qtbot.wait(100)  # a queued `completed` of the cancelled task would arrive now
    assert completed == []
    assert len(window.documents) == 1  # the month that was shown stays
    doc = window.documents.current
    assert "corrections" not in doc.prepared  # stopped at the next piece
    assert doc.in_archive is None  # not known: never offered to the archive
    view = window.view("insured")
    view.model.sort(view.model.table.index("naam"), Qt.SortOrder.DescendingOrder)
    assert view.model.rowCount() == len(doc.borderel.insured)


def test_a_cancel_before_the_table_still_opens_nothing(qtbot, window, samples_dir):
    window.open_files([samples_dir / "2026-01_01.dat"])
    window.cancel_button.click()
    window.loader.wait(10000)
    qtbot.wait(100)
    assert len(window.documents) == 0


@pytest.fixture
def borderel(samples_dir):
    return read_borderel(samples_dir / "2026-02_01.dat")


def test_a_sort_on_a_column_not_ready_waits_for_it(qapp, borderel, monkeypatch):
    monkeypatch.setattr(table_model, "DEFER_SORT_ROWS", 0)
    table = insured_columns(insured_list(borderel), later=True)
    model = ColumnTableModel(table)
    model.defer_unready_sort = True
    ci = table.index("naam")
    model.sort(ci, Qt.SortOrder.AscendingOrder)
    assert model.sort_waiting
    assert model.visible_rows().tolist() == list(range(table.n_rows))  # file order meanwhile
    model.apply_waiting_sort()  # not ready yet: still waits
    assert model.sort_waiting
    table.complete()
    assert table.ready
    model.apply_waiting_sort()
    assert not model.sort_waiting
    shown = [model.index(r, ci).data() for r in range(model.rowCount())]
    assert shown == sorted(borderel.insured["name"].tolist(), key=str.lower)
    # a money column has its data at once: sorted at once
    model.sort(table.index("totaal_cent"), Qt.SortOrder.DescendingOrder)
    assert not model.sort_waiting


def test_later_columns_are_the_columns_made_at_once(borderel, monkeypatch):
    monkeypatch.setattr(columns, "CHUNK", 7)  # many pieces, also for the haystack
    result = insured_list(borderel)
    now = insured_columns(result)
    later = insured_columns(result, later=True)
    assert not later.ready
    later.complete()
    assert later.ready
    for a, b in zip(now.columns, later.columns, strict=True):
        assert a.key == b.key
        assert np.array_equal(a.raw, b.raw), a.key
        assert (a.text is None) == (b.text is None)
        if a.text is not None:
            assert a.text.tolist() == b.text.tolist()
        for ci in (False, True):
            assert np.array_equal(now.sort_order(now.index(a.key), ci),
                                  later.sort_order(later.index(b.key), ci))
        rows = range(min(50, now.n_rows))
        shown_a = [(a.masked or a.display)(r) for r in rows]
        shown_b = [(b.masked or b.display)(r) for r in rows]
        assert shown_a == shown_b
    assert now.haystack().tolist() == later.haystack().tolist()


def test_text_ranks_are_those_of_the_distinct_values():
    values = np.array(["b", "a", "", "B", "a", "ä", "c", "a"], dtype=columns.STRING)
    ranks, order = columns.text_ranks(values)
    codes, distinct = pd.factorize(values)
    rank_of = np.empty(len(distinct), dtype=np.int64)
    rank_of[np.argsort(np.asarray(distinct, dtype=columns.STRING), kind="stable")] = \
        np.arange(len(distinct))
    assert ranks.tolist() == rank_of[codes].tolist()
    assert order.tolist() == np.argsort(ranks, kind="stable").tolist()
    empty_ranks, empty_order = columns.text_ranks(np.array([], dtype=columns.STRING))
    assert len(empty_ranks) == len(empty_order) == 0


def test_one_bsn_is_masked_as_the_whole_column_is():
    values = np.array(["123456782", "", "12", "0001", "987654321"], dtype=object)
    assert [mask_one_bsn(v) for v in values] == mask_bsn(values).tolist()


def test_the_reader_in_pieces_gives_the_same_frames(samples_dir, monkeypatch):
    data = (samples_dir / "2026-03_01.dat").read_bytes()
    whole = parse_borderel(data, "x").borderel
    monkeypatch.setattr(frames, "CHUNK", 5)
    pieces = parse_borderel(data, "x").borderel
    for name in ("products", "insured", "lines"):
        pd.testing.assert_frame_equal(getattr(whole, name), getattr(pieces, name),
                                      check_exact=True)
        assert getattr(whole, name).dtypes.tolist() == getattr(pieces, name).dtypes.tolist()


def test_the_frame_comes_without_pandas_and_the_views_follow(tmp_path):
    code = """
import sys
from digibord.ui.app import create_app
from digibord.ui.main_window import MainWindow
app = create_app()
win = MainWindow(views_later=True)
win.show()
app.processEvents()
early = sorted(m for m in ("pandas", "reportlab", "cryptography", "keyring", "xlsxwriter",
                           "digibord.archive") if m in sys.modules)
assert not win.views_built and win.views == []
insured = win.view("insured")  # a view asked for builds them
print(early, win.views_built, [v.view_id for v in win.views][:2], "pandas" in sys.modules)
win.close()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DIGIBORD_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[] True ['insured', 'corrections'] True"


def test_a_file_given_at_the_start_waits_for_the_views(tmp_path, samples_dir):
    """A double-clicked .dat (the program's start with a file, as app.build_window does):
    opened before the views are built, the month comes up in them whole — its table, its
    totals in the status bar — with nothing on stderr."""
    code = """
import sys, time
from digibord.ui.app import build_window, create_app
app = create_app()
win = build_window([sys.argv[1]])
win.show()
deadline = time.monotonic() + 60
while (win.documents.current is None or win.loader.busy) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
view = win.view("insured")
print(win.views_built, view.model.rowCount(), win.status_label.text())
win.close()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DIGIBORD_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code, str(samples_dir / "2026-03_01.dat")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    built, rows, status = done.stdout.split("\n")[0].split(" ", 2)
    assert built == "True" and rows == "11" and "€ 2.531,75" in status


# --- showing a month in event-loop turns (main_window._loaded) ------------------------------


@pytest.fixture
def turns(monkeypatch, window):
    """Records each step of showing a month with the count of a zero timer's ticks: a step
    in a turn of its own has a tick (an event-loop turn) before it."""
    ticks = [0]
    ticker = QTimer(interval=0)
    ticker.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    log: list[tuple[str, int]] = []

    def spy(owner, name, label):
        original = getattr(owner, name)

        def recorded(*args, **kwargs):
            log.append((label, ticks[0]))
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)

    spy(main_window.MainWindow, "_loaded", "added")
    spy(InsuredView, "_first_widths", "widths")
    spy(main_window.MainWindow, "_paint_held", "paint")
    spy(ui_settings, "add_recent_file", "recent")
    spy(loader.LoadTask, "shown", "step 2 let go")
    ticker.start()
    yield log
    ticker.stop()


def test_a_month_is_shown_in_turns_of_its_own(qtbot, window, samples_dir, turns):
    path = samples_dir / "2026-02_01.dat"
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([path])
    doc = blocker.args[0]
    view = window.view("insured")
    # turn 1: added and given to the views, not painted, nothing else yet
    assert window.documents.current is doc
    assert view.model.rowCount() == len(doc.borderel.insured)
    assert window.paint_held
    assert ui_settings.recent_files() == []
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=20000)
    steps = [name for name, _ in turns]
    assert steps == ["added", "widths", "paint", "recent", "step 2 let go"]
    at = dict(turns)
    assert at["added"] < at["widths"] < at["paint"] < at["recent"] == at["step 2 let go"]
    assert not window.paint_held
    assert ui_settings.recent_files()[0] == str(path.resolve())
    assert view.table.columnWidth(view.model.table.index("naam")) != \
        view.table.horizontalHeader().defaultSectionSize()  # the widths were made
    assert doc.sha256  # step 2 ran


def test_the_month_closed_between_the_turns(qtbot, window, samples_dir):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-02_01.dat"])
    window.close_current()
    assert window.documents.current is None
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=20000)
    assert not window.paint_held  # the paint is not held for good
    assert window.stack.currentWidget() is window.empty
    view = window.view("insured")
    assert view.model.rowCount() == 0
    # the widths left for the closed month's turn come with the next one
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=20000)
    assert view.table.columnWidth(view.model.table.index("naam")) != \
        view.table.horizontalHeader().defaultSectionSize()


def test_widths_kept_when_the_last_month_closes(qtbot, window, samples_dir):
    """The last month closed once it was painted, another opened: its columns get widths again,
    those the user gave them (closing the month empties the table, and with it its columns)."""
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-02_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy and not window.paint_held, timeout=20000)
    view = window.view("insured")
    ci = view.model.table.index("naam")
    assert view.table.columnWidth(ci) != view.table.horizontalHeader().defaultSectionSize()
    view.table.setColumnWidth(ci, 321)  # the user's own width
    window.close_current()
    assert view.model.columnCount() == 0
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy and not window.paint_held, timeout=20000)
    assert view.table.columnWidth(view.model.table.index("naam")) == 321


def test_widths_of_the_last_month_closed_are_saved(qtbot, window, samples_dir):
    """Closed, then the window's settings saved with no month open: the next run's first month
    gets the widths the user gave the last one."""
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-02_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy and not window.paint_held, timeout=20000)
    view = window.view("insured")
    view.table.setColumnWidth(view.model.table.index("naam"), 321)
    window.close_current()
    window.save_settings()
    again = main_window.MainWindow()
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loader.loaded, timeout=20000):
        again.open_files([samples_dir / "2026-03_01.dat"])
    qtbot.waitUntil(lambda: not again.loader.busy, timeout=20000)
    shown = again.view("insured")
    assert shown.table.columnWidth(shown.model.table.index("naam")) == 321


def test_sorted_and_searched_between_the_turns(qtbot, window, samples_dir):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([samples_dir / "2026-03_01.dat"])
    doc = blocker.args[0]
    view = window.view("insured")
    ci = view.model.table.index("naam")
    view.table.sortByColumn(ci, Qt.SortOrder.DescendingOrder)  # before the widths' turn
    names = doc.borderel.insured["name"].tolist()
    needle = names[0].split()[-1]
    view.search.setText(needle)
    view.apply_search()
    qtbot.waitUntil(lambda: not window.loader.busy and not window.paint_held, timeout=20000)
    assert view.table.horizontalHeader().sortIndicatorSection() == ci  # kept by the widths
    shown = [view.model.index(r, ci).data() for r in range(view.model.rowCount())]
    wanted = sorted((n for n in names if needle.lower() in n.lower()), key=str.lower,
                    reverse=True)
    assert shown == wanted and 0 < len(shown) <= len(names)


def test_the_window_closed_between_the_turns(qtbot, window, samples_dir):
    completed = []
    window.loader.completed.connect(completed.append)
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-01_01.dat"])
    window.close()  # shuts the loader down: step 2, held, is cancelled
    assert not window.loader.busy
    qtbot.wait(200)  # the remaining turns run on a closed window without harm
    assert completed == []
    assert not window.paint_held


def test_a_second_file_opened_before_the_first_has_had_its_turns(qtbot, window, samples_dir):
    first, second = samples_dir / "2026-01_01.dat", samples_dir / "2026-03_01.dat"
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([first])
    window.open_files([second])  # turns 2 and 3 of the first are still to come
    qtbot.waitUntil(lambda: len(window.documents) == 2 and not window.loader.busy,
                    timeout=30000)
    current = window.documents.current
    assert current.borderel.label() == "2026-03"
    assert window.view("insured").model.rowCount() == len(current.borderel.insured)
    assert not window.paint_held
    assert ui_settings.recent_files()[:2] == [str(second.resolve()), str(first.resolve())]
    assert all(d.sha256 for d in window.documents.all())  # both had their step 2
