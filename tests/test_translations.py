"""Every message key the core and the command line use exists in Dutch and in English, and the
two catalogs hold the same keys with the same {placeholders}."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from digibord import i18n
from digibord.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent / "digibord"
KEY = re.compile(r"""\btr\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""")


def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((resources_dir() / "translations" / lang).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        clash = set(merged) & set(data)
        assert not clash, f"{path.name} repeats keys of another file: {sorted(clash)[:5]}"
        merged.update(data)
    return merged


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_hold_the_same_keys_and_placeholders():
    nl, en = catalog("nl"), catalog("en")
    assert set(nl) - set(en) == set(), "missing in English"
    assert set(en) - set(nl) == set(), "missing in Dutch"
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key


def test_every_literal_key_in_the_code_exists():
    nl = catalog("nl")
    missing = {}
    for path in ROOT.rglob("*.py"):
        for key in KEY.findall(path.read_text(encoding="utf-8")):
            if key.endswith((".", "_")):  # a prefix completed at run time: f"mutation.{code}"
                continue
            if key not in nl:
                missing.setdefault(key, str(path.relative_to(ROOT)))
    assert missing == {}


def test_every_mutation_code_and_file_kind_has_words():
    from digibord.formats.borderel import MUTATION_CODES

    nl = catalog("nl")
    for key in MUTATION_CODES.values():
        assert key in nl
    for kind in ("xlsx", "zip", "ole", "pdf", "html", "xml", "image", "gzip", "rtf", "utf16",
                 "binary"):
        assert f"reader.kind.{kind}" in nl


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "nl"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "nl"),  # LC_ALL wins, and C asks for nothing
    ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}, "en"),  # gettext: LANGUAGE first
    ({"LANGUAGE": "en_US:en", "LANG": "C.UTF-8"}, "nl"),  # ... but not in the C locale
    ({"LANGUAGE": "nl", "LANG": "en_US.UTF-8"}, "nl"),
    ({"DIGIBORD_LANG": "en", "LANGUAGE": "nl", "LANG": "nl_NL"}, "en"),
])
def test_an_english_locale_gives_english(monkeypatch, env, lang):
    """cli.md: messages are Dutch by default; an English locale gives English, the locale of
    the messages found as gettext finds it."""
    for var in ("DIGIBORD_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.default_language() == lang
