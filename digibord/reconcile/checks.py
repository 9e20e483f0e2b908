"""Totals that must agree with the borderel's own 90 record. A disagreement is a bug in the
program (the reader already checked the file), so it is raised loudly, never rounded away."""

from __future__ import annotations


class TotalsDisagree(AssertionError):
    pass


def agree(what: str, computed: int, expected: int) -> None:
    if int(computed) != int(expected):
        raise TotalsDisagree(f"{what}: computed {computed} cents, the borderel says {expected}")
