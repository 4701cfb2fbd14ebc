"""What pathlib says of a repository-relative path (name, suffix, stem, folder name), without
making a path object: the loaders and the checks ask it of 36 000 files per run."""

from __future__ import annotations

from pathlib import PurePosixPath


def _plain(rel: str) -> bool:
    """No empty or "." part that pathlib would drop first (the listing never makes one)."""
    return bool(rel) and "//" not in rel and "/./" not in rel and not rel.startswith("./") \
        and not rel.endswith(("/", "/.")) and rel != "."


def name(rel: str) -> str:
    return rel[rel.rfind("/") + 1:] if _plain(rel) else PurePosixPath(rel).name


def suffix(rel: str) -> str:
    if not _plain(rel):
        return PurePosixPath(rel).suffix
    last = rel[rel.rfind("/") + 1:]
    dot = last.rfind(".")
    return last[dot:] if 0 < dot < len(last) - 1 else ""


def stem(rel: str) -> str:
    if not _plain(rel):
        return PurePosixPath(rel).stem
    last = rel[rel.rfind("/") + 1:]
    dot = last.rfind(".")
    return last[:dot] if 0 < dot < len(last) - 1 else last


def folder_name(rel: str) -> str:
    """The name of the folder the file is in (``parent.name``)."""
    if not _plain(rel):
        return PurePosixPath(rel).parent.name
    end = rel.rfind("/")
    return rel[rel.rfind("/", 0, max(end, 0)) + 1:end] if end > 0 else ""
