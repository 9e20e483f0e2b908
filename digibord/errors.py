"""Refusals that are not about one input file's records: the message says why (CLI exit 1)."""

from __future__ import annotations


class CommandRefused(Exception):
    """The program cannot do what was asked (different collectivities, a missing
    werknemersnummer, a profile that cannot be honoured, ...); the message says why."""


class UsageRefused(CommandRefused):
    """The command line asks for something impossible that the parser cannot see (two outputs
    on one path, an output on an input): a wrong command line, exit 2."""
