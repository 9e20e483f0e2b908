"""Maandafsluiting: a panel beside the views (a dock on the right, Beeld – Maandafsluiting) that
leads through the month of the current borderel's collectivity, step by step, as
`digibord month-end` shows it: per step done (when, what), open, or not possible yet (why), a
button that does the step in one click with the remembered settings, and a tick box to tick a
step off by hand (or set it open again).

Reading where the month stands and every tick run on the worker; the panel is refreshed when
the current borderel changes, the archive changes, or a step was ticked anywhere in the
window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digibord.app import month_end
from digibord.app.conversion_done import keep_conversion
from digibord.app.remembered import decide, remembered_or_none
from digibord.app.salary import (
    prepare_conversion,
    salary_targets,
    write_salary_import,
    written_text,
)
from digibord.errors import CommandRefused
from digibord.formats.borderel import month_text
from digibord.formats.profiles import check_required
from digibord.i18n import tr
from digibord.local_time import local_time_text
from digibord.ui import actions, month_end_ticks
from digibord.ui import settings as ui_settings
from digibord.ui.archive_prompt import import_documents, is_demo
from digibord.ui.components_dialog import open_components
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from collections.abc import Callable

    from digibord.ui.main_window import MainWindow

MARKS = {month_end.DONE: "✔", month_end.OPEN: "○", month_end.NOT_YET: "–"}
COLOURS = {month_end.DONE: "#1b7f3b", month_end.OPEN: "palette(text)",
           month_end.NOT_YET: "palette(mid)"}


def at_hand(window: MainWindow, doc: OpenedBorderel) -> month_end.AtHand:
    """What the window has open for the month: the borderel itself, the month before."""
    return month_end.AtHand(file=doc.path.name, previous=window.documents.previous_of(doc)
                            is not None, demo=doc.entry is None and is_demo(doc.path))


class StepRow(QFrame):
    """One step: a tick box with its title, a line saying where it stands, its buttons."""

    def __init__(self, panel: MonthEndPanel, number: int, step: str):
        super().__init__(panel)
        self.panel = panel
        self.step = step
        self.number = number
        self.state: month_end.StepState | None = None
        self.setObjectName(f"monthend_{step}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.mark = QLabel()
        self.mark.setFixedWidth(18)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.tick = QCheckBox()
        self.tick.setObjectName(f"monthend_{step}_tick")
        self.tick.clicked.connect(self.ticked_by_hand)
        self.line = QLabel()
        self.line.setObjectName(f"monthend_{step}_line")
        self.line.setWordWrap(True)
        self.line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[QPushButton] = []
        self.button_row = QHBoxLayout()
        self.button_row.setContentsMargins(0, 0, 0, 0)
        self.button_row.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.mark, 0, 0, 2, 1)
        grid.addWidget(self.tick, 0, 1)
        grid.addWidget(self.line, 1, 1)
        grid.addLayout(self.button_row, 2, 1)
        grid.setColumnStretch(1, 1)

    def add_button(self, name: str, handler: Callable[..., object]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"monthend_{self.step}_{name}")
        button.setAutoDefault(False)
        button.clicked.connect(handler)
        self.buttons.append(button)
        self.button_row.insertWidget(self.button_row.count() - 1, button)
        return button

    def show_state(self, state: month_end.StepState | None) -> None:
        self.state = state
        kind = state.state if state is not None else month_end.NOT_YET
        self.mark.setText(MARKS[kind])
        self.mark.setStyleSheet(f"color: {COLOURS[kind]}; font-weight: bold;")
        self.tick.setChecked(state is not None and state.done)
        self.tick.setEnabled(state is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.tick.setText(f"{self.number}. {tr(f'monthend.step.{self.step}')}")
        s = self.state
        if s is None:
            self.line.setText("")
            return
        if s.done:
            what = s.what()
            text = tr("monthend.ui.done_line", when=local_time_text(s.when), what=what) if what \
                else tr("monthend.ui.done_when", when=local_time_text(s.when))
        elif s.state == month_end.NOT_YET:
            text = tr("monthend.ui.not_yet", reason=s.reason or "")
        else:
            parts = s.what()
            text = tr("monthend.state.open") + (f" — {parts}" if parts else "")
            if s.reason:
                text += f" ({s.reason})"
        self.line.setText(text)
        self.line.setStyleSheet(f"color: {COLOURS[s.state]};" if not s.done else "")

    def ticked_by_hand(self, on: bool) -> None:
        self.panel.tick_by_hand(self, on)


class MonthEndPanel(QWidget):
    """The six steps of the current borderel's month; see the module's docstring."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("month_end_panel")
        self.window_ = window
        self.doc: OpenedBorderel | None = None
        self.state: month_end.MonthEnd | None = None
        self.title = QLabel()
        self.title.setObjectName("monthend_title")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setObjectName("monthend_intro")
        self.intro.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("monthend_open_first")
        self.open_button.clicked.connect(window.choose_files)
        self.rows = {step: StepRow(self, i, step) for i, step in enumerate(month_end.STEPS, 1)}
        r = self.rows
        self.b_open = r["openen"].add_button("do", window.choose_files)
        self.b_compare = r["vergelijken"].add_button("do", self.compare)
        self.b_print_corrections = r["printen"].add_button("corrections", self.print_corrections)
        self.b_print_diff = r["printen"].add_button("diff", self.print_diff)
        self.b_convert = r["omzetten"].add_button("do", self.convert)
        self.b_convert_options = r["omzetten"].add_button("options", self.convert_options)
        self.b_check = r["controleren"].add_button("do", self.check)
        self.b_keep = r["bewaren"].add_button("do", self.keep)
        self.earlier = QLabel()
        self.earlier.setObjectName("monthend_earlier")
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet("color: #8a5a00;")
        self.message = QLabel()
        self.message.setObjectName("monthend_message")
        self.message.setWordWrap(True)
        self.components_button = QPushButton()
        self.components_button.setObjectName("monthend_components")
        self.components_button.clicked.connect(self.edit_components)
        steps = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.setSpacing(4)
        for row in self.rows.values():
            steps_layout.addWidget(row)
        self.steps = steps
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.intro)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(steps)
        layout.addWidget(self.earlier)
        layout.addWidget(self.message)
        layout.addWidget(self.components_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        window.documents.current_changed.connect(self.show_document)
        window.archive_updated.connect(self.refresh)
        window.month_end_changed.connect(self.refresh)
        window.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()
        self.show_document(window.documents.current)

    # --- what is shown ------------------------------------------------------------------

    def show_document(self, doc: OpenedBorderel | None) -> None:
        self.doc = doc
        self.state = None
        has = doc is not None
        self.steps.setVisible(has)
        self.components_button.setVisible(has)
        self.intro.setVisible(not has)
        self.open_button.setVisible(not has)
        self.earlier.hide()
        self.message.hide()
        for row in self.rows.values():
            row.show_state(None)
        self._titles()
        self._buttons()
        if has:  # its worker not beside the window's first paint of the month
            self.window_.after_paint(self.refresh)

    def refresh(self) -> None:
        """Where the month stands, read on the worker (names, sealed details, the archive)."""
        doc = self.doc
        if doc is None:
            return
        h = doc.borderel.header
        hand = at_hand(self.window_, doc)

        def work():
            return month_end.status(h.collectivity_number, h.prolongation_month, hand,
                                    name=h.collectivity_name)

        def done(state) -> None:
            if doc is self.doc:
                self.show_state(state)

        month_end_ticks.bookkeeping(self.window_).run(work, done, self._failed)

    def _failed(self, exc: Exception, details: str) -> None:
        if isinstance(exc, CommandRefused | OSError):
            self._say(str(exc))
        else:
            self.window_.show_failure(exc, details)

    def _say(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def show_state(self, state: month_end.MonthEnd) -> None:
        self.state = state
        for step in month_end.STEPS:
            self.rows[step].show_state(state.step(step))
        self._earlier_text()
        self._say(state.problem)
        self._buttons()

    def _earlier_text(self) -> None:
        state = self.state
        lines = [tr("monthend.earlier_open", month=month_text(m), steps=", ".join(
            tr(f"monthend.step.{s}") for s in steps)) for m, steps in
            (state.earlier if state is not None else ())]
        self.earlier.setText("\n".join(lines))
        self.earlier.setVisible(bool(lines))

    def _titles(self) -> None:
        doc = self.doc
        if doc is None:
            self.title.setText(tr("monthend.ui.title_none"))
            self.subtitle.setText("")
            self.subtitle.hide()
            return
        h = doc.borderel.header
        year, mon = divmod(h.prolongation_month, 100)
        self.title.setText(tr("monthend.ui.title", month=tr(f"monthend.month.{mon}"),
                              year=year))
        self.subtitle.setText(f"{h.collectivity_number} — {h.collectivity_name}"
                              if h.collectivity_name else h.collectivity_number)
        self.subtitle.show()

    def _buttons(self) -> None:
        """A step's button works when the step can be done (again); printing the differences
        needs the month before."""
        state = self.state

        def possible(step: str) -> bool:
            return state is not None and state.step(step).state != month_end.NOT_YET

        previous = state is not None and state.step("vergelijken").state != month_end.NOT_YET
        self.b_compare.setEnabled(possible("vergelijken"))
        self.b_print_corrections.setEnabled(possible("printen"))
        self.b_print_diff.setEnabled(possible("printen") and previous)
        self.b_convert.setEnabled(possible("omzetten"))
        self.b_convert_options.setEnabled(possible("omzetten"))
        self.b_check.setEnabled(possible("controleren"))
        kept = state is not None and state.step("bewaren").done
        self.b_keep.setEnabled(possible("bewaren") and not kept
                               and self.doc is not None and self.doc.entry is None)

    def retranslate(self) -> None:
        self._titles()
        self.intro.setText(tr("monthend.ui.intro"))
        self.open_button.setText(tr("monthend.ui.open"))
        self.b_open.setText(tr("monthend.ui.open"))
        self.b_compare.setText(tr("monthend.ui.compare"))
        self.b_print_corrections.setText(tr("monthend.part.correctiepremies").capitalize())
        self.b_print_diff.setText(tr("monthend.part.prolongatieverschillen").capitalize())
        self.b_convert.setText(tr("monthend.ui.convert"))
        self.b_convert.setToolTip(tr("monthend.ui.convert_tip"))
        self.b_convert_options.setText(tr("monthend.ui.convert_options"))
        self.b_check.setText(tr("monthend.ui.check"))
        self.b_keep.setText(tr("monthend.ui.keep"))
        self.components_button.setText(tr("remembered.dialog.open"))
        for row in self.rows.values():
            row.retranslate()
        self._earlier_text()

    # --- the steps, in one click --------------------------------------------------------

    def compare(self) -> None:
        """Prolongatieverschillen of the month before against this month (the view ticks)."""
        self.window_.show_view("prolongation_diff", force=True)
        self.window_.view("prolongation_diff").refresh_choices()

    def print_corrections(self) -> None:
        self.window_.view("corrections").refresh_choices()  # this month's own corrections
        actions.print_view(self.window_, "corrections")

    def print_diff(self) -> None:
        self.window_.view("prolongation_diff").refresh_choices()  # month before -> this month
        actions.print_view(self.window_, "prolongation_diff")

    def check(self) -> None:
        actions.open_payroll_check(self.window_)

    def convert_options(self) -> None:
        actions.open_salary(self.window_)

    def keep(self) -> None:
        doc = self.doc
        if doc is None or doc.entry is not None:
            return
        if is_demo(doc.path):
            self.window_.show_message(tr("monthend.reason.demo"))
            return
        import_documents(self.window_, [doc])

    def edit_components(self) -> None:
        if self.doc is None:
            return
        h = self.doc.borderel.header
        profile = ui_settings.settings().value("salary/profile", "csv", str)
        window = self.window_

        def opened(found) -> None:
            settings, _problem = found
            open_components(window, h.collectivity_number, h.collectivity_name,
                            settings.profile if settings is not None else profile)

        window.run_task(lambda: remembered_or_none(h.collectivity_number), opened,
                        tr("monthend.ui.remembered"))

    def convert(self) -> None:
        """The import file with the remembered options, into the remembered folder (asked the
        first time); never remembered: the salary dialog, where the options are chosen. A
        conversion that is refused (employees without werknemersnummer, a profile that needs
        a setting) opens the dialog too, with the reason."""
        doc = self.doc
        if doc is None:
            return
        window = self.window_
        h = doc.borderel.header

        def work():
            decided = decide(h.collectivity_number, {})
            if decided.remembered is None:
                return decided, None
            check_required(decided.profile)  # an empty debiteurnummer: the dialog asks it
            # as `digibord salary` does: the next pay period, the borderel before, notices
            return decided, prepare_conversion(doc.borderel, decided.choices.options,
                                               decided.profile)

        def converted(payload) -> None:
            decided, result = payload
            if result is None:
                window.notify(tr("monthend.ui.convert_first"), 15000)
                actions.open_salary(window)
                return
            target = self._target(decided, doc, result)
            if target is not None:
                self._write(decided, result, target)

        def failed(exc, details) -> None:
            if isinstance(exc, CommandRefused | OSError):
                window.show_message(str(exc), warning=True)
                actions.open_salary(window)
            else:
                window.show_failure(exc, details)

        window.run_task(work, converted, tr("ui.salary.computing"), failed=failed)

    def _target(self, decided, doc: OpenedBorderel, result) -> Path | None:
        """Where the file goes: the remembered folder with the dialog's file name, else asked;
        an existing file is replaced only when the user says so."""
        ext = decided.profile.settings.get("extension", ".csv")
        name = f"salaris_{doc.borderel.label().replace(' ', '')}{ext}"
        folder = decided.remembered.folder
        if folder and Path(folder).is_dir():
            target = Path(folder) / name
        else:
            start = str(Path(ui_settings.last_dir() or Path.home()) / name)
            path, _ = QFileDialog.getSaveFileName(
                self, tr("ui.salary.save_title"), start, f"{decided.profile.title} (*{ext})",
                options=QFileDialog.Option.DontConfirmOverwrite)
            if not path:
                return None
            target = Path(path)
        existing = [p for p in salary_targets(result, decided.profile, target) if p.exists()]
        if existing:  # a profile of lasting values writes its corrections file beside it
            answer = QMessageBox.question(
                self, tr("ui.export.exists_title"), tr("ui.export.exists", path=str(existing[0])),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return target

    def _write(self, decided, result, target: Path) -> None:
        window = self.window_

        def work():
            paths = salary_targets(result, decided.profile, target)
            written = write_salary_import(result, decided.profile, target, overwrite=True)
            return paths, keep_conversion(written, result, decided.profile.name,
                                          decided.settings_to_remember(str(target.parent)),
                                          month_end.WINDOW)

        def done(payload) -> None:
            paths, told = payload
            window.notify("  ".join([written_text(result, decided.profile, paths), *told]),
                          15000)
            window.month_end_changed.emit()
            window.export_finished(target)

        window.run_task(work, done, tr("ui.salary.writing"))

    # --- by hand ------------------------------------------------------------------------

    def tick_by_hand(self, row: StepRow, on: bool) -> None:
        """Tick a step off by hand (done elsewhere, on paper), or set it open again (asked:
        what was kept of it is forgotten). A step the archive itself marks (kept, or opened by
        a later step) cannot be set open here."""
        doc, state = self.doc, row.state
        if doc is None or state is None:
            return
        h = doc.borderel.header
        if not on:
            derived = state.implied_by is not None or (
                row.step == "bewaren" and state.by is None)
            if derived:
                row.tick.setChecked(True)
                self.window_.show_message(tr("monthend.ui.cannot_reopen",
                                             step=tr(f"monthend.step.{row.step}")))
                return
            answer = QMessageBox.question(
                self, tr("monthend.ui.reopen_title"),
                tr("monthend.ui.reopen", step=tr(f"monthend.step.{row.step}")),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                row.tick.setChecked(True)
                return

            def work():
                return month_end.quietly(month_end.reopen, h.collectivity_number,
                                         h.prolongation_month, row.step)
        else:
            def work():
                return month_end.quietly(month_end.done, h.collectivity_number,
                                         h.prolongation_month, row.step,
                                         {"collectivity_name": h.collectivity_name},
                                         by=month_end.BY_HAND)

        def done(problem) -> None:
            if problem:
                self.window_.notify(problem, 15000)
            self.refresh()

        month_end_ticks.bookkeeping(self.window_).run(work, done)


class MonthEndDock(QDockWidget):
    """The panel as a dock on the window's right (closable; Beeld – Maandafsluiting)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("month_end_dock")
        self.panel = MonthEndPanel(window)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        # as wide as the panel needs (its lines wrap) when the window has room; a small window
        # may squeeze it, then it scrolls sideways too
        needed = max(self.panel.minimumSizeHint().width(),
                     self.panel.steps.minimumSizeHint().width() + 12,  # hidden until a month
                     self.panel.components_button.sizeHint().width() + 12)
        self.wanted_width = needed + scroll.verticalScrollBar().sizeHint().width() + 4
        scroll.setMinimumWidth(160)
        self.setWidget(scroll)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.toggleViewAction().setObjectName("view.month_end")
        self.toggleViewAction().setShortcut("Ctrl+Shift+M")
        window.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("monthend.ui.dock"))
        self.toggleViewAction().setText(tr("monthend.ui.dock"))
