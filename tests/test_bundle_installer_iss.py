"""installer/digibord.iss: the .dat association and what uninstalling leaves behind.

The [Registry] section is read from the script and played on a small model of the registry
with Inno Setup's documented semantics (entries written in order, their uninstall flags applied
in reverse order on uninstall). tools/windows/build_under_wine.sh checks the same on a real
(Wine) registry with `reg query` after install and after uninstall.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ISS = REPO / "installer" / "digibord.iss"
CLASSES = "Software\\Classes"


def _defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"', text, re.M))


def _section(text: str, name: str) -> list[str]:
    match = re.search(rf"^\[{name}\]\s*$(.*?)(?=^\[\w+\]\s*$|\Z)", text, re.M | re.S)
    assert match, f"no [{name}] section"
    return [ln.strip() for ln in match.group(1).splitlines()
            if ln.strip() and not ln.strip().startswith(";")]


def _entry(line: str, defines: dict[str, str]) -> dict[str, str]:
    """One `Key: value; Key: "value"; ...` line, with {#Define}s filled in."""
    fields = {}
    for key, quoted, plain in re.findall(r'(\w+):\s*(?:"((?:[^"]|"")*)"|([^;]*))', line):
        value = quoted.replace('""', '"') if quoted or not plain else plain.strip()
        fields[key] = re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], value)
    return fields


@pytest.fixture(scope="module")
def entries() -> list[dict[str, str]]:
    text = ISS.read_text(encoding="utf-8")
    defines = _defines(text)
    return [_entry(line, defines) for line in _section(text, "Registry")]


class Registry:
    """Keys (paths relative to HKCU) with their values; "" is a key's (Default) value."""

    def __init__(self, keys: dict[str, dict[str, str]] | None = None):
        self.keys = {k: dict(v) for k, v in (keys or {}).items()}

    def create(self, key: str) -> None:
        parts = key.split("\\")
        for i in range(1, len(parts) + 1):
            self.keys.setdefault("\\".join(parts[:i]), {})

    def children(self, key: str) -> list[str]:
        return [k for k in self.keys if k.startswith(key + "\\")]

    def delete_tree(self, key: str) -> None:
        for k in [key, *self.children(key)]:
            self.keys.pop(k, None)

    def without_base(self) -> dict[str, dict[str, str]]:
        """What is left apart from Software and Software\\Classes, which Windows always has."""
        return {k: v for k, v in self.keys.items() if k not in ("Software", CLASSES) or v}


def install(reg: Registry, entries, tasks: set[str]) -> Registry:
    for e in entries:
        if e.get("Tasks") and e["Tasks"] not in tasks:
            continue
        assert e["Root"] == "HKCU", e  # per user: never HKLM, HKCR or HKA
        reg.create(e["Subkey"])
        if e.get("ValueType", "none") != "none":
            reg.keys[e["Subkey"]][e.get("ValueName", "")] = e.get("ValueData", "")
    return reg


def uninstall(reg: Registry, entries, tasks: set[str]) -> Registry:
    for e in reversed(entries):
        if e.get("Tasks") and e["Tasks"] not in tasks:
            continue
        key, flags = e["Subkey"], e.get("Flags", "").split()
        if "uninsdeletevalue" in flags and key in reg.keys:
            reg.keys[key].pop(e.get("ValueName", ""), None)
        if "uninsdeletekey" in flags:
            reg.delete_tree(key)
        if ("uninsdeletekeyifempty" in flags and key in reg.keys and not reg.keys[key]
                and not reg.children(key)):
            del reg.keys[key]
    return reg


ALL_TASKS = {"assocdat", "desktopicon"}


def test_association_only_through_open_with_progids(entries):
    progids = [e for e in entries if e["Subkey"] == f"{CLASSES}\\.dat\\OpenWithProgids"]
    assert [(e["ValueName"], e["ValueType"], e.get("ValueData", "")) for e in progids] == [
        ("Digibord.Borderel", "string", "")]
    assert {"uninsdeletevalue", "uninsdeletekeyifempty"} <= set(progids[0]["Flags"].split())
    assert progids[0]["Tasks"] == "assocdat"
    # .dat itself: never a value (its (Default) names the program that opens it by default)
    for e in entries:
        if e["Subkey"].lower() == f"{CLASSES}\\.dat".lower():
            assert e.get("ValueType", "none") == "none", e


