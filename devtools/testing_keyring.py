"""A keyring backend for tests (tests/conftest.py selects it via PYTHON_KEYRING_BACKEND).

It behaves like an OS credential store shared by the processes of one user: with DIGIBORD_HOME
set (every test has its own), the secrets live in `$DIGIBORD_HOME/test-keyring.json`, so that a
subprocess started by a test sees the key its parent made, and two tests never see each
other's. Without DIGIBORD_HOME it keeps them in this process only. Never use it for real data:
the file is plain text."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(secrets), encoding="utf-8")
    os.replace(tmp, path)


def _slot(service: str, username: str) -> str:
    return f"{service}\x1f{username}"


class MemoryKeyring(KeyringBackend):
    priority = 1  # viable, and chosen only when named explicitly

    def get_password(self, service: str, username: str) -> str | None:
        return _load().get(_slot(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = _load()
        secrets[_slot(service, username)] = password
        _save(secrets)

    def delete_password(self, service: str, username: str) -> None:
        secrets = _load()
        if secrets.pop(_slot(service, username), None) is None:
            raise PasswordDeleteError("no such password")
        _save(secrets)
