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
