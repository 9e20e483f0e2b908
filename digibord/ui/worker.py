"""Running one piece of work (a report, an export, an archive import) on a worker thread and
getting its result back on the UI thread by signal, the same pattern as `loader.LoadTask`.

`Worker.run(fn, done, failed)`: `fn()` runs on a pool thread; `done(result)` or
`failed(exc, details)` is then called on the UI thread. A newer job with the same `tag`
supersedes an older one: the older result is dropped (a live preview computes on every change,
only the last one counts)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal


class _JobSignals(QObject):
    done = Signal(object)
    failed = Signal(object, str)  # exception, traceback text


class Job:
    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn
        self.signals = _JobSignals()  # made on the UI thread: queued delivery to it
        self._dropped = threading.Event()

    def drop(self) -> None:
        self._dropped.set()

    @property
    def dropped(self) -> bool:
        return self._dropped.is_set()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the UI thread, which decides what to show
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Worker(QObject):
    """A small pool (two threads: a preview and an export may overlap) that reports busy."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._latest: dict[str, Job] = {}
        self._running: set[Job] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(self, fn: Callable[[], Any], done: Callable[[Any], object],
            failed: Callable[[Exception, str], object] | None = None, tag: str = "") -> Job:
        job = Job(fn)
        if tag:
            old = self._latest.get(tag)
            if old is not None:
                old.drop()
            self._latest[tag] = job
        queued = Qt.ConnectionType.QueuedConnection

        def finish(handler, *args):
            self._running.discard(job)
            if not self._running:
                self.busy_changed.emit(False)
            if tag and self._latest.get(tag) is job:
                del self._latest[tag]
            if not job.dropped and handler is not None:
                handler(*args)

        job.signals.done.connect(lambda r: finish(done, r), queued)
        job.signals.failed.connect(lambda e, t: finish(failed, e, t), queued)
        if not self._running:
            self.busy_changed.emit(True)
        self._running.add(job)
        self._pool.start(job.run)
        return job

    def drop(self, *tags: str) -> None:
        """Forget the results of these jobs (their dialog closed): `done` is not called."""
        for tag in tags:
            job = self._latest.pop(tag, None)
            if job is not None:
                job.drop()

    def wait(self, msecs: int = -1) -> bool:
        """For tests and shutdown."""
        return self._pool.waitForDone(msecs)
