"""Independent pieces of the export run on two cores when the work is big enough to pay.

This process forks one worker and both do half of the pieces (by weight), or, with
``shared=True``, both take the next piece (heaviest first) from one queue as they finish
the one before: whichever side a piece costs more than its weight said, the other takes
more pieces, and the two end together. ``here_first`` makes this process begin with a
call of its own (one whose result is too big to send: the tables) while the worker starts
on the queue, then take its share of what is left. The worker
inherits the tables, so nothing large is sent to it; only its results (plain texts, a
file's size and hash, findings, sets of keys) come back through a file, each written as
soon as it is made. With one core, without fork,
or for small work (a province's real catalog), everything runs here, in order, with the
same results.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Any, Callable, Iterator, Sequence

from ..util.beside import usable_cores

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
    return _in_parallel(calls, weights, shared, None)[1]


def here_first(here: Callable[[], Any], calls: Sequence[Callable[[], Any]],
               weights: Sequence[float] | None = None) -> tuple[Any, list[Any]]:
    """``(here(), [call() for call in calls])``: ``here`` made by this process (its result
    never sent from the worker), while a forked worker starts on the queue of ``calls``; this process
    then takes from the queue too, as in ``in_parallel(calls, weights, shared=True)``.
    ``weights`` are those of the calls; ``here`` counts as heavy as all of them together."""
    return _in_parallel(calls, weights, True, here)


def _in_parallel(calls: Sequence[Callable[[], Any]], weights: Sequence[float] | None, shared: bool,
                 here: Callable[[], Any] | None) -> tuple[Any, list[Any]]:
    weights = list(weights) if weights is not None else [1.0] * len(calls)
    total = 2 * sum(weights) if here is not None else sum(weights)
    if len(calls) < (1 if here is not None else 2) or usable_cores() < 2 or total < WORTH_FORKING \
            or not hasattr(os, "fork"):
        first = here() if here is not None else None
        return first, [call() for call in calls]
    queue = None
    if shared and len(calls) <= _QUEUE_MAX:
        theirs = mine = _taken(queue := _queue(sorted(range(len(calls)), key=lambda i: -weights[i])))
    else:
        theirs, mine = _halves(weights)  # the worker takes the heavier half: this process also gathers
    # the worker's results go into a file, not a pipe: a pipe holds 64 KiB, and emptying it
    # here would wait for this process's own work to let go of the interpreter every few
    # milliseconds, the worker waiting meanwhile
    channel = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the worker: its half, each result written once made, and out without cleanup
        status = 1
        try:
            with os.fdopen(os.dup(channel.fileno()), "wb") as out:
                try:
                    for i in theirs:
                        _send(out, (True, i, calls[i]()))
                except BaseException as exc:  # raised again in the parent, as it would have been here
                    try:
                        _send(out, (False, -1, exc))
                    except Exception:
                        _send(out, (False, -1, RuntimeError(repr(exc))))
            status = 0
        finally:
            os._exit(status)
    with channel:
        try:
            first = here() if here is not None else None
            results = {i: calls[i]() for i in mine}
        finally:
            os.waitpid(pid, 0)
            if queue is not None:
                os.close(queue)
        channel.seek(0)
        received = channel.read()
    for ok, i, result in _frames(received):
        if not ok:
            raise result
        results[i] = result
    if len(results) != len(calls):
        raise RuntimeError("the export's worker process ended without its results")
    return first, [results[i] for i in range(len(calls))]


def _send(out: Any, message: tuple[bool, int, Any]) -> None:
    """One result (or the exception) as a frame: its length in 8 bytes, then its pickle.
    Written as soon as it is made, so that pickling it overlaps with this process's work."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)


def _frames(data: bytes) -> Iterator[tuple[bool, int, Any]]:
    """The frames ``_send`` wrote, but a last one cut short (a worker that was killed)."""
    view, at = memoryview(data), 0
    while at + 8 <= len(data):
        size = int.from_bytes(view[at:at + 8], "little")
        if at + 8 + size > len(data):
            return
        yield pickle.loads(view[at + 8:at + 8 + size])
        at += 8 + size


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
