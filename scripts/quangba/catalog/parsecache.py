"""A cache of what reading each file found (``readfile.py``), keyed by the file's content.

Parsing tens of thousands of YAML and Markdown files costs seconds, and between two runs
almost none of them change. The cache lives in ``.cache/`` of the repository: safe to
delete, never published, rebuilt when missing. It is trusted only as far as it can be
checked, because a repository folder may be shared:

- plain data in ``marshal`` format, which (unlike pickle) never runs code when read;
- a version key: the cache format, the Python version and a hash of the code and rule
  texts that produce the entries, so a changed parser or message never serves old answers;
- a checksum of the content (a truncated or altered file is ignored), and the file must be
  ours and writable by us only (one another user could have written is ignored);
- an entry is looked up by a hash of the file's path and bytes, so an edited file is
  simply a new entry; only the entries used by the last run are kept.

Whoever can write the cache as us could as well change the data itself, so that is where
the trust ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

from ..util.beside import usable_cores
from .readfile import read_markdown_file, read_yaml_file

CACHE_FILE = ".cache/quangba/parsed.marshal"
FORMAT = 1
_CHECKSUM_BYTES = 32
# Parsing in worker processes pays only when there are many files to parse: starting the
# workers and sending results back costs about as much as parsing a few hundred files.
PARALLEL_FROM = 2000


def _code_version() -> bytes:
    digest = hashlib.blake2b(f"{FORMAT} {sys.version_info[:3]}".encode(), digest_size=16)
    package = resources.files("quangba")
    for name in ("catalog/readfile.py", "catalog/yamlfiles.py", "rules/rulebook.py", "rules/findings.py",
                 "rules/rules.yaml", "catalog/parsecache.py", "catalog/markdown.py"):
        digest.update(package.joinpath(*name.split("/")).read_bytes())
    return digest.digest()


class ParseCache:
    """Entries by key; ``get`` marks an entry as used, ``save`` keeps the used ones."""

    def __init__(self, path: Path | None, entries: dict[bytes, Any] | None = None):
        self.path = path
        self.version = _code_version()
        self.entries = entries or {}
        self.used: dict[bytes, Any] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, root: Path) -> "ParseCache":
        cache = cls(root / CACHE_FILE)
        cache.entries = cache._read()
        return cache

    @staticmethod
    def key(unit: str, rel: str, raw: bytes) -> bytes:
        digest = hashlib.sha256(f"{unit}\0{rel}\0".encode("utf-8", "surrogateescape"))
        digest.update(raw)
        return digest.digest()

    def get(self, key: bytes) -> Any:
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = entry
        return entry

    def put(self, key: bytes, entry: Any) -> None:
        self.entries[key] = entry
        self.used[key] = entry

    # -- on disk ---------------------------------------------------------------------------
    def _read(self) -> dict[bytes, Any]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() \
                        or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return {}
                blob = handle.read()
        except OSError:
            return {}
        version, checksum, payload = blob[:16], blob[16:16 + _CHECKSUM_BYTES], blob[16 + _CHECKSUM_BYTES:]
        if version != self.version or hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest() != checksum:
            return {}
        try:
            entries = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return {}
        return entries if isinstance(entries, dict) and all(type(k) is bytes for k in entries) else {}

    def save(self) -> None:
        """Write the entries used by this run, when they differ from what was read."""
        if self.path is None or (not self.misses and len(self.used) == len(self.entries)):
            return
        try:
            payload = marshal.dumps(self.used)
        except ValueError:  # not plain data: never written, never read back
            return
        blob = self.version + hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest() + payload
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():  # never committed, even where the repository's .gitignore forgets .cache/
                ignore.write_text("# written by quangba: the parse cache is derived data\n*\n", "utf-8")
            # a new file of our own: never through a link someone left under that name
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(blob)
            os.replace(temporary, self.path)
        except OSError:  # a read-only checkout still validates, just without the cache
            with contextlib.suppress(OSError):
                temporary.unlink()


# -- parsing many files at once -----------------------------------------------------------
Job = tuple  # (unit, rel, path, limit, lang): what read_one needs


def read_one(job: Job) -> tuple[bytes, Any] | None:
    """Read and parse one file; (cache key, entry), or None when the file cannot be read."""
    unit, rel, path, limit, lang = job
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if unit == "md":
        return ParseCache.key(unit, rel, raw), read_markdown_file(rel, raw, limit, lang)
    return ParseCache.key(unit, rel, raw), read_yaml_file(rel, raw, limit)


def read_many(jobs: Iterable[Job], workers: int | None = None) -> list[tuple[bytes, Any]]:
    """``read_one`` for every job; in worker processes when there are enough of them."""
    import multiprocessing

    jobs = list(jobs)
    workers = workers or usable_cores()
    run: Callable = map
    pool = None
    # fork is only safe while this process runs a single thread (e.g. not inside `serve`)
    if workers > 1 and len(jobs) >= PARALLEL_FROM and threading.active_count() == 1 \
            and "fork" in multiprocessing.get_all_start_methods():
        pool = multiprocessing.get_context("fork").Pool(workers)
        run = lambda f, items: pool.imap(f, items, chunksize=256)  # noqa: E731
    try:
        return [result for result in run(read_one, jobs) if result is not None]
    finally:
        if pool is not None:
            pool.close()
            pool.join()
