"""A record's text cut into translation units (title, summary, one per paragraph), and a
translation put back together from them and written as ``content/<lang>/<kind>/<id>.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..catalog.model import SOURCE_LANGUAGE, Catalog, Record, Text

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def paragraphs(body: str) -> list[str]:
    """Blocks of a Markdown body separated by blank lines (a list or a table stays one block)."""
    return [p.strip("\n") for p in _BLANK_LINES.split(body.strip("\n")) if p.strip()]


@dataclass(frozen=True)
class Unit:
    id: str  # title | summary | p1, p2, …
    source: str  # the Vietnamese
    target: str  # the translation as it stands, or ""

    def context(self, record: Record) -> str:
        return f"{record.kind}/{record.id}#{self.id}"


def split(text: Text | None) -> dict[str, str]:
    """unit id → text, in order."""
    if text is None:
        return {}
    out = {"title": text.title}
    if text.summary.strip():
        out["summary"] = text.summary
    for n, para in enumerate(paragraphs(text.body), start=1):
        out[f"p{n}"] = para
    return out


def units(record: Record, lang: str) -> list[Unit]:
    """The record's units with the current translation filled in where it lines up with the
    Vietnamese (same units); an out-of-date translation's old wording is offered too."""
    source = split(record.source_text)
    target = split(record.texts.get(lang))
    aligned = list(target) == list(source)
    return [Unit(id=k, source=v, target=target.get(k, "") if aligned or not k.startswith("p") else "")
            for k, v in source.items()]


def translatable(catalog: Catalog, lang: str, agency: str | None = None, *, include_internal: bool = True
                 ) -> list[Record]:
    """Records with Vietnamese text that may be translated: never secret ones; internal ones
    (the press office's register, an internal press release) only with ``include_internal``
    — translators work outside the office, so an export sends only what may be published
    unless someone who may read the rest asks for it."""
    allowed = {"public", "internal"} if include_internal else {"public"}
    return [r for r in sorted(catalog.records.values(), key=lambda r: (r.kind, r.id))
            if r.source_text is not None and r.classification in allowed
            and (agency is None or r.agency == agency) and lang != SOURCE_LANGUAGE]


@dataclass
class Submission:
    """What a translator's file says about one record's translation."""

    file: str  # the translator's file, as given on the command line
    line: int
    kind: str
    record_id: str
    lang: str
    source_version: str | None
    targets: dict[str, str] = field(default_factory=dict)  # unit id → translation ("" = untranslated)
    lines: dict[str, int] = field(default_factory=dict)  # unit id → line in the file
    unfinished: set[str] = field(default_factory=set)  # units marked fuzzy / initial


def assemble(targets: dict[str, str]) -> tuple[str, str, str]:
    """(title, summary, body) from translated units."""
    paras = [targets[k] for k in sorted((k for k in targets if k.startswith("p")), key=lambda k: int(k[1:]))]
    return targets.get("title", ""), targets.get("summary", ""), "\n\n".join(p.strip("\n") for p in paras)


def render_translation(title: str, summary: str, body: str, source: str, translated: date) -> str:
    front = {"title": title}
    if summary:
        front["summary"] = summary
    front["source"] = source
    front["translated"] = translated  # a bare YYYY-MM-DD
    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---\n{body}\n"


def write_translation(root: Path, record: Record, lang: str, content: str) -> Path:
    path = root / "content" / lang / record.kind / f"{record.id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, "utf-8")
    tmp.replace(path)
    return path
