"""Refusals that are not about one input file's records (the message says why: CLI exit 1, a
wrong command line exit 2), and why writing failed in the user's words."""

from __future__ import annotations

import errno

from digibord.i18n import tr

# the file system's reasons a person can act on, in their words (others: the system's text)
_REASONS = {
    errno.ENOSPC: "hardening.reason.disk_full",
    errno.EDQUOT: "hardening.reason.quota",
    errno.EFBIG: "hardening.reason.too_large",
    errno.EACCES: "hardening.reason.no_permission",
    errno.EPERM: "hardening.reason.no_permission",
    errno.EROFS: "hardening.reason.read_only",
    errno.ELOOP: "hardening.reason.link",
}


# why a file could not be read, in the user's words (the system's text is English, also on a
# Dutch Windows: "No such file or directory"); others: the system's text
_READ_REASONS = {
    errno.ENOENT: "hardening.read.not_found",
    errno.EISDIR: "hardening.read.is_folder",
    errno.EACCES: "hardening.read.no_access",
    errno.EPERM: "hardening.read.no_access",
    errno.ENOTDIR: "hardening.read.not_a_folder",
    errno.ENAMETOOLONG: "hardening.read.name_too_long",
    errno.EIO: "hardening.read.device",
}


class CommandRefused(Exception):
    """The program cannot do what was asked (different collectivities, a missing
    werknemersnummer, a profile that cannot be honoured, ...); the message says why."""


class UsageRefused(CommandRefused):
    """The command line asks for something impossible that the parser cannot see (two outputs
    on one path, an output on an input): a wrong command line, exit 2."""


def failure_reason(exc: OSError, lang: str | None = None) -> str:
    """Why writing failed, in the user's words where a person can act on it."""
    key = _REASONS.get(exc.errno)
    return tr(key, lang) if key else (exc.strerror or str(exc))


def read_reason(exc: OSError, lang: str | None = None) -> str:
    """Why reading a file failed, in the user's words where a person can act on it."""
    key = _READ_REASONS.get(exc.errno)
    return tr(key, lang) if key else (exc.strerror or str(exc))
