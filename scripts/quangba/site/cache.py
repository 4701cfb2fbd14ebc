"""Rendered record bodies kept between builds, by content hash (``.cache/site/bodies.json``).

Markdown → allow-listed HTML is the costliest step per record page; an unchanged text is not
rendered again. Entries are keyed by the text itself and by the renderer (body.py and the
versions of markdown and nh3), so a changed text or renderer never serves old HTML. The
file holds only the bodies the last build used; deleting it only makes a build slower.
"""

from __future__ import annotations

import hashlib
import threading
from importlib import metadata
from pathlib import Path

from ..beside import usable_cores
from ..cachefile import load_entries, save_entries
from .body import render_body

FILE = "bodies.json"
PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def renderer_digest() -> str:
    digest = hashlib.sha256((Path(__file__).parent / "body.py").read_bytes())
    for dist in ("markdown", "nh3"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    return digest.hexdigest()


class BodyCache:
    def __init__(self, path: Path | None, entries: dict[str, str]):
        self.path = path
        self.old = entries
        self.used: dict[str, str] = {}

    @classmethod
    def open(cls, cache_dir: Path | None) -> "BodyCache":
        if cache_dir is None:
            return cls(None, {})
        path = cache_dir / FILE
        return cls(path, load_entries(path, renderer_digest()))

    def prefetch(self, texts: list[str]) -> None:
        """Render the bodies the cache lacks up front, on every core when there are many
        (a build from nothing); the plan then only reads them."""
        missing = {}
        for text in texts:
            key = _key(text)
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

    def render(self, text: str) -> str:
        key = _key(text)
        html = self.used.get(key)
        if html is None:
            html = self.old.get(key)
            if not isinstance(html, str):
                html = render_body(text)
            self.used[key] = html
        return html

    def save(self) -> None:
        if self.path is not None and self.used.keys() != self.old.keys():
            save_entries(self.path, renderer_digest(), self.used)
