"""What the screenshot tools share (tools/screenshots.py, screenshots_month_end.py,
trend_screenshots.py): the real window on an X server — under Xvfb when there is no display
(the tool starts itself again under `xvfb-run`) — a watchdog so a run never hangs, a private
data folder and the in-memory keyring of devtools/, so nothing of the user's is touched; and
the waiting and grabbing every tool does.

    session = start(args.out, args.lang, "digibord-shots-")
    ...  # import the window, make it
    session.shot(win, "verzekerden")
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# never hang (a modal dialog nobody answers, an X server that stalls): after this long the
# stacks are printed and the run ends with an error; a whole run takes 30-40 s
WATCHDOG_SECONDS = 300
SCREEN = "-screen 0 1600x1000x24 -dpi 96"


def reexec_under_xvfb() -> None:
    """Without a display, run this very command again under xvfb-run (and exit with it)."""
    if os.environ.get("DISPLAY") or os.environ.get("DIGIBORD_SCREENSHOT_CHILD"):
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("no DISPLAY and no xvfb-run: install xvfb")
    env = dict(os.environ, DIGIBORD_SCREENSHOT_CHILD="1", QT_QPA_PLATFORM="xcb")
    sys.exit(subprocess.call([xvfb, "-a", "-s", SCREEN, sys.executable, *sys.argv], env=env))


class Session:
    """The application and the folder the images go to."""

    def __init__(self, out: Path, home: Path):
        from digibord.ui.app import create_app  # after the environment is set (start)

        self.out = out
        self.home = home
        self.app = create_app(["screenshots"])
        self.app.setStyle("Fusion")

    def settle(self, seconds: float = 0.3) -> None:
        """Let the window paint and its timers run for a moment."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def wait_until(self, pred: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not pred() and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.02)

    def shot(self, widget, name: str, settle: float = 0.3) -> Path:
        self.settle(settle)
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)
        return path


def start(out: str | Path, lang: str, prefix: str) -> Session:
    """Under an X server, with the watchdog, a private DIGIBORD_HOME (`prefix`: its name) and
    the test keyring; the checkout and tools/ on sys.path."""
    reexec_under_xvfb()
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DIGIBORD_HOME"] = str(home)
    os.environ["DIGIBORD_LANG"] = lang
    os.environ["PYTHON_KEYRING_BACKEND"] = "devtools.testing_keyring.MemoryKeyring"
    for path in (str(REPO), str(REPO / "tools")):
        if path not in sys.path:
            sys.path.insert(0, path)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    return Session(folder, home)
