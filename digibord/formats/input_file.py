"""Reading a borderel's bytes from disk, refusing at once what cannot be one: something that is
not a regular file (a FIFO would block for ever, a device may never end), a file larger than
MAX_BORDEREL_BYTES, or a file whose first bytes already say it is something else (a PDF, an
Excel workbook, binary data: docs/reader.md), before the rest is read."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from digibord.formats.issues import InputRefused, issue
from digibord.formats.sniff import sniff
from digibord.i18n import tr

# Far above the largest collectivity (a borderel of 500 000 lines is 126 MB), far below what
# would make the program slow or short of memory on an office computer.
MAX_BORDEREL_BYTES = 1_000_000_000
HEAD_BYTES = 65536  # what the sniffer looks at
CHUNK = 1 << 22

_NOT_A_FILE = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


def read_input(
    path: str | Path, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The bytes of the borderel at `path`, in one buffer.

    Raises InputRefused (a translated reason, like a parse error) for a FIFO, device or socket,
    a file above the cap, or a file that its first bytes show to be no borderel; raises OSError
    as `open` would (not found, no permission, a folder) so that each caller keeps its own
    words for those. With `progress`, the file is read in chunks, joined at the end, and
    `progress(read, size)` is called after each; it may raise to stop the reading (the
    window's cancel button). Without, it is read in one go (no buffer to zero first, no
    second copy)."""
    name = str(path)
    info = os.stat(path)  # before opening: opening a FIFO would wait for a writer
    _refuse_special(name, info.st_mode)
    # O_NONBLOCK: a path swapped for a FIFO after the stat still does not block the open
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        info = os.fstat(fh.fileno())
        _refuse_special(name, info.st_mode)
        size = info.st_size
        _refuse_size(name, size)
        if progress is None:
            _refuse_kind(name, fh.read(HEAD_BYTES))  # before the rest is read
            fh.seek(0)
            data = fh.readall()
            _refuse_size(name, len(data))  # it grew while we read it
            return data
        return _read_pieces(name, fh, size, progress)


def _read_pieces(name: str, fh, size: int, progress: Callable[[int, int], None]) -> bytes:
    """The file in pieces (progress and cancel between them), joined once at the end.

    Neither `bytearray(size)` (zeroing 126 MB holds the interpreter lock for 70-120 ms) nor a
    bytearray grown by `+=`: its reallocations copy what was read so far with the lock held,
    20-120 ms pauses of the window in a process whose heap earlier files have cut up. The
    reads and the join's one copy let go of the lock; the pieces and the result are both
    in memory for the moment of the join."""
    pieces: list[bytes] = []
    got = 0
    while got < size:
        piece = fh.read(min(HEAD_BYTES if got == 0 else CHUNK, size - got))
        if not piece:
            break  # the file shrank while we read it
        if got == 0:
            _refuse_kind(name, piece)
        pieces.append(piece)
        got += len(piece)
        progress(got, size)
    while more := fh.read(CHUNK):  # or grew
        pieces.append(more)
        got += len(more)
        _refuse_size(name, got)
    return b"".join(pieces)


def _refuse_special(name: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, os.strerror(21), name)
    for test, kind in _NOT_A_FILE:
        if test(mode):
            raise InputRefused(name, [issue("reader.not_a_file", kind=_kind(kind))])


def _refuse_size(name: str, size: int) -> None:
    if size > MAX_BORDEREL_BYTES:
        raise InputRefused(
            name,
            [
                issue(
                    "reader.too_large",
                    size=_megabytes(size),
                    limit=_megabytes(MAX_BORDEREL_BYTES),
                )
            ],
        )


def _refuse_kind(name: str, head: bytes) -> None:
    kind = sniff(head)
    if kind:  # the same error the reader gives for the whole file
        raise InputRefused(name, [issue("reader.looks_like", kind=tr(f"reader.kind.{kind}"))])


def _megabytes(size: int) -> str:
    return f"{-(-size // 1_000_000)} MB"


def _kind(kind: str) -> str:
    return tr(f"reader.not_a_file.{kind}")
