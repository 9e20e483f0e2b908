"""Archief: the question on opening a file (altijd / nooit / nu niet, remembered), the import
through the archive API on the worker, the list of months per collectivity, opening, comparing
and removing a month, and the message when the key is kept in a file."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from digibord.archive import open_archive
from digibord.formats.reader import read_borderel
from digibord.reconcile.diff import compute_diff
from digibord.ui import archive_prompt
from digibord.ui.views.archive import EntryRole

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture
def window(asking_window):
    return asking_window


def open_file(qtbot, window, path):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([path])
    qtbot.waitUntil(lambda: not window.loader.busy)


def answer(qtbot, window, which):
    qtbot.waitUntil(lambda: getattr(window, "archive_question", None) is not None)
    box = window.archive_question
    box.property("buttons")[which].click()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)


def test_always_imports_now_and_later(qtbot, window, samples_dir):
    open_file(qtbot, window, samples_dir / "2026-01_01.dat")
    answer(qtbot, window, "always")
    assert archive_prompt.keep_policy() == archive_prompt.ALWAYS
    assert [e.prolongation_month for e in open_archive().entries()] == [202601]
    assert window.documents.current.in_archive is True
    # the next file is kept without asking
    open_file(qtbot, window, samples_dir / "2026-02_01.dat")
    assert getattr(window, "archive_question", None) is None
    qtbot.waitUntil(lambda: len(open_archive().entries()) == 2 and not window.worker.busy,
                    timeout=20000)
    # the same file again: already kept, nothing asked or imported twice
    open_file(qtbot, window, samples_dir / "2026-02_01.dat")
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    assert len(open_archive().entries()) == 2
    assert window.documents.current.in_archive is True


def test_never_and_not_now(qtbot, window, samples_dir):
    open_file(qtbot, window, samples_dir / "2026-01_01.dat")
    answer(qtbot, window, "not_now")
    assert archive_prompt.keep_policy() == ""
    open_file(qtbot, window, samples_dir / "2026-02_01.dat")
    assert getattr(window, "archive_question", None) is None  # not asked again this session
    assert not open_archive().exists() or open_archive().entries() == []

    window._archive_not_now = False  # a new session
    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    answer(qtbot, window, "never")
    assert archive_prompt.keep_policy() == archive_prompt.NEVER
    assert not open_archive().exists() or open_archive().entries() == []


def archive_samples(samples_dir):
    archive = open_archive()
    for month in MONTHS:
        archive.import_file(samples_dir / f"{month}_01.dat")
    return archive


def test_archive_view_lists_opens_compares_and_removes(qtbot, window, samples_dir,
                                                       monkeypatch):
    archive_prompt.set_keep_policy(archive_prompt.NEVER)
    archive = archive_samples(samples_dir)
    window.action("file.archive").trigger()  # there without an opened borderel
    view = window.view("archive")
    assert window.current_view() is view and window.stack.currentWidget() is window.tabs
    assert view.tree.topLevelItemCount() == 1
    items = view.items()
    assert [it.text(0) for it in items] == list(MONTHS)
    trailer = read_borderel(samples_dir / "2026-02_01.dat").trailer
    from digibord.money import format_euro

    assert items[1].text(5) == format_euro(trailer.total_prolongation_cent)
    assert items[1].text(4) == str(trailer.insured_count)

    # open a month: it becomes an opened month with its insured list
    view.select([items[1].data(0, EntryRole)])
    assert view.open_button.isEnabled() and not view.compare_button.isEnabled()
    with qtbot.waitSignal(window.documents.current_changed, timeout=20000):
        view.open_button.click()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    doc = window.documents.current
    assert doc.entry is not None and doc.borderel.header.prolongation_month == 202602
    assert window.view("insured").model.rowCount() == trailer.insured_count
    assert "(archief)" in doc.label

    # compare two months: the Prolongatieverschillen view with them
    window.show_view("archive")
    view.tree.clearSelection()
    items = view.items()
    items[2].setSelected(True)
    items[0].setSelected(True)
    assert view.compare_button.isEnabled()
    view.compare_button.click()
    diff = window.view("prolongation_diff")
    assert window.current_view() is diff
    qtbot.waitUntil(lambda: diff.result is not None and not window.worker.busy, timeout=20000)
    engine = compute_diff(read_borderel(samples_dir / "2026-01_01.dat"),
                          read_borderel(samples_dir / "2026-03_01.dat"))
    assert diff.result.van.prolongation_month == 202601
    assert diff.result.tot.prolongation_month == 202603
    assert diff.result.total_difference_cent == engine.total_difference_cent

    # remove: asked first; "nee" keeps it
    window.show_view("archive")
    view.tree.clearSelection()
    view.items()[0].setSelected(True)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    view.remove_button.click()
    assert len(archive.entries()) == 3
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    view.remove_button.click()
    qtbot.waitUntil(lambda: len(view.items()) == 2 and not window.worker.busy, timeout=20000)
    assert [e.prolongation_month for e in archive.entries()] == [202602, 202603]


def test_diff_takes_the_previous_month_from_the_archive(qtbot, window, samples_dir):
    archive_prompt.set_keep_policy(archive_prompt.NEVER)
    archive_samples(samples_dir)
    open_file(qtbot, window, samples_dir / "2026-03_01.dat")
    window.show_view("prolongation_diff")
    diff = window.view("prolongation_diff")
    qtbot.waitUntil(lambda: diff.result is not None and not window.worker.busy, timeout=20000)
    assert diff.van.currentData().entry is not None  # from the archive
    assert diff.result.van.prolongation_month == 202602


def test_key_in_a_file_is_told(qtbot, window, samples_dir):
    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        archive_prompt.set_keep_policy(archive_prompt.ALWAYS)
        open_file(qtbot, window, samples_dir / "2026-01_01.dat")
        qtbot.waitUntil(lambda: open_archive().exists() and not window.worker.busy,
                        timeout=20000)
        assert isinstance(window.last_dialog, QMessageBox)
        assert "archive.key" in window.last_dialog.text()
        window.last_dialog.close()
        window.show_view("archive")
        view = window.view("archive")
        assert view.key_label.isVisible()
        assert "archive.key" in view.key_label.text()
    finally:
        keyring.set_keyring(old)


def test_the_answer_can_be_changed_in_the_settings_menu(qtbot, window, samples_dir):
    act = window.action("settings.keep_in_archive")
    archive_prompt.set_keep_policy(archive_prompt.NEVER)
    act.trigger()  # on: altijd
    assert archive_prompt.keep_policy() == archive_prompt.ALWAYS
    act.trigger()
    assert archive_prompt.keep_policy() == archive_prompt.NEVER
    window.set_language("en")
    try:
        assert "archive" in act.text()
        view = window.view("archive")
        assert view.compare_button.text() == "Compare"
    finally:
        window.set_language("nl")


def test_demo_files_are_not_offered_for_the_archive(qtbot, window):
    from digibord.ui.app import demo_files

    demos = demo_files()
    assert demos, "the bundle carries demo borderels"
    open_file(qtbot, window, demos[0])
    assert getattr(window, "archive_question", None) is None
    assert not open_archive().exists() or open_archive().entries() == []
