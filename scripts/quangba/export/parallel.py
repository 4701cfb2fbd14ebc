"""Independent pieces of the export run on two cores when the work is big enough to pay.

This process forks one worker and both do half of the pieces (by weight), or, with
``shared=True``, both take the next piece (heaviest first) from one queue as they finish
the one before: whichever side a piece costs more than its weight said, the other takes
more pieces, and the two end together. The worker
inherits the tables, so nothing large is sent to it; only its results (plain texts, a
file's size and hash, findings, sets of keys) come back through a pipe. With one core, without fork,
or for small work (a province's real catalog), everything runs here, in order, with the
same results.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Any, Callable, Iterator, Sequence

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


def in_parallel(calls: Sequence[Callable[[], Any]], weights: Sequence[float] | None = None, *,
                shared: bool = False) -> list[Any]:
    """``[call() for call in calls]``, half of the work done by a forked worker when the
    total ``weights`` (rows, or kilobytes) reach ``WORTH_FORKING``: with ``shared``, the
    calls are taken from one queue by both (so a call's result must be small wherever it
    is made); without, the worker makes the heavier half, this process the other."""
    weights = list(weights) if weights is not None else [1.0] * len(calls)
    if len(calls) < 2 or usable_cores() < 2 or sum(weights) < WORTH_FORKING or not hasattr(os, "fork"):
        return [call() for call in calls]
    queue = None
    if shared and len(calls) <= _QUEUE_MAX:
        theirs = mine = _taken(queue := _queue(sorted(range(len(calls)), key=lambda i: -weights[i])))
    else:
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
        if queue is not None:
            os.close(queue)
    if not received or not received[0]:
        raise RuntimeError("the export's worker process ended without its results")
    ok, theirs_results = pickle.loads(received[0])
    if not ok:
        raise theirs_results
    results.update(theirs_results)
    return [results[i] for i in range(len(calls))]


# The queue is a pipe filled before the fork, an index in 4 bytes: a pipe holds 64 KiB.
_QUEUE_MAX = 4096


def _queue(indexes: list[int]) -> int:
    """A pipe holding ``indexes`` (and closed for writing): its end to read them from."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"".join(i.to_bytes(4, "little") for i in indexes))
    os.close(write_end)
    return read_end


def _taken(queue: int) -> Iterator[int]:
    """The next index of the queue, while there is one: a read of 4 bytes is whole and
    taken by one process only, so each index is taken once, by this process or the other."""
    while taken := os.read(queue, 4):
        yield int.from_bytes(taken, "little")


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()

