"""`quangba publish DEST` and `quangba rollback DEST`: the built portal (with its data package
at ``/data/``) as an immutable release under ``DEST/releases/<name>/``, made live by one
atomic rename of the link ``DEST/current`` — the web server's root.

A release's name is ``<sequence>-<UTC time>-<digest>``: the sequence orders releases as they
were published, the digest is that of the built site, so publishing the same build twice
changes nothing. Files equal to the live release's are hard links to them (an edit to one
page does not copy a gigabyte of photos); every file is made read-only, and nothing is ever
written into one. The last ``keep`` releases stay (rollback goes to the one before the live
one); so do the last ``keep`` versions of the data package, under ``/data/releases/<version>/``,
with ``/data/releases/index.json`` and the Atom feed of releases per language summarising
``quangba diff`` between each version and the one before. Text files get a ``.gz`` beside
them (the same bytes, compressed once here) that the web server sends when the reader
accepts it (``quangba server-config``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..util.filehash import sha256_file

CURRENT = "current"  # DEST/current -> releases/<name>: point the web server's root here
RELEASES = "releases"
STAGING = ".staging-"  # DEST/releases/.staging-<name>: a release being written
LOCK = ".quangba-publish.lock"
DEFAULT_KEEP = 5
DATA = "data"
# what is sent compressed when the reader accepts it (smaller files are not worth it)
COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".jsonld", ".geojson", ".xml", ".ics", ".svg", ".txt",
                        ".csv", ".ndjson", ".ttl", ".xlf", ".map", ".webmanifest"})
MIN_COMPRESSED = 256
NAME = re.compile(r"^(\d{6})-(\d{8}T\d{6}Z)-([0-9a-f]{12})$")


class PublishError(Exception):
    """A message for the person publishing, in Vietnamese then English."""


@dataclass
class Published:
    release: str
    changed: bool  # False: this build was already live, nothing was done
    version: str = ""
    linked: int = 0  # files hard-linked to the previous release
    written: int = 0
    removed: list[str] = field(default_factory=list)  # releases deleted beyond --keep

    def summary(self) -> list[str]:
        if not self.changed:
            return [f"Bản dựng này đã đang chạy: {self.release}; không làm gì. / "
                    f"This build is already live: {self.release}; nothing done."]
        lines = [f"Đã công bố / published: {self.release} (gói dữ liệu / data package {self.version})",
                 f"{self.written} tệp ghi mới / files written, {self.linked} tệp liên kết với bản trước / "
                 f"files hard-linked to the previous release"]
        if self.removed:
            lines.append("Đã xóa bản cũ / old releases removed: " + ", ".join(self.removed))
        return lines


# -- reading a destination -----------------------------------------------------------------------
def releases(dest: Path) -> list[str]:
    """Release names, oldest first."""
    folder = dest / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if NAME.match(p.name) and p.is_dir())


def live(dest: Path) -> str | None:
    try:
        target = os.readlink(dest / CURRENT)
    except OSError:
        return None
    name = Path(target).name
    return name if NAME.match(name) else None


def manifest(dest: Path, name: str) -> dict[str, Any]:
    """What was recorded of a release beside it (outside the web root): the built site's
    digest, the package version, every file's SHA-256."""
    try:
        return json.loads((dest / RELEASES / f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


# -- publish ------------------------------------------------------------------------------------
def publish(root: Path, dest: Path, now: datetime, *, keep: int = DEFAULT_KEEP) -> Published:
    from ..build import build_lock
    from ..util.lock import held

    if keep < 1:
        raise PublishError("--keep phải ít nhất là 1. / --keep must be at least 1.")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / RELEASES).mkdir(exist_ok=True)
    with held(dest / LOCK, what="publish", folder=dest), build_lock(root):  # no build switches site/ meanwhile
        site = (root / "site").resolve()
        if not (site / "index.html").is_file():
            raise PublishError(f"Chưa có bản dựng trong {root / 'site'}: hãy chạy `quangba build` trước. / "
                               f"No build in {root / 'site'}: run `quangba build` first.")
        _current_is_ours(dest)
        if not (site / DATA / "datapackage.json").is_file():
            raise PublishError(f"{root / 'site'} không có gói dữ liệu ở data/: hãy chạy lại `quangba build`. / "
                               f"{root / 'site'} has no data package under data/: run `quangba build` again.")
        for stale in (dest / RELEASES).glob(STAGING + "*"):  # a publish that was killed
            _remove(stale)
        hashes = _tree_hashes(site)
        digest = _digest(hashes)
        current = live(dest)
        if current and manifest(dest, current).get("digest") == digest:
            return Published(current, changed=False, version=manifest(dest, current).get("version", ""))
        sequence = max((int(NAME.match(n).group(1)) for n in releases(dest)), default=0) + 1
        name = f"{sequence:06d}-{now.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{digest[:12]}"
        result = _write_release(root, dest, name, site, hashes, digest, current, now, keep)
        result.removed = _prune(dest, keep)
        return result


def _digest(hashes: dict[str, str]) -> str:
    """The build's identity: every path and every file's SHA-256."""
    return hashlib.sha256("".join(f"{rel}\0{h}\n" for rel, h in sorted(hashes.items())).encode()).hexdigest()


def _write_release(root: Path, dest: Path, name: str, site: Path, hashes: dict[str, str], digest: str,
                   previous: str | None, now: datetime, keep: int) -> Published:
    staging = dest / RELEASES / f"{STAGING}{name}"
    before = dest / RELEASES / previous if previous else None
    before_hashes = manifest(dest, previous).get("files", {}) if previous else {}
    result = Published(name, changed=True)
    try:
        for rel, file_hash in sorted(hashes.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if before is not None and before_hashes.get(rel) == file_hash and _link(before / rel, target):
                result.linked += 1
            else:
                shutil.copyfile(site / rel, target)
                result.written += 1
        final = dict(hashes)
        result.version = _data_releases(root, staging, before, now, keep, final)
        _compress(staging, before, before_hashes, final)
        _read_only(staging)
        os.rename(staging, dest / RELEASES / name)
        _write_json(dest / RELEASES / f"{name}.json",
                    {"digest": digest, "version": result.version, "published": _rfc3339(now), "files": final})
    except BaseException:
        _remove(staging)
        raise
    switch(dest, name)
    return result


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def switch(dest: Path, name: str) -> None:
    """Make release ``name`` live: one rename of the link the web server follows."""
    _current_is_ours(dest)
    link = dest / f".{CURRENT}.new"
    link.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{name}", link)
    os.replace(link, dest / CURRENT)


def _current_is_ours(dest: Path) -> None:
    if (dest / CURRENT).exists() and not (dest / CURRENT).is_symlink():
        raise PublishError(f"{dest / CURRENT} là một thư mục hoặc tệp, không phải liên kết của quangba publish: hãy "
                           f"chuyển nó đi chỗ khác. / {dest / CURRENT} is a folder or file, not quangba publish's link: "
                           "move it away first.")


def _prune(dest: Path, keep: int) -> list[str]:
    names, current = releases(dest), live(dest)
    doomed = [n for n in names[:-keep] if n != current]
    for name in doomed:
        _remove(dest / RELEASES / name)
        (dest / RELEASES / f"{name}.json").unlink(missing_ok=True)
    return doomed


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)  # read-only files in writable folders: rmtree can


def _read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.chmod(path, 0o444)


def _tree_hashes(folder: Path) -> dict[str, str]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = sha256_file(path)
    return out



def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, path)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


