"""The timing loops of the in-process benches: the best of `repeat` runs (wall clock, the least
disturbed by the other work of a shared machine), and rounds of several functions in turn
(so that a busy moment hits them alike), wall and CPU time per run."""

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


def interleaved(fns: dict[str, Callable[[], object]], rounds: int
                ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each function per round, the functions run in turn."""
    wall: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return wall, cpu
