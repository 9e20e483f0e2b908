"""Entry point of the bundled windowed program `Digibord.exe` (PyInstaller needs a script).

Files given on the command line (the `.dat` association passes one) are opened in the window.

Two switches for the bundle's own tests (tools/build_bundle.sh, tools/windows/build_under_wine.sh):
- DIGIBORD_QUIT_AFTER_SHOW=1: quit once the window is on screen and print the seconds since
  this script began (digibord.ui.app handles it).
- DIGIBORD_QUIT_AFTER_OPEN=<ms>: once every file given is opened (or refused), print one line
  per file ("opened <name>: <n> insured, <month>" or "not opened <name>: <reason>"), stay
  <ms> milliseconds on screen (for a screenshot), close the window and quit; exit status 3
  when a file did not open.
DIGIBORD_REPORT=<file> appends those lines, and anything written to stdout/stderr (tracebacks
included), to that file as well: a windowed .exe started by the shell has no console, and its
output would otherwise be lost.
"""

import os
import sys
import time

STARTED = time.perf_counter()


class _Tee:
    """Writes to the original stream (if any) and to the report file."""

    def __init__(self, stream, report):
        self.stream, self.report = stream, report

    def write(self, text):
        if self.stream is not None:
            self.stream.write(text)
        self.report.write(text)
        self.report.flush()
        return len(text)

    def flush(self):
        if self.stream is not None:
            self.stream.flush()


def _report_to_file() -> None:
    path = os.environ.get("DIGIBORD_REPORT")
    if path:
        report = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
        sys.stdout, sys.stderr = _Tee(sys.stdout, report), _Tee(sys.stderr, report)


def _quit_after_open(linger_ms: int) -> None:
    """Connect to the window's loader before the first file is opened (the window schedules its
    first files the same way, after this timer), report each result, then quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    results = {"opened": 0, "failed": 0}
    state = {}

    def say(line: str) -> None:
        if sys.stdout is not None:
            print(line, flush=True)

    def finished(busy: bool) -> None:
        if busy or not (results["opened"] or results["failed"]):
            return
        say(f"window: {results['opened']} opened after {time.perf_counter() - STARTED:.2f} s")

        def close() -> None:  # as the user does: the window saves its settings and quits
            state["window"].close()
            app.exit(3 if results["failed"] else 0)

        QTimer.singleShot(linger_ms, close)

    def loaded(doc) -> None:
        results["opened"] += 1
        say(f"opened {doc.path.name}: {len(doc.borderel.insured)} insured, "
            f"{doc.borderel.label()}")

    def refused(path, errors, _warnings, total) -> None:
        results["failed"] += 1
        say(f"not opened {os.path.basename(str(path))}: refused, {total} error(s)")

    def failed(path, message, details) -> None:
        results["failed"] += 1
        say(f"not opened {os.path.basename(str(path))}: {message}")
        if details:
            sys.stderr.write(details)

    def connect() -> None:
        window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
        state["window"] = window
        window.loader.loaded.connect(loaded)
        window.loader.refused.connect(refused)
        window.loader.failed.connect(failed)
        window.loader.busy_changed.connect(finished)

    QTimer.singleShot(0, connect)


if __name__ == "__main__":
    _report_to_file()
    from digibord.ui import app

    app.STARTED = STARTED  # count from the launcher's start, imports included
    linger = os.environ.get("DIGIBORD_QUIT_AFTER_OPEN")
    if linger is not None:
        app.create_app()  # the timer below needs the application; main() reuses it
        _quit_after_open(int(linger or 0))
    sys.exit(app.main([a for a in sys.argv[1:] if not a.startswith("-")]))
