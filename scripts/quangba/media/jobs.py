"""What a worker process is handed (a ``Job`` with its ``Settings``), what it answers when an
original cannot be made (``failure``), and where it puts what it made (the ``MediaCache``):
shared by pipeline.py, which plans the jobs, and derive.py, which does them."""

from __future__ import annotations

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


class MediaCache:
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
