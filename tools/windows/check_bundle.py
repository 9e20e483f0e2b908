"""Check a built Windows bundle and print its size table:

    python check_bundle.py BUNDLE_DIR [--limit-mb 150] [--installed DIR]

- the version resource of each .exe, read from the file with pefile, is the one
  tools/windows/version_resource.py describes (its own OriginalFilename and description, one
  Dutch string table, a Translation block listing exactly that table);
- none of the stand-in DLLs of the Wine prefix got into the bundle;
- every module of the digibord package is in the shared module archive (cli.py imports its
  commands by name, so only the hidden imports bring them in), and none of the test helpers
  (devtools: the synthetic series, the in-memory keyring);
- the size, by part, and in total under the limit (with --installed: of the installed folder,
  uninstaller included, which is what "installed" means).
Exits 1 with the reasons when something is wrong. Needs pefile (any platform).
"""

from __future__ import annotations

import argparse
import importlib.util
import marshal
import struct
import sys
from pathlib import Path

import pefile

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
STANDINS = {"icuuc.dll", "bcryptprimitives.dll", "ucrtbase.dll", "ucrtwine.dll"}
DEV_ONLY = ("devtools",)
MB = 1e6

# part of the table -> path prefixes inside _internal (first match wins)
PARTS = [
    ("Qt: Core, Gui, Widgets, Svg, PrintSupport", ("PySide6/Qt6",)),
    ("Qt: plugins and translations", ("PySide6/plugins", "PySide6/translations")),
    ("Qt: software OpenGL (opengl32sw.dll)", ("PySide6/opengl32sw.dll",)),
    ("Qt: Python bindings (PySide6, shiboken6)", ("PySide6", "shiboken6")),
    ("numpy with OpenBLAS", ("numpy", "numpy.libs")),
    ("pandas", ("pandas", "pandas.libs")),
    ("cryptography (Rust)", ("cryptography",)),
    ("OpenSSL (hashlib, ssl)", ("libcrypto-3.dll", "libssl-3.dll", "_hashlib.pyd", "_ssl.pyd")),
    ("Python 3.11 runtime and stdlib extensions", ("python3", "base_library.zip", "_", "VCRUNTIME",
                                                    "unicodedata", "select.pyd", "pyexpat",
                                                    "libffi", "sqlite3.dll")),
    ("Pillow (for ReportLab)", ("PIL",)),
    ("python-calamine (Excel reading)", ("python_calamine",)),
    ("modules.pyz (all Python modules, shared)", ("modules.pyz",)),
    ("resources (layouts, fonts, demo, ...)", ("resources",)),
]


