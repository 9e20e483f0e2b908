"""The one way Digibord writes an output file: into a temporary file beside the target, moved
into place only when complete, so a failure never leaves half a file; readable by the user only
(0600), because every report and payroll file holds names; an existing file replaced only when
the caller says so (the command line's --force, the window after asking); and never through
something that is not a plain file (a link, a pipe, a device).

A failure of the file system (full disk, no permission, a file-size limit) is a refusal with
the file's name and the reason (exit 1 on the command line), never a program fault."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digibord.errors import CommandRefused
from digibord.i18n import tr

FILE_MODE = 0o600


class OutputRefused(CommandRefused):
    """An output file that cannot be written as asked; the message says what to do."""


def check_target(path: str | Path, overwrite: bool, lang: str | None = None) -> Path:
    """Refuse at once what cannot be written: no folder, a file that exists (unless
    `overwrite`), or something at the path that is not a plain file."""
    target = Path(path)
    if not target.parent.is_dir():
        raise OutputRefused(tr("export.error.no_folder", lang, path=str(target)))
    try:
        info = target.lstat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputRefused(tr("export.error.write", lang, path=str(target),
                               reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(tr("export.error.not_a_file", lang, path=str(target)))
    if not overwrite:
        raise OutputRefused(tr("export.error.exists", lang, path=str(target)))
    return target


@contextmanager
def atomic_output(path: str | Path, overwrite: bool = False,
                  lang: str | None = None) -> Iterator[Path]:
    """A temporary path to write the whole file to; on leaving the block it becomes `path`."""
    target = check_target(path, overwrite, lang)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _refused(target, exc, lang) from None
    os.close(fd)  # mkstemp made it 0600
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)
        if overwrite:
            check_target(target, True, lang)  # still a plain file (or gone) just before
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails when the name was taken meanwhile: never replaces
            tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise OutputRefused(tr("export.error.exists", lang, path=str(target))) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _refused(target, exc, lang) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes, overwrite: bool = False,
                lang: str | None = None) -> Path:
    with atomic_output(path, overwrite, lang) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def _refused(target: Path, exc: OSError, lang: str | None) -> OutputRefused:
    return OutputRefused(tr("export.error.write", lang, path=str(target),
                            reason=exc.strerror or exc))
