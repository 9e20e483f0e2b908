"""Messages in Dutch (default) and English, from `resources/translations/<lang>/*.json`
(one file per area of the program, merged; keys are unique across files).

Every text a person reads goes through `tr(key, **params)`, so that a message catalog, not the
code, holds the words. The language is chosen once per process: `--lang`, the settings of the
window, or an English locale in the environment.
"""

from __future__ import annotations

import json
import os
from functools import cache

from digibord.paths import resource

LANGUAGES = ("nl", "en")
_current: str | None = None


def default_language() -> str:
    """Dutch unless the environment asks for English: DIGIBORD_LANG, else the locale of the
    messages as gettext finds it (LANGUAGE's first entry, unless the locale is C/POSIX; then
    LC_ALL, LC_MESSAGES, LANG)."""
    own = os.environ.get("DIGIBORD_LANG", "")
    if own:
        return _of_locale(own)
    locale = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG")
                   if os.environ.get(v)), "")
    wanted = os.environ.get("LANGUAGE", "").split(":")[0]
    if wanted and locale.split(".")[0] not in ("C", "POSIX"):
        return _of_locale(wanted)
    return _of_locale(locale) if locale else "nl"


def _of_locale(value: str) -> str:
    return "en" if value.lower().startswith("en") else "nl"


def set_language(lang: str | None) -> None:
    global _current
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current or default_language()


@cache
def _catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(resource("translations", lang).glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            merged.update(json.load(fh))
    return merged


def tr(key: str, lang: str | None = None, /, **params: object) -> str:
    """The text for `key` in `lang` (default: the current language), with `{params}` filled in.

    A key missing from the English catalog falls back to Dutch; a key missing everywhere is
    returned as it is, so that a forgotten translation shows up instead of crashing."""
    lang = lang or language()
    text = _catalog(lang).get(key)
    if text is None and lang != "nl":
        text = _catalog("nl").get(key)
    if text is None:
        return key
    return text.format(**params) if params else text