# -- the data package's versions and their feed ---------------------------------------------------
def _data_releases(root: Path, staging: Path, before: Path | None, now: datetime, keep: int,
                   hashes: dict[str, str]) -> str:
    """Keep the last ``keep`` versions of the package under data/releases/, note what changed
    in data/releases/index.json and write the feed of releases in every language."""
    from ..catalog.load import load_catalog
    from ..site import opendata

    data = staging / DATA
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    version = str(descriptor.get("version", ""))
    history = _history(before)
    if not history or history[0].version != version:
        history.insert(0, _new_release(before, data, descriptor, now))
    kept = []
    for release in history:
        if len(kept) == keep:
            break
        folder = data / opendata.RELEASES.removeprefix(DATA + "/") / release.version
        if release.version == version:
            _link_package(data, folder, hashes, staging)
        elif before is not None and (before / opendata.RELEASES / release.version).is_dir():
            _link_package(before / opendata.RELEASES / release.version, folder, hashes, staging)
        else:
            continue  # its files are gone: the feed does not point at nothing
        kept.append(release)
    index = data / "releases" / "index.json"
    _write_json(index, [r.as_json() for r in kept])
    hashes[index.relative_to(staging).as_posix()] = sha256_file(index)
    catalog = load_catalog(root).catalog
    opendata.write_release_feeds(catalog, staging, kept)
    for lang in catalog.languages:
        feed = staging / opendata.url_of(lang, opendata.FEED)
        hashes[feed.relative_to(staging).as_posix()] = sha256_file(feed)
    return version


