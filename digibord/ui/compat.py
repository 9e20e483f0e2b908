"""Work-around for PySide6 6.12 on CPython < 3.12: the bindings treat None, True and False as
immortal (as they are from 3.12 on) and give back references they never took. Every signal
emit costs True one reference, every call that returns None costs None one; after some
thousands of sorts and repaints the count reaches zero and the interpreter aborts
("Fatal Python error: bool_dealloc" / "none_dealloc"), at the latest at exit.

`pin_singletons()` does what CPython 3.12 does itself: it gives these three objects a reference
count so large that it never runs out. Nothing else is touched. The project pins PySide6-Essentials
below 6.12 (6.11.3 is fine on 3.11, tested with 100 000 emits); remove this when it moves to
Python >= 3.12 or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

_RESERVE = 1 << 40  # references; at a million leaked per second this lasts twelve days
_pinned = False


def needs_pin() -> bool:
    """Only PySide6 6.12 on CPython 3.11 has the bug; pyproject.toml keeps installs below 6.12,
    so this is a guard for an environment that was set up by hand."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    return PySide6.__version__.startswith("6.12.")


def pin_singletons() -> None:
    global _pinned
    if _pinned or not needs_pin():
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object; id() is its address.
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    _pinned = True
