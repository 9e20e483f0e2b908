"""The Windows version resources of the two programs, as PyInstaller's text format.

Explorer's Properties > Details and Windows Installer/SmartScreen read these. Each program has
its own (OriginalFilename, InternalName and FileDescription say which one it is). There is one
string table, in Dutch (0x0413, Unicode code page 1200), and the Translation block lists exactly
that pair: a Translation entry without a table of its own makes tools show empty fields.

The text is a `VSVersionInfo(...)` expression that PyInstaller evaluates with the classes of
`PyInstaller.utils.win32.versioninfo`; it is written as text because that module imports
pefile, which PyInstaller installs on Windows only (the spec also runs on Linux).
Used by build_installer.spec and tests/test_bundle_version_resource.py.
"""

from __future__ import annotations

import re
from pathlib import Path

LANGUAGE = 0x0413  # Dutch (Netherlands)
CODEPAGE = 1200  # UTF-16: the strings are stored as Unicode
COMPANY = "Digibord"
PRODUCT = "Digibord"

# file name -> FileDescription (Dutch, like the string table)
PROGRAMS: dict[str, str] = {
    "Digibord.exe": "Digibord - borderellen collectieve zorgverzekering",
    "digibord-cli.exe": "Digibord opdrachtregel - borderellen controleren, omzetten en archiveren",
}


def read_version(root: Path) -> str:
    """`__version__` of digibord/__init__.py, read as text (the spec does not import the
    package it freezes)."""
    text = (root / "digibord" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if match is None:
        raise ValueError("no __version__ in digibord/__init__.py")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers of the fixed file info: "1.2.3" -> (1, 2, 3, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    a, b, c, d = [*numbers, 0, 0, 0, 0][:4]
    return a, b, c, d


def strings(exe_name: str, version: str) -> dict[str, str]:
    """The string table of one program."""
    return {
        "CompanyName": COMPANY,
        "FileDescription": PROGRAMS[exe_name],
        "FileVersion": version,
        "InternalName": Path(exe_name).stem,
        "LegalCopyright": "MIT License",
        "OriginalFilename": exe_name,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }


def version_text(exe_name: str, version: str) -> str:
    """The version resource of `exe_name` as a VSVersionInfo expression."""
    numbers = version_tuple(version)
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})"
                                 for k, v in strings(exe_name, version).items())
    # fileType 0x1: an application; OS 0x40004: Windows NT, 32-bit-or-later Windows API
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('{LANGUAGE:04X}{CODEPAGE:04X}', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [{LANGUAGE:#06x}, {CODEPAGE}])])
  ]
)
"""


def write_version_file(folder: Path, exe_name: str, version: str) -> Path:
    """Write the text where PyInstaller's `EXE(version=...)` reads it; returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(exe_name).stem}-version.txt"
    path.write_text(version_text(exe_name, version), encoding="utf-8")
    return path
