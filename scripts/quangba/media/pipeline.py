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
import io
import json
import math
import os
import shutil
import struct
import sys
import tempfile
import uuid
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import PIL
from PIL import Image, ImageCms, ImageOps

from ..beside import usable_cores
from ..findings import Finding
from ..model import Catalog, MediaItem
from ..rulebook import finding
from . import MediaSet, ProcessedMedia, Rendition
from .inspect import bomb_problem, broken, describe, header_problem, profile_problem
from .metadata import Credit, exif_for, xmp_for

CODE_VERSION = 3  # bump when what is written changes, so every cached result is remade


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = (480, 960, 1600)
    og_size: tuple[int, int] = (1200, 630)
    full_max_edge: int = 3200  # press-kit size: enough for print at A4, not the camera's raw file
    webp_quality: int = 80
    webp_method: int = 4  # libwebp's default; encoding WebP is most of the time spent (see bench/)
    jpeg_quality: int = 82
    full_quality: int = 90

    def as_key(self) -> dict[str, Any]:
        return {**asdict(self), "code": CODE_VERSION, "pillow": PIL.__version__}


DEFAULT = Settings()
MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
ICC_DATE = slice(24, 36)  # the ICC header's creation date: six big-endian 16-bit numbers
# lcms stamps a profile it makes with the moment it made it: the one embedded in photos gets
# a fixed date instead, so the same photo gives the same bytes on every machine and day
SRGB_ICC = SRGB.tobytes()[:ICC_DATE.start] + struct.pack(">6H", 2000, 1, 1, 0, 0, 0) + SRGB.tobytes()[ICC_DATE.stop:]


@dataclass(frozen=True)
class Job:
    """One original to process, as a worker process receives it."""

    media_id: str
    source: str  # absolute path of the original
    rel: str  # repository-relative path, for findings
    key: str  # cache key
    credit: Credit
    press_kit: bool
    settings: Settings


