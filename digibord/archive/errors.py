"""What the archive refuses. Subclasses of CommandRefused, so that the command line shows the
message and exits 1 without a traceback, and the window can catch `ArchiveError`."""

from __future__ import annotations

from digibord.errors import CommandRefused


class ArchiveError(CommandRefused):
    """The archive cannot do what was asked; the message says why and what to do."""


class KeyProblem(ArchiveError):
    """The key is missing or is not the one the archive was written with. Nothing is changed."""


class TamperedRecord(ArchiveError):
    """A stored record does not match its authentication tag: changed outside Digibord."""

    def __init__(self, message: str, entry_id: int | None = None):
        super().__init__(message)
        self.entry_id = entry_id