def _version_resource():
    spec = importlib.util.spec_from_file_location("version_resource", HERE / "version_resource.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _node(data: bytes, offset: int) -> tuple[str, bytes, list, int]:
    """One node of a VS_VERSIONINFO tree: (key, value bytes, children, end offset). The layout:
    wLength, wValueLength, wType, a NUL-terminated UTF-16 key, padding to 4, the value (bytes,
    or UTF-16 characters when wType is 1), padding to 4, the children up to wLength."""
    length, value_length, kind = struct.unpack_from("<HHH", data, offset)
    end = offset + length
    key_end = offset + 6
    while data[key_end:key_end + 2] != b"\0\0":
        key_end += 2
    key = data[offset + 6:key_end].decode("utf-16-le")
    pos = (key_end + 2 + 3) & ~3
    size = value_length * 2 if kind == 1 else value_length
    value = data[pos:pos + size]
    pos = (pos + size + 3) & ~3
    children = []
    while pos < end:
        child = _node(data, pos)
        children.append(child)
        pos = (child[3] + 3) & ~3
    return key, value, children, end


def read_version_resource(exe: Path) -> tuple[dict[str, dict[str, str]], list[tuple[int, int]]]:
    """The string tables ({"041304b0": {...}}) and the Translation pairs of an .exe, parsed
    from its RT_VERSION resource bytes (pefile finds the bytes; the tree is parsed here)."""
    pe = pefile.PE(str(exe), fast_load=True)
    pe.parse_data_directories([pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    version_type = pefile.RESOURCE_TYPE["RT_VERSION"]
    blobs = [pe.get_data(lang.data.struct.OffsetToData, lang.data.struct.Size)
             for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries if kind.id == version_type
             for name in kind.directory.entries for lang in name.directory.entries]
    pe.close()
    if len(blobs) != 1:
        raise SystemExit(f"{exe.name}: {len(blobs)} version resources")
    key, _ffi, children, _end = _node(blobs[0], 0)
    assert key == "VS_VERSION_INFO", key
    tables, translations = {}, []
    for child_key, _value, grandchildren, _ in children:
        if child_key == "StringFileInfo":
            for table_key, _v, strings, _e in grandchildren:
                tables[table_key.lower()] = {
                    k: v.decode("utf-16-le").rstrip("\0") for k, v, _c, _e2 in strings}
        elif child_key == "VarFileInfo":
            for var_key, value, _c, _e in grandchildren:
                if var_key == "Translation":
                    words = struct.unpack(f"<{len(value) // 2}H", value)
                    translations += list(zip(words[::2], words[1::2], strict=True))
    return tables, translations


def version_problems(exe: Path, version: str) -> list[str]:
    vr = _version_resource()
    tables, translations = read_version_resource(exe)
    want_table = f"{vr.LANGUAGE:04x}{vr.CODEPAGE:04x}"
    problems = []
    if list(tables) != [want_table]:
        problems.append(f"{exe.name}: string tables {sorted(tables)}, expected [{want_table}]")
    if translations != [(vr.LANGUAGE, vr.CODEPAGE)]:
        shown = [f"{lang:#06x}/{cp}" for lang, cp in translations]
        problems.append(f"{exe.name}: Translation {shown}, expected only "
                        f"{vr.LANGUAGE:#06x}/{vr.CODEPAGE}")
    strings = next(iter(tables.values()), {})
    for key, value in vr.strings(exe.name, version).items():
        if strings.get(key) != value:
            problems.append(f"{exe.name}: {key} is {strings.get(key)!r}, expected {value!r}")
    if not problems:
        print(f"{exe.name}: version resource {strings['FileVersion']}, "
              f"OriginalFilename {strings['OriginalFilename']}, "
              f"\"{strings['FileDescription']}\", Translation 0x0413/1200 only")
    return problems


def pyz_modules(pyz: Path) -> set[str]:
    """The module names in a PyInstaller PYZ: b"PYZ\\0", the bytecode magic, the offset of the
    marshalled table of contents (big-endian int)."""
    with open(pyz, "rb") as fh:
        if fh.read(4) != b"PYZ\0":
            raise SystemExit(f"{pyz} is not a PYZ archive")
        fh.read(4)
        (toc_offset,) = struct.unpack("!i", fh.read(4))
        fh.seek(toc_offset)
        return {name for name, _entry in marshal.load(fh)}


def source_modules(package_dir: Path) -> set[str]:
    """digibord's modules as the checkout has them (digibord.x.y for digibord/x/y.py)."""
    names = set()
    for path in package_dir.rglob("*.py"):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def size_table(bundle: Path) -> tuple[list[tuple[str, int, int]], int]:
    internal = bundle / "_internal"
    totals = {name: [0, 0] for name, _ in PARTS}
    totals["executables"] = [0, 0]
    totals["other"] = [0, 0]
    for path in bundle.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        if path.parent == bundle:
            part = "executables"  # Digibord.exe, digibord-cli.exe (and unins000.* installed)
        else:
            rel = path.relative_to(internal).as_posix() if internal in path.parents else ""
            part = next((name for name, prefixes in PARTS
                         if any(rel.startswith(p) for p in prefixes)), "other")
        totals[part][0] += size
        totals[part][1] += 1
    rows = sorted(((name, s, n) for name, (s, n) in totals.items() if n),
                  key=lambda r: -r[1])
    return rows, sum(s for _, s, _ in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--limit-mb", type=float, default=150.0)
    parser.add_argument("--installed", type=Path, help="the installed folder to measure")
    parser.add_argument("--version", default=None)
    args = parser.parse_args(argv)
    version = args.version or _version_resource().read_version(ROOT)
    problems: list[str] = []
    for exe in ("Digibord.exe", "digibord-cli.exe"):
        problems += version_problems(args.bundle / exe, version)
    names = {p.name.lower() for p in args.bundle.rglob("*")}
    problems += [f"stand-in {n} is in the bundle" for n in sorted(STANDINS & names)]
    pyz = args.bundle / "_internal" / "modules.pyz"
    if pyz.is_file():
        frozen = pyz_modules(pyz)
        helpers = {m for m in frozen if any(m == d or m.startswith(d + ".") for d in DEV_ONLY)}
        problems += [f"test helper {m} is in modules.pyz" for m in sorted(helpers)]
        wanted = {m for m in source_modules(ROOT / "digibord")
                  if not any(m == d or m.startswith(d + ".") for d in DEV_ONLY)}
        problems += [f"{m} is not in modules.pyz" for m in sorted(wanted - frozen)]
        print(f"modules.pyz: {len(frozen)} modules, all {len(wanted)} of digibord "
              f"(without its test helpers) among them" if wanted <= frozen else "")
    else:
        problems.append("no _internal/modules.pyz: the executables do not share one archive")
    measured = args.installed or args.bundle
    rows, total = size_table(measured)
    print(f"\nsize of {measured.name} ({'installed' if args.installed else 'bundle'}):")
    for name, size, count in rows:
        print(f"  {size / MB:7.1f} MB  {count:4d} files  {name}")
    print(f"  {total / MB:7.1f} MB  {sum(r[2] for r in rows):4d} files  total "
          f"(limit {args.limit_mb:.0f} MB, {args.limit_mb - total / MB:.1f} MB left)")
    if total / MB >= args.limit_mb:
        problems.append(f"{total / MB:.1f} MB is not under {args.limit_mb:.0f} MB")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
