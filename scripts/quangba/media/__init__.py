"""The media stage's output, as the site and export stages read it.

``process_media(catalog, out_dir, now, cache_dir=…)`` (in ``pipeline.py``) turns each public
original into safe derivatives under ``out_dir`` — paths in ``Rendition.path`` are relative
to the site root, e.g. ``media/nhat-le-beach-dawn/960.webp`` — and returns a ``MediaSet``.
The site stage renders ``<picture>`` elements and press-kit pages from it; the export stage
lists its files (size, sha256, media type, licence) in the data package. Originals never
leave the repository: only derivatives, with private metadata removed, are published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from ..rules.findings import Finding


@dataclass(frozen=True)
class Rendition:
    path: str  # relative to the site root, forward slashes
    width: int
    height: int
    format: str  # "webp" | "jpeg" | "png"
    media_type: str  # e.g. "image/webp"
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ProcessedMedia:
    id: str
    width: int  # of the original after orientation is applied
    height: int
    renditions: tuple[Rendition, ...]  # responsive sizes, each width in webp and a jpeg fallback
    og_image: Rendition  # the OpenGraph crop (1200x630)
    full: Rendition  # the largest usable size, for the press kit
    credit: str = ""  # as written into every derivative (from the sidecar)
    licence: str = ""  # a URI, as written into every derivative


@dataclass(frozen=True)
class PressKit:
    record_id: str
    lang: str
    path: str  # the zip, relative to the site root
    bytes: int
    sha256: str
    media_ids: tuple[str, ...]


@dataclass(frozen=True)
class MediaSet:
    items: Mapping[str, ProcessedMedia] = field(default_factory=dict)
    press_kits: Mapping[tuple[str, str], PressKit] = field(default_factory=dict)  # (record id, lang)
    findings: tuple["Finding", ...] = ()  # images that could not be processed (none published)
    processed: int = 0  # originals processed in this run
    cached: int = 0  # originals whose derivatives came from the cache unchanged

    def renditions_of(self, media_id: str, fmt: str) -> list[Rendition]:
        item = self.items.get(media_id)
        return sorted((r for r in item.renditions if r.format == fmt), key=lambda r: r.width) if item else []

    def files(self) -> list[Rendition | PressKit]:
        """Every published file of the stage (renditions, OG crops, full sizes, press-kit zips), each once, by path."""
        found: dict[str, Rendition | PressKit] = {}
        for item in self.items.values():
            for r in (*item.renditions, item.og_image, item.full):
                found[r.path] = r
        for kit in self.press_kits.values():
            found[kit.path] = kit
        return [found[p] for p in sorted(found)]
