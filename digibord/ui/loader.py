"""Loading borderels off the UI thread: read the bytes (with progress), parse, and let each
view prepare its column arrays, all on a QThreadPool worker; the result comes back by signal.

Two steps, so that the table is on screen as soon as its rows are there:
1. read, parse, the preparers (`register_preparer`; Verzekerden: the insured list and the
   cells of its table) -> `loaded(doc)`: the window adds the month and shows it;
2. on the same worker, while the user already looks at it: what the first screen does not
   need -> `completed(doc)`: each prepared value's `complete(check)` (the sort and filter data
   of the Verzekerden table), the later preparers (`register_preparer(..., later=True)`:
   Correctiepremies of the month), the file's fingerprint and whether the archive holds it
   (the archive question waits for this; both travel with the signal and are set on the
   document on the UI thread, where the archive view and prompt also change `in_archive`).
A view must cope with a document whose later work is not there yet: what is missing is
computed on first use (a sort, a filter) or by the view itself (Correctiepremies).

Cancelling drops the result: the window is free again at once, and whatever the worker still
finishes is thrown away. The worker stops at the next stage of reading, parsing or preparing.
A cancel during step 2 keeps the month that is already shown; what was left is done on
demand, and the month is not offered to the archive (whether it holds it is not known).

Shutting down (the window closes, the application quits) cancels and *waits*: a task's signals
object is a Python-owned QObject that Qt's teardown deletes at exit, so no worker may still be
running then to emit into it ("Signal source has been deleted").
"""

from __future__ import annotations

import hashlib
import threading
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal

from digibord.errors import read_reason
from digibord.formats.borderel import Borderel
from digibord.formats.input_file import read_input
from digibord.formats.issues import InputRefused
from digibord.formats.reader import parse_borderel
from digibord.i18n import tr
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from collections.abc import Iterable

BUSY = -1  # progress value: working, no percentage known
PARSED = 80  # progress value from which the file has passed the reader (preparing)
# Step 2 starts once the window has handled `loaded` and painted (the window sets it free
# after its paint, `hold_shown`, else a zero timer after delivering it), so that the first
# screen does not share the machine's cores with it; at most this long, should that never come.
SHOWN_WAIT_S = 2.0
SHUTDOWN_WAIT_MS = 30000  # a cancelled worker stops within one parse stage; this is a backstop

# view id -> function(borderel) -> what the view needs, computed on the worker thread.
# Views register here (see views/insured.py) so that opening a file prepares them all at once.
# PREPARERS run before the month is shown, LATER_PREPARERS after (step 2 above).
PREPARERS: dict[str, Callable[[Borderel], Any]] = {}
LATER_PREPARERS: dict[str, Callable[[Borderel], Any]] = {}


class _Hash(threading.Thread):
    def __init__(self, data) -> None:
        super().__init__(daemon=True)
        self.data = data
        self.digest = ""

    def run(self) -> None:
        self.digest = hashlib.sha256(self.data).hexdigest()
        self.data = None  # the file's bytes go as soon as the parse is done with them too


def register_preparer(view_id: str, prepare: Callable[[Borderel], Any],
                      later: bool = False) -> None:
    """`prepare(borderel)` on the loader's worker; `later`: after the month is on screen
    (the view must then cope with `doc.prepared` not having it yet)."""
    (LATER_PREPARERS if later else PREPARERS)[view_id] = prepare


def in_archive(digest: str) -> bool | None:
    """Whether the archive holds these exact bytes (plain metadata, no key needed)."""
    # the archive's modules (pandas, cryptography) on the worker, not at start-up
    from digibord.archive import open_archive

    try:
        archive = open_archive()
        if not archive.exists():
            return False
        return any(e.sha256 == digest for e in archive.entries())
    except Exception:  # an unreadable archive must not stop a file from opening
        return None


def os_error_text(exc: OSError) -> str:
    """The reason in the window's language (the system's strerror is English on Windows)."""
    for kind, key in ((FileNotFoundError, "ui.load.not_found"),
                      (IsADirectoryError, "ui.load.is_folder"),
                      (PermissionError, "ui.load.no_access")):
        if isinstance(exc, kind):
            return tr(key)
    return tr("ui.load.unreadable", reason=read_reason(exc))


