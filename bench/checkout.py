"""Puts the checkout on sys.path, so that a bench run as `python bench/<name>.py` finds
`devtools/` (the synthetic series), which is not installed with the package; and writes the
byte-code of digibord/, as an installed program has it (pip compiles at install, the bundle
carries .pyc). A shell with PYTHONDONTWRITEBYTECODE (this machine's has it) would otherwise make
every process a bench starts compile our modules again: 0.03-0.6 s that no user pays. The
setting stops only the writing; the .pyc written here are read.

`other_checkout` is what every bench's `--against X` means: the checkout compared with this
one in the same run."""

import compileall
import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def _is_revision(value: str) -> bool:
    return subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", "--quiet",
                           f"{value}^{{commit}}"], capture_output=True).returncode == 0


@contextmanager
def other_checkout(value: str | None) -> Iterator[Path | None]:
    """The checkout `--against X` names, as a folder while the block runs (None without X):
    X itself if it is a folder holding a checkout (it has digibord/), else X as a git revision
    of this repository, its tree extracted once with `git archive` into a temporary folder
    that is removed at the end. Its byte-code is written, as this checkout's."""
    if value is None:
        yield None
        return
    folder = Path(value).expanduser()
    if (folder / "digibord").is_dir():
        root = folder.resolve()
        compileall.compile_dir(root / "digibord", quiet=1)
        yield root
        return
    if not _is_revision(value):
        raise SystemExit(f"--against {value}: neither a folder with digibord/ nor a git "
                         f"revision of {ROOT}")
    archive = subprocess.run(["git", "-C", ROOT, "archive", value], check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryDirectory(prefix="digibord-against-") as tmp:
        root = Path(tmp)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(root, filter="data")
        compileall.compile_dir(root / "digibord", quiet=1)
        yield root


def child_env(root: Path, env: dict) -> dict:
    """`env` for a bench's children that run the checkout `root` (from `other_checkout`), its
    PYTHONPATH that checkout; where its children find digibord is printed."""
    env = dict(env, PYTHONPATH=str(root))
    print(f"the other checkout's children import {code_of(env, str(root))}")
    return env
