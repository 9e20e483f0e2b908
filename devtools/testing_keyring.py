"""A keyring backend for tests (tests/conftest.py selects it via PYTHON_KEYRING_BACKEND).

It behaves like an OS credential store shared by the processes of one user: with DIGIBORD_HOME
set (every test has its own), the secrets live in `$DIGIBORD_HOME/test-keyring.json`, so that a
subprocess started by a test sees the key its parent made, and two tests never see each
other's. Without DIGIBORD_HOME it keeps them in this process only. Never use it for real data:
the file is plain text."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from secrets import token_hex

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_NAME = "test-keyring.json"
_memory: dict[str, str] = {}


def _file() -> Path | None:
    home = os.environ.get("DIGIBORD_HOME")
    return Path(home) / FILE_NAME if home else None


def _load() -> dict[str, str]:
    path = _file()
    if path is None:
        return dict(_memory)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _save(secrets: dict[str, str]) -> None:
    path = _file()
    if path is None:
        _memory.clear()
        _memory.update(secrets)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: processes of one test write at the same moment (the archive's
    # counter beside the key is raised after every change).
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{token_hex(4)}.tmp")
    tmp.write_text(json.dumps(secrets), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One read-modify-write at a time across the test's processes (as an OS store would)."""
    path = _file()
    if path is None or os.name != "posix":
        yield
        return
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _slot(service: str, username: str) -> str:
    return f"{service}\x1f{username}"


class MemoryKeyring(KeyringBackend):
    priority = 1  # viable, and chosen only when named explicitly

    def get_password(self, service: str, username: str) -> str | None:
        return _load().get(_slot(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with _locked():
            stored = _load()
            stored[_slot(service, username)] = password
            _save(stored)

    def delete_password(self, service: str, username: str) -> None:
        with _locked():
            stored = _load()
            if stored.pop(_slot(service, username), None) is None:
                raise PasswordDeleteError("no such password")
            _save(stored)