def prepare_document(doc: OpenedBorderel,
                     preparers: dict[str, Callable[[Borderel], Any]] | None = None) -> None:
    """Run the views' preparers, both steps, for a borderel that came from elsewhere (the
    archive; on a worker)."""
    for view_id, prepare in (preparers if preparers is not None else PREPARERS).items():
        doc.prepared[view_id] = prepare(doc.borderel)
    complete_document(doc, LATER_PREPARERS if preparers is None else {})


def complete_document(doc: OpenedBorderel, later: dict[str, Callable[[Borderel], Any]],
                      check: Callable[[], None] | None = None) -> None:
    """Step 2 of a prepared document: each prepared value's `complete(check)`, then the
    later preparers. `check()` between the pieces may raise to stop."""
    for value in list(doc.prepared.values()):
        complete = getattr(value, "complete", None)
        if complete is not None:
            complete(check)
    for view_id, prepare in later.items():
        if check is not None:
            check()
        doc.prepared[view_id] = prepare(doc.borderel)


def _nothing() -> None:
    pass


class _Cancelled(Exception):
    pass


class _TaskSignals(QObject):
    progress = Signal(int, str)  # percent or BUSY, what is happening
    loaded = Signal(object)  # OpenedBorderel: shown from now on
    completed = Signal(object, str, object)  # the same OpenedBorderel, sha256, in_archive
    refused = Signal(object, object, object, int)  # path, errors, warnings, total errors
    failed = Signal(object, str, str)  # path, message, details (traceback or "")
    done = Signal()


