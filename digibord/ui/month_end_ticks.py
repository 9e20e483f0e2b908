"""The window's side of the month-end ticks (digibord.app.month_end): after a step succeeded in
the window, its tick is kept on the worker thread, the month-end panel is told, and an archive
that cannot keep it is a notice, never a failure of the step itself.

What ticks where: a borderel opened (not a demo file), Prolongatieverschillen shown for a pair,
Correctiepremies or Prolongatieverschillen printed or saved as PDF, the salary import file
written (salary_dialog and the panel), the check dialog closed with a result."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

from digibord.app import month_end
from digibord.reconcile.diff import DiffResult
from digibord.ui.archive_prompt import is_demo
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from pathlib import Path

    from digibord.reports.results import ReportResult
    from digibord.ui.main_window import MainWindow
    from digibord.ui.payroll_dialog import PayrollCheckDialog


class Bookkeeping(QObject):
    """The month-end's own reads and ticks on a thread of their own, one at a time (ticks in
    the order they were made): bookkeeping beside the user's work, so it neither waits for the
    window's worker nor shows in its progress bar."""

    _finished = Signal(object, object)  # (done, failed), (ok, value, details)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pending = 0
        self._finished.connect(self._deliver)  # queued: emitted on the pool's thread

    @property
    def busy(self) -> bool:
        return self.pending > 0

    def run(self, fn: Callable, done: Callable, failed: Callable | None = None) -> None:
        self.pending += 1

        def job() -> None:
            try:
                out = (True, fn(), "")
            except Exception as exc:  # delivered to `failed` / the error dialog
                out = (False, exc, traceback.format_exc())
            try:
                self._finished.emit((done, failed), out)
            except RuntimeError:
                if shiboken6.isValid(self):
                    raise
                # The window was deleted while the tick ran: the tick is kept (fn ran to its
                # end), only nobody is left to tell.

        self.pool.start(job)

    def _deliver(self, callbacks, out) -> None:
        self.pending -= 1
        done, failed = callbacks
        ok, value, details = out
        if ok:
            done(value)
        elif failed is not None:
            failed(value, details)
        else:
            self.window_.show_failure(value, details)

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)


def bookkeeping(window: MainWindow) -> Bookkeeping:
    """The window's month-end runner (made on first use)."""
    runner = window.month_end_tasks
    if runner is None:
        runner = window.month_end_tasks = Bookkeeping(window)
    return runner


def tick(window: MainWindow, work: Callable[[], str | None]) -> None:
    """Run a tick (`work()` returns a problem in words, or None) off the UI thread."""

    def done(problem: str | None) -> None:
        if problem:
            window.notify(problem, 15000)
        window.month_end_changed.emit()

    bookkeeping(window).run(work, done)


def opened(window: MainWindow, doc: OpenedBorderel) -> None:
    if doc.entry is None and is_demo(doc.path):
        return  # the bundled example months are nobody's month-end
    tick(window, lambda: month_end.opened(doc.borderel, doc.path, month_end.WINDOW,
                                          from_archive=doc.entry is not None))


def printed(window: MainWindow, result: ReportResult, file: str | Path | None = None) -> None:
    """After Printen or an export to PDF of a report (only two reports are a step)."""
    tick(window, lambda: month_end.printed(result, file, month_end.WINDOW))


def watch_diff(window: MainWindow) -> None:
    """Prolongatieverschillen shown for a pair ticks `vergelijken` of its later month (once
    per pair and session: the view also says its status when the language changes)."""
    view = window.view("prolongation_diff")
    seen: set[tuple] = set()

    def shown() -> None:
        result = view.result
        if not isinstance(result, DiffResult):
            return
        key = (result.collectivity_number, result.van.key, result.tot.key)
        if key in seen:
            return
        seen.add(key)
        tick(window, lambda: month_end.compared(result, month_end.WINDOW))

    view.status_changed.connect(shown)


def watch_check(window: MainWindow, dialog: PayrollCheckDialog) -> None:
    """The check dialog closed with a result: `controleren` ticked with what it found."""

    def closed(_code: int) -> None:
        result = getattr(dialog, "result", None)
        if result is not None:
            tick(window, lambda: month_end.checked(result, month_end.WINDOW))

    dialog.finished.connect(closed)


def watch_exports(window: MainWindow) -> None:
    """Exporteren – Naar PDF of Correctiepremies or Prolongatieverschillen counts as printed."""

    def exported(path: str | Path) -> None:
        exporter = getattr(window, "exporter", None)
        if exporter is None or exporter.fmt != "pdf" or str(path).lower()[-4:] != ".pdf":
            return
        printed(window, exporter.result, path)

    window.exported.connect(exported)


def connect(window: MainWindow) -> None:
    """The window's ticks that need no other module's help."""
    window.documents.added.connect(lambda doc: opened(window, doc))
    watch_diff(window)
    watch_exports(window)
