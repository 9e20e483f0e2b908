"""`digibord --self-test`: does this installation work? One line per check (OK/FOUT), exit 0
when all pass, 1 otherwise. Meant for the frozen bundle (a missing resource, keyring backend
or Qt plugin shows up here, not at a customer's desk), so it checks what PyInstaller can lose:
the resources/ tree, the demo borderels end to end through Excel and PDF, keyring's backends,
and Qt. Nothing is written outside a temporary folder and no window is opened."""

from __future__ import annotations

import json
import platform
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digibord import __version__
from digibord.i18n import LANGUAGES, tr
from digibord.paths import resources_dir

FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
ICONS = ("digibord.ico", "digibord.png", "digibord.svg")
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
# The keyring backend each system should have; its entry point lives in keyring's metadata.
PLATFORM_BACKENDS = {"win32": "Windows", "darwin": "macOS", "linux": "SecretService"}
# Qt's platform plugin for each system, by file-name stem.
QT_PLATFORM_PLUGINS = {"win32": "qwindows", "darwin": "qcocoa", "linux": "qxcb"}


class Failed(Exception):
    """A check that did not pass; the message says what is wrong."""


@dataclass
class Outcome:
    label: str
    ok: bool
    detail: str


# With the translations themselves missing (a broken bundle) the report must still say what
# is wrong: these few words fall back to Dutch, other texts to their key and values.
_FALLBACK = {"selftest.ok": "OK", "selftest.fail": "FOUT", "selftest.missing": "ontbreekt: {path}",
             "selftest.damaged": "beschadigd: {path}"}


def _text(key: str, **params: object) -> str:
    text = tr(key, **params)
    if text != key:
        return text
    if key in _FALLBACK:
        return _FALLBACK[key].format(**params)
    return " ".join([key, *(str(v) for v in params.values())])


def _require(path: Path) -> Path:
    if not path.exists():
        raise Failed(_text("selftest.missing", path=str(path)))
    return path


# ---- the checks: each returns a detail text or raises Failed ---------------------------------

def check_resources(state: dict) -> str:
    folder = resources_dir()
    if not folder.is_dir():
        raise Failed(_text("selftest.missing", path=str(folder)))
    return str(folder)


def check_layouts(state: dict) -> str:
    from digibord.formats.layout import load_layout, supported_versions

    versions = supported_versions()
    if not versions:
        raise Failed(_text("selftest.missing", path=str(resources_dir() / "layouts"
                                                        / "borderel_v*.csv")))
    for version in versions:
        load_layout(version)
    return ", ".join(f"borderel_v{v}.csv" for v in versions)


