"""Every key the window uses exists in both the Dutch and the English catalogs (a missing
English key would silently show Dutch; a missing key everywhere shows the key itself)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI = REPO / "digibord" / "ui"
TRANSLATIONS = REPO / "resources" / "translations"


def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((TRANSLATIONS / lang).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


NL, EN = catalog("nl"), catalog("en")
AREAS = sorted({k.split(".", 1)[0] for k in NL} | {k.split(".", 1)[0] for k in EN})
# A key, or the start of one that the code completes ("ui.export.title_" + fmt).
_AREA = "|".join(map(re.escape, AREAS))
KEY = re.compile(rf"^(?:menu:)?((?:{_AREA})\.[A-Za-z0-9_.\-]*)$")


def _literal_prefix(node: ast.AST) -> str | None:
    """"ui.role." + role and f"payroll.status.{s}": the constant start of the key."""
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
        return node.left.value if isinstance(node.left.value, str) else None
    if isinstance(node, ast.JoinedStr) and node.values \
            and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    return None


def used_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(keys, prefixes) -> where: every string constant in digibord/ui that looks like a key
    (tr("..."), ActionSpec("...", "ui.action..."), title_key = "...", tables of keys), and the
    constant starts of keys built in the code."""
    keys: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(REPO))
        built = set()
        for node in ast.walk(tree):
            prefix = _literal_prefix(node)
            if prefix is not None and KEY.match(prefix):
                prefixes.setdefault(KEY.match(prefix).group(1), f"{where}:{node.lineno}")
                first = node.left if isinstance(node, ast.BinOp) else node.values[0]
                built.add(id(first))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in built:
                m = KEY.match(node.value)
                if m and not m.group(1).endswith((".", "_")):
                    keys.setdefault(m.group(1), f"{where}:{node.lineno}")
    return keys, prefixes


def test_the_scan_finds_keys():
    keys, prefixes = used_keys()
    assert "ui.action.open" in keys  # ActionSpec
    assert "ui.menu.recent" in keys  # "menu:ui.menu.recent"
    assert "ui.view.insured" in keys  # title_key
    assert "ui.export.title_" in prefixes
    assert "payroll.status." in prefixes
    assert len(keys) > 150


def test_every_key_used_in_the_window_is_in_both_languages():
    keys, _ = used_keys()
    missing = [f"{key} ({where}): {lang}" for key, where in sorted(keys.items())
               for lang, cat in (("nl", NL), ("en", EN)) if key not in cat]
    assert not missing, "\n".join(missing)


def test_every_key_built_in_the_code_has_translations():
    _, prefixes = used_keys()
    missing = [f"{prefix}* ({where}): {lang}" for prefix, where in sorted(prefixes.items())
               for lang, cat in (("nl", NL), ("en", EN))
               if not any(k.startswith(prefix) for k in cat)]
    assert not missing, "\n".join(missing)


def test_ui_catalogs_have_the_same_keys_and_placeholders():
    nl = json.loads((TRANSLATIONS / "nl" / "ui.json").read_text(encoding="utf-8"))
    en = json.loads((TRANSLATIONS / "en" / "ui.json").read_text(encoding="utf-8"))
    assert sorted(set(nl) ^ set(en)) == []
    field = re.compile(r"\{(\w+)\}")
    wrong = [k for k in nl if set(field.findall(nl[k])) != set(field.findall(en[k]))]
    assert wrong == []
