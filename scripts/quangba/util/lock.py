"""One quangba run at a time on a folder: an advisory lock (``flock``) on a file beside it.

The lock goes with the process: a build that is killed releases it, so there is never a
stale lock to remove by hand. A second run waits for the first, and says so in both
languages, rather than failing: a scheduled rebuild and a merge can coincide.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not on POSIX: no lock (the server this runs on is Linux)
    fcntl = None  # type: ignore[assignment]


def waiting_message(what: str, folder: Path, holder: str) -> str:
    who = f" (tiến trình / process {holder})" if holder else ""
    return (f"Một lệnh quangba {what} khác đang chạy trên {folder}{who}; đang chờ nó xong…\n"
            f"Another quangba {what} is running on {folder}{who}; waiting for it to finish…")


@contextmanager
def held(path: Path, *, what: str, folder: Path) -> Iterator[None]:
    """Hold the lock at ``path`` for the ``with`` block; wait (and say so) while another
    process holds it."""
    if fcntl is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = file.read().strip()
            print(waiting_message(what, folder, holder), file=sys.stderr, flush=True)
            fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)
