"""The seams of the window (issue 12, item 5): the demo months never go into the archive, the
archive question names every month it applies to, the newest of several files opened at once
is the current month, no error before the user typed, an amount field never squeezed, no
dialog beyond the screen, and Enter doing what each form's default does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from digibord.archive import open_archive
from digibord.formats.issues import issue
from digibord.formats.reader import parse_borderel
from digibord.i18n import tr
from digibord.ui import archive_prompt
from digibord.ui.app import demo_files
from digibord.ui.dialogs import ErrorDialog, RefusedDialog
from digibord.ui.person_dialog import PersonDialog
from digibord.ui.salary_options import VALUE_WIDTH_SAMPLE

DEMO_COLLECTIVITY = "987654321"


def open_all(qtbot, window, paths):
    """Open files together and wait until the last is in."""
    before = len(window.documents)
    window.open_files(paths)
    qtbot.waitUntil(lambda: len(window.documents) >= before + len(paths)
                    and not window.loader.busy, timeout=30000)


def answer(qtbot, window, which):
    qtbot.waitUntil(lambda: getattr(window, "archive_question", None) is not None)
    box = window.archive_question
    box.property("buttons")[which].click()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)


def kept() -> list[tuple[str, int]]:
    archive = open_archive()
    if not archive.exists():
        return []
    return sorted((e.collectivity_number, e.prolongation_month) for e in archive.entries())


def test_demo_months_never_go_into_the_archive(qtbot, asking_window, samples_dir):
    window = asking_window
    demo = demo_files()
    assert len(demo) == 4
    open_all(qtbot, window, [*demo[:2], samples_dir / "2026-01_01.dat"])
    qtbot.waitUntil(lambda: getattr(window, "archive_question", None) is not None)
    box = window.archive_question
    named = [d.path.name for d in box.property("documents")]
    assert named == ["2026-01_01.dat"]  # the sample month only; the demo is not offered
    assert str(samples_dir) in str(box.property("documents")[0].path)
    answer(qtbot, window, "always")
    assert archive_prompt.keep_policy() == archive_prompt.ALWAYS
    sample = window.documents.find(samples_dir / "2026-01_01.dat")
    assert kept() == [(sample.borderel.header.collectivity_number, 202601)]
    assert sample.borderel.header.collectivity_number != DEMO_COLLECTIVITY
    # "altijd" from now on, but never a demo month
    open_all(qtbot, window, demo[2:])
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    assert len(kept()) == 1 and all(n != DEMO_COLLECTIVITY for n, _m in kept())
    assert all(d.in_archive is False for d in window.documents.all()
               if archive_prompt.is_demo(d.path))


def test_the_question_names_every_month_opened_together(qtbot, asking_window, samples_dir):
    window = asking_window
    open_all(qtbot, window, [samples_dir / f"2026-0{m}_01.dat" for m in (1, 2, 3)])
    qtbot.waitUntil(lambda: getattr(window, "archive_question", None) is not None)
    box = window.archive_question
    text = box.text()
    for doc in window.documents.all():
        assert doc.label in text and doc.path.name in text
    assert text.index("2026-01") < text.index("2026-02") < text.index("2026-03")
    assert tr("ui.keep.ask", months="").strip() in text  # about all of them, not one file
    assert len(box.property("documents")) == 3
    answer(qtbot, window, "always")
    assert [m for _n, m in kept()] == [202601, 202602, 202603]
    assert all(d.in_archive is True for d in window.documents.all())


def test_enter_on_the_question_keeps_the_months(qtbot, asking_window, samples_dir):
    """The question's default button is "Altijd bewaren": Enter answers it."""
    window = asking_window
    open_all(qtbot, window, [samples_dir / "2026-02_01.dat"])
    qtbot.waitUntil(lambda: getattr(window, "archive_question", None) is not None)
    box = window.archive_question
    assert box.text().startswith(tr("ui.keep.ask_one", months="").strip())
    qtbot.waitExposed(box)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.worker.busy and kept() != [], timeout=20000)
    assert archive_prompt.keep_policy() == archive_prompt.ALWAYS


@pytest.mark.parametrize("order", [(3, 1, 2), (2, 1), (1, 3, 2)])
def test_the_newest_of_files_opened_together_is_current(qtbot, window, samples_dir, order):
    open_all(qtbot, window, [samples_dir / f"2026-0{m}_01.dat" for m in order])
    newest = max(order)
    assert window.documents.current.borderel.header.prolongation_month == 202600 + newest
    assert window.months.currentText() == window.documents.current.label
    # a file opened on its own afterwards is current, older or not (opened again here)
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.open_files([samples_dir / "2026-01_01.dat"])
    qtbot.waitUntil(lambda: not window.loader.busy)
    assert window.documents.current.borderel.header.prolongation_month == 202601


def open_salary(qtbot, window, samples_dir):
    open_all(qtbot, window, [samples_dir / "2026-03_01.dat"])
    window.action("borderel.salary").trigger()
    dialog = window.salary_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=20000)
    return dialog


