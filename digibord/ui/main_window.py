"""The main window: menus, the list of opened months, the views as tabs, loading with a
progress bar, warnings in a bar, refused files in a dialog.

Extension points for the report views to come:
- views: add a `BorderelView` subclass to `digibord.ui.views.VIEW_CLASSES`, or
  `window.add_view(view)`;
- menu actions: every action has a name (`ACTIONS` below); `window.action(name)` gives the
  QAction, and `window.set_handler(name, fn)` connects one (actions without a handler stay
  disabled, so an unfinished feature is never a dead button);
- opened borderels: `window.documents` (`OpenedBorderels`: `.current`, `.all()`,
  `previous_of(doc)`, signals added/removed/current_changed).

Built in two steps, so that the window shows in a blink: the frame (menus, toolbar, the empty
page, the status bar, loader and worker) needs Qt, numpy and the reader only; the views, the
Maandafsluiting dock and the Borderel menu's handlers bring pandas, the archive and the
renderers, and are built by `build_views()` — at once by default, after the first frame when
the program starts (`MainWindow(views_later=True)`, app.py: their modules are imported on the
worker meanwhile). Whatever needs a view builds them first (`view()`, `show_view`, a loaded
month).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digibord import i18n
from digibord.errors import CommandRefused
from digibord.formats.issues import InputRefused
from digibord.i18n import tr
from digibord.paths import demo_dir, demo_files
from digibord.ui import settings as ui_settings
from digibord.ui.dialogs import ErrorDialog, RefusedDialog, show_about
from digibord.ui.documents import OpenedBorderel, OpenedBorderels
from digibord.ui.help import show_guide
from digibord.ui.loader import BUSY, PARSED, BorderelLoader
from digibord.ui.message_bar import MessageBar
from digibord.ui.worker import Worker

if TYPE_CHECKING:
    from collections.abc import Iterable

    from digibord.ui.month_end_ticks import Bookkeeping
    from digibord.ui.views import BorderelView
    from digibord.ui.worker import Job

# What build_views() brings in (pandas, the archive, the renderers: about 1 s of imports on
# this machine); app.py imports them on the worker while the first frame shows.
VIEW_MODULES = ("digibord.ui.views", "digibord.ui.month_end_panel", "digibord.ui.actions",
                "digibord.ui.archive_prompt", "digibord.ui.export_dialog")


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text_key: str
    shortcut: str | QKeySequence.StandardKey | None = None
    needs_borderel: bool = False  # enabled only while a borderel is open


# The menu actions, by name. The old product's words: "Bestand – Openen",
# "Borderel – Exporteren", "Borderel – Printen – Correctiepremies",
# "Borderel – Printen – Prolongatieverschillen berekenen".
ACTIONS = (
    ActionSpec("file.open", "ui.action.open", QKeySequence.StandardKey.Open),
    ActionSpec("file.close", "ui.action.close", QKeySequence.StandardKey.Close, True),
    ActionSpec("file.clear_recent", "ui.action.clear_recent"),
    ActionSpec("file.quit", "ui.action.quit", QKeySequence.StandardKey.Quit),
    ActionSpec("borderel.export.excel", "ui.action.export_excel", "Ctrl+E", True),
    ActionSpec("borderel.export.pdf", "ui.action.export_pdf", "Ctrl+Shift+E", True),
    ActionSpec("borderel.print.insured", "ui.action.print_insured", QKeySequence.StandardKey.Print,
               True),
    ActionSpec("borderel.print.corrections", "ui.action.print_corrections", "Ctrl+Shift+P", True),
    ActionSpec("borderel.print.prolongation_diff", "ui.action.print_diff", "Ctrl+Alt+P", True),
    ActionSpec("borderel.salary", "ui.action.salary", "Ctrl+Shift+S", True),
    ActionSpec("borderel.payroll_check", "ui.action.payroll_check", "Ctrl+Shift+K", True),
    ActionSpec("file.archive", "ui.action.archive", "Ctrl+Shift+A"),
    ActionSpec("view.previous_month", "ui.action.previous_month", "Ctrl+PgUp", True),
    ActionSpec("view.next_month", "ui.action.next_month", "Ctrl+PgDown", True),
    ActionSpec("help.demo", "start.action.demo"),
    ActionSpec("help.guide", "guide.action", QKeySequence.StandardKey.HelpContents),
    ActionSpec("help.about", "ui.action.about"),
)
MENUS = {  # menu key -> action names (None: separator; "menu:<key>": a submenu)
    "ui.menu.file": ["file.open", "menu:ui.menu.recent", "file.close", None, "file.archive",
                     None, "file.quit"],
    "ui.menu.borderel": ["menu:ui.menu.export", "menu:ui.menu.print", None,
                         "borderel.salary", "borderel.payroll_check"],
    "ui.menu.export": ["borderel.export.excel", "borderel.export.pdf"],
    "ui.menu.print": ["borderel.print.insured", "borderel.print.corrections",
                      "borderel.print.prolongation_diff"],
    "ui.menu.view": ["view.previous_month", "view.next_month", None],  # + one per view
    "ui.menu.settings": ["menu:ui.menu.language"],
    "ui.menu.help": ["help.demo", "help.guide", None, "help.about"],
}
TOP_MENUS = ("ui.menu.file", "ui.menu.borderel", "ui.menu.view", "ui.menu.settings",
             "ui.menu.help")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


class MainWindow(QMainWindow):
    first_painted = Signal()  # once, after the window's first paint (start-up timing)
    language_changed = Signal(str)
    exported = Signal(object)  # the path of a finished export
    archive_updated = Signal()
    month_end_changed = Signal()  # a month-end step was ticked (or set open) in the window

    def __init__(self, parent: QWidget | None = None, views_later: bool = False):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        self.documents = OpenedBorderels(self)
        self.loader = BorderelLoader(self)
        self.worker = Worker(self)  # reports, exports, archive work
        self._busy_what = ""
        self.views: list[BorderelView] = []
        self._handlers: dict[str, Callable[[], object]] = {}
        self._actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}
        self.last_dialog: QWidget | None = None  # the last refused/error dialog (tests)
        self._newest_opened: OpenedBorderel | None = None  # of the files being opened
        self._painted = False
        self._views_built = False
        self._waiting_files: list[str | Path] = []  # opened before the views were built
        self._after_paint: list[Callable[[], object]] = []  # see after_paint
        self.month_end_tasks: Bookkeeping | None = None  # month_end_ticks.bookkeeping makes it

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status()

        self.documents.current_changed.connect(self._current_changed)
        self.documents.added.connect(lambda _d: self._refresh_months())
        self.documents.removed.connect(lambda _d: self._refresh_months())
        self.loader.loaded.connect(self._loaded)
        self.loader.completed.connect(self._completed)
        self.loader.refused.connect(self._refused)
        self.loader.failed.connect(self._failed)
        self.loader.progress.connect(self._progress)
        self.loader.busy_changed.connect(self._busy)
        self.worker.busy_changed.connect(self._worker_busy)

        self.set_handler("file.open", self.choose_files)
        self.set_handler("file.close", self.close_current)
        self.set_handler("file.clear_recent", self._clear_recent)
        self.set_handler("file.quit", self.close)
        self.set_handler("view.previous_month", lambda: self._step_month(-1))
        self.set_handler("view.next_month", lambda: self._step_month(+1))
        self.set_handler("help.demo", self.open_demo)
        self.set_handler("help.guide", lambda: show_guide(self))
        self.set_handler("help.about", lambda: show_about(self))
        self.set_handler("file.archive", lambda: self.show_view("archive"))

        self.retranslate()
        self._current_changed(None)
        self.restore_settings()
        if not views_later:
            self.build_views()

    def build_views(self) -> None:
        """The second step (see the module doc): the views as tabs, the Maandafsluiting dock,
        the Borderel menu's handlers, and their remembered settings. Once."""
        if self._views_built:
            return
        self._views_built = True
        # imported here, not at the top: the window's first frame does not need them
        from digibord.ui.actions import connect_actions
        from digibord.ui.views import VIEW_CLASSES

        for cls in VIEW_CLASSES:
            self.add_view(cls(self))
        self._build_month_end()
        connect_actions(self)
        self.retranslate()
        self._current_changed(self.documents.current)
        self._restore_views(ui_settings.settings())
        if self._waiting_files:
            waiting, self._waiting_files = self._waiting_files, []
            self.loader.open(waiting)

    @property
    def paint_held(self) -> bool:
        """A month was just shown and the window paints it in a turn of its own, after the
        views' `settle()`: a view may leave work for a turn before that (see `_loaded`)."""
        return not self.stack.updatesEnabled()

    @property
    def views_built(self) -> bool:
        return self._views_built

    # --- extension points -----------------------------------------------------------

    def action(self, name: str) -> QAction:
        return self._actions[name]

    def set_handler(self, name: str, handler: Callable[[], object] | None) -> None:
        """Connect menu action `name` to `handler` (None disconnects and disables it)."""
        if handler is None:
            self._handlers.pop(name, None)
        else:
            self._handlers[name] = handler
        self._update_actions()

    def add_view(self, view: BorderelView) -> None:
        self.views.append(view)
        index = self.tabs.addTab(view, view.title())
        view.status_changed.connect(self._update_status)
        act = QAction(view.title(), self)
        act.setObjectName(f"view.{view.view_id}")
        act.setShortcut(view.shortcut or f"Ctrl+{min(index + 1, 9)}")
        act.triggered.connect(lambda: self.show_view(view.view_id))
        self._menus["ui.menu.view"].addAction(act)
        self._actions[f"view.{view.view_id}"] = act
        view.show_document(self.documents.current)

    def view(self, view_id: str) -> BorderelView:
        self.build_views()
        return next(v for v in self.views if v.view_id == view_id)

    def show_view(self, view_id: str, force: bool = False) -> None:
        view = self.view(view_id)
        if force or not view.needs_borderel:  # the Archief is there without a borderel
            self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(view)

    def run_task(self, fn: Callable[[], Any], done: Callable[[Any], object], what: str,
                 tag: str = "", failed: Callable[[Exception, str], object] | None = None
                 ) -> Job:
        """`fn()` on the worker thread, `done(result)` back here; the status bar shows `what`
        while it runs. Failures go to `failed(exc, details)`, else to `show_failure`."""
        self._busy_what = what
        self.progress_label.setText(what)
        return self.worker.run(fn, done, failed or self.show_failure, tag=tag)

    def show_failure(self, exc: Exception, details: str = "") -> None:
        """A refusal as a plain message (a refused file with its errors), a bug as the error
        dialog with details to copy."""
        if isinstance(exc, InputRefused):
            dialog = RefusedDialog(exc.source, exc.errors, exc.total, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_dialog = dialog
            dialog.open()
        elif isinstance(exc, CommandRefused | OSError):
            self.show_message(str(exc), warning=True)
        else:
            self.show_error(f"{type(exc).__name__}: {exc}", details)

    def show_message(self, text: str, warning: bool = False, title: str = "") -> QMessageBox:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title or "Digibord", text, QMessageBox.StandardButton.Close,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_dialog = box
        box.open()  # never a nested event loop
        return box

    def notify(self, text: str, msecs: int = 10000) -> None:
        """A short notice in the status bar beside the view's totals (which stay visible)."""
        self.note_label.setText(text)
        self.note_label.setToolTip(text)
        self.note_label.show()
        self._note_timer.start(msecs)

    def refresh_actions(self) -> None:
        self._update_actions()

    def export_finished(self, path: str | Path) -> None:
        self.exported.emit(path)

    def archive_changed(self) -> None:
        """Something was imported into or removed from the archive."""
        self.archive_updated.emit()

    def current_view(self) -> BorderelView | None:
        widget = self.tabs.currentWidget()
        return next((v for v in self.views if v is widget), None)

    # --- building -------------------------------------------------------------------

    def _build_actions(self) -> None:
        for spec in ACTIONS:
            act = QAction(self)
            act.setObjectName(spec.name)
            if spec.shortcut is not None:
                act.setShortcut(QKeySequence(spec.shortcut))
            act.triggered.connect(lambda _c=False, n=spec.name: self._trigger(n))
            self._actions[spec.name] = act
        self._specs = {s.name: s for s in ACTIONS}
        self._languages = QActionGroup(self)
        for lang in i18n.LANGUAGES:
            act = QAction(LANGUAGE_NAMES[lang], self, checkable=True)
            act.setObjectName(f"language.{lang}")
            act.setData(lang)
            self._languages.addAction(act)
            self._actions[f"language.{lang}"] = act
        self._languages.triggered.connect(lambda a: self.set_language(a.data()))

    def _build_menus(self) -> None:
        def build(key: str, menu: QMenu) -> None:
            self._menus[key] = menu
            for item in MENUS.get(key, []):
                if item is None:
                    menu.addSeparator()
                elif item.startswith("menu:"):
                    build(item[5:], menu.addMenu(""))
                else:
                    menu.addAction(self._actions[item])

        for key in TOP_MENUS:
            build(key, self.menuBar().addMenu(""))
        self._menus["ui.menu.recent"].aboutToShow.connect(self._fill_recent)
        self._menus["ui.menu.language"].addActions(self._languages.actions())

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        self._actions["file.open"].setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self._actions["file.open"])
        bar.addSeparator()
        self.month_label = QLabel()
        self.month_label.setContentsMargins(6, 0, 6, 0)
        self.months = QComboBox()
        self.months.setObjectName("months")
        self.months.setMinimumContentsLength(36)
        self.months.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.months.activated.connect(self._month_chosen)
        self._month_widgets = [bar.addWidget(self.month_label), bar.addWidget(self.months)]
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_central(self) -> None:
        self.message_bar = MessageBar()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("views")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(lambda _i: self._update_status())
        self.empty = self._build_empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_month_end(self) -> None:
        """Maandafsluiting: a dock on the right, beside whatever view is shown."""
        from digibord.ui.month_end_panel import MonthEndDock  # with the views (build_views)

        self.month_end_dock = MonthEndDock(self)
        self.month_end_panel = self.month_end_dock.panel
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.month_end_dock)
        self.resizeDocks([self.month_end_dock], [self.month_end_dock.wanted_width],
                         Qt.Orientation.Horizontal)
        toggle = self.month_end_dock.toggleViewAction()
        self._menus["ui.menu.view"].insertAction(self._actions["view.previous_month"], toggle)
        self._menus["ui.menu.view"].insertSeparator(self._actions["view.previous_month"])
        self._actions["view.month_end"] = toggle

    def _build_empty_page(self) -> QWidget:
        """What the window shows with nothing open: how to open a file, and the demo."""
        self.empty_text = QLabel()
        self.empty_text.setObjectName("empty_text")
        self.empty_demo_text = QLabel()
        self.empty_demo_text.setObjectName("empty_demo_text")
        for label, size in ((self.empty_text, 14), (self.empty_demo_text, 11)):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setStyleSheet(f"color: palette(mid); font-size: {size}pt;")
        self.empty_open = QPushButton()
        self.empty_open.setObjectName("empty_open")
        self.empty_open.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.empty_open.setDefault(True)
        self.empty_open.clicked.connect(self.action("file.open").trigger)
        self.empty_demo = QPushButton()
        self.empty_demo.setObjectName("empty_demo")
        self.empty_demo.clicked.connect(self.action("help.demo").trigger)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_open)
        buttons.addWidget(self.empty_demo)
        buttons.addStretch(1)
        # one column of at most 760 px in the middle, so that the lines stay readable
        column = QWidget()
        column.setMaximumWidth(760)
        inner = QVBoxLayout(column)
        inner.addWidget(self.empty_text)
        inner.addSpacing(18)
        inner.addLayout(buttons)
        inner.addSpacing(12)
        inner.addWidget(self.empty_demo_text)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(column, 100)
        middle.addStretch(1)
        page = QWidget()
        page.setObjectName("empty_page")
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        return page

    def _build_status(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("status_totals")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("load_progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("cancel_load")
        self.cancel_button.clicked.connect(self.loader.cancel)
        # Notices ("opgeslagen in het archief", "geschreven: ...") get their own label: a
        # QStatusBar temporary message would hide the view's counts and totals meanwhile.
        self.note_label = QLabel()
        self.note_label.setObjectName("status_note")
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.hide()
        self._note_timer = QTimer(self, singleShot=True)
        self._note_timer.timeout.connect(self.note_label.hide)
        sb = self.statusBar()
        sb.addWidget(self.status_label, 1)
        sb.addWidget(self.note_label)
        for w in (self.progress_label, self.progress, self.cancel_button):
            sb.addPermanentWidget(w)
            w.hide()

    # --- words ----------------------------------------------------------------------

    def retranslate(self) -> None:
        for name, spec in self._specs.items():
            self._actions[name].setText(tr(spec.text_key))
        for key, menu in self._menus.items():
            menu.setTitle(tr(key))
        for i, view in enumerate(self.views):
            self.tabs.setTabText(i, view.title())
            self._actions[f"view.{view.view_id}"].setText(view.title())
            view.retranslate()
        self.month_label.setText(tr("ui.months"))
        self._refresh_months()  # an archived month's "(archief)" mark
        self.empty_text.setText(tr("ui.empty"))
        self.empty_demo_text.setText(tr("start.empty.demo"))
        self.empty_open.setText(tr("start.button.open"))
        self.empty_demo.setText(tr("start.button.demo"))
        self.cancel_button.setText(tr("ui.load.cancel"))
        self.message_bar.retranslate()
        for lang in i18n.LANGUAGES:
            self._actions[f"language.{lang}"].setChecked(lang == i18n.language())
        self._update_actions()
        self._update_title()
        self._update_status()

    def set_language(self, lang: str) -> None:
        ui_settings.set_language(lang)
        i18n.set_language(lang)
        self.language_changed.emit(lang)  # app.py swaps Qt's own translations
        self.retranslate()

    # --- opening files --------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("ui.open.title"), ui_settings.last_dir(),
            f"{tr('ui.open.filter')} (*.dat *.DAT);;{tr('ui.open.all')} (*)")
        if files:
            ui_settings.set_last_dir(Path(files[0]).parent)
            self.open_files(files)

    def open_demo(self) -> None:
        """Help – Demo openen: the bundled demo months, through the same path as any file
        (opening them again replaces them; archive_prompt never offers them for the archive)."""
        files = demo_files()
        if not files:
            self.show_message(tr("start.demo_missing", folder=str(demo_dir())), warning=True)
            return
        self.open_files(files)

    def open_files(self, paths: Iterable[str | Path]) -> None:
        """Open these files on the worker thread; results arrive by signal. Before the views
        are built (the first second of a start: a file double-clicked, the demo of a first
        start, one dropped early), the files wait for them: the views register what the
        loader prepares for them (their tables), so a load begun without them would bring a
        month no view can show."""
        if not self._views_built:
            self._waiting_files.extend(paths)
            return
        self.loader.open(paths)

    def _loaded(self, doc: OpenedBorderel) -> None:
        """Turn 1 of showing a month: added, its views given the table and laid out, but not
        painted. The views' first column widths (turn 1b), the paint (turn 2), then the
        recent files and the loader's step 2 let go (turn 3), then `after_paint` work follow
        in event-loop turns of their own, so that no turn is long enough to notice
        (docs/ui.md, "Opening a large file")."""
        # files opened together: the newest month becomes current, not the last one read
        newest = self._newest_opened
        newest_yet = newest is None or doc.borderel.key >= newest.borderel.key
        if newest_yet:
            self._newest_opened = doc
        held = newest_yet and self.stack.isVisible() and self.stack.updatesEnabled()
        if held:  # painted once, whole, in turn 2 (not by a paint of Qt's in between)
            self.stack.setUpdatesEnabled(False)
        self.documents.add(doc, current=newest_yet)
        release = self.loader.hold_shown()
        self._in_turns(self._settle_views, lambda: self._paint_held(held),
                       lambda: self._remember_opened(doc, release),
                       self._run_after_paint)

    def after_paint(self, fn: Callable[[], object]) -> None:
        """`fn()` once the month just shown is painted, in a turn after it (at once when no
        paint is held): work that would share the paint's turn or cores (a worker started)."""
        if self.paint_held:
            self._after_paint.append(fn)
        else:
            fn()

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for fn in waiting:
            fn()

    def _in_turns(self, *steps: Callable[[], object]) -> None:
        """Each step in an event-loop turn of its own, in order; none once the window is
        gone. A step that fails does not keep the later ones from running."""
        if not steps:
            return

        def run() -> None:
            timer.deleteLater()
            try:
                steps[0]()
            finally:
                self._in_turns(*steps[1:])

        # A zero QTimer of its own, not QTimer.singleShot(0): Qt 6 makes that a queued call,
        # which may run in the same pass over posted events as the step before, with no
        # timer or input event in between (one long turn again).
        timer = QTimer(self, singleShot=True, interval=0)
        timer.timeout.connect(run)
        timer.start()

    def _settle_views(self) -> None:
        """Turn 1b: what the views left for a turn of their own (the first column widths)."""
        for view in self.views:
            view.settle()

    def _paint_held(self, held: bool) -> None:
        """Turn 2: the month's views painted, synchronously, before step 2 is let go (which
        would otherwise share the cores with this paint)."""
        if not held:
            return
        self._settle_views()  # done in the turn before, as a rule
        self.stack.setUpdatesEnabled(True)
        if self.stack.isVisible():
            self.stack.repaint()

    def _remember_opened(self, doc: OpenedBorderel, release: Callable[[], None]) -> None:
        """Turn 3: the recent files (a settings file written: milliseconds, tens of them on a
        busy disk), then the loader's step 2 may start."""
        try:
            if doc.entry is None:
                ui_settings.add_recent_file(doc.path)
        finally:
            release()

    def _completed(self, doc: OpenedBorderel) -> None:
        """The loader's second step for `doc` is done: the views' data for sorting and
        filtering, the later preparers, and whether the archive holds the file."""
        from digibord.ui.archive_prompt import offer_archive  # imported by build_views

        if doc not in self.documents.all():
            return  # closed meanwhile
        for view in self.views:
            view.document_completed(doc)
        if doc.entry is None:
            offer_archive(self, doc)

    def _refused(self, path: Path, errors, warnings, total: int) -> None:
        dialog = RefusedDialog(str(path), errors, total, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()  # window-modal, but never a nested event loop

    def _failed(self, path: Path, message: str, details: str) -> None:
        if details:
            self.show_error(message, details)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, tr("ui.open.failed_title"),
                          f"{path}\n\n{message}", QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box
        box.open()

    def show_error(self, message: str, details: str) -> None:
        dialog = ErrorDialog(message, details, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()

    def _progress(self, percent: int, what: str) -> None:
        if percent == BUSY:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        self.progress_label.setText(what)
        if percent >= PARSED and self.documents.current is None and self._views_built:
            # the file passed the reader: lay out and paint the (empty) views now, while the
            # worker prepares the table, not in the same turn as the first rows
            self.stack.setCurrentWidget(self.tabs)

    def _busy(self, busy: bool) -> None:
        for w in (self.progress_label, self.progress, self.cancel_button):
            w.setVisible(busy)
        if busy:
            self.progress.setRange(0, 100)
            self.progress.setValue(0)
            return
        from digibord.ui.archive_prompt import ask_pending  # imported by build_views

        self._newest_opened = None  # the files opened together are all in
        if self.documents.current is None:
            self._current_changed(None)  # nothing came of it: the empty page again
        ask_pending(self)  # one archive question about all of them
        if self.worker.busy:
            self._worker_busy(True)

    def _worker_busy(self, busy: bool) -> None:
        if self.loader.busy:
            return  # the loader's progress has the bar
        self.progress_label.setVisible(busy)
        self.progress.setVisible(busy)
        self.cancel_button.hide()  # reports and exports are short and not cancelled
        if busy:
            self.progress.setRange(0, 0)
            self.progress_label.setText(self._busy_what)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_files(files)

    def close_current(self) -> None:
        if self.documents.current is not None:
            self.documents.remove(self.documents.current)

    def _fill_recent(self) -> None:
        menu = self._menus["ui.menu.recent"]
        menu.clear()
        files = ui_settings.recent_files()
        for i, f in enumerate(files):
            act = menu.addAction(f"&{i + 1} {f}" if i < 9 else f)
            act.triggered.connect(lambda _c=False, f=f: self.open_files([f]))
        if not files:
            menu.addAction(tr("ui.recent.none")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self._actions["file.clear_recent"])

    def _clear_recent(self) -> None:
        ui_settings.clear_recent_files()

    # --- months ---------------------------------------------------------------------

    def _refresh_months(self) -> None:
        self.months.blockSignals(True)
        self.months.clear()
        for doc in self.documents.all():
            self.months.addItem(doc.label, doc)
        docs = self.documents.all()
        current = self.documents.current
        if current in docs:
            self.months.setCurrentIndex(docs.index(current))
        self.months.blockSignals(False)

    def _month_chosen(self, index: int) -> None:
        docs = self.documents.all()
        if 0 <= index < len(docs):
            self.documents.set_current(docs[index])

    def _step_month(self, step: int) -> None:
        docs = self.documents.all()
        if self.documents.current in docs:
            i = docs.index(self.documents.current) + step
            if 0 <= i < len(docs):
                self.documents.set_current(docs[i])

    def _current_changed(self, doc: OpenedBorderel | None) -> None:
        self._refresh_months()
        view = self.current_view()
        keep_tabs = view is not None and not view.needs_borderel
        self.stack.setCurrentWidget(self.tabs if doc is not None or keep_tabs else self.empty)
        for view in self.views:
            view.show_document(doc)
        if doc is None:
            self.message_bar.hide()
        else:
            self.message_bar.show_warnings(doc.path.name, doc.warnings)
        self._update_actions()
        self._update_title()
        self._update_status()

    # --- state ----------------------------------------------------------------------

    def _trigger(self, name: str) -> None:
        handler = self._handlers.get(name)
        if handler is not None:
            handler()

    def _update_actions(self) -> None:
        open_doc = self.documents.current is not None
        for name, spec in self._specs.items():
            act = self._actions[name]
            ready = name in self._handlers
            act.setEnabled(ready and (open_doc or not spec.needs_borderel))
            act.setToolTip("" if ready else tr("ui.action.not_yet"))
        for act in self._month_widgets:  # no month list while nothing is open
            act.setVisible(len(self.documents) > 0)

    def _update_title(self) -> None:
        doc = self.documents.current
        self.setWindowTitle(f"Digibord – {doc.label}" if doc else "Digibord")

    def _update_status(self) -> None:
        view = self.current_view()
        self.status_label.setText(view.status_text() if view else "")

    def restore_settings(self) -> None:
        s = ui_settings.settings()
        geometry = s.value("window/geometry")
        if geometry is None or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1280, 800)
        if self._views_built:
            self._restore_views(s)

    def _restore_views(self, s) -> None:
        """What belongs to the second step: the docks' state, each view's, the tab shown."""
        state = s.value("window/state")
        if state is not None:
            self.restoreState(QByteArray(state))
        for view in self.views:
            view.restore_settings(s)
        tab = s.value("window/view", "", str)
        if tab:
            for v in self.views:
                if v.view_id == tab:
                    self.tabs.setCurrentWidget(v)

    def save_settings(self) -> None:
        s = ui_settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        if not self._views_built:  # closed within its first second: keep what was there
            s.sync()
            return
        s.setValue("window/state", self.saveState())
        view = self.current_view()
        s.setValue("window/view", view.view_id if view else "")
        for view in self.views:
            view.save_settings(s)
        s.sync()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # the children paint after this in the same pass: say so once that is done
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loader.shutdown()  # cancel and wait: no worker may outlive the window
        self.worker.wait(10000)  # an export half-way finishes (it writes atomically)
        if self.month_end_tasks is not None:
            self.month_end_tasks.wait(10000)  # a month-end tick is kept, not cut off
        if self._views_built:
            from digibord.ui.export_dialog import remove_print_folder  # with the views

            remove_print_folder()
        self.save_settings()
        super().closeEvent(event)
