"""The main window: opening the samples on the worker thread, refused files, warnings, menus,
settings between runs."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QPushButton

from digibord.formats.reader import read_borderel
from digibord.money import format_euro
from digibord.ui import settings as ui_settings
from digibord.ui.app import create_app, first_files
from digibord.ui.dialogs import ErrorDialog, RefusedDialog, about_html
from digibord.ui.loader import PREPARERS
from digibord.ui.main_window import ACTIONS, MainWindow

MONTHS = ("2026-01", "2026-02", "2026-03")


@pytest.fixture
def window(asking_window):
    return asking_window


def open_and_wait(qtbot, window, path):
    with qtbot.waitSignal(window.loader.loaded, timeout=20000) as blocker:
        window.open_files([path])
    return blocker.args[0]


@pytest.mark.parametrize("month", MONTHS)
def test_each_sample_opens_through_the_worker(qtbot, window, samples_dir, month):
    path = samples_dir / f"{month}_01.dat"
    doc = open_and_wait(qtbot, window, path)
    expected = json.loads((samples_dir / f"list_{month}.json").read_text(encoding="utf-8"))
    trailer = read_borderel(path).trailer

    assert window.documents.current is doc
    assert doc.borderel.label() == month
    assert window.windowTitle().startswith(f"Digibord – {month}")
    view = window.view("insured")
    model = view.model
    assert model.rowCount() == len(expected["verzekerden"]) == trailer.insured_count
    # The status bar's totals over the visible rows equal the 90 record's.
    assert model.column_sum("prolongatie_cent") == trailer.total_prolongation_cent
    assert model.column_sum("correcties_cent") == trailer.total_corrections_cent
    assert model.column_sum("totaal_cent") == trailer.total_due_cent
    status = window.status_label.text()
    assert format_euro(trailer.total_prolongation_cent) in status
    assert format_euro(trailer.total_corrections_cent) in status
    assert format_euro(trailer.total_due_cent) in status
    qtbot.waitUntil(lambda: not window.loader.busy)
    # written in a turn of its own after the first paint, before the loader's second step
    assert ui_settings.recent_files()[0] == str(path.resolve())
    assert not window.progress.isVisible()


def test_rows_show_the_reference_list(qtbot, window, samples_dir):
    open_and_wait(qtbot, window, samples_dir / "2026-02_01.dat")
    expected = json.loads((samples_dir / "list_2026-02.json").read_text(encoding="utf-8"))
    model = window.view("insured").model
    table = model.table
    shown = {}
    for r in range(model.rowCount()):
        cells = {c.key: model.index(r, i).data() for i, c in enumerate(table.columns)}
        shown[cells["relatienummer"]] = cells
    assert set(shown) == {p["relatienummer"] for p in expected["verzekerden"]}
    for person in expected["verzekerden"]:
        row = shown[person["relatienummer"]]
        assert row["naam"] == person["naam"]
        assert row["rol"] == person["rol"]
        assert row["werknemersnummer"] == person["werknemersnummer"]
        assert row["relatienummer_hoofdverzekerde"] == person["relatienummer_hoofdverzekerde"]
        assert row["prolongatie_cent"] == format_euro(person["prolongatie_cent"])
        assert row["correcties_cent"] == format_euro(person["correcties_cent"])
        assert row["totaal_cent"] == format_euro(person["totaal_cent"])
        y, m, d = person["geboortedatum"].split("-")
        assert row["geboortedatum"] == f"{d}-{m}-{y}"
        assert (row["einddatum"] == "") == (person["einddatum"] is None)


def test_several_borderels_are_kept_as_months(qtbot, window, samples_dir):
    for month in MONTHS:
        open_and_wait(qtbot, window, samples_dir / f"{month}_01.dat")
    docs = window.documents.all()
    assert [d.borderel.label() for d in docs] == list(MONTHS)
    assert window.months.count() == 3
    assert window.documents.current.borderel.label() == "2026-03"
    assert window.documents.previous_of(docs[2]) is docs[1]
    window.action("view.previous_month").trigger()
    assert window.documents.current is docs[1]
    assert window.view("insured").model.rowCount() == len(docs[1].borderel.insured)
    # Opening the same file again replaces it instead of adding a fourth month.
    open_and_wait(qtbot, window, samples_dir / "2026-01_01.dat")
    assert len(window.documents) == 3
    window.action("file.close").trigger()
    assert len(window.documents) == 2


def corrupt(samples_dir, tmp_path):
    """A sample with one nettopremie changed: bruto − kortingen no longer equals netto."""
    data = bytearray((samples_dir / "2026-02_01.dat").read_bytes())
    lines = data.split(b"\r\n")
    n = next(i for i, line in enumerate(lines) if line.startswith(b"20"))
    line = bytearray(lines[n])
    line[67] = ord("9") if line[67] != ord("9") else ord("8")  # inside positions 59-69
    lines[n] = bytes(line)
    bad = tmp_path / "kapot.dat"
    bad.write_bytes(b"\r\n".join(lines))
    return bad, n + 1


def test_refused_file_lists_every_error_and_opens_nothing(qtbot, window, samples_dir, tmp_path):
    bad, line_no = corrupt(samples_dir, tmp_path)
    with qtbot.waitSignal(window.loader.refused, timeout=20000):
        window.open_files([bad])
    dialog = window.last_dialog
    assert isinstance(dialog, RefusedDialog)
    assert dialog.isVisible()
    assert len(window.documents) == 0
    assert window.stack.currentWidget() is window.empty
    rows = dialog.rows()
    assert rows, "the dialog lists the errors"
    assert dialog.table.rowCount() == len(rows) == len(dialog.errors)
    lines = {r[0] for r in rows}
    assert str(line_no) in lines
    hit = next(r for r in rows if r[0] == str(line_no) and r[1] == "nettopremie")
    assert hit[2] == "59-69"
    assert hit[3] and hit[4]
    text = dialog.text()
    assert str(bad) in text and "nettopremie" in text and "59-69" in text
    qtbot.mouseClick(dialog.findChild(QPushButton, "copy"), Qt.MouseButton.LeftButton)
    assert "59-69" in QGuiApplication.clipboard().text()
    assert ui_settings.recent_files() == []


def test_not_a_borderel_is_refused(qtbot, window, tmp_path):
    bad = tmp_path / "rapport.dat"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with qtbot.waitSignal(window.loader.refused, timeout=20000) as blocker:
        window.open_files([bad])
    assert blocker.args[1], "at least one error"
    assert isinstance(window.last_dialog, RefusedDialog)
    assert len(window.documents) == 0


def test_missing_file_says_so(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.loader.failed, timeout=20000) as blocker:
        window.open_files([tmp_path / "weg.dat"])
    assert blocker.args[2] == ""  # no traceback: not our bug
    assert len(window.documents) == 0


def test_unexpected_error_shows_details_dialog(qtbot, window, samples_dir, monkeypatch):
    def broken(_borderel):
        raise RuntimeError("kapotte voorbereiding")

    monkeypatch.setitem(PREPARERS, "broken", broken)
    with qtbot.waitSignal(window.loader.failed, timeout=20000):
        window.open_files([samples_dir / "2026-01_01.dat"])
    dialog = window.last_dialog
    assert isinstance(dialog, ErrorDialog)
    assert "kapotte voorbereiding" in dialog.details.toPlainText()
    assert "Traceback" in dialog.details.toPlainText()
    assert len(window.documents) == 0


def test_warnings_show_in_a_closable_bar(qtbot, window, samples_dir, tmp_path):
    # A blank line inside the file is a warning; the file still opens.
    data = (samples_dir / "2026-03_01.dat").read_bytes().split(b"\r\n")
    data.insert(3, b"")
    path = tmp_path / "met_lege_regel.dat"
    path.write_bytes(b"\r\n".join(data))
    doc = open_and_wait(qtbot, window, path)
    assert doc.warnings
    bar = window.message_bar
    assert bar.isVisible()
    assert not bar.details.isVisible()
    bar.more.click()  # the details are written out when asked for
    assert bar.details.isVisible()
    assert "4" in bar.details.toPlainText()  # the blank line's number
    bar.close_button.click()
    assert not bar.isVisible()
    assert len(window.documents) == 1


def test_cancel_drops_the_result(qtbot, window, samples_dir):
    window.open_files([samples_dir / "2026-01_01.dat"])
    assert window.loader.busy
    window.cancel_button.click()
    assert not window.loader.busy
    window.loader.wait(10000)
    qtbot.wait(100)  # let any queued signal of the cancelled task arrive (and be dropped)
    assert len(window.documents) == 0
    assert not window.progress.isVisible()


def test_drop_opens_files(qtbot, window, samples_dir):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples_dir / "2026-03_01.dat"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.loader.loaded, timeout=20000):
        window.dropEvent(event)
    assert window.documents.current.borderel.label() == "2026-03"


def test_menu_actions_and_hooks(qtbot, window, samples_dir):
    names = {s.name for s in ACTIONS}
    for name in ("file.open", "file.quit", "borderel.export.excel", "borderel.export.pdf",
                 "borderel.print.corrections", "borderel.print.prolongation_diff"):
        assert name in names
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["Bestand", "Borderel", "Beeld", "Instellingen", "Help"]
    assert window.action("file.open").shortcut().toString() == "Ctrl+O"
    # Without a handler a report action is disabled, never a dead button.
    corrections = window.action("borderel.print.corrections")
    assert not corrections.isEnabled()
    calls = []
    window.set_handler("borderel.print.corrections", lambda: calls.append(1))
    assert not corrections.isEnabled()  # still nothing open
    open_and_wait(qtbot, window, samples_dir / "2026-03_01.dat")
    assert corrections.isEnabled()
    corrections.trigger()
    assert calls == [1]


def test_language_switch_and_settings_between_runs(qtbot, samples_dir):
    create_app()
    win = MainWindow()
    qtbot.addWidget(win)
    open_and_wait(qtbot, win, samples_dir / "2026-03_01.dat")
    win.action("language.en").trigger()
    assert win.menuBar().actions()[0].text().replace("&", "") == "File"
    assert win.view("insured").model.headerData(0, Qt.Orientation.Horizontal) == \
        "Relation number"
    view = win.view("insured")
    view.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    view.table.setColumnWidth(4, 333)
    win.resize(1000, 700)
    win.save_settings()

    again = MainWindow()
    qtbot.addWidget(again)
    assert ui_settings.language() == "en"
    open_and_wait(qtbot, again, samples_dir / "2026-03_01.dat")
    table = again.view("insured").table
    assert table.columnWidth(4) == 333
    assert table.horizontalHeader().sortIndicatorSection() == 4
    names = [table.model().index(r, 4).data() for r in range(table.model().rowCount())]
    assert names == sorted(names, key=str.lower, reverse=True)
    win.action("language.nl").trigger()


def test_first_files_demo_only_when_nothing_opened_before(tmp_path, monkeypatch):
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "2026-04_01.dat").write_bytes(b"")
    monkeypatch.setenv("DIGIBORD_RESOURCES", str(tmp_path))
    from digibord.paths import resources_dir

    resources_dir.cache_clear()
    try:
        assert first_files(["x.dat"]) == ["x.dat"]
        assert first_files([]) == [str(demo / "2026-04_01.dat")]
        ui_settings.add_recent_file(tmp_path / "eerder.dat")
        assert first_files([]) == []
    finally:
        resources_dir.cache_clear()


def test_about_names_version_and_licences():
    from digibord import __version__

    text = about_html()
    assert __version__ in text
    for name in ("PySide6", "LGPL", "pandas", "numpy", "openpyxl", "reportlab", "keyring",
                 "DejaVu"):
        assert name in text


def test_gui_command_registers():
    from digibord.cli import build_parser

    args = build_parser("gui").parse_args(["gui", "a.dat", "b.dat"])
    assert args.files == ["a.dat", "b.dat"]
    assert args.handler is not None


def test_unexpected_exception_hook_shows_the_dialog(qtbot, window, monkeypatch):
    import sys

    from digibord.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(window)
    try:
        raise ValueError("onverwacht")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    dialog = window.last_dialog
    assert isinstance(dialog, ErrorDialog)
    assert "ValueError: onverwacht" in dialog.details.toPlainText()


def test_command_line_does_not_load_qt():
    import subprocess
    import sys

    # every command's parser (and module) but the window's own
    code = ("import sys; from digibord.cli import build_parser; from digibord.commands import "
            "COMMANDS; [build_parser(c) for c in COMMANDS if c != 'gui']; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_quit_after_show_for_timing(tmp_path):
    """DIGIBORD_QUIT_AFTER_SHOW: the window shows, says after how long, and the program ends."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, DIGIBORD_QUIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen",
               DIGIBORD_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c",
                           "import sys; from digibord.ui.app import main; sys.exit(main([]))"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "window shown after" in done.stdout
