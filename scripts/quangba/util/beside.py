"""Two independent stages at once: one in a forked process, the other here.

`quangba build` makes the portal and the data package from the same loaded catalog and
neither reads the other's output, so on two cores the package is made (and checked) while
the site is laid out; the site stage in turn makes its search indexes while its pages are
written. The forked process inherits
the catalog, so nothing large is sent to it; its result comes back pickled through an
unnamed temporary file (no pipe to drain, so no reader thread here: the site stage may
still fork its own workers). Without fork, with one core, or while other threads run (the
preview server), the two run one after the other, with the same results.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import threading
from typing import Any, Callable


class StageError(Exception):
    """A stage failed: which one, and what it raised (kept as text, so it always pickles)."""

    def __init__(self, stage: str, error: str):
        super().__init__(stage, error)
        self.stage, self.error = stage, error

    def __str__(self) -> str:
        return self.error


def _tagged(stage: str, call: Callable[[], Any]) -> Any:
    try:
        return call()
    except StageError:
        raise
    except Exception as exc:
        raise StageError(stage, f"{type(exc).__name__}: {exc}") from exc


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return hasattr(os, "fork") and usable_cores() >= 2 and threading.active_count() == 1


def run_beside(forked: tuple[str, Callable[[], Any]], here: tuple[str, Callable[[], Any]]) -> tuple[Any, Any]:
    """``(forked(), here())`` for two ``(stage name, call)`` pairs, the first in a forked
    process when that can pay. A failure raises ``StageError`` naming its stage; when both
    fail, the one run here is reported."""
    (forked_stage, forked_call), (here_stage, here_call) = forked, here
    if not _can_fork():
        return _tagged(forked_stage, forked_call), _tagged(here_stage, here_call)
    with tempfile.TemporaryFile() as channel:
        pid = os.fork()
        if pid == 0:  # the forked process: its stage, the result into the file, out without cleanup
            status = 1
            try:
                try:
                    payload = (True, _tagged(forked_stage, forked_call))
                except StageError as exc:
                    payload = (False, exc)
                pickle.dump(payload, channel, protocol=pickle.HIGHEST_PROTOCOL)
                channel.flush()
                status = 0
            finally:
                os._exit(status)
        try:
            mine = _tagged(here_stage, here_call)
        except BaseException:
            os.kill(pid, signal.SIGTERM)  # its work is of no use any more
            os.waitpid(pid, 0)
            raise
        _, status = os.waitpid(pid, 0)
        channel.seek(0)
        try:
            ok, theirs = pickle.load(channel)
        except (EOFError, pickle.UnpicklingError) as exc:
            raise StageError(forked_stage, f"the {forked_stage} process ended without a result "
                                           f"(exit status {status})") from exc
    if not ok:
        raise theirs
    return theirs, mine
