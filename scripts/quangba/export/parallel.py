"""Independent pieces of the export run on two cores when the work is big enough to pay.

This process forks one worker and both do half of the pieces (by weight). The worker
inherits the tables, so nothing large is sent to it; only its small results (a file's size
and hash, findings, sets of keys) come back through a pipe. With one core, without fork,
or for small work (a province's real catalog), everything runs here, in order, with the
same results.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Any, Callable, Sequence

from ..beside import usable_cores

# Below this much work (in rows, or kilobytes of files: about one row each), forking
# costs more than it saves.
WORTH_FORKING = 20_000


def _halves(weights: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indexes split in two groups of about equal weight (heaviest first, to the lighter)."""
    groups: tuple[list[int], list[int]] = ([], [])
    totals = [0.0, 0.0]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        side = 0 if totals[0] <= totals[1] else 1
        groups[side].append(i)
        totals[side] += weights[i]
    return groups


def in_parallel(calls: Sequence[Callable[[], Any]], weights: Sequence[float] | None = None) -> list[Any]:
    """``[call() for call in calls]``, half of the work done by a forked worker when the
    total ``weights`` (rows, or kilobytes) reach ``WORTH_FORKING``."""
    weights = list(weights) if weights is not None else [1.0] * len(calls)
    if len(calls) < 2 or usable_cores() < 2 or sum(weights) < WORTH_FORKING or not hasattr(os, "fork"):
        return [call() for call in calls]
    theirs, mine = _halves(weights)  # the worker takes the heavier half: this process also gathers
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: its half, the results down the pipe, and out without cleanup
        status = 1
        try:
            os.close(read_end)
            try:
                payload = pickle.dumps((True, [(i, calls[i]()) for i in theirs]), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # raised again in the parent, as it would have been here
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(repr(exc))))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(_read_all(read_end)), daemon=True)
    reader.start()  # drained while this process works, so the worker never waits on a full pipe
    try:
        results = {i: calls[i]() for i in mine}
    finally:
        reader.join()
        os.waitpid(pid, 0)
    if not received or not received[0]:
        raise RuntimeError("the export's worker process ended without its results")
    ok, theirs_results = pickle.loads(received[0])
    if not ok:
        raise theirs_results
    results.update(theirs_results)
    return [results[i] for i in range(len(calls))]


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()

