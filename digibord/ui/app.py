"""Starting the window: QApplication, Qt's own translations, the language from the settings,
one dialog for anything unexpected, and what to open first."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from digibord import __version__, i18n
from digibord.paths import APP_AUTHOR, APP_NAME, resource
from digibord.ui import settings as ui_settings
from digibord.ui.main_window import MainWindow

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
    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high DPI by itself; fractional factors (150 %) as they are.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    icon = resource("icons", "digibord.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    ui_settings.configure_defaults()
    # `digibord --lang en` wins over the settings for this run.
    lang = i18n.language() if i18n._current is not None else ui_settings.language()
    i18n.set_language(lang)
    install_qt_translations(app, lang)
    return app


def demo_files() -> list[Path]:
    """The bundled demo borderels, so a newcomer sees something real at once."""
    folder = resource("demo")
    return sorted(folder.glob("*.dat")) if folder.is_dir() else []


def first_files(files: list[str] | None) -> list[str]:
    """Files given, else the demo when nothing was ever opened, else nothing."""
    if files:
        return list(files)
    if ui_settings.recent_files():
        return []
    return [str(p) for p in demo_files()]


def install_excepthook(window) -> None:
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
    app = QApplication.instance()
    window = MainWindow()
    window.language_changed.connect(lambda lang: install_qt_translations(app, lang))
    to_open = first_files(files)
    if to_open:
        QTimer.singleShot(0, lambda: window.open_files(to_open))
    return window


def main(files: list[str] | None = None) -> int:
    if files is None:
        files = [a for a in sys.argv[1:] if not a.startswith("-")]
    app = create_app()
    window = build_window(files)
    install_excepthook(window)
    window.show()
    if os.environ.get("DIGIBORD_QUIT_AFTER_SHOW"):
        quit_after_show(app)
    return app.exec()


def quit_after_show(app: QApplication) -> None:
    """Timing mode (the bundle's start-time measurement): once the event loop has shown the
    window, print the seconds since STARTED and quit."""

    def done() -> None:
        if sys.stdout is not None:  # a windowed .exe has no console to print to
            print(f"window shown after {time.perf_counter() - STARTED:.2f} s", flush=True)
        app.quit()

    QTimer.singleShot(0, done)
