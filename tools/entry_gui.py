"""Entry point of the bundled windowed program `Digibord.exe` (PyInstaller needs a script).

Files given on the command line (the `.dat` association passes one) are opened in the window.
DIGIBORD_QUIT_AFTER_SHOW=1 quits as soon as the main window is on screen and prints the seconds
since this script began, so tools/build_bundle.sh can time the start of the frozen program."""

import os
import sys
import time

STARTED = time.perf_counter()


def _quit_after_show() -> None:
    # The window module has no such hook (yet), so wrap create_app to watch for the first shown
    # top-level window; only in this timing mode, never in normal use.
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    from digibord.ui import app as ui_app

    class _FirstShow(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
                if sys.stdout is not None:  # a windowed .exe has no console to print to
                    print(f"window shown after {time.perf_counter() - STARTED:.2f} s", flush=True)
                QTimer.singleShot(0, ui_app.QApplication.instance().quit)
            return False

    original = ui_app.create_app

    def create_app(argv=None):
        application = original(argv)
        application._digibord_first_show = _FirstShow(application)
        application.installEventFilter(application._digibord_first_show)
        return application

    ui_app.create_app = create_app


if __name__ == "__main__":
    if os.environ.get("DIGIBORD_QUIT_AFTER_SHOW"):
        _quit_after_show()
    from digibord.ui.app import main

    sys.exit(main([a for a in sys.argv[1:] if not a.startswith("-")]))
