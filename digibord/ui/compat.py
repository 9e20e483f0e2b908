"""Work-around for PySide6 6.12 on CPython < 3.12: the bindings treat None, True and False as
immortal (as they are from 3.12 on) and give back references they never took. Every signal
emit costs True one reference, every call that returns None costs None one; after some
thousands of sorts and repaints the count reaches zero and the interpreter aborts
("Fatal Python error: bool_dealloc" / "none_dealloc"), at the latest at exit.

`pin_singletons()` does what CPython 3.12 does itself: it gives these three objects a reference
count so large that it never runs out. Nothing else is touched. Remove when the project runs
on Python >= 3.12 or on a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # references; at a million leaked per second this lasts twelve days
_pinned = False


def needs_pin() -> bool:
    return sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def pin_singletons() -> None:
    global _pinned
    if _pinned or not needs_pin():
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object; id() is its address.
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    _pinned = True
