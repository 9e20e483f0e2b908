"""Entry point of the bundled windowed program `Digibord.exe` (PyInstaller needs a script).

Files given on the command line (the `.dat` association passes one) are opened in the window.
DIGIBORD_QUIT_AFTER_SHOW=1 makes the window quit once it is on screen and print the seconds
since this script began (digibord.ui.app handles it), so tools/build_bundle.sh can time the
start of the frozen program."""

import sys
import time

STARTED = time.perf_counter()

if __name__ == "__main__":
    from digibord.ui import app

    app.STARTED = STARTED  # count from the launcher's start, imports included
    sys.exit(app.main([a for a in sys.argv[1:] if not a.startswith("-")]))
