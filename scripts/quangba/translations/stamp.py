"""`quangba stamp`: record in a translation which Vietnamese version it was made from."""

from __future__ import annotations

import re
from pathlib import Path

from ..catalog.model import SOURCE_LANGUAGE, Catalog


def stamp(catalog: Catalog, text_path: str) -> str | None:
    """Write ``source: "<version>"`` into the translation's front matter; return the version.

    Only the ``source`` line changes; the rest of the file stays byte for byte. Quoted: a
    version of digits only (``450536409270``), or digits around one ``e`` (``1234e5678901``),
    would otherwise be read back as a number.
    """
    text = next((t for t in catalog.texts if t.path == text_path), None)
    if text is None or text.lang == SOURCE_LANGUAGE:
        return None
    record = catalog.records.get(text.record_id)
    if record is None or record.source_text is None:
        return None
    version = record.source_text.version
    file = catalog.root / text.path
    raw = file.read_text("utf-8")
    end = raw.find("\n---", 3)
    front, rest = raw[:end], raw[end:]
    if re.search(r"^source:.*$", front, flags=re.M):
        front = re.sub(r"^source:.*$", f'source: "{version}"', front, count=1, flags=re.M)
    else:
        front += f'\nsource: "{version}"'
    file.write_text(front + rest, "utf-8")
    return version


def translation_paths(catalog: Catalog, paths: list[str]) -> list[str]:
    """The translations named by ``paths`` (files or folders), repository-relative."""
    root = catalog.root
    wanted = [Path(p).resolve() for p in paths]
    out = []
    for t in catalog.texts:
        full = (root / t.path).resolve()
        if t.lang != SOURCE_LANGUAGE and any(full == w or w in full.parents for w in wanted):
            out.append(t.path)
    return sorted(out)
