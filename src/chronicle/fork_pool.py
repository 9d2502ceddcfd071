"""Map a function over a list on both cores: every other item in a forked child, the rest here.

Why fork: the child inherits the function and the list (and whatever the function closes
over: the prepared site, the mention automaton) without pickling any of it; only the
results travel back. Items are dealt out alternately, so long and short ones are shared
evenly. Below `min_items`, or where fork is unavailable, the map runs in this process:
forking and sending results back would cost more than it saves. Results come back in
the order of the items either way, so the output does not depend on the number of cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The work of the current call, set just before forking so the child finds it in memory.
_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _share(first: int, step: int) -> list[Any]:
    assert _job is not None
    func, items = _job
    return [func(item) for item in items[first::step]]


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int, workers: int | None = None) -> list[R]:
    """[func(item) for item in items], on up to `workers` processes (default: the cores, at most 4)."""
    global _job
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    _job = (func, items)
    try:
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_share, first, workers) for first in range(1, workers)]
            shares = [_share(0, workers), *(f.result() for f in futures)]
    finally:
        _job = None
    return [shares[i % workers][i // workers] for i in range(len(items))]
