"""The one way Digibord writes an output file: into a temporary file beside the target, moved
into place only when complete, so a failure never leaves half a file; readable by the user only
(0600), because every report and payroll file holds names; an existing file replaced only when
the caller says so (the command line's --force, the window after asking); and never through
something that is not a plain file (a link, a pipe, a device).

A failure of the file system (full disk, no permission, a file-size limit) is a refusal with
the file's name and the reason (exit 1 on the command line), never a program fault."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from digibord.errors import CommandRefused, failure_reason
from digibord.i18n import tr

FILE_MODE = 0o600


class OutputRefused(CommandRefused):
    """An output file that cannot be written as asked; the message says what to do."""


def check_target(path: str | Path, overwrite: bool, lang: str | None = None) -> Path:
    """Refuse at once what cannot be written: no folder, a file that exists (unless
    `overwrite`), or something at the path that is not a plain file."""
    target = Path(path)
    if str(path).endswith(("/", os.sep)):  # Path drops the slash: a file named as the folder
        raise OutputRefused(tr("export.error.folder_name", lang, path=str(path)))
    if not target.parent.is_dir():
        raise OutputRefused(tr("export.error.no_folder", lang, path=str(target)))
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _refused(target, exc, lang) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(tr("export.error.not_a_file", lang, path=str(target)))
    if info is not None and not overwrite:
        raise OutputRefused(tr("export.error.exists", lang, path=str(target)))
    _probe_folder(target, lang)
    return target


def _probe_folder(target: Path, lang: str | None) -> None:
    """The folder takes a new file (as the writer's temporary one will be): a folder without
    write permission, on a read-only or full disk, is found now, before any work, and not
    after another file of the same command was already written."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=".digibord-probe-")
    except OSError as exc:
        raise _refused(target, exc, lang) from None
    os.close(fd)
    os.unlink(name)


@contextmanager
def atomic_output(path: str | Path, overwrite: bool = False,
                  lang: str | None = None) -> Iterator[Path]:
    """A temporary path to write the whole file to; on leaving the block it becomes `path`."""
    with atomic_outputs([path], overwrite, lang) as (tmp,):
        yield tmp


@contextmanager
def atomic_outputs(paths: Sequence[str | Path], overwrite: bool = False,
                   lang: str | None = None) -> Iterator[list[Path]]:
    """Files that belong together (a payroll import's values and its corrections): a temporary
    path for each; on leaving the block all take their names, or none does — when one cannot,
    those placed already are taken back and a file they replaced is put back."""
    targets = [check_target(p, overwrite, lang) for p in paths]
    temps: list[Path] = []
    target = targets[0]  # the file a failure is reported for
    try:
        for target in targets:
            temps.append(_temporary(target))
        target = targets[0]  # what the block writes is reported for the first
        yield temps
        for tmp in temps:
            _seal(tmp)
        placed: list[tuple[Path, Path | None]] = []  # (target, the file it replaced or None)
        try:
            for tmp, target in zip(temps, targets, strict=True):
                aside = _put_aside(target) if overwrite else None
                try:
                    _place(tmp, target, overwrite, lang)
                except BaseException:
                    if aside is not None:  # the target is as it was: the spare name goes
                        aside.unlink(missing_ok=True)
                    raise
                placed.append((target, aside))
        except BaseException:
            _take_back(placed)
            raise
        for _target, aside in placed:
            if aside is not None:
                aside.unlink(missing_ok=True)
        for folder in {t.parent for t in targets}:
            _sync_folder(folder)
    except FileExistsError:
        raise OutputRefused(tr("export.error.exists", lang, path=str(target))) from None
    except OSError as exc:
        raise _refused(target, exc, lang) from None
    except CommandRefused:  # the renderer's own refusal (or the target's), as it is
        raise
    except Exception as exc:
        cause = _os_error(exc)
        if cause is None:
            raise  # a fault of the program, not of the file system
        raise _refused(target, cause, lang) from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _temporary(target: Path, suffix: str = ".tmp") -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)  # mkstemp made it 0600, with O_EXCL: a link planted at the name fails it
    return Path(name)


def _place(tmp: Path, target: Path, overwrite: bool, lang: str | None) -> None:
    if overwrite:
        check_target(target, True, lang)  # still a plain file (or gone) just before
        # A link put at the target after this check is replaced itself (rename never
        # follows it), and nothing opens the target afterwards.
        os.replace(tmp, target)
    else:
        os.link(tmp, target, **_NO_FOLLOW)  # fails when the name was taken: never replaces
        tmp.unlink()


def _put_aside(target: Path) -> Path | None:
    """A second name for the file `target` is about to replace, so it can be put back."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None  # check_target refuses it when placing
    aside = _temporary(target, ".old")
    aside.unlink()
    os.link(target, aside, **_NO_FOLLOW)
    return aside


def _take_back(placed: list[tuple[Path, Path | None]]) -> None:
    """Undo the files placed so far, the last first; best effort, the error that stopped the
    placing is the one reported."""
    for target, aside in reversed(placed):
        try:
            if aside is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(aside, target)
        except OSError:
            pass


# os.link follows a symbolic link given as the source unless told not to (where it can be)
_NO_FOLLOW = {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}


def _seal(tmp: Path) -> None:
    """The finished temporary file made private and put on disk before it takes the target's
    name; opened without following a link, so only the plain file we made is ever renamed
    into place (a link put in its stead fails here)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    if os.name != "posix":  # no O_NOFOLLOW, no fchmod: check the name, then set the mode
        if not stat.S_ISREG(tmp.lstat().st_mode):
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(tmp))
        os.chmod(tmp, FILE_MODE)
        return
    fd = os.open(tmp, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(tmp))
        os.fchmod(fd, FILE_MODE)  # a renderer that made the file anew gets 0600 back
        os.fsync(fd)  # after a power cut: the whole new file or the old one, never an empty one
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the file itself is on disk
    finally:
        os.close(fd)


def _os_error(exc: BaseException) -> OSError | None:
    """The error of the file system behind a renderer library's own exception: xlsxwriter's
    FileCreateError wraps it as its argument, others raise from it. (Not one that was merely
    being handled: a fault raised then is still a fault.)"""
    for candidate in (exc.__cause__, *exc.args[:1]):
        if isinstance(candidate, OSError):
            return candidate
    return None


def write_bytes(path: str | Path, data: bytes, overwrite: bool = False,
                lang: str | None = None) -> Path:
    with atomic_output(path, overwrite, lang) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def _refused(target: Path, exc: OSError, lang: str | None) -> OutputRefused:
    return OutputRefused(tr("export.error.write", lang, path=str(target),
                            reason=failure_reason(exc, lang)))
