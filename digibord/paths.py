"""Where the program finds its bundled resources and the user's own files."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "Digibord"
APP_AUTHOR = "Digibord"


@cache
def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    override = os.environ.get("DIGIBORD_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_config_dir() -> Path:
    """The user's settings folder (own payroll profiles, settings). DIGIBORD_HOME overrides it."""
    home = os.environ.get("DIGIBORD_HOME")
    if home:
        return Path(home) / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True))


def user_data_dir() -> Path:
    """The user's data folder (the archive). DIGIBORD_HOME overrides it (tests, portable use)."""
    home = os.environ.get("DIGIBORD_HOME")
    if home:
        return Path(home) / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
