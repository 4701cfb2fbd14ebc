"""The JSON cache files under ``.cache/``: entries written by one version of their maker.

A cache only ever saves work: a missing, damaged, foreign or outdated file is read as empty,
and a file that cannot be written is skipped. Nothing in ``.cache/`` is ever published.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable


def load_entries(path: Path, version: str) -> dict:
    """A JSON cache file's entries when it was written by this ``version`` of its maker, else
    none: a missing, damaged or foreign file only makes the build do the work again."""
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = data["entries"] if data.get("version") == version else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return entries if isinstance(entries, dict) else {}


@cache
def maker_version(maker: Path, dists: tuple[str, ...]) -> str:
    """A version of what makes a cache's entries: the bytes of its source file and the
    installed versions of the packages it calls (worked out once per process)."""
    digest = hashlib.sha256(maker.read_bytes())
    for dist in dists:
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    return digest.hexdigest()


class KeptEntries:
    """A cache file (``FILE`` in the cache folder) of entries by key that keeps only what the
    last build used; ``version()`` says which maker wrote them. With no folder, nothing is
    kept and every entry is made."""

    FILE: str

    def __init__(self, path: Path | None, entries: dict):
        self.path, self.old, self.used = path, entries, {}

    @classmethod
    def version(cls) -> str:
        raise NotImplementedError

    @classmethod
    def open(cls, cache_dir: Path | None):
        if cache_dir is None:
            return cls(None, {})
        path = cache_dir / cls.FILE
        return cls(path, load_entries(path, cls.version()))

    def get(self, key: str, valid: Callable[[Any], bool], make: Callable[[], Any]) -> Any:
        """The entry of ``key``: kept from before when ``valid``, else made now."""
        found = self.used.get(key) or self.old.get(key)
        if not valid(found):
            found = make()
        self.used[key] = found
        return found

    def save(self) -> None:
        if self.path is not None and self.used.keys() != self.old.keys():
            save_entries(self.path, self.version(), self.used)


def save_entries(path: Path, version: str, entries: dict) -> None:
    """Write the entries the last build used (a new file, then renamed into place); a cache
    that cannot be written only makes the next build slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": version, "entries": entries}, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