def test_no_error_before_the_user_typed(qtbot, window, samples_dir):
    dialog = open_salary(qtbot, window, samples_dir)
    form = dialog.options
    width = dialog.width()
    form.kind.setCurrentIndex(form.kind.findData("amount"))  # an amount, not typed yet
    assert form.error.text() == ""
    form.value.setFocus()
    qtbot.keyClicks(form.value, "12,3x")
    assert form.error.text() != ""  # now it is said, at the field
    assert dialog.width() == width  # and the dialog kept its size
    qtbot.keyClick(form.value, Qt.Key.Key_Backspace)
    assert form.error.text() == ""
    dialog.close()


def test_payroll_check_shows_no_error_before_typing(qtbot, window, samples_dir):
    open_all(qtbot, window, [samples_dir / "2026-03_01.dat"])
    window.action("borderel.payroll_check").trigger()
    dialog = window.payroll_dialog
    qtbot.waitExposed(dialog)
    form = dialog.options
    form.kind.setCurrentIndex(form.kind.findData("amount"))
    assert form.error.text() == "" and not form.skip.isVisible()
    dialog.close()


@pytest.mark.parametrize("action", ["borderel.salary", "borderel.payroll_check"])
def test_the_amount_field_keeps_room_for_an_amount(qtbot, window, samples_dir, action):
    open_all(qtbot, window, [samples_dir / "2026-03_01.dat"])
    window.action(action).trigger()
    dialog = window.salary_dialog if action == "borderel.salary" else window.payroll_dialog
    qtbot.waitExposed(dialog)
    form = dialog.options
    form.kind.setCurrentIndex(form.kind.findData("amount"))
    form.value.setText("12,3x")  # a long error beside it
    needed = form.value.fontMetrics().horizontalAdvance(VALUE_WIDTH_SAMPLE)
    dialog.resize(dialog.minimumSizeHint())  # squeezed as far as the dialog goes
    qtbot.waitUntil(lambda: dialog.width() <= dialog.minimumSizeHint().width() + 1)
    assert form.value.width() >= needed
    dialog.close()


def screen_area():
    return QGuiApplication.primaryScreen().availableGeometry()


def fits(dialog: QDialog) -> bool:
    area = screen_area()
    frame = dialog.frameGeometry()
    return frame.width() <= area.width() and frame.height() <= area.height() \
        and area.contains(frame.topLeft())


@pytest.mark.parametrize("action", ["borderel.salary", "borderel.payroll_check"])
def test_working_dialogs_fit_the_screen(qtbot, window, samples_dir, action):
    open_all(qtbot, window, [samples_dir / "2026-03_01.dat"])
    window.action(action).trigger()
    dialog = window.salary_dialog if action == "borderel.salary" else window.payroll_dialog
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1180  # its own size, cut down where the screen is smaller
    assert fits(dialog), (dialog.frameGeometry(), screen_area())
    dialog.close()


def test_other_dialogs_fit_the_screen(qtbot, window, samples_dir):
    open_all(qtbot, window, [samples_dir / "2026-03_01.dat"])
    data = bytearray((samples_dir / "2026-02_01.dat").read_bytes())
    data[200:205] = b"XXXXX"
    result = parse_borderel(bytes(data), "kapot.dat")
    doc = window.documents.current
    relation = int(doc.borderel.insured["relation_number"].iloc[0])
    for dialog in (RefusedDialog("kapot.dat", result.errors, result.error_total, window),
                   ErrorDialog("iets", "details\n" * 80, window),
                   PersonDialog(doc, relation, window)):
        qtbot.addWidget(dialog)
        dialog.resize(3000, 2000)  # as if sized for a very large monitor
        dialog.show()
        qtbot.waitExposed(dialog)
        assert fits(dialog), (type(dialog).__name__, dialog.frameGeometry(), screen_area())
        dialog.close()


def test_enter_closes_the_dialogs_that_only_tell(qtbot, window, samples_dir):
    """Geweigerd bestand and Fout: Sluiten is the default; Enter never copies."""
    data = bytearray((samples_dir / "2026-02_01.dat").read_bytes())
    data[200:205] = b"XXXXX"
    result = parse_borderel(bytes(data), "kapot.dat")
    clipboard = QGuiApplication.clipboard()
    for dialog in (RefusedDialog("kapot.dat", result.errors, result.error_total, window),
                   ErrorDialog("iets", "details", window)):
        qtbot.addWidget(dialog)
        clipboard.setText("")
        dialog.show()
        qtbot.waitExposed(dialog)
        focus = dialog.focusWidget() or dialog
        qtbot.keyClick(focus, Qt.Key.Key_Return)
        assert not dialog.isVisible() and clipboard.text() == ""


def test_refused_dialog_shows_control_characters_found(qtbot, window):
    """A tab or CR in the found text is written out: the table shows it, and the copied
    text keeps one tab-separated column per heading."""
    found = issue("reader.not_numeric", 8, "relatienummer", "3-12", "0012\t45\r78")
    dialog = RefusedDialog("kapot.dat", [found], 1, window)
    qtbot.addWidget(dialog)
    assert dialog.rows()[0][3] == "0012<0x09>45<0x0D>78"
    assert dialog.table.item(0, 3).text() == "0012<0x09>45<0x0D>78"
    last = dialog.text().splitlines()[-1]
    assert last.split("\t")[:4] == ["8", "relatienummer", "3-12", "0012<0x09>45<0x0D>78"]
