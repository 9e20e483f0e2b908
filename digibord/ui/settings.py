"""The window's settings in an INI file under `digibord.paths.user_config_dir()` (so that
DIGIBORD_HOME redirects it for tests and portable use)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from digibord import i18n
from digibord.paths import user_config_dir

MAX_RECENT = 10


def settings_path() -> Path:
    return user_config_dir() / "digibord.ini"


def configure_defaults() -> None:
    """Make a plain `QSettings()` an INI file in our folder too (for code that uses one)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(user_config_dir()))


def settings() -> QSettings:
    """A fresh handle on the settings file (cheap; QSettings shares the parsed file)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def language() -> str:
    """The chosen language; without a choice the system's (English locale -> en), else Dutch."""
    value = settings().value("ui/language", "", str)
    return value if value in i18n.LANGUAGES else i18n.default_language()


def set_language(lang: str) -> None:
    settings().setValue("ui/language", lang)


def show_bsn() -> bool:
    return settings().value("ui/show_bsn", False, bool)


def set_show_bsn(on: bool) -> None:
    settings().setValue("ui/show_bsn", on)


def recent_files() -> list[str]:
    value = settings().value("files/recent", [])
    if isinstance(value, str):  # QSettings gives a single entry as a plain string
        value = [value]
    return [str(v) for v in value or []]


def add_recent_file(path: Path | str) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files() if f != path]
    files = files[:MAX_RECENT]
    settings().setValue("files/recent", files)
    return files


def clear_recent_files() -> None:
    settings().setValue("files/recent", [])


def last_dir() -> str:
    return settings().value("files/last_dir", "", str)


def set_last_dir(path: Path | str) -> None:
    settings().setValue("files/last_dir", str(path))
