"""Where the program finds its bundled resources and the user's own files."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "Digibord"
APP_AUTHOR = "Digibord"

_PACKAGE = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    """The `resources/` folder. DIGIBORD_RESOURCES overrides it (tests break it on purpose);
    in the frozen bundle it is `_internal/resources`; an installed wheel has it inside the
    package (setup.py maps it there); a checkout, editable install included, beside it."""
    override = os.environ.get("DIGIBORD_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_dir() -> Path:
    """The bundled demo borderels (four months of a made-up employer)."""
    return resource("demo")


def demo_files() -> list[Path]:
    """The demo borderels, oldest month first; none when the folder is missing."""
    folder = demo_dir()
    return sorted(folder.glob("*.dat")) if folder.is_dir() else []


def _home(value: str) -> Path:
    """DIGIBORD_HOME as a folder: `~` expanded (a quoted `~` in a script or a shortcut's
    environment is not expanded by a shell) and made absolute, so that a run from another
    folder finds the same archive."""
    return Path(value).expanduser().absolute()


def user_config_dir() -> Path:
    """The user's settings folder (own payroll profiles, settings). DIGIBORD_HOME overrides it."""
    home = os.environ.get("DIGIBORD_HOME")
    if home:
        return _home(home) / "config"
    import platformdirs  # 13 ms with tempfile and random: not for commands that need no folder

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True))


def user_data_dir() -> Path:
    """The user's data folder (the archive). DIGIBORD_HOME overrides it (tests, portable use)."""
    home = os.environ.get("DIGIBORD_HOME")
    if home:
        return _home(home) / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
