"""Shared fixtures: the sample borderels, a private data folder, an in-memory keyring."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "samples"

# The repository stands on its own: no test may read a file beside the checkout (a lone clone
# has nothing there). Every open() of a path in the checkout's parent folder but outside the
# checkout is recorded here and fails the session at its end.
_OUTSIDE: list[str] = []
_PARENT = str(REPO.parent) + os.sep
_INSIDE = str(REPO) + os.sep


def _audit_open(event: str, args: tuple) -> None:
    if event != "open" or not args or not isinstance(args[0], str | os.PathLike):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if path.startswith(_PARENT) and not path.startswith(_INSIDE) and path != str(REPO):
        _OUTSIDE.append(path)


sys.addaudithook(_audit_open)


def pytest_sessionfinish(session, exitstatus):
    if _OUTSIDE:
        sys.stderr.write("\ntests opened files outside the repository:\n  "
                         + "\n  ".join(sorted(set(_OUTSIDE))[:20]) + "\n")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"the sample borderels are expected at {SAMPLES}"
    return SAMPLES


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own settings/data folder and Dutch messages, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DIGIBORD_HOME", str(home))
    monkeypatch.setenv("DIGIBORD_LANG", "nl")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "devtools.testing_keyring.MemoryKeyring")
    # subprocesses of a test import the test keyring (devtools/) from the checkout
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", str(REPO) + (os.pathsep + path if path else ""))
    from digibord import i18n

    i18n.set_language(None)
    yield home


def _shown_window(qtbot, ask_archive: bool):
    """The main window, shown, closed down cleanly after the test (no worker left running)."""
    from digibord.ui.app import create_app
    from digibord.ui.archive_prompt import NEVER, set_keep_policy
    from digibord.ui.main_window import MainWindow

    create_app()
    if not ask_archive:
        set_keep_policy(NEVER)  # no "keep in the archive?" question in between
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.loader.cancel()
    win.loader.wait(5000)
    win.worker.wait(10000)
    if win.month_end_tasks is not None:
        win.month_end_tasks.wait(10000)  # no tick of this test lands in the next one


@pytest.fixture
def window(qtbot):
    yield from _shown_window(qtbot, ask_archive=False)


@pytest.fixture
def asking_window(qtbot):
    """As `window`, but opening a file asks whether to keep it in the archive (the default)."""
    yield from _shown_window(qtbot, ask_archive=True)
