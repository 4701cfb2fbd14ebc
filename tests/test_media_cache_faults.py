"""The media cache under a broken disk (issue 21, item 11): a build that cannot write a file
whole fails cleanly, and no later build publishes a photo cut short."""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

from PIL import Image

from conftest import NOW

LIMIT = 2_000_000  # bytes per file: more than any page, script or rendition here, less than the press-kit JPEG


def noisy_photo() -> bytes:
    """A 2400×1600 photo whose press-kit JPEG is about 3 MB (noise does not compress)."""
    planes = [Image.effect_noise((2400, 1600), 90) for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", planes).save(out, "JPEG", quality=85)
    return out.getvalue()


def build(repo, file_size_limit: int | None = None) -> subprocess.CompletedProcess:
    def limited() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([sys.executable, "-m", "quangba.cli", "--root", str(repo.root), "build"],
                          capture_output=True, text=True, env={**os.environ, "QUANGBA_NOW": NOW},
                          preexec_fn=limited, timeout=600)


def assert_every_published_photo_is_whole(site: Path) -> None:
    photos = [p for p in (site / "media").rglob("*") if p.suffix in (".jpg", ".webp")]
    assert photos
    for path in photos:
        with Image.open(path) as im:
            im.load()  # a file cut short raises here
    for kit in (site / "media" / "press-kit").glob("*.zip"):
        with zipfile.ZipFile(kit) as archive:
            for name in archive.namelist():
                if name.endswith(".jpg"):
                    with Image.open(io.BytesIO(archive.read(name))) as im:
                        im.load()


def test_a_build_under_a_file_size_limit_fails_cleanly_and_the_next_publishes_whole_photos(repo):
    repo.write("assets/media/nhat-le.jpg", noisy_photo())
    first = build(repo, LIMIT)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert "BUILD-STAGE-FAILED" in first.stdout and "File too large" in first.stdout
    assert not (repo.root / "site").exists()  # nothing published from a failed build
    cached = list((repo.root / ".cache" / "media").rglob("full.jpg"))
    assert cached == []  # nothing cut short kept under its own name

    second = build(repo)
    assert second.returncode == 0, second.stdout + second.stderr
    full = repo.root / "site" / "media" / "nhat-le" / "full.jpg"
    assert full.stat().st_size > LIMIT  # the limit did cut into it the first time
    assert_every_published_photo_is_whole(repo.root / "site")


def test_a_cache_entry_cut_short_is_made_again_even_when_its_manifest_agrees(repo):
    """What the cache of an older version kept: full.jpg cut at the limit, with a manifest
    that recorded the short size and its hash."""
    assert build(repo).returncode == 0
    (entry,) = {p.parent for p in (repo.root / ".cache" / "media").rglob("manifest.json")}
    full = entry / "full.jpg"
    short = full.read_bytes()[: full.stat().st_size // 2]
    full.write_bytes(short)
    manifest = json.loads((entry / "manifest.json").read_text("utf-8"))
    for f in manifest["files"]:
        if f["name"] == "full.jpg":
            f["bytes"], f["sha256"] = len(short), hashlib.sha256(short).hexdigest()
    (entry / "manifest.json").write_text(json.dumps(manifest), "utf-8")

    again = build(repo)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 xử lý / processed, 0 từ bộ nhớ đệm / from cache" in again.stdout
    assert_every_published_photo_is_whole(repo.root / "site")