def check_translations(state: dict) -> str:
    folder = resources_dir() / "translations"
    areas = {lang: sorted(p.name for p in (folder / lang).glob("*.json")) for lang in LANGUAGES}
    missing = [f"{lang}/selftest.json" for lang in LANGUAGES
               if "selftest.json" not in areas[lang]]
    everywhere = set().union(*areas.values())
    missing += [f"{lang}/{name}" for lang in LANGUAGES for name in sorted(everywhere)
                if name not in areas[lang] and f"{lang}/{name}" not in missing]
    if missing:
        raise Failed(_text("selftest.missing", path=", ".join(str(folder / m) for m in missing)))
    for lang in LANGUAGES:
        for name in areas[lang]:
            try:
                json.loads((folder / lang / name).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise Failed(f"{lang}/{name}: {exc}") from None
    return _text("selftest.detail.translations",
                 languages=", ".join(LANGUAGES), count=len(everywhere))


def check_profiles(state: dict) -> str:
    from digibord.formats.profiles import builtin_dir, load_profile

    names = sorted(p.stem for p in builtin_dir().glob("*.toml"))
    if not names:
        raise Failed(_text("selftest.missing", path=str(builtin_dir() / "*.toml")))
    for name in names:
        load_profile(name)  # refuses a damaged profile with a CommandRefused
    return ", ".join(names)


def check_fonts(state: dict) -> str:
    for name in FONTS:
        path = _require(resources_dir() / "fonts" / name)
        with open(path, "rb") as fh:
            if fh.read(4) not in TRUETYPE_MAGIC:
                raise Failed(_text("selftest.damaged", path=str(path)))
    return ", ".join(FONTS)


def check_icons(state: dict) -> str:
    for name in ICONS:
        _require(resources_dir() / "icons" / name)
    return ", ".join(ICONS)


def check_demo(state: dict) -> str:
    from digibord.formats.reader import parse_borderel

    folder = resources_dir() / "demo"
    files = sorted(folder.glob("*.dat"))
    if not files:
        raise Failed(_text("selftest.missing", path=str(folder / "*.dat")))
    months = []
    for path in files:
        result = parse_borderel(path.read_bytes(), str(path))
        if not result.valid:
            raise Failed(_text("selftest.detail.demo_refused", file=path.name,
                               count=result.error_total))
        state.setdefault("borderel", result.borderel)
        months.append(result.borderel.label())
    return _text("selftest.detail.demo", count=len(files), months=", ".join(months))


def _demo_export(state: dict, fmt: str) -> tuple[Path, int]:
    """The first demo borderel's insured list written as `fmt` into the temporary folder."""
    from digibord.export.files import write_report
    from digibord.reconcile.insured_list import insured_list

    borderel = state.get("borderel")
    if borderel is None:
        raise Failed(_text("selftest.detail.no_demo"))
    result = state.get("insured") or insured_list(borderel)
    state["insured"] = result
    path = write_report(result, Path(state["tmp"]) / f"zelftest.{fmt}", fmt)
    return path, len(result.rows)


def check_excel(state: dict) -> str:
    import openpyxl

    path, people = _demo_export(state, "xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        rows = sheet.max_row or 0
        sheets = len(book.sheetnames)
    finally:
        book.close()
    if rows < people:  # one row per insured person at least, under the headings
        raise Failed(_text("selftest.detail.excel_short", rows=rows, people=people))
    name = str(state["borderel"].insured["name"].iloc[0])
    if not any(name in c for c in cells):  # the content read back, not only the shape
        raise Failed(_text("selftest.detail.excel_content", name=name))
    return _text("selftest.detail.excel", rows=rows, sheets=sheets)


def check_pdf(state: dict) -> str:
    path, _people = _demo_export(state, "pdf")
    data = path.read_bytes()
    # ReportLab writes page objects uncompressed, so counting them needs no PDF library.
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:] or pages < 1:
        raise Failed(_text("selftest.damaged", path=str(path)))
    return _text("selftest.detail.pdf", pages=pages, size=len(data) // 1024)


def check_keyring(state: dict) -> str:
    from importlib.metadata import entry_points

    import keyring

    from digibord.archive.keystore import keyring_usable

    found = {ep.name for ep in entry_points(group="keyring.backends")}
    expected = PLATFORM_BACKENDS.get(sys.platform)
    if expected and expected not in found:
        # Without keyring's metadata a frozen build quietly ends at its failing backend.
        raise Failed(_text("selftest.detail.keyring_missing", name=expected))
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if keyring_usable(backend):
        return _text("selftest.detail.keyring", name=name)
    if sys.platform == "win32":  # the Credential Manager is always there on Windows
        raise Failed(_text("selftest.detail.keyring_unusable", name=name))
    return _text("selftest.detail.keyring_file", name=name)


def check_archive(state: dict) -> str:
    """What the encrypted archive stands on: SQLite and AES-GCM from cryptography."""
    import sqlite3

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with sqlite3.connect(":memory:") as db:
        db.execute("create table t (x)")
    key = AESGCM.generate_key(bit_length=256)
    nonce = b"\0" * 12
    sealed = AESGCM(key).encrypt(nonce, b"zelftest", None)
    if AESGCM(key).decrypt(nonce, sealed, None) != b"zelftest":
        raise Failed("AES-GCM")
    return f"SQLite {sqlite3.sqlite_version}, AES-GCM"


def check_qt(state: dict) -> str:
    # Only here: the rest of the self-test (and the core) must run without Qt.
    from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401

    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    wanted = QT_PLATFORM_PLUGINS.get(sys.platform)
    have = {p.name.split(".")[0].removeprefix("lib") for p in (plugins / "platforms").glob("*")}
    if wanted and wanted not in have:
        raise Failed(_text("selftest.missing", path=str(plugins / "platforms" / wanted)))
    translations = Path(QtCore.QLibraryInfo.path(
        QtCore.QLibraryInfo.LibraryPath.TranslationsPath))
    _require(translations / "qtbase_nl.qm")
    return _text("selftest.detail.qt", version=QtCore.qVersion(),
                 platforms=", ".join(sorted(have)))


CHECKS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("selftest.check.resources", check_resources),
    ("selftest.check.layouts", check_layouts),
    ("selftest.check.translations", check_translations),
    ("selftest.check.profiles", check_profiles),
    ("selftest.check.fonts", check_fonts),
    ("selftest.check.icons", check_icons),
    ("selftest.check.demo", check_demo),
    ("selftest.check.excel", check_excel),
    ("selftest.check.pdf", check_pdf),
    ("selftest.check.archive", check_archive),
    ("selftest.check.keyring", check_keyring),
    ("selftest.check.qt", check_qt),
)


def run_checks() -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="digibord-zelftest-") as tmp:
        state: dict = {"tmp": tmp}
        for key, check in CHECKS:
            try:
                outcomes.append(Outcome(_text(key), True, check(state)))
            except Failed as exc:
                outcomes.append(Outcome(_text(key), False, str(exc)))
            except Exception as exc:  # any fault is a finding of the self-test, not a crash
                outcomes.append(Outcome(_text(key), False, f"{type(exc).__name__}: {exc}"))
    return outcomes


def run_self_test() -> int:
    frozen = getattr(sys, "frozen", False)
    print(_text("selftest.title", version=__version__,
                kind=_text("selftest.frozen" if frozen else "selftest.source"),
                python=platform.python_version(), system=f"{platform.system()} "
                f"{platform.release()}"))
    outcomes = run_checks()
    status = {True: _text("selftest.ok"), False: _text("selftest.fail")}
    width = max(len(s) for s in status.values())
    for o in outcomes:
        print(f"{status[o.ok]:<{width}}  {o.label}: {o.detail}")
    failed = sum(not o.ok for o in outcomes)
    if failed:
        print(_text("selftest.summary.fail", failed=failed, count=len(outcomes)))
        return 1
    print(_text("selftest.summary.ok", count=len(outcomes)))
    return 0
