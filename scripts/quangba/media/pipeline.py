"""The media stage: ``process_media(catalog, out_dir, now, cache_dir=…)``.

For every original used by a public record (``Catalog.public_media``) it writes, under
``out_dir/media/<id>/``: WebP and JPEG at a few widths (never upscaled), an OpenGraph crop
(1200×630, or smaller with the same shape when the original is small) and, for press-kit
photos, a full-size JPEG; then a zip per record and language for the press kit.

- Safe: each derivative is a new image with only the credit, licence and caption written
  into it (``metadata.py``); orientation is applied and colours are converted to sRGB.
  An image that cannot be read, is not a published format, or is over the pixel limit
  becomes a finding naming the file; no partial derivative is ever left behind.
- Fast: JPEGs are decoded in draft mode at the smallest scale the outputs need, and each
  width is resized from the next larger one (a cascade); work is spread over every core.
- Incremental: results are kept under ``cache_dir`` by the SHA-256 of the original, the
  words written into it and the settings, so an unchanged image is never processed twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from ..catalog.model import Catalog, MediaItem
from ..rules.findings import Finding
from ..rules.rulebook import finding
from ..util.beside import usable_cores
from ..util.filehash import sha256_file
from . import MediaSet, ProcessedMedia, Rendition
from .jobs import DEFAULT, CacheWriteError, Job, MediaCache, Settings, failure
from .metadata import Credit

MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


def process_media(catalog: Catalog, out_dir: Path, now: datetime, *, cache_dir: Path,
                  workers: int | None = None, settings: Settings = DEFAULT,
                  progress: bool | None = None) -> MediaSet:
    """Derivatives and press kits of every public original under ``out_dir/media/``."""
    from .presskit import build_press_kits

    cache = MediaCache(cache_dir)
    cache.sweep()
    findings: list[Finding] = []
    jobs: list[Job] = []
    for item in catalog.public_media(now):
        job = _job(catalog, item, settings)
        if isinstance(job, Finding):
            findings.append(job)
        else:
            jobs.append(job)

    manifests: dict[str, dict] = {}  # by cache key: two sidecars of one file are processed once
    todo: dict[str, Job] = {}
    for job in jobs:
        manifest = cache.get(job.key)
        if manifest is None:
            todo.setdefault(job.key, job)
        else:
            manifests[job.key] = manifest
    for job, outcome in _run(list(todo.values()), cache, workers, progress):
        if outcome.get("ok"):
            manifests[job.key] = outcome["manifest"]
        else:
            findings.extend(finding(outcome["rule"], j.rel, **outcome["params"]) for j in jobs if j.key == job.key)

    items: dict[str, ProcessedMedia] = {}
    for job in jobs:
        manifest = manifests.get(job.key)
        if manifest is not None:
            items[job.media_id] = replace(_publish(cache.path(job.key), manifest, job.media_id, out_dir),
                                          credit=job.credit.credit, licence=job.credit.licence)
    press_kits = build_press_kits(catalog, now, items, out_dir)
    return MediaSet(items=dict(sorted(items.items())), press_kits=press_kits, findings=tuple(findings),
                    processed=len(todo), cached=len(jobs) - sum(j.key in todo for j in jobs))


def _job(catalog: Catalog, item: MediaItem, settings: Settings) -> Job | Finding:
    rel = item.file.relative_to(catalog.root).as_posix() if item.file.is_relative_to(catalog.root) else item.file.name
    try:
        digest = sha256_file(item.file)
    except OSError:
        line, col = item.lines.get(("file",), (1, 1))
        return finding("MEDIA-FILE-MISSING", item.sidecar, line=line, col=col, file=item.file.name,
                       folder=str(Path(item.sidecar).parent.as_posix()))
    credit = Credit(credit=item.credit, licence=item.licence, caption=dict(item.caption))
    key_data = {"source": digest, "credit": credit.as_key(), "press_kit": item.press_kit, "settings": settings.as_key()}
    key = hashlib.sha256(json.dumps(key_data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Job(media_id=item.id, source=str(item.file), rel=rel, key=key, credit=credit,
               press_kit=item.press_kit, settings=settings)



# -- running the jobs ----------------------------------------------------------------------
def _run(jobs: list[Job], cache: "MediaCache", workers: int | None, progress: bool | None) -> Iterable[tuple[Job, dict]]:
    if not jobs:
        return
    # imported only when an image is to be processed: a build whose photos are all cached
    # does not load Pillow's codecs (a twentieth of a second of every rebuild)
    from .derive import process_one
    from .inspect import broken, describe

    workers = max(1, min(workers or usable_cores(), len(jobs)))
    show = progress if progress is not None else (sys.stderr.isatty() and len(jobs) >= 4)
    with _Progress(len(jobs), show) as bar:
        if workers == 1:
            for job in jobs:
                yield job, process_one(job, str(cache.root))
                bar.advance()
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(process_one, job, str(cache.root)): job for job in jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = failure(broken("the worker processing it stopped (out of memory?)"))
                except CacheWriteError:
                    raise  # a full disk or a file-size limit: the stage stops, the build fails
                except Exception as exc:  # pragma: no cover - process_one already catches
                    outcome = failure(broken(describe(exc)))
                yield job, outcome
                bar.advance()


class _Progress:
    """A progress bar on stderr for long runs; nothing at all when stderr is not a terminal."""

    def __init__(self, total: int, show: bool):
        self.total, self.show, self.bar, self.task = total, show, None, None

    def __enter__(self) -> "_Progress":
        if self.show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("ảnh / images"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("media", total=self.total)
        return self

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


# -- cache and publishing --------------------------------------------------------------------
def _publish(entry: Path, manifest: dict, media_id: str, out_dir: Path) -> ProcessedMedia:
    """Copy one cached entry to ``out_dir/media/<id>/`` (each file written whole, then renamed)."""
    folder = out_dir / "media" / media_id
    folder.mkdir(parents=True, exist_ok=True)
    renditions, og, full = [], None, None
    for f in manifest["files"]:
        tmp = folder / f".{f['name']}.part"
        shutil.copyfile(entry / f["name"], tmp)
        if tmp.stat().st_size != f["bytes"]:  # a copy cut short is never published
            raise CacheWriteError(f"{f['name']}: {tmp.stat().st_size} of {f['bytes']} bytes copied")
        os.replace(tmp, folder / f["name"])
        rendition = Rendition(path=f"media/{media_id}/{f['name']}", width=f["width"], height=f["height"],
                              format=f["format"], media_type=MEDIA_TYPES[f["format"]], bytes=f["bytes"],
                              sha256=f["sha256"])
        if f["role"] == "rendition":
            renditions.append(rendition)
        elif f["role"] == "og":
            og = rendition
        elif f["role"] == "full":
            full = rendition
    renditions.sort(key=lambda r: (r.format, r.width))
    if full is None:  # not for the press kit: the largest JPEG is the largest usable size
        full = max((r for r in renditions if r.format == "jpeg"), key=lambda r: r.width)
    return ProcessedMedia(id=media_id, width=manifest["width"], height=manifest["height"],
                          renditions=tuple(renditions), og_image=og, full=full)
