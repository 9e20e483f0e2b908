"""Sentences that something was not kept (a conversion not recorded, options not remembered, a
step not ticked off), each knowing its reason: when one failing archive or settings folder
stops several of them, the user reads one sentence with the reason once, not three."""

from __future__ import annotations

from collections.abc import Iterable

from digibord.i18n import tr


class Unkept(str):
    """The sentence of translation `key` with `reason`; `part` is its short form without the
    reason (translation `key + ".part"`), for the sentence that tells several at once."""

    part: str
    reason: str

    def __new__(cls, key: str, reason: str) -> Unkept:
        self = super().__new__(cls, tr(key, reason=reason))
        self.part = tr(key + ".part")
        self.reason = reason
        return self


def merged(notices: Iterable[str | None]) -> list[str]:
    """The notices given (None: nothing to tell), in order; `Unkept` ones of the same reason as
    one sentence, where the first of them stood."""
    given = [n for n in notices if n]
    same: dict[str, list[Unkept]] = {}
    for notice in given:
        if isinstance(notice, Unkept):
            same.setdefault(notice.reason, []).append(notice)
    out: list[str] = []
    for notice in given:
        if not isinstance(notice, Unkept) or len(same[notice.reason]) == 1:
            out.append(notice)
        elif notice is same[notice.reason][0]:
            parts = [n.part for n in same[notice.reason]]
            joined = tr("notices.and", first=", ".join(parts[:-1]), last=parts[-1])
            out.append(tr("notices.several", parts=joined, reason=notice.reason))
    return out
