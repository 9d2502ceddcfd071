"""How the core maps a step over many sources: in order, by default in this process.

The core stays free of processes and I/O; the shell may pass a mapper that spreads the
work over cores (chronicle.fork_pool) as long as it returns results in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def serial_map(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    return [func(item) for item in items]
