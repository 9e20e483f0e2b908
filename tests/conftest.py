"""Shared fixtures: the sample borderels, a private data folder, an in-memory keyring."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLES = (REPO.parent / "shared" / "samples").resolve()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"the shared samples are expected at {SAMPLES}"
    return SAMPLES


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own settings/data folder and Dutch messages, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DIGIBORD_HOME", str(home))
    monkeypatch.setenv("DIGIBORD_LANG", "nl")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "digibord.archive.testing_keyring.MemoryKeyring")
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


@pytest.fixture
def window(qtbot):
    yield from _shown_window(qtbot, ask_archive=False)


@pytest.fixture
def asking_window(qtbot):
    """As `window`, but opening a file asks whether to keep it in the archive (the default)."""
    yield from _shown_window(qtbot, ask_archive=True)
