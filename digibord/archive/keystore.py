"""Where the archive key lives: the OS credential store through `keyring` (Windows Credential
Manager, macOS Keychain, Secret Service), else a key file in the data folder readable only by
the user. See docs/archive.md."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digibord.archive.crypto import decode_key, encode_key, new_key

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "Digibord"
KEY_FILE_NAME = "archive.key"
GENERATION_FILE_NAME = "archive.generation"  # the counter beside a key file
KEYRING = "keyring"
FILE = "file"


@dataclass(frozen=True)
class FoundKey:
    key: bytes
    storage: str  # KEYRING or FILE
    created: bool = False  # made just now (the caller tells the user where it went)


@dataclass(frozen=True)
class Lookup:
    """What a search for the key found: the key, or why not (for a message a person can act on)."""

    found: FoundKey | None
    keyring_usable: bool
    keyring_error: str | None = None
    bad_entry: str | None = None  # KEYRING or FILE: there is something, but not a key


def username(archive_id: str) -> str:
    # One entry per archive: a second archive (DIGIBORD_HOME) never takes another's key.
    return f"archive-key-{archive_id}"


def key_file(data_dir: Path) -> Path:
    return data_dir / KEY_FILE_NAME


def generation_username(archive_id: str) -> str:
    # A companion entry: the key's own entry stays exactly as it was (44 characters).
    return f"archive-generation-{archive_id}"


def generation_file(data_dir: Path) -> Path:
    return data_dir / GENERATION_FILE_NAME


def _backend():
    # Imported here: keyring takes 130-290 ms to import, which no command that does not need
    # the key should wait for (python -X importtime -c "import keyring").
    import keyring

    return keyring.get_keyring()


def keyring_usable(backend: KeyringBackend | None = None) -> bool:
    """False for keyring's 'no backend' stand-ins, which refuse or silently drop secrets."""
    from keyring.backends import chainer, fail

    backend = backend if backend is not None else _backend()
    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return getattr(backend, "priority", 1) > 0


def find_key(data_dir: Path, archive_id: str) -> Lookup:
    backend = _backend()
    usable = keyring_usable(backend)
    error = bad = None
    if usable:
        try:
            text = backend.get_password(SERVICE, username(archive_id))
        except Exception as exc:  # locked or broken store: the key may be there, just not now
            text, error = None, f"{type(exc).__name__}: {exc}"
        if text:
            try:
                return Lookup(FoundKey(decode_key(text), KEYRING), usable)
            except ValueError:
                bad = KEYRING
    path = key_file(data_dir)
    try:
        text = _read_key_text(path)
    except FileNotFoundError:
        return Lookup(None, usable, error, bad)
    except (OSError, UnicodeDecodeError):
        return Lookup(None, usable, error, FILE)
    try:
        return Lookup(FoundKey(decode_key(text), FILE), usable, error, bad)
    except ValueError:
        return Lookup(None, usable, error, FILE)


def create_key(data_dir: Path, archive_id: str) -> FoundKey:
    """A new key, in the credential store when it works, else in a private key file."""
    key = new_key()
    text = encode_key(key)
    backend = _backend()
    if keyring_usable(backend):
        try:
            backend.set_password(SERVICE, username(archive_id), text)
            # Read it back: some stand-ins accept a secret and keep nothing.
            if backend.get_password(SERVICE, username(archive_id)) == text:
                return FoundKey(key, KEYRING, created=True)
        except Exception:
            pass  # no working store: fall back to the key file below
    _write_private(key_file(data_dir), text + "\n")
    return FoundKey(key, FILE, created=True)


def read_generation(data_dir: Path, archive_id: str, storage: str) -> int | None:
    """The archive's generation counter kept beside its key (`storage`: where the key is):
    a companion entry in the credential store, or a file beside the key file. None when there
    is none yet, or it cannot be read now, or it holds no number."""
    try:
        if storage == KEYRING:
            text = _backend().get_password(SERVICE, generation_username(archive_id))
        else:
            text = generation_file(data_dir).read_text(encoding="ascii")
    except Exception:  # locked store, no file, not text: not known, so not held against it
        return None
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return int(value)


def write_generation(data_dir: Path, archive_id: str, storage: str, value: int) -> None:
    """Set the counter beside the key (raises what the store or the file system raises)."""
    text = str(int(value))
    if storage == KEYRING:
        _backend().set_password(SERVICE, generation_username(archive_id), text)
        return
    path = generation_file(data_dir)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        _write_new(tmp, (text + "\n").encode("ascii"))
        os.replace(tmp, path)  # whole or not at all; unlike the key, it is meant to change
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _sync_folder(path.parent)


def _write_private(path: Path, text: str) -> None:
    """Create the file readable by the user only (0600 from the start, so no moment where it
    is readable by others; on Windows the profile's ACL applies), never replacing an existing
    one, and complete on disk before the archive relies on it: written to a private temporary
    file first and then linked into place, so a crash or a full disk never leaves a partial
    key file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("ascii")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        _write_new(tmp, data)
        try:
            os.link(tmp, path)  # FileExistsError when there is one: never replaced
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT): write it in place
            _write_new(path, data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _sync_folder(path.parent)


def _read_key_text(path: Path) -> str:
    """archive.key's text; OSError for anything but a regular file (a FIFO there would wait for
    a writer for ever: opened with O_NONBLOCK, and what was opened is checked)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(path))
        return fh.read().decode("ascii")


def _write_new(path: Path, data: bytes) -> None:
    """A new file (O_EXCL, no symlink followed) with `data`, fsynced; removed again when
    writing fails, so that no partial file stays."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)  # the umask can only narrow 0600; this makes it exact
        rest = data
        while rest:
            rest = rest[os.write(fd, rest):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The new name on disk too (best effort: not every file system can sync a folder)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
