"""The Windows version resources of Digibord.exe and digibord-cli.exe (tools/windows/
version_resource.py, used by build_installer.spec): each program its own, and a Translation
block that lists exactly the string tables there are.

The text is evaluated with PyInstaller's own classes into the structure PyInstaller writes into
the .exe (its binary form can only be produced on Windows: it packs with native C longs).
tools/windows/build_under_wine.sh checks the same in the built .exe files with pefile.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import digibord

# PyInstaller's versioninfo imports pefile, which PyInstaller installs on Windows only; CI
# installs both (.ci/run). Without them this module cannot test anything.
pytest.importorskip("pefile", reason="pip install pefile (and .[bundle])")
compat = pytest.importorskip("PyInstaller.compat", reason="pip install -e .[bundle]")
# versioninfo takes win32api from compat only to open .exe files, which this test does not do;
# on Linux compat has no such name at all.
if not hasattr(compat, "win32api"):
    compat.win32api = None
from PyInstaller.utils.win32 import versioninfo  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "version_resource", REPO / "tools" / "windows" / "version_resource.py")
version_resource = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(version_resource)

EXES = ["Digibord.exe", "digibord-cli.exe"]


def _parsed(exe: str):
    """The resource as PyInstaller builds it into the .exe: the text evaluated the way
    load_version_info_from_text_file does, into its VSVersionInfo structure."""
    text = version_resource.version_text(exe, digibord.__version__)
    info = eval(text, vars(versioninfo))
    assert isinstance(info, versioninfo.VSVersionInfo)
    return info


def _tables(info) -> dict[str, dict[str, str]]:
    return {table.name: {s.name: s.val for s in table.kids}
            for kid in info.kids if isinstance(kid, versioninfo.StringFileInfo)
            for table in kid.kids}


def _translations(info) -> list[tuple[int, int]]:
    pairs = []
    for kid in info.kids:
        if isinstance(kid, versioninfo.VarFileInfo):
            for var in kid.kids:
                assert var.name == "Translation"
                pairs += list(zip(var.kids[::2], var.kids[1::2], strict=True))
    return pairs


@pytest.mark.parametrize("exe", EXES)
def test_each_program_names_itself(exe):
    info = _parsed(exe)
    (table,) = _tables(info).values()
    assert table["OriginalFilename"] == exe
    assert table["InternalName"] == Path(exe).stem
    assert table["FileVersion"] == table["ProductVersion"] == digibord.__version__
    assert table["ProductName"] == "Digibord"
    numbers = tuple(int(n) for n in re.findall(r"\d+", digibord.__version__)[:4])
    assert info.ffi.fileVersionMS >> 16 == numbers[0]
    assert info.ffi.fileVersionMS & 0xFFFF == numbers[1]


def test_the_two_programs_have_their_own_description():
    descriptions = [next(iter(_tables(_parsed(exe)).values()))["FileDescription"] for exe in EXES]
    assert len(set(descriptions)) == 2
    assert "opdrachtregel" in descriptions[1]


@pytest.mark.parametrize("exe", EXES)
def test_translation_lists_exactly_the_string_tables(exe):
    info = _parsed(exe)
    tables = {int(name[:4], 16): int(name[4:], 16) for name in _tables(info)}
    assert sorted(tables.items()) == sorted(_translations(info))
    assert _translations(info) == [(0x0413, 1200)]  # Dutch, Unicode


def test_the_spec_gives_each_exe_its_own_resource():
    """build_installer.spec passes the helper's resource per program, not one shared file."""
    spec = (REPO / "build_installer.spec").read_text(encoding="utf-8")
    for exe in EXES:
        assert re.search(rf"_version_file\(\"{re.escape(exe)}\"\)", spec), exe
    assert "OriginalFilename" not in spec  # the strings live in the helper only


def test_version_numbers():
    assert version_resource.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert version_resource.version_tuple("2.0") == (2, 0, 0, 0)
    assert version_resource.version_tuple("1.2.3.4.5") == (1, 2, 3, 4)
    assert version_resource.read_version(REPO) == digibord.__version__