class LoadTask:
    """Reads and parses one file. `run` goes to a pool thread as a plain callable (Qt owns the
    runnable, so no Python QRunnable can be collected while its thread is still in it); the
    task talks only through `signals`."""

    def __init__(self, path: Path, preparers: dict[str, Callable[[Borderel], Any]],
                 later: dict[str, Callable[[Borderel], Any]] | None = None):
        self.path = Path(path)
        self.preparers = dict(preparers)
        self.later = dict(later or {})
        self.signals = _TaskSignals()  # created here, on the UI thread: queued delivery
        self._cancel = threading.Event()
        self._shown = threading.Event()

    def shown(self) -> None:
        """The window has the month on screen (UI thread): step 2 may start."""
        self._shown.set()

    def _wait_shown(self) -> None:
        waited = 0.0
        while not self._shown.wait(0.05) and waited < SHOWN_WAIT_S:
            self._check()
            waited += 0.05

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _check(self) -> None:
        if self._cancel.is_set():
            raise _Cancelled

    def _read(self) -> bytes:
        """The whole file in one buffer (read_input: not a FIFO, not too large, not obviously
        something else), in chunks so that reading can be cancelled and shows progress."""
        def read(got: int, size: int) -> None:
            self._check()
            self.signals.progress.emit(min(20, 20 * got // max(size, 1)), tr("ui.load.reading"))

        return read_input(self.path, progress=read)

    def run(self) -> None:
        sig = self.signals
        try:
            sig.progress.emit(0, tr("ui.load.reading"))
            data = self._read()
            sig.progress.emit(20, tr("ui.load.checking"))
            hashing: _Hash | None = None

            def parsed(fraction: float) -> None:
                self._check()  # between parse stages: a cancel stops the parse here
                sig.progress.emit(20 + int(60 * fraction), tr("ui.load.checking"))

            try:
                result = parse_borderel(data, str(self.path), progress=parsed)
                self._check()
                warnings = list(result.warnings or [])
                if result.errors or result.borderel is None:
                    total = max(result.error_total, len(result.errors))
                    sig.refused.emit(self.path, list(result.errors), warnings, int(total))
                    return
                doc = OpenedBorderel(self.path, result.borderel, warnings)
                for i, (view_id, prepare) in enumerate(self.preparers.items()):
                    self._check()
                    sig.progress.emit(80 + 10 * i // max(len(self.preparers), 1),
                                      tr("ui.load.preparing"))
                    doc.prepared[view_id] = prepare(result.borderel)
                self._check()
                sig.progress.emit(90, tr("ui.load.preparing"))
                sig.loaded.emit(doc)  # on screen from here; the rest while it is looked at
                self._wait_shown()
                # the fingerprint for the archive on the other core meanwhile (hashlib lets go
                # of the interpreter lock on large data); not during step 1, whose cores it
                # would share on a busy machine
                hashing = _Hash(data)
                hashing.start()
                del data  # the hash holds its own reference until it is done
                complete_document(doc, self.later, self._check)
            finally:
                if hashing is not None:
                    hashing.join()  # nothing of the task outlives run()
            self._check()
            held = in_archive(hashing.digest)
            self._check()
            sig.progress.emit(100, tr("ui.load.preparing"))
            sig.completed.emit(doc, hashing.digest, held)
        except _Cancelled:
            pass
        except InputRefused as exc:  # a FIFO, too large, or plainly not a borderel
            sig.refused.emit(self.path, list(exc.errors), list(exc.warnings), int(exc.total))
        except OSError as exc:
            sig.failed.emit(self.path, os_error_text(exc), "")
        except Exception as exc:  # a bug of ours: show it, with details to copy
            sig.failed.emit(self.path, str(exc), traceback.format_exc())
        finally:
            sig.done.emit()


class BorderelLoader(QObject):
    """Opens files one after the other on a worker thread; the window listens to its signals.

    A result of a cancelled task is never delivered."""

    busy_changed = Signal(bool)
    progress = Signal(int, str)
    loaded = Signal(object)  # OpenedBorderel, to be shown
    completed = Signal(object)  # that OpenedBorderel's step 2 is done (see the module doc)
    refused = Signal(object, object, object, int)  # path, errors, warnings, total
    failed = Signal(object, str, str)  # path, message, details

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._queue: deque[Path] = deque()
        self._task: LoadTask | None = None
        self._zombies: set[LoadTask] = set()  # cancelled tasks still running, kept alive
        self._held = False  # a `loaded` handler took over letting step 2 go (hold_shown)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def open(self, paths: Iterable[str | Path]) -> None:
        self._queue.extend(Path(p) for p in paths)
        self._next()

    def cancel(self) -> None:
        self._queue.clear()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            self._zombies.add(task)
            self.busy_changed.emit(False)

    def hold_shown(self) -> Callable[[], None]:
        """For a `loaded` handler: step 2 of that file waits until the function returned is
        called (the window has painted the month; `SHOWN_WAIT_S` is the backstop). Calling it
        twice, or after a cancel, does nothing more."""
        self._held = True
        task = self._task
        return task.shown if task is not None else _nothing

    def wait(self, msecs: int = -1) -> bool:
        """For tests and shutdown: wait until the worker has stopped."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel everything and wait until the worker has left `run`, so that no task emits
        into a signals object that Qt deletes at exit. True when it stopped in time."""
        self.cancel()
        return self.wait(msecs)

    def _next(self) -> None:
        if self._task is not None or not self._queue:
            return
        task = LoadTask(self._queue.popleft(), PREPARERS, LATER_PREPARERS)
        self._task = task
        sig = task.signals

        def live(fn):  # deliver only while this task is the current, uncancelled one
            return lambda *a: None if task.cancelled or self._task is not task else fn(*a)

        # Queued: the signals object lives on the UI thread, so these run there.
        queued = Qt.ConnectionType.QueuedConnection
        sig.progress.connect(live(self.progress.emit), queued)

        def deliver(doc: OpenedBorderel) -> None:
            self._held = False
            self.loaded.emit(doc)
            if not self._held:  # nobody paints it in steps: after Qt's own paint
                QTimer.singleShot(0, task.shown)

        sig.loaded.connect(live(deliver), queued)

        def complete(doc: OpenedBorderel, digest: str, held: bool | None) -> None:
            doc.sha256, doc.in_archive = digest, held
            self.completed.emit(doc)

        sig.completed.connect(live(complete), queued)
        sig.refused.connect(live(self.refused.emit), queued)
        sig.failed.connect(live(self.failed.emit), queued)
        sig.done.connect(lambda: self._finished(task), queued)
        self.busy_changed.emit(True)
        self._pool.start(task.run)

    def _finished(self, task: LoadTask) -> None:
        self._zombies.discard(task)
        if self._task is task:
            self._task = None
            if not self._queue:
                self.busy_changed.emit(False)
            self._next()