def test_progid_opens_the_file_with_the_window(entries):
    reg = install(Registry(), entries, ALL_TASKS)
    command = reg.keys[f"{CLASSES}\\Digibord.Borderel\\shell\\open\\command"][""]
    assert command == '"{app}\\Digibord.exe" "%1"'
    assert reg.keys[f"{CLASSES}\\Digibord.Borderel\\DefaultIcon"][""] == "{app}\\Digibord.exe,0"
    app = reg.keys[f"{CLASSES}\\Applications\\Digibord.exe\\shell\\open\\command"][""]
    assert app == command


@pytest.mark.parametrize("tasks", [ALL_TASKS, set()])
def test_uninstall_leaves_nothing_on_a_clean_registry(entries, tasks):
    reg = Registry({"Software": {}, CLASSES: {}})
    install(reg, entries, tasks)
    assert f"{CLASSES}\\Applications\\Digibord.exe" in reg.keys
    uninstall(reg, entries, tasks)
    assert reg.without_base() == {}  # no value and no empty key of ours is left


def test_another_programs_association_stays_as_it_was(entries):
    before = {
        "Software": {}, CLASSES: {},
        f"{CLASSES}\\.dat": {"": "Other.Datafile", "Content Type": "application/octet-stream"},
        f"{CLASSES}\\.dat\\OpenWithProgids": {"Other.Datafile": ""},
        f"{CLASSES}\\Applications": {},
        f"{CLASSES}\\Applications\\other.exe": {"FriendlyAppName": "Other"},
    }
    reg = install(Registry(before), entries, ALL_TASKS)
    assert reg.keys[f"{CLASSES}\\.dat"][""] == "Other.Datafile"
    assert reg.keys[f"{CLASSES}\\.dat\\OpenWithProgids"] == {
        "Other.Datafile": "", "Digibord.Borderel": ""}
    uninstall(reg, entries, ALL_TASKS)
    assert reg.keys == before


def test_the_model_catches_what_the_old_script_did():
    """The model is strict enough: the former entries (writing .dat's default, deleting only the
    value) fail both checks above."""
    old = [
        {"Root": "HKCU", "Subkey": f"{CLASSES}\\.dat\\OpenWithProgids", "ValueType": "string",
         "ValueName": "Digibord.Borderel", "ValueData": "", "Flags": "uninsdeletevalue"},
        {"Root": "HKCU", "Subkey": f"{CLASSES}\\.dat", "ValueType": "string", "ValueName": "",
         "ValueData": "Digibord.Borderel", "Flags": "uninsdeletevalue"},
    ]
    reg = install(Registry({f"{CLASSES}\\.dat": {"": "Other.Datafile"}}), old, set())
    assert reg.keys[f"{CLASSES}\\.dat"][""] == "Digibord.Borderel"  # overwritten
    uninstall(reg, old, set())
    assert f"{CLASSES}\\.dat\\OpenWithProgids" in reg.keys  # an empty key stays


def test_uninstall_keeps_data_unless_asked():
    code = "\n".join(_section(ISS.read_text(encoding="utf-8"), "Code"))
    assert "{param:REMOVEDATA|}" in code
    assert re.search(r"else if UninstallSilent then\s+Result := False", code)
    assert "MB_DEFBUTTON2" in code  # the question's default button is No
    for folder in ("{userappdata}\\Digibord", "{localappdata}\\Digibord"):
        assert f"ExpandConstant('{folder}')" in code


def test_wine_script_checks_the_registry():
    """The under-Wine run looks at the real registry after install and after uninstall."""
    script = (REPO / "tools" / "windows" / "build_under_wine.sh").read_text(encoding="utf-8")
    assert "CLASSES='HKCU\\Software\\Classes'" in script
    assert "wine reg query" in script
    installed, _, after = script.partition('uninstall_app "$LOGS/uninstall-1.log"')
    assert '"$CLASSES\\\\.dat\\\\OpenWithProgids" /v Digibord.Borderel' in installed
    assert '"$CLASSES\\\\Digibord.Borderel\\\\shell\\\\open\\\\command"' in installed
    for key in (".dat", "Digibord.Borderel", "Applications\\\\Digibord.exe"):
        assert f'"$CLASSES\\\\{key}"' in after, key  # expected gone after uninstall
    assert "/REMOVEDATA=yes" in after
