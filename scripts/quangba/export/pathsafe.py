"""A data package is a folder of plain files: what a descriptor may point at.

``check-package`` and ``import`` read packages that come from elsewhere. Before any step —
the project's own check or Frictionless' — opens anything, every path the descriptor names is
held here: no web address, no absolute path, no ``..``, no link on the way, nothing but a
regular file (a device or a pipe would never end), and no profile (``$schema``) to fetch.
Only a package that passes is read, and then only through ``read_plain``, which refuses a
link or a non-regular file even if one appeared since, and never reads past a known size.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

# RFC 3986: a scheme and a colon ("https:", "file:", "s3:", a Windows drive "C:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# the profiles Frictionless knows without fetching (what `quangba export` writes), and v1 names
LOCAL_PROFILES = frozenset(
    [f"https://datapackage.org/profiles/2.0/{name}.json"
     for name in ("datapackage", "dataresource", "tableschema", "tabledialect")]
    + ["data-package", "tabular-data-package", "data-resource", "tabular-data-resource"])
# a descriptor's keys whose string values Frictionless opens as files or fetches
_OPENED = ("path", "extrapaths", "schema", "dialect")
# what a descriptor may not keep out of its own text: (English, Vietnamese)
_ELSEWHERE = {
    "path": ("a file in several parts or not named by a path", "một tệp chia nhiều phần hoặc không có đường dẫn"),
    "extrapaths": ("more files read along with a table", "các tệp khác được đọc kèm một bảng"),
    "schema": ("a Table Schema kept in a file or at an address of its own",
               "một lược đồ bảng để trong tệp riêng hoặc ở địa chỉ khác"),
    "dialect": ("a CSV dialect kept in a file or at an address of its own",
                "một dialect CSV để trong tệp riêng hoặc ở địa chỉ khác"),
}
# files Frictionless would unpack (by their name, or a "compression" stated): a small file may
# unpack into gigabytes; a package of the project has none
_PACKED = (".zip", ".gz", ".bz2", ".xz", ".lzma", ".zst", ".tar", ".tgz", ".xlsx", ".xls", ".ods")


@dataclass(frozen=True)
class Unsafe:
    """What is wrong with a path, in both languages; ``name`` is the path as the package says it."""
    name: str
    en: str
    vi: str


def shown(value: Any) -> str:
    """A value as a finding may quote it: one line, short."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= 120 else text[:119] + "…"


def path_problem(value: Any) -> Unsafe | None:
    """What is wrong with the text of a path a descriptor names (before anything is opened)."""
    name = shown(value)
    if not isinstance(value, str) or not value:
        return Unsafe(name, "not a path", "không phải đường dẫn")
    if _SCHEME.match(value) or value.startswith("//"):
        return Unsafe(name, "a web address (URL) or another system's path",
                      "một địa chỉ web (URL) hay đường dẫn của hệ thống khác")
    if value.startswith(("/", "\\", "~")) or os.path.isabs(value):
        return Unsafe(name, "an absolute path", "một đường dẫn tuyệt đối")
    if "\\" in value or "\0" in value or "$" in value or "%" in value:
        return Unsafe(name, "a path with “\\”, “$”, “%” or a NUL character",
                      "một đường dẫn có “\\”, “$”, “%” hoặc ký tự NUL")
    if ".." in value.split("/"):
        return Unsafe(name, "a path that climbs out with “..”", "một đường dẫn đi ra ngoài bằng “..”")
    return None


def file_problem(root: Path, rel: str) -> Unsafe | None:
    """What is wrong with the file at ``rel`` (a path that passed ``path_problem``) as it is on
    disk: a link anywhere on its way, or not a regular file. None also for a file that is not
    there (the checks report it as missing)."""
    at = root
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if not parts:
        return Unsafe(rel, "not a plain file (a folder, a device or a pipe)",
                      "không phải tệp thường (là thư mục, thiết bị hoặc ống dẫn)")
    for part in parts:
        at = at / part
        try:
            info = os.lstat(at)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return Unsafe(rel, "a link (symlink), which could point outside the package",
                          "một liên kết (symlink), có thể trỏ ra ngoài gói")
    if not stat.S_ISREG(info.st_mode):
        return Unsafe(rel, "not a plain file (a folder, a device or a pipe)",
                      "không phải tệp thường (là thư mục, thiết bị hoặc ống dẫn)")
    return None


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    """(key, value) of every mapping in a JSON document, without recursion (any depth)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                yield key, inner
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


def descriptor_problems(descriptor: dict[str, Any]) -> list[Unsafe]:
    """Every path, schema, dialect or profile of a descriptor that would make a reader open
    something that is not a file inside the package."""
    found: list[Unsafe] = []
    for key, value in _walk(descriptor):
        if key in ("$schema", "profile") and not (isinstance(value, str) and value in LOCAL_PROFILES):
            found.append(Unsafe(shown(value), "a profile that would be fetched from elsewhere",
                                "một hồ sơ (profile) phải tải từ nơi khác"))
    entries = [r for r in descriptor.get("resources", []) if isinstance(r, dict)]
    for entry in entries:
        path = entry.get("path")
        if "compression" in entry or "innerpath" in entry or (isinstance(path, str) and path.lower().endswith(_PACKED)):
            found.append(Unsafe(shown(path), "a compressed file, which a reader would unpack without bound",
                                "một tệp nén, mà trình đọc sẽ giải nén không giới hạn"))
        for key in _OPENED:
            if key not in entry or (key in ("schema", "dialect") and isinstance(entry[key], dict)):
                continue  # absent, or written inline as the export writes them
            value = entry[key]
            problem = path_problem(value) if key == "path" and isinstance(value, str) else \
                Unsafe(shown(value), *_ELSEWHERE[key])
            if problem is not None:
                found.append(problem)
    schemas = descriptor.get("quangba:schemas", [])
    for entry in schemas if isinstance(schemas, list) else [schemas]:
        problem = path_problem(entry.get("path") if isinstance(entry, dict) else entry)
        if problem is not None:
            found.append(problem)
    return found


def package_paths(descriptor: dict[str, Any]) -> list[str]:
    """The file paths a descriptor names (resources and ``quangba:schemas``), as text."""
    paths = [r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)]
    schemas = descriptor.get("quangba:schemas", [])
    paths += [e.get("path") for e in (schemas if isinstance(schemas, list) else []) if isinstance(e, dict)]
    return [p for p in paths if isinstance(p, str)]


class NotPlain(OSError):
    """A link or something other than a regular file where a plain file was expected."""


def open_plain(path: Path, limit: int | None = None) -> BinaryIO:
    """A regular file opened for reading, never through a link at its last step
    (``O_NOFOLLOW``), never a device or a pipe (opened without waiting, then looked at), and,
    with ``limit``, refused (``NotPlain``) when larger than that, before anything is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotPlain(f"{path}: a link") from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotPlain(f"{path}: not a plain file")
        if limit is not None and info.st_size > limit:
            raise NotPlain(f"{path}: {info.st_size} bytes, more than {limit}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_plain(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, as ``open_plain`` opens it (at most ``limit`` of them)."""
    with open_plain(path, limit) as handle:
        return handle.read() if limit is None else handle.read(limit + 1)
