"""What a worker process is handed (a ``Job`` with its ``Settings``), what it answers when an
original cannot be made (``failure``), and where it puts what it made (the ``MediaCache``):
shared by pipeline.py, which plans the jobs, and derive.py, which does them."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import PIL  # its version only: Pillow's image modules are imported by derive.py, where images are decoded

from .metadata import Credit

CODE_VERSION = 4  # bump when what is written changes, so every cached result is remade


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


def failure(problem) -> dict:
    return {"ok": False, "rule": problem.rule, "params": problem.params}


class CacheWriteError(Exception):
    """A file of the media stage could not be written whole (a full disk, a file-size limit):
    the build's fault, not the photo's, so it stops the stage instead of becoming a finding."""


def write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path``, through a temporary name renamed only once every byte is on
    disk. Encoders that write to a file themselves may stop short without an error (Pillow's
    JPEG encoder did, under a file-size limit): here a short write is an error."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            written = os.fstat(handle.fileno()).st_size
        if written != len(data):
            raise OSError(f"{written} of {len(data)} bytes written")
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CacheWriteError(f"{path.name} could not be written whole (a full disk? a file-size limit?): {exc}") from None


# What a complete file of each format ends with (or says its size is): a file cut short
# fails this however its manifest came to agree with it.
def is_complete(data: bytes, fmt: str) -> bool:
    if fmt == "jpeg":
        return data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    if fmt == "webp":
        return (len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"
                and int.from_bytes(data[4:8], "little") + 8 == len(data))
    return False


class MediaCache:
    """``<root>/<key[:2]>/<key>/``: the files of one processed original and ``manifest.json``,
    which is written last; an entry appears whole (a rename) or not at all, and is used only
    when every file is as its manifest says and complete in its format."""

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
            if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"] \
                    or not is_complete(data, f.get("format", "")):
                return None  # damaged or cut short: made again rather than published
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
        write_whole(work / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
        entry = self.path(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        if entry.exists():  # an unfinished or stale entry: make room
            stale = entry.with_name(f"{key}.stale-{uuid.uuid4().hex}")
            os.replace(entry, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(work, entry)
        return manifest
