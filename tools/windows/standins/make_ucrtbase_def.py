"""Prepare the ucrtbase.dll stand-in: a module definition and Wine's own ucrtbase as a plain DLL.

    python make_ucrtbase_def.py WINE_UCRTBASE_DLL OUT_FOLDER

Writes OUT_FOLDER/ucrtbase.def, which exports every name of Wine's ucrtbase.dll: the complex
functions that ucrtcomplex.c implements as its own (`my_<name>`), every other one forwarded to
`ucrtwine.<name>`; and OUT_FOLDER/ucrtwine.dll, Wine's ucrtbase.dll with the "Wine builtin DLL"
mark in its DOS stub zeroed, so that Wine loads that copy from system32 as an ordinary DLL
instead of mapping it back onto its builtin ucrtbase (which is now ours). Needs pefile.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pefile

HERE = Path(__file__).resolve().parent
BUILTIN_MARK = b"Wine builtin DLL"  # at offset 0x40, in the DOS stub of Wine's PE builtins
UNARY = ("ccos", "ccosh", "cexp", "csin", "csinh", "ctan", "ctanh")


def own_functions(source: str) -> set[str]:
    """The exports ucrtcomplex.c defines: `my_<name>(` plus the UNARY(<name>) expansions."""
    names = set(re.findall(r"\bmy_(\w+)\(", source))
    for name in re.findall(r"(?<!#define )\bUNARY\((\w+)\)", source):  # not the macro itself
        names |= {name, name + "f", name + "l"}
    return names


def main(wine_ucrtbase: str, out: str) -> int:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    own = own_functions((HERE / "ucrtcomplex.c").read_text(encoding="utf-8"))
    missing = {n + s for n in UNARY for s in ("", "f", "l")} - own
    if missing:
        raise SystemExit(f"ucrtcomplex.c lacks {sorted(missing)}")
    pe = pefile.PE(wine_ucrtbase)
    lines = ["LIBRARY ucrtbase.dll", "EXPORTS"]
    exported = set()
    for symbol in pe.DIRECTORY_ENTRY_EXPORT.symbols:
        if not symbol.name:
            continue
        name = symbol.name.decode()
        exported.add(name)
        lines.append(f"  {name} = my_{name}" if name in own else f"  {name} = ucrtwine.{name}")
    pe.close()
    if not own <= exported:
        raise SystemExit(f"Wine's ucrtbase does not export {sorted(own - exported)}")
    (folder / "ucrtbase.def").write_text("\n".join(lines) + "\n", encoding="ascii")
    data = bytearray(Path(wine_ucrtbase).read_bytes())
    if data[0x40:0x50] != BUILTIN_MARK:
        raise SystemExit(f"{wine_ucrtbase} has no Wine builtin mark: not Wine's ucrtbase?")
    data[0x40:0x50] = bytes(16)
    (folder / "ucrtwine.dll").write_bytes(bytes(data))
    print(f"ucrtbase.def: {len(exported)} exports, {len(own)} implemented here")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
