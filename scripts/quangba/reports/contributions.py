"""Contributions per agency and month, from git history and the records' owners.

A contribution is a record (or a photo) an agency added or changed in a month; a text in any
language counts for its record, and the language is kept for the per-language figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from ..catalog.history import Change, changes
from ..catalog.model import VIETNAM, Catalog


@dataclass(frozen=True)
class Contribution:
    month: str  # YYYY-MM, Vietnam time
    day: date
    agency: str
    item: str  # <kind>/<id> of a record, or media/<id>
    kind: str
    lang: str | None  # for texts
    commit: str


def _owner(catalog: Catalog, path: str) -> tuple[str, str, str, str | None] | None:
    """(agency, item, kind, lang) of a changed file, or None when it is nobody's contribution."""
    parts = PurePosixPath(path).parts
    stem = PurePosixPath(path).stem
    if len(parts) == 3 and parts[0] == "catalog" and parts[1] != "schemas" and path.endswith(".yaml"):
        record = catalog.records.get(stem)
        return (record.agency, f"{record.kind}/{record.id}", record.kind, None) if record else None
    if len(parts) == 4 and parts[0] == "content" and path.endswith(".md"):
        record = catalog.records.get(stem)
        return (record.agency, f"{record.kind}/{record.id}", record.kind, parts[1]) if record else None
    if parts[:2] == ("assets", "media"):
        item = catalog.media.get(stem)
        return (item.agency, f"media/{item.id}", "media", None) if item else None
    return None


def contributions(catalog: Catalog, history: list[Change] | None = None) -> list[Contribution]:
    out = []
    for change in changes(catalog.root) if history is None else history:
        if change.status == "D":
            continue
        owner = _owner(catalog, change.path)
        if owner is None:
            continue
        when = change.when.astimezone(VIETNAM)
        agency, item, kind, lang = owner
        out.append(Contribution(month=f"{when.year:04d}-{when.month:02d}", day=when.date(), agency=agency,
                                item=item, kind=kind, lang=lang, commit=change.commit))
    return out


@dataclass
class Tally:
    """Distinct items per agency and month, per kind, per language, over a date range."""

    by_agency_month: dict[str, Counter]
    by_kind: Counter
    by_language: Counter
    by_month: Counter
    total: int


def tally(found: list[Contribution], start: date, end: date, agency: str | None = None) -> Tally:
    items: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    langs: dict[str, set[str]] = defaultdict(set)
    months: dict[str, set[tuple[str, str]]] = defaultdict(set)
    everything: set[tuple[str, str, str]] = set()
    for c in found:
        if not (start <= c.day <= end) or (agency and c.agency != agency):
            continue
        items[(c.agency, c.month)].add(c.item)
        kinds[c.kind].add(c.item)
        if c.lang:
            langs[c.lang].add(c.item)
        months[c.month].add((c.agency, c.item))
        everything.add((c.agency, c.month, c.item))
    by_agency_month: dict[str, Counter] = defaultdict(Counter)
    for (a, m), s in items.items():
        by_agency_month[a][m] = len(s)
    return Tally(by_agency_month=dict(by_agency_month), by_kind=Counter({k: len(v) for k, v in kinds.items()}),
                 by_language=Counter({k: len(v) for k, v in langs.items()}),
                 by_month=Counter({k: len(v) for k, v in months.items()}), total=len(everything))