def _history(before: Path | None) -> list:
    from ..site.opendata import RELEASES, Release

    if before is None:
        return []
    try:
        return [Release.from_json(r) for r in json.loads((before / RELEASES / "index.json").read_text("utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def _new_release(before: Path | None, data: Path, descriptor: dict[str, Any], now: datetime):
    from ..export.diff import diff_packages
    from ..export.read import read_package
    from ..site.opendata import Release, first_release

    new = read_package(data)
    records = len(new.rows("records"))
    if before is None or not (before / DATA / "datapackage.json").is_file():
        release = first_release(descriptor, records)
        release.published = _rfc3339(now)
        return release
    try:
        diff = diff_packages(read_package(before / DATA), new)
    except (OSError, ValueError, KeyError, TypeError):  # a package of another layout: no diff to tell
        release = first_release(descriptor, records)
        release.published = _rfc3339(now)
        return release
    return Release.from_diff(diff, _rfc3339(now), records)


def _link_package(package: Path, folder: Path, hashes: dict[str, str], staging: Path) -> None:
    """A version of the package under data/releases/<version>/: links to the same files."""
    for source in sorted(package.rglob("*")):
        rel = source.relative_to(package)
        if rel.parts[0] == "releases" or not source.is_file():
            continue
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not _link(source, target):
            shutil.copyfile(source, target)
        hashes[target.relative_to(staging).as_posix()] = sha256_file(target)


def _compress(staging: Path, before: Path | None, before_hashes: dict[str, str], hashes: dict[str, str]) -> None:
    """``X.gz`` beside every text file ``X`` worth compressing: linked from the previous
    release when ``X`` is unchanged, else made here (mtime 0: the same bytes every time)."""
    for rel, digest in sorted(hashes.items()):
        path = staging / rel
        if path.suffix not in COMPRESSED or (staging / f"{rel}.gz").exists() or path.stat().st_size < MIN_COMPRESSED:
            continue
        gz = staging / f"{rel}.gz"
        if before is not None and before_hashes.get(rel) == digest and (before / f"{rel}.gz").is_file() \
                and _link(before / f"{rel}.gz", gz):
            pass
        else:
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            if len(packed) >= len(data):
                continue
            gz.write_bytes(packed)
        hashes[f"{rel}.gz"] = sha256_file(gz)


# -- rollback ------------------------------------------------------------------------------------
def rollback(dest: Path) -> str:
    """Make the release before the live one live again; its name."""
    if not dest.is_dir():
        raise PublishError(f"Không có thư mục {dest}. / There is no folder {dest}.")
    with _dest_lock(dest):
        names, current = releases(dest), live(dest)
        if current is None:
            raise PublishError(f"{dest / CURRENT} không trỏ tới bản công bố nào. / {dest / CURRENT} points at no release.")
        older = [n for n in names if n < current]
        if not older:
            raise PublishError(f"Không có bản nào trước {current} để quay lại. / No release before {current} to roll back to.")
        switch(dest, older[-1])
        return older[-1]


def _dest_lock(dest: Path):
    from ..util.lock import held

    return held(dest / LOCK, what="publish", folder=dest)
