"""Cheap checks of an original, for ``quangba validate``: can it be read, is it a format the
portal publishes, is it small enough to decode safely, can every derivative be made of its
shape (``shape_problem``, which derive.py asks too), and a digest of its pixels to find
duplicates. A JPEG is decoded at 1/8 scale (Pillow's draft mode), which still reads every
byte of it, so a truncated file is caught without paying for a full decode.

The decompression-bomb limit is set here, deliberately, for every process that imports
the media package: 64 megapixels is more than any camera the agencies use (a 61 MP
full-frame sensor fits) and 256 MB of RGBA at most in memory per worker.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, UnidentifiedImageError

from .jobs import DEFAULT

MAX_PIXELS = 64_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# libwebp's limit on either side: a rendition taller than this cannot be written at all
WEBP_MAX_EDGE = 16383
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: a camera's JPEG with extra frames
ACCEPTED_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class Problem:
    """What is wrong with an image file, as a rule id and its message parameters."""

    rule: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Inspection:
    format: str | None = None
    width: int = 0
    height: int = 0
    mode: str = ""
    problem: Problem | None = None
    draft_digest: str | None = None  # of the pixels decoded at reduced scale

    @property
    def ok(self) -> bool:
        return self.problem is None


def broken(reason: str) -> Problem:
    return Problem("MEDIA-IMAGE-BROKEN", {"reason": reason})


def too_large(width: int, height: int) -> Problem:
    return too_many_pixels(width * height, f"{width}×{height}")


def too_many_pixels(pixels: int, size: str) -> Problem:
    return Problem("MEDIA-IMAGE-TOO-LARGE", {
        "size": size, "megapixels": f"{pixels / 1e6:.1f}", "limit": f"{MAX_PIXELS / 1e6:.0f}",
    })


def bomb_problem(exc: BaseException) -> Problem:
    """Pillow's own bomb check fired (on open or decode): its message holds the pixel count."""
    match = re.search(r"\((\d+) pixels\)", str(exc))
    pixels = int(match.group(1)) if match else 0
    return too_many_pixels(pixels, f"{pixels:,} px" if pixels else "?")


def unsupported(fmt: str) -> Problem:
    return Problem("MEDIA-IMAGE-UNSUPPORTED", {"format": fmt})


def header_problem(im: Image.Image) -> Problem | None:
    """What the header alone says is wrong: the format, or a size that could be a bomb."""
    if im.format not in ACCEPTED_FORMATS:
        return unsupported(im.format or "?")
    width, height = im.size
    if width * height > MAX_PIXELS:
        return too_large(width, height)
    if width < 1 or height < 1:
        return broken(f"size {width}×{height}")
    return None


def upright_size(im: Image.Image) -> tuple[int, int]:
    """Width and height once the EXIF orientation is applied, as every derivative is."""
    width, height = im.size
    return (height, width) if im.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)


def shape_problem(im: Image.Image, widths: tuple[int, ...]) -> Problem | None:
    """A picture so tall for its width that its widest rendition (``widths``, never enlarged:
    derive.py) would be over WebP's limit, e.g. 400 × 20 000."""
    width, height = upright_size(im)
    widest = min(width, max(widths))
    tallest = max(1, round(height * widest / width))
    if tallest <= WEBP_MAX_EDGE:
        return None
    return Problem("MEDIA-IMAGE-SHAPE", {"size": f"{width}×{height}", "width": widest, "height": tallest,
                                         "limit": WEBP_MAX_EDGE})


_SPACES = {"RGB": "RGB", "RGBA": "RGB", "P": "RGB", "L": "GRAY", "LA": "GRAY", "CMYK": "CMYK"}


def profile_problem(im: Image.Image) -> Problem | None:
    """An embedded colour profile that cannot be read, or is for other colours than the pixels."""
    icc = im.info.get("icc_profile")
    if not icc:
        return None
    try:
        space = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space.strip()
    except Exception:
        return broken("its colour profile (ICC) cannot be read")
    expected = _SPACES.get(im.mode, "RGB")  # rarer modes (1, I;16…) are made RGB first (derive.py)
    if space != expected:
        return broken(f"its colour profile is for {space}, but the pixels are {expected}")
    return None


def describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def inspect_original(path: Path) -> Inspection:
    try:
        stat = path.stat()
    except OSError as exc:
        return Inspection(problem=broken(describe(exc)))
    return _inspect(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _inspect(path: str, size: int, mtime_ns: int) -> Inspection:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                problem = header_problem(im)
                if problem is not None:
                    return Inspection(format=im.format, width=im.width, height=im.height, problem=problem)
                problem = profile_problem(im) or shape_problem(im, DEFAULT.widths)
                if problem is not None:
                    return Inspection(format=im.format, width=im.width, height=im.height, problem=problem)
                width, height = im.size
                im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                im.load()
                digest = hashlib.sha256(f"{im.mode}:{width}x{height}:".encode() + im.tobytes()).hexdigest()
                return Inspection(format=im.format, width=width, height=height, mode=im.mode, draft_digest=digest)
    except UnidentifiedImageError:
        suffix = Path(path).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            return Inspection(problem=unsupported(suffix.lstrip(".").upper() or "?"))
        return Inspection(problem=broken("not a readable JPEG, PNG or WebP image"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return Inspection(problem=bomb_problem(exc))
    except Exception as exc:  # truncated, corrupt: whatever the decoder says, as a finding
        return Inspection(problem=broken(describe(exc)))


def pixel_digest(path: Path) -> str | None:
    """SHA-256 of the fully decoded pixels (mode, size and bytes): equal for the same picture
    saved with different metadata. None when the file cannot be decoded."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _pixel_digest(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _pixel_digest(path: str, size: int, mtime_ns: int) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if header_problem(im) is not None:
                    return None
                im.load()
                return hashlib.sha256(f"{im.mode}:{im.width}x{im.height}:".encode() + im.tobytes()).hexdigest()
    except Exception:
        return None
