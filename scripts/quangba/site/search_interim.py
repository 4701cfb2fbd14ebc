"""mkdocs-material's search index (``search/search_index.json``) over every planned page.

Pages written from frames never pass through MkDocs, so the search plugin sees none of
them; this fills its index the way the plugin would have, from each page's content. It
is a bridge: it goes away with the ``search`` plugin when quangba builds its own
per-language index. Entries are kept per page by content hash in the cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

FILE = "search-entries.json"


def write_search_index(pages: Iterable, out_dir: Path, cache_dir: Path | None) -> None:
    index_file = out_dir / "search" / "search_index.json"
    if not index_file.is_file():  # the search plugin is not configured
        return
    from material.plugins.search.plugin import SearchIndex

    old: dict = {}
    if cache_dir is not None:
        try:
            old = json.loads((cache_dir / FILE).read_text("utf-8"))
        except (OSError, ValueError):
            old = {}
        if not isinstance(old, dict):
            old = {}
    used: dict[str, list] = {}
    docs: list = []
    for page in pages:
        key = hashlib.sha256("\0".join((page.url, str(page.meta.get("title", "")), page.html)).encode()).hexdigest()
        entries = used.get(key) or old.get(key)
        if not isinstance(entries, list):
            index = SearchIndex()
            index.add_entry_from_context(SimpleNamespace(
                content=page.html, toc=[], url=page.url, title=page.title, meta=page.meta))
            entries = index.entries
        used[key] = entries
        docs.extend(entries)
    data = json.loads(index_file.read_text("utf-8"))
    data["docs"] = docs
    index_file.write_text(json.dumps(data, separators=(",", ":"), default=str), "utf-8")
    if cache_dir is not None and used.keys() != old.keys():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(used, ensure_ascii=False), "utf-8")
        os.replace(tmp, cache_dir / FILE)
