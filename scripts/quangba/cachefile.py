"""The JSON cache files under ``.cache/``: entries written by one version of their maker.

A cache only ever saves work: a missing, damaged, foreign or outdated file is read as empty,
and a file that cannot be written is skipped. Nothing in ``.cache/`` is ever published.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def load_entries(path: Path, version: str) -> dict:
    """A JSON cache file's entries when it was written by this ``version`` of its maker, else
    none: a missing, damaged or foreign file only makes the build do the work again."""
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = data["entries"] if data.get("version") == version else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return entries if isinstance(entries, dict) else {}


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
