"""The one timing loop of the in-process benches: the best of `repeat` runs, wall clock (the
least disturbed by the other work of a shared machine)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """(the fastest run's seconds, what the last run returned)."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def best_time(fn: Callable[[], object], repeat: int) -> float:
    return best(fn, repeat)[0]
