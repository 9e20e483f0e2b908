"""Starting the window: QApplication, Qt's own translations, the language from the settings,
one dialog for anything unexpected, and what to open first. Without a screen to show it on,
one plain line and exit 1 instead of Qt's abort."""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    Qt,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from digibord import __version__, i18n
from digibord.i18n import tr
from digibord.paths import APP_AUTHOR, APP_NAME, demo_files, resource
from digibord.ui import settings as ui_settings
from digibord.ui.main_window import VIEW_MODULES, MainWindow

_translators: list[QTranslator] = []
# When the program began, for DIGIBORD_QUIT_AFTER_SHOW; an entry script may set it earlier.
STARTED = time.perf_counter()


def install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own words (buttons of standard dialogs, context menus) in the chosen language."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if lang == "en":
        return  # Qt's built-in words are English
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(lang), "qtbase", "_", folder):
        app.installTranslator(translator)
        _translators.append(translator)


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (or the existing one, e.g. under pytest-qt), set up for Digibord."""
    # `digibord --lang en` wins over the settings for this run. Chosen before Qt starts, so
    # that "no screen" is said in the right language too (the settings file needs no Qt app).
    lang = i18n.language() if i18n._current is not None else ui_settings.language()
    i18n.set_language(lang)
    app = QApplication.instance()
    if app is None:
        if no_display():
            _give_up("start.no_display")
        # Qt 6 scales for high DPI by itself; fractional factors (150 %) as they are.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = _start_qt(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "digibord.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    ui_settings.configure_defaults()
    install_qt_translations(app, lang)
    return app


def no_display() -> bool:
    """Linux with neither X11 nor Wayland, and Qt left to pick its platform itself."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _display_settings() -> str:
    names = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    return ", ".join(f"{n}={os.environ[n]}" for n in names if os.environ.get(n)) or "-"


def _give_up(key: str, hard: bool = False) -> None:
    """One translated line instead of a window, exit 1. `hard`: from inside Qt's fatal
    message, where an exception cannot travel back through C++."""
    if sys.stderr is not None:  # a windowed .exe has no console to write to
        sys.stderr.write(tr(key, settings=_display_settings()) + "\n")
        sys.stderr.flush()
    if hard:
        os._exit(1)
    raise SystemExit(1)


def _start_qt(argv: list[str]) -> QApplication:
    """QApplication, with Qt's messages while it connects to the screen held back: when the
    platform cannot start (no X server at DISPLAY, a plugin missing) Qt ends with a fatal
    message and abort(); that becomes our one line and exit 1 (DIGIBORD_DEBUG=1 shows Qt's
    messages too, e.g. with QT_DEBUG_PLUGINS=1). Otherwise they are passed on."""
    held: list[str] = []

    def handler(kind: QtMsgType, _context, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            if os.environ.get("DIGIBORD_DEBUG") and sys.stderr is not None:
                sys.stderr.write("".join(f"{m}\n" for m in (*held, message)))  # Qt's own words
            _give_up("start.display_failed", hard=True)
        held.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        app = QApplication(argv)
    finally:
        qInstallMessageHandler(previous)
    if held and sys.stderr is not None:
        sys.stderr.write("".join(f"{m}\n" for m in held))
    return app


def first_files(files: list[str] | None) -> list[str]:
    """Files given, else the demo when nothing was ever opened, else nothing."""
    if files:
        return list(files)
    if ui_settings.recent_files():
        return []
    return [str(p) for p in demo_files()]


def install_excepthook(window: MainWindow) -> None:
    """Anything unexpected on the UI thread ends in one dialog with details to copy."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        try:
            window.show_error(f"{exc_type.__name__}: {exc}", details)
        except Exception:  # the dialog itself failed: at least the console has it
            previous(exc_type, exc, tb)

    sys.excepthook = hook


def build_window(files: list[str] | None = None) -> MainWindow:
    """The window in two steps (main_window's doc): the frame now; after its first paint the
    views' modules are imported on the worker (the frame stays responsive), then the views
    are built on this thread."""
    app = QApplication.instance()
    window = MainWindow(views_later=True)
    window.language_changed.connect(lambda lang: install_qt_translations(app, lang))
    window.first_painted.connect(lambda: build_views_soon(window))
    to_open = first_files(files)
    if to_open:
        QTimer.singleShot(0, lambda: window.open_files(to_open))
    return window


def import_view_modules() -> None:
    """The views' modules and what they bring (pandas, the archive, the renderers)."""
    for name in VIEW_MODULES:
        importlib.import_module(name)


def build_views_soon(window: MainWindow) -> None:
    if window.views_built:
        return
    window.worker.run(import_view_modules, lambda _r: window.build_views(),
                      lambda _e, _t: window.build_views())  # a failure shows when building


def main(files: list[str] | None = None) -> int:
    if files is None:
        files = [a for a in sys.argv[1:] if not a.startswith("-")]
    app = create_app()
    window = build_window(files)
    install_excepthook(window)
    window.show()
    if os.environ.get("DIGIBORD_QUIT_AFTER_SHOW"):
        quit_after_show(app, window)
    status = app.exec()
    shut_down(window)
    return status


def shut_down(window: MainWindow) -> None:
    """Stop the loader and the worker before the window goes: quitting without closing the
    window (DIGIBORD_QUIT_AFTER_SHOW, logging off) while a file still loads would otherwise
    leave the loader's thread signalling objects that Qt's teardown deletes. Closing the
    window takes the same path (MainWindow.closeEvent -> loader.shutdown)."""
    window.loader.shutdown()
    window.worker.wait(10000)


def quit_after_show(app: QApplication, window: MainWindow) -> None:
    """Timing mode (the bundle's start-time measurement, bench/bench_ui_start.py): once the
    window's first frame is painted, print the seconds since STARTED and quit."""

    def done() -> None:
        if sys.stdout is not None:  # a windowed .exe has no console to print to
            print(f"window shown after {time.perf_counter() - STARTED:.2f} s", flush=True)
        app.quit()

    window.first_painted.connect(done)


if __name__ == "__main__":  # python -m digibord.ui.app: the window, as digibord-gui
    raise SystemExit(main())
