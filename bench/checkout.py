"""Puts the checkout on sys.path, so that a bench run as `python bench/<name>.py` finds
`devtools/` (the synthetic series), which is not installed with the package; and writes the
byte-code of digibord/, as an installed program has it (pip compiles at install, the bundle
carries .pyc). A shell with PYTHONDONTWRITEBYTECODE (this machine's has it) would otherwise make
every process a bench starts compile our modules again: 0.03-0.6 s that no user pays. The
setting stops only the writing; the .pyc written here are read."""

import compileall
import subprocess
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
compileall.compile_dir(Path(ROOT) / "digibord", quiet=1)


def code_of(env: dict, cwd: str) -> str:
    """Where a child given this environment and working folder finds digibord."""
    return subprocess.run([sys.executable, "-c", "import digibord; print(digibord.__file__)"],
                          env=env, cwd=cwd, capture_output=True, text=True, check=True
                          ).stdout.strip()


def baseline(directory: Path, env: dict) -> tuple[str, dict]:
    """Another checkout for a bench's children (`--baseline DIR`): its byte-code written, as
    this one's, and `env` with its PYTHONPATH; where its children find digibord is printed.
    Returns its folder and that environment."""
    root = str(directory.resolve())
    compileall.compile_dir(Path(root) / "digibord", quiet=1)
    env = dict(env, PYTHONPATH=root)
    print(f"baseline children import {code_of(env, root)}")
    return root, env
