"""One original decoded and written in every size, in a worker process (``pipeline.py`` runs
them): the only part of the media stage that needs Pillow's codecs, imported only when an
image is to be processed.
"""

from __future__ import annotations

import hashlib
import io
import math
import shutil
import struct
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps

from .inspect import bomb_problem, broken, describe, header_problem, profile_problem, shape_problem
from .jobs import CacheWriteError, Job, MediaCache, failure, write_whole
from .metadata import exif_for, xmp_for

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
ICC_DATE = slice(24, 36)  # the ICC header's creation date: six big-endian 16-bit numbers
# lcms stamps a profile it makes with the moment it made it: the one embedded in photos gets
# a fixed date instead, so the same photo gives the same bytes on every machine and day
SRGB_ICC = SRGB.tobytes()[:ICC_DATE.start] + struct.pack(">6H", 2000, 1, 1, 0, 0, 0) + SRGB.tobytes()[ICC_DATE.stop:]


# -- one image (runs in a worker process) ----------------------------------------------------
def process_one(job: Job, cache_root: str) -> dict:
    """Decode, clean and write every derivative of one original into a fresh cache entry.
    Returns ``{"ok": True, "manifest": …}`` or ``{"ok": False, "rule": …, "params": …}``;
    never raises for a bad image, and leaves nothing behind when it fails. Raises
    ``CacheWriteError`` when a file cannot be written whole."""
    cache = MediaCache(Path(cache_root))
    work = cache.scratch()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image, width, height = _decode(job)
            if isinstance(image, dict):
                return image
            manifest = _write_all(image, width, height, job, work)
        return {"ok": True, "manifest": cache.commit(job.key, work, manifest)}
    except CacheWriteError:
        raise  # the disk's fault, not the photo's: the stage stops (pipeline.py)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return failure(bomb_problem(exc))
    except MemoryError:
        return failure(broken("not enough memory to decode it"))
    except Exception as exc:  # truncated or corrupt data, a broken colour profile…
        return failure(broken(describe(exc)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _decode(job: Job) -> tuple[Any, int, int]:
    """The original upright, in sRGB, at the smallest draft scale that still serves every output;
    and its upright full width and height."""
    with Image.open(job.source) as im:
        problem = header_problem(im) or profile_problem(im) or shape_problem(im, job.settings.widths)
        if problem is not None:
            return failure(problem), 0, 0
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
        # encoded in memory, then written whole (jobs.write_whole): the manifest's size and
        # hash are those of the complete file, whatever reaches the disk
        encoded = io.BytesIO()
        if fmt == "jpeg":
            params.setdefault("progressive", True)  # web sizes show early on a slow connection
            _flat(im).save(encoded, "JPEG", optimize=True, exif=exif, xmp=xmp, **params)
        else:
            im.save(encoded, "WEBP", method=s.webp_method, exif=exif, xmp=xmp, **params)
        data = encoded.getvalue()
        write_whole(work / name, data)
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
