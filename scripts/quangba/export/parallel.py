"""Independent pieces of the export run on every core the process may use.

Workers are forked: they inherit the tables, so nothing large is sent to them, and only
their small results (a file's size and hash, a list of findings, a set of keys) come back.
Where forking is not available, or there is one core, or the work is small, everything
runs in this process, in the same order, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Sequence

_calls: Sequence[Callable[[], Any]] = ()


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _run(index: int) -> Any:
    return _calls[index]()


def in_parallel(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """``[call() for call in calls]``, spread over the cores (biggest work first pays best)."""
    global _calls
    processes = min(len(calls), cores())
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [call() for call in calls]
    _calls = calls
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_run, range(len(calls)), chunksize=1)
    finally:
        _calls = ()


def map_split(function: Callable[[Any], Any], items: Sequence[Any], *, at_least: int = 2000) -> list[Any]:
    """``list(map(function, items))``, the items split in one run per core when there are
    at least ``at_least`` of them (below that, starting workers costs more than it saves)."""
    parts = min(cores(), len(items) // at_least)
    if parts < 2:
        return list(map(function, items))
    size = -(-len(items) // parts)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    out: list[Any] = []
    for part in in_parallel([lambda chunk=chunk: list(map(function, chunk)) for chunk in chunks]):
        out.extend(part)
    return out
