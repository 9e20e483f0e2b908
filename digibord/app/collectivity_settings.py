"""Settings kept per collectivity: the employer's own codes a profile needs (Nmbrs
debiteurnummer, DPIA100 creatiegebruiker, ...) and the record of the pay periods converted.

The use cases talk to a `SettingsStore`: two methods, `get_setting(collectivity, name)` and
`set_setting(collectivity, name, value)`, with a JSON-compatible dict as value. That is the
interface the archive's per-collectivity settings store offers; until it is there,
`settings_store()` gives a JSON file in the data folder (mode 0600, replaced atomically), and
`MemorySettingsStore` serves tests. `settings_store()` is the one place that chooses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from digibord.errors import CommandRefused
from digibord.export.atomic import write_bytes
from digibord.i18n import tr
from digibord.paths import user_data_dir

FILE_NAME = "collectiviteit-instellingen.json"


class SettingsStore(Protocol):
    def get_setting(self, collectivity: str, name: str) -> dict | None: ...

    def set_setting(self, collectivity: str, name: str, value: dict) -> None: ...


class MemorySettingsStore:
    """Settings in memory (tests; a window that must not write)."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, dict]] = {}

    def get_setting(self, collectivity: str, name: str) -> dict | None:
        value = self._data.get(collectivity, {}).get(name)
        return json.loads(json.dumps(value)) if value is not None else None

    def set_setting(self, collectivity: str, name: str, value: dict) -> None:
        self._data.setdefault(collectivity, {})[name] = json.loads(json.dumps(value))


class JsonSettingsStore:
    """Settings in one JSON file: {collectivity: {name: value}}. Read on every call (another
    process, the window or a script, may have written meanwhile), written whole and atomically."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise CommandRefused(tr("profiles.store.unreadable", file=str(self.path),
                                    reason=str(exc))) from None
        if not isinstance(data, dict):
            raise CommandRefused(tr("profiles.store.unreadable", file=str(self.path),
                                    reason="{...}"))
        return data

    def get_setting(self, collectivity: str, name: str) -> dict | None:
        value = self._read().get(collectivity, {}).get(name)
        return value if isinstance(value, dict) else None

    def set_setting(self, collectivity: str, name: str, value: dict) -> None:
        data = self._read()
        data.setdefault(collectivity, {})[name] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_bytes(self.path, text.encode("utf-8"), overwrite=True)


def settings_store() -> SettingsStore:
    """The store the program uses (the archive's, once it has one)."""
    return JsonSettingsStore(user_data_dir() / FILE_NAME)
