"""First start, every start: the demo from the Help menu and from the empty window (never
offered for the archive), the empty window saying how to open a file, and without a screen
one plain line and exit 1 instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from digibord.i18n import tr
from digibord.paths import demo_files
from digibord.ui import app as ui_app
from digibord.ui import main_window
from digibord.ui import settings as ui_settings
from digibord.ui.main_window import MENUS

DEMO_MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]


def wait_for_demo(qtbot, window) -> None:
    qtbot.waitUntil(lambda: len(window.documents) == len(DEMO_MONTHS) and not window.loader.busy,
                    timeout=30000)


def opened_months(window) -> list[str]:
    return sorted(doc.borderel.label() for doc in window.documents.all())


def test_demo_is_in_the_help_menu_and_needs_nothing_open(window):
    assert MENUS["ui.menu.help"][0] == "help.demo"
    act = window.action("help.demo")
    assert act.text() == "&Demo openen"
    assert act in window._menus["ui.menu.help"].actions()
    assert len(window.documents) == 0
    assert act.isEnabled()


def test_demo_opens_after_the_first_start_and_is_not_offered_for_the_archive(qtbot,
                                                                             asking_window):
    window = asking_window
    ui_settings.add_recent_file(demo_files()[0].parent / "eerder.dat")  # not the first start
    assert ui_app.first_files([]) == []
    window.action("help.demo").trigger()
    wait_for_demo(qtbot, window)
    assert opened_months(window) == DEMO_MONTHS
    assert window.stack.currentWidget() is window.tabs
    assert getattr(window, "archive_question", None) is None
    # asked again, the demo replaces itself instead of opening twice
    window.action("help.demo").trigger()
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=30000)
    assert opened_months(window) == DEMO_MONTHS


def test_empty_window_says_how_to_open_a_file(qtbot, window, monkeypatch):
    assert window.stack.currentWidget() is window.empty
    assert window.empty.isVisible()
    assert "Sleep een borderel (.dat) naar dit venster" in window.empty_text.text()
    assert "Bestand – Openen (Ctrl+O)" in window.empty_text.text()
    assert window.empty_open.text() == "Borderel openen..."
    assert window.empty_demo.text() == "Demo openen"
    assert "nooit in het archief" in window.empty_demo_text.text()
    assert window.empty_open.isVisible() and window.empty_demo.isVisible()

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kw: asked.append(args) or ([], "")))
    qtbot.mouseClick(window.empty_open, Qt.MouseButton.LeftButton)
    assert len(asked) == 1, "the button opens the same file dialog as Bestand – Openen"
    assert len(window.documents) == 0

    qtbot.mouseClick(window.empty_demo, Qt.MouseButton.LeftButton)
    wait_for_demo(qtbot, window)
    assert opened_months(window) == DEMO_MONTHS
    for doc in list(window.documents.all()):
        window.documents.remove(doc)
    assert window.stack.currentWidget() is window.empty


def test_empty_window_in_english(window):
    window.set_language("en")
    try:
        assert window.empty_open.text() == "Open borderel..."
        assert window.empty_demo.text() == "Open demo"
        assert window.action("help.demo").text() == "Open &demo"
        assert "Drop a borderel" in window.empty_text.text()
        assert "never go into the archive" in window.empty_demo_text.text()
    finally:
        window.set_language("nl")


def test_missing_demo_is_said_plainly(window, monkeypatch):
    monkeypatch.setattr(main_window, "demo_files", lambda: [])
    window.action("help.demo").trigger()
    box = window.last_dialog
    assert box is not None and box.isVisible()
    assert "De demo-borderellen ontbreken" in box.text()
    assert str(main_window.demo_dir()) in box.text()
    assert len(window.documents) == 0
    box.close()


# ---- no screen ------------------------------------------------------------------------------

def start_window(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, "-m", "digibord", *args], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_qt_that_cannot_reach_a_screen_says_so_in_one_line():
    run = start_window(QT_QPA_PLATFORM="xcb")
    assert run.returncode == 1, run.stderr
    assert run.stdout == ""
    assert run.stderr == tr("start.display_failed", "nl", settings="QT_QPA_PLATFORM=xcb") + "\n"
    assert "Aborted" not in run.stderr and "qt.qpa" not in run.stderr


def test_no_screen_in_english_and_through_the_gui_command():
    run = start_window("--lang", "en", "gui", QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    assert run.returncode == 1, run.stderr
    line = tr("start.display_failed", "en", settings="QT_QPA_PLATFORM=xcb, DISPLAY=:97")
    assert run.stderr == line + "\n"
    assert line.startswith("Digibord cannot open a window")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is X11's, Linux only")
def test_no_display_at_all_is_said_before_qt_starts():
    run = start_window()
    assert run.returncode == 1, run.stderr
    assert run.stderr == tr("start.no_display", "nl") + "\n"
    assert "DISPLAY" in run.stderr


def test_no_display_is_only_linux_without_a_display(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert ui_app.no_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert not ui_app.no_display()
    monkeypatch.delenv("WAYLAND_DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not ui_app.no_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr(sys, "platform", "win32")
    assert not ui_app.no_display()


def test_first_start_that_quits_while_the_demo_loads_ends_cleanly():
    """The bundle's start measurement quits as soon as the window shows, while the demo of a
    first start (a fresh DIGIBORD_HOME) is still loading: no loader thread left signalling."""
    run = start_window(QT_QPA_PLATFORM="offscreen", DIGIBORD_QUIT_AFTER_SHOW="1")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("window shown after ")
    assert "Traceback" not in run.stderr and "RuntimeError" not in run.stderr, run.stderr
