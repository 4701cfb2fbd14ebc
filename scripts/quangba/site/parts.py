"""What every page module builds on: the ``Site`` (the model and what is shown of it), the
``Page`` planned for it, a record's words per language, and links and lists of records
(pages.py plans the portal's pages; investment.py, jsonld.py, extras.py and search.py add theirs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable

from ..catalog.model import SOURCE_LANGUAGE, Catalog, Record
from ..media import MediaSet
from . import fmt
from .body import render_body
from .fmt import esc
from .strings import t
from .urls import record_key, relative, url_of

PRESS_KINDS = ("press-release", "statement", "clarification")
DEFAULT_OG_IMAGE = "quangba/og-default.png"  # a theme file: a designer replaces it
FEATURED_STATUS = ("unesco-world-heritage", "special-national-relic", "national-park", "national-relic")


@dataclass
class Page:
    lang: str
    key: str
    title: str  # plain text
    html: str  # the page's content
    meta: dict[str, Any] = field(default_factory=dict)  # for the templates: strings already escaped
    in_sitemap: bool = True
    alternates: tuple[str, ...] = ()  # languages this page really exists in

    @property
    def url(self) -> str:
        return url_of(self.lang, self.key)


@dataclass
class Site:
    """What every page of one build shares, computed once."""

    catalog: Catalog
    now: datetime
    drafts: bool = False
    media: MediaSet | None = None
    records: list[Record] = field(default_factory=list)
    shown: dict[str, Record] = field(default_factory=dict)
    incoming: dict[str, list[tuple[str, Record]]] = field(default_factory=dict)
    render_body: Callable[[str], str] = render_body  # Markdown → safe HTML; the build passes a cached one
    _bodies: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog, now: datetime, *, drafts: bool = False, media: MediaSet | None = None) -> "Site":
        site = cls(catalog=catalog, now=now, drafts=drafts, media=media)
        site.records = [r for r in catalog.records.values() if shown(r, now, drafts)]
        site.shown = {r.id: r for r in site.records}
        for r in site.records:
            for rel in r.relations:
                site.incoming.setdefault(rel.target, []).append((rel.type, r))
        return site

    @property
    def base(self) -> str:
        return self.catalog.province.base_url

    @property
    def languages(self) -> tuple[str, ...]:
        return self.catalog.languages

    def body(self, record: Record, lang: str) -> str:
        text = record.texts[lang]
        if text.path not in self._bodies:
            self._bodies[text.path] = self.render_body(text.body)
        return self._bodies[text.path]

    def published(self, kinds: Iterable[str] | None = None) -> list[Record]:
        wanted = set(kinds) if kinds is not None else None
        return [r for r in self.records if r.status != "retracted" and (wanted is None or r.kind in wanted)]


def shown(record: Record, now: datetime, drafts: bool) -> bool:
    if record.is_visible(now):
        return True
    # a local preview may show drafts (with a banner) — never internal or secret records
    return drafts and record.status == "draft" and record.classification == "public"


def record_languages(site: Site, record: Record) -> tuple[str, ...]:
    """The languages a record really has (its texts); the Vietnamese always."""
    langs = tuple(lang for lang in site.languages if lang in record.texts or lang == SOURCE_LANGUAGE)
    return langs


def title_of(record: Record, lang: str) -> str:
    if record.status == "retracted":  # nothing of the old content stays, not even its headline
        return f"{t('retracted', lang)} ({record.id})"
    text = record.texts.get(lang) or record.source_text
    return text.title if text and text.title else record.id


def summary_of(record: Record, lang: str) -> str:
    text = record.texts.get(lang) or record.source_text
    return text.summary if text else ""


def issued_of(record: Record) -> datetime:
    """When a record appeared: its issue date or start, else when it was made."""
    for key in ("issued", "signed", "as_of"):
        value = fmt.as_datetime(record.fields.get(key)) if isinstance(record.fields.get(key), str) else None
        if value:
            return value
    return fmt.as_datetime(record.created)


def start_of(record: Record) -> datetime | None:
    value = record.fields.get("start")
    return fmt.as_datetime(value) if isinstance(value, str) else None


def end_of(record: Record) -> datetime | None:
    value = record.fields.get("end") or record.fields.get("start")
    if not isinstance(value, str):
        return None
    moment = fmt.as_datetime(value)
    if moment is not None and len(value) == 10:  # an end date lasts the whole day
        moment = moment.replace(hour=23, minute=59, second=59)
    return moment


def is_upcoming(record: Record, now: datetime) -> bool:
    end = end_of(record)
    return end is not None and end >= now


# -- the plan ----------------------------------------------------------------------------------


def link(page_url: str, lang: str, key: str, label: str) -> str:
    return f'<a href="{esc(relative(page_url, url_of(lang, key)))}">{esc(label)}</a>'


def untranslated(record: Record, lang: str) -> bool:
    """Is the record's text shown in Vietnamese on a page in ``lang``? (A retracted record's
    notice is the portal's own words.)"""
    return lang != SOURCE_LANGUAGE and lang not in record.texts and record.status != "retracted"


def record_link(site: Site, page_url: str, record: Record, lang: str) -> str:
    """A link to the record, its title marked (visibly, in the reader's language) when it is
    shown in Vietnamese on a page in another language."""
    label = title_of(record, lang)
    foreign = untranslated(record, lang)
    attrs = ' lang="vi"' if foreign else ""
    href = esc(relative(page_url, url_of(lang, record_key(record.kind, record.id))))
    marker = f' <span class="qb-vi-only">{esc(t("vi_only", lang))}</span>' if foreign else ""
    return f'<a href="{href}"{attrs}>{esc(label)}</a>{marker}'


def record_item(site: Site, page_url: str, record: Record, lang: str, *, when: str = "", extra: str = "") -> str:
    summary = summary_of(record, lang) if record.status != "retracted" else ""
    summary_lang = ' lang="vi"' if untranslated(record, lang) else ""
    parts = [f"<li>{record_link(site, page_url, record, lang)}"]
    if when:
        parts.append(f' <span class="qb-when">{esc(when)}</span>')
    if extra:
        parts.append(f" {extra}")
    if summary:
        parts.append(f'<br><span class="qb-summary"{summary_lang}>{esc(summary)}</span>')
    parts.append("</li>")
    return "".join(parts)


def item_list(items: list[str], lang: str) -> str:
    if not items:
        return f"<p>{esc(t('nothing_yet', lang))}</p>"
    return '<ul class="qb-list">' + "".join(items) + "</ul>"