def process_media(catalog: Catalog, out_dir: Path, now: datetime, *, cache_dir: Path,
                  workers: int | None = None, settings: Settings = DEFAULT,
                  progress: bool | None = None) -> MediaSet:
    """Derivatives and press kits of every public original under ``out_dir/media/``."""
    from .presskit import build_press_kits

    cache = _Cache(cache_dir)
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
        digest = _sha256_file(item.file)
    except OSError:
        line, col = item.lines.get(("file",), (1, 1))
        return finding("MEDIA-FILE-MISSING", item.sidecar, line=line, col=col, file=item.file.name,
                       folder=str(Path(item.sidecar).parent.as_posix()))
    credit = Credit(credit=item.credit, licence=item.licence, caption=dict(item.caption))
    key_data = {"source": digest, "credit": credit.as_key(), "press_kit": item.press_kit, "settings": settings.as_key()}
    key = hashlib.sha256(json.dumps(key_data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Job(media_id=item.id, source=str(item.file), rel=rel, key=key, credit=credit,
               press_kit=item.press_kit, settings=settings)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- running the jobs ----------------------------------------------------------------------
def _run(jobs: list[Job], cache: "_Cache", workers: int | None, progress: bool | None) -> Iterable[tuple[Job, dict]]:
    if not jobs:
        return
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
                    outcome = _failure(broken("the worker processing it stopped (out of memory?)"))
                except Exception as exc:  # pragma: no cover - process_one already catches
                    outcome = _failure(broken(describe(exc)))
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


def _failure(problem) -> dict:
    return {"ok": False, "rule": problem.rule, "params": problem.params}


# -- one image (runs in a worker process) ----------------------------------------------------
def process_one(job: Job, cache_root: str) -> dict:
    """Decode, clean and write every derivative of one original into a fresh cache entry.
    Returns ``{"ok": True, "manifest": …}`` or ``{"ok": False, "rule": …, "params": …}``;
    never raises for a bad image, and leaves nothing behind when it fails."""
    cache = _Cache(Path(cache_root))
    work = cache.scratch()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image, width, height = _decode(job)
            if isinstance(image, dict):
                return image
            manifest = _write_all(image, width, height, job, work)
        return {"ok": True, "manifest": cache.commit(job.key, work, manifest)}
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return _failure(bomb_problem(exc))
    except MemoryError:
        return _failure(broken("not enough memory to decode it"))
    except Exception as exc:  # truncated or corrupt data, a broken colour profile…
        return _failure(broken(describe(exc)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _decode(job: Job) -> tuple[Any, int, int]:
    """The original upright, in sRGB, at the smallest draft scale that still serves every output;
    and its upright full width and height."""
    with Image.open(job.source) as im:
        problem = header_problem(im) or profile_problem(im)
        if problem is not None:
            return _failure(problem), 0, 0
        stored_w, stored_h = im.size
        orientation = im.getexif().get(0x0112, 1)
        width, height = (stored_h, stored_w) if orientation in (5, 6, 7, 8) else (stored_w, stored_h)
        scale = _needed_scale(width, height, job)
        if im.format in ("JPEG", "MPO") and scale < 0.5:
            im.draft(im.mode if im.mode in ("RGB", "L", "CMYK") else "RGB",
                     (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
        im.load()
        icc = im.info.get("icc_profile")
        return _to_srgb(ImageOps.exif_transpose(im), icc), width, height


def _needed_scale(width: int, height: int, job: Job) -> float:
    s = job.settings
    need = max(max(s.widths) / width, s.og_size[0] / width, s.og_size[1] / height)
    if job.press_kit:
        need = max(need, s.full_max_edge / max(width, height))
    return min(1.0, need)


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB, with no metadata attached (``info`` emptied)."""
    if im.mode in ("P", "PA", "LA"):
        im = im.convert("RGBA" if "transparency" in im.info or im.mode != "P" else "RGB")
    elif im.mode not in ("RGB", "RGBA", "CMYK", "L"):  # 16-bit and other rare modes
        im = im.convert("RGB")
    out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
    if icc:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode in ("RGB", "RGBA", "CMYK", "L"):
            im = ImageCms.profileToProfile(im, source, SRGB, outputMode=out_mode if im.mode != "L" else "RGB")
    if im.mode != out_mode:
        im = im.convert(out_mode)
    im.info = {}
    return im


def _resized(im: Image.Image, width: int, height: int) -> Image.Image:
    if im.size == (width, height):
        return im
    out = im.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out.info = {}
    return out


def _flat(im: Image.Image) -> Image.Image:
    """JPEG has no alpha: transparent areas become white."""
    if im.mode != "RGBA":
        return im
    background = Image.new("RGB", im.size, "white")
    background.paste(im, mask=im.getchannel("A"))
    return background


def _write_all(image: Image.Image, width: int, height: int, job: Job, work: Path) -> dict:
    s = job.settings
    exif = exif_for(job.credit).tobytes()
    xmp = xmp_for(job.credit)
    files: list[dict] = []

    def save(im: Image.Image, name: str, fmt: str, role: str, **params: Any) -> None:
        target = work / name
        if fmt == "jpeg":
            params.setdefault("progressive", True)  # web sizes show early on a slow connection
            _flat(im).save(target, "JPEG", optimize=True, exif=exif, xmp=xmp, **params)
        else:
            im.save(target, "WEBP", method=s.webp_method, exif=exif, xmp=xmp, **params)
        data = target.read_bytes()
        files.append({"name": name, "role": role, "format": fmt, "width": im.width, "height": im.height,
                      "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    # the cascade: every size is resized from the next larger one, largest first
    current = image
    if job.press_kit:
        factor = min(1.0, s.full_max_edge / max(width, height))
        current = _resized(current, max(1, round(width * factor)), max(1, round(height * factor)))
        # a download, not a page: baseline JPEG encodes in half the time of a progressive one
        save(current, "full.jpg", "jpeg", "full", quality=s.full_quality, progressive=False,
             icc_profile=SRGB_ICC)

    # OpenGraph: the 1200×630 shape cut from the middle, never larger than the original allows
    og_w, og_h = s.og_size
    factor = min(1.0, width / og_w, height / og_h)
    og_size = (max(1, int(og_w * factor)), max(1, int(og_h * factor)))
    og_source = current

    widths = sorted({w for w in s.widths if w < width} | {min(width, max(s.widths))}, reverse=True)
    for w in widths:
        current = _resized(current, w, max(1, round(height * w / width)))
        save(current, f"{w}.webp", "webp", "rendition", quality=s.webp_quality)
        save(current, f"{w}.jpg", "jpeg", "rendition", quality=s.jpeg_quality)
        if current.width >= og_size[0] and current.height >= og_size[1]:
            og_source = current  # the smallest size the crop can still be cut from
    og = ImageOps.fit(og_source, og_size, Image.Resampling.LANCZOS)
    og.info = {}
    save(og, "og.jpg", "jpeg", "og", quality=s.jpeg_quality)
    return {"width": width, "height": height, "files": files}


# -- cache and publishing --------------------------------------------------------------------
class _Cache:
    """``<root>/<key[:2]>/<key>/``: the files of one processed original and ``manifest.json``,
    which is written last; an entry appears whole (a rename) or not at all."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> dict | None:
        entry = self.path(key)
        try:
            manifest = json.loads((entry / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        for f in manifest.get("files", []):
            try:
                data = (entry / f["name"]).read_bytes()
            except OSError:
                return None
            if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
                return None  # damaged: made again rather than published
        return manifest

    def sweep(self, older_than: float = 3600.0) -> None:
        """Remove scratch folders a killed run left behind (a running build's are recent)."""
        import time

        for folder in (self.root / "tmp").glob("*") if (self.root / "tmp").is_dir() else ():
            try:
                if time.time() - folder.stat().st_mtime > older_than:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def scratch(self) -> Path:
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.root / "tmp"))

    def commit(self, key: str, work: Path, manifest: dict) -> dict:
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
        entry = self.path(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        if entry.exists():  # an unfinished or stale entry: make room
            stale = entry.with_name(f"{key}.stale-{uuid.uuid4().hex}")
            os.replace(entry, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(work, entry)
        return manifest


def _publish(entry: Path, manifest: dict, media_id: str, out_dir: Path) -> ProcessedMedia:
    """Copy one cached entry to ``out_dir/media/<id>/`` (each file written whole, then renamed)."""
    folder = out_dir / "media" / media_id
    folder.mkdir(parents=True, exist_ok=True)
    renditions, og, full = [], None, None
    for f in manifest["files"]:
        tmp = folder / f".{f['name']}.part"
        shutil.copyfile(entry / f["name"], tmp)
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
