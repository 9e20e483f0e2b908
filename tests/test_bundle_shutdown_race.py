"""Quitting while a borderel still loads: no worker may emit into a deleted signals object.

The frozen bundle printed `RuntimeError: Signal source has been deleted` when it quit right after
the window appeared: the demo was still loading on the pool thread, and at exit Qt's teardown
deletes every Python-owned QObject, the task's signals among them. Closing must cancel and wait.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6

from devtools.synth import generate_file_lines
from digibord.ui.app import create_app
from digibord.ui.archive_prompt import NEVER, set_keep_policy
from digibord.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 20


@pytest.fixture(scope="module")
def big_borderel(tmp_path_factory) -> Path:
    """About 150 000 lines (~38 MB): it takes well over a second to read and parse, so the window
    is always closed while the worker is in the middle of it."""
    path = tmp_path_factory.mktemp("big") / "2026-03_big.dat"
    path.write_bytes(generate_file_lines(150_000, seed=17))
    return path


def test_closing_the_window_while_loading_stops_the_worker_first(qtbot, capfd, big_borderel):
    create_app()
    set_keep_policy(NEVER)
    capfd.readouterr()
    outlived, loaders = 0, []
    for _ in range(ROUNDS):
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitSignal(win.loader.progress, timeout=10000):
            win.open_files([str(big_borderel)])
        task = win.loader._task
        assert task is not None and win.loader.busy
        win.close()
        loaders.append(win.loader)
        if win.loader._pool.activeThreadCount():
            outlived += 1  # deleting its signals now would crash the test process
            continue
        # What Qt's teardown does at exit to a Python-owned QObject: delete it. Nothing queued
        # or still running may touch it afterwards.
        shiboken6.delete(task.signals)
        qtbot.wait(20)
    for loader in loaders:  # let any straggler finish (and fail) before stderr is read
        assert loader.wait(60000)
    qtbot.wait(50)
    err = capfd.readouterr().err
    assert outlived == 0, f"the worker outlived the window {outlived} of {ROUNDS} times"
    assert err == ""


_QUIT_WHILE_LOADING = """
import sys
from digibord.ui import app
sys.exit(app.main([sys.argv[1]]))
"""


@pytest.mark.slow
def test_quitting_right_after_the_window_appeared_prints_nothing(big_borderel, tmp_path):
    """The real exit path, as the bundle's start test takes it: the window quits once shown
    (DIGIBORD_QUIT_AFTER_SHOW) while the file has only begun to load; the interpreter then ends."""
    env = dict(os.environ, DIGIBORD_QUIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen",
               DIGIBORD_HOME=str(tmp_path / "home"),
               # the offscreen plugin's "does not support propagateSizeHints()" is not ours
               QT_LOGGING_RULES="default.warning=false")
    for _ in range(5):
        run = subprocess.run([sys.executable, "-c", _QUIT_WHILE_LOADING, str(big_borderel)],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert "window shown after" in run.stdout
        assert run.stderr == ""
