"""Times as the user reads them: the archive keeps UTC in ISO 8601, a person reads local time."""

from __future__ import annotations

import datetime as dt


def local_time_text(iso: str | None) -> str:
    """`dd-mm-jjjj uu:mm` in local time for an ISO 8601 time (a time without zone is taken as
    local already); "" for none, and a text that is not a time as it is."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%d-%m-%Y %H:%M")
