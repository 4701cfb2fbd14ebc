"""Rendered record bodies kept between builds, by content hash (``.cache/site/bodies-*.json``).

Markdown → allow-listed HTML is the costliest step per record page; an unchanged text is not
rendered again. Entries are keyed by the text itself and by the renderer (body.py and the
versions of cmarkgfm and nh3), so a changed text or renderer never serves old HTML. The
files hold only the bodies the last build used; deleting them only makes a build slower.
They are split by the first digit of the hash: after one edit, one or two of the sixteen
are written again, not every body of the province.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from ..util.beside import usable_cores
from ..util.cachefile import load_entries, maker_version, save_entries
from .body import render_body

FILE = "bodies-{}.json"  # one per first hex digit of the key
SHARDS = "0123456789abcdef"
PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def renderer_digest() -> str:
    package = Path(__file__).parents[1]
    return maker_version(package / "site" / "body.py", ("cmarkgfm", "nh3")) \
        + maker_version(package / "catalog" / "markdown.py", ())


class BodyCache:
    def __init__(self, path: Path | None, entries: dict[str, str]):
        self.path = path  # the cache folder
        self.old = entries
        self.used: dict[str, str] = {}
        self._keys: dict[str, str] = {}  # text -> its key: each text is hashed once a build

    @classmethod
    def open(cls, cache_dir: Path | None) -> "BodyCache":
        if cache_dir is None:
            return cls(None, {})
        version, entries = renderer_digest(), {}
        for shard in SHARDS:
            entries.update(load_entries(cache_dir / FILE.format(shard), version))
        return cls(cache_dir, entries)

    def prefetch(self, texts: list[str]) -> None:
        """Render the bodies the cache lacks up front, on every core when there are many
        (a build from nothing); the plan then only reads them."""
        missing = {}
        for text in texts:
            key = self._key(text)
            if key not in self.used and not isinstance(self.old.get(key), str):
                missing[key] = text
        workers = min(usable_cores(), 4)
        # forking a process that runs other threads (the preview's server) is not safe
        if len(missing) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("fork")  # the renderer is already imported
        except ValueError:
            return
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            rendered = pool.map(render_body, missing.values(), chunksize=64)
            self.used.update(zip(missing.keys(), rendered))

    def _key(self, text: str) -> str:
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = _key(text)
        return key

    def render(self, text: str) -> str:
        key = self._key(text)
        html = self.used.get(key)
        if html is None:
            html = self.old.get(key)
            if not isinstance(html, str):
                html = render_body(text)
            self.used[key] = html
        return html

    def save(self) -> None:
        """Write the shards whose bodies changed."""
        if self.path is None or self.used.keys() == self.old.keys():
            return
        version = renderer_digest()
        used: dict[str, dict[str, str]] = {shard: {} for shard in SHARDS}
        for key, html in self.used.items():
            used[key[0]][key] = html  # a key is a hex digest
        old: dict[str, set[str]] = {shard: set() for shard in SHARDS}
        for key in self.old:
            old.setdefault(key[:1], set()).add(key)
        for shard in SHARDS:
            if used[shard].keys() != old[shard]:
                save_entries(self.path / FILE.format(shard), version, used[shard])
        (self.path / "bodies.json").unlink(missing_ok=True)  # the one file of earlier versions
