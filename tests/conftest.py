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
