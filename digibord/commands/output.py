"""Writing to the terminal: JSON (always UTF-8) and warnings. Light on purpose: `check` uses it
without loading the report renderers."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from digibord.formats.issues import Issue


def print_json(obj: Any) -> None:
    """JSON is UTF-8 (RFC 8259) whatever the console's code page, so a script on Windows reads
    `’t Klavertje` the same as one on Linux."""
    from digibord.json_output import json_bytes  # orjson only when JSON is printed

    data = json_bytes(obj)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout (tests, embedding): it takes text
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def print_warnings(source: str, warnings: Sequence[Issue]) -> None:
    for w in warnings:
        sys.stderr.write(w.describe(source) + "\n")
