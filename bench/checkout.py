"""Puts the checkout on sys.path, so that a bench run as `python bench/<name>.py` finds
`devtools/` (the synthetic series), which is not installed with the package; and writes the
byte-code of digibord/, as an installed program has it (pip compiles at install, the bundle
carries .pyc). A shell with PYTHONDONTWRITEBYTECODE (this machine's has it) would otherwise make
every process a bench starts compile our modules again: 0.03-0.6 s that no user pays. The
setting stops only the writing; the .pyc written here are read."""

import compileall
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
compileall.compile_dir(Path(ROOT) / "digibord", quiet=1)
