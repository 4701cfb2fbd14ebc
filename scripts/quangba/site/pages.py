"""The portal's pages as Markdown, planned from the model: a home page and a listing per
kind in every language, and a page per visible record in every language.

A record without a text in the reader's language is shown in Vietnamese with a notice in
the reader's language; a retracted record keeps only a short notice at its address.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from ..model import SOURCE_LANGUAGE, Catalog, Record
from .strings import kind_name, pick, t


@dataclass(frozen=True)
class Page:
    lang: str
    path: str  # relative to the language's folder, e.g. "place/nhat-le-beach.md"
    markdown: str


def plan_pages(catalog: Catalog, now: datetime, *, drafts: bool = False) -> list[Page]:
    records = [r for r in catalog.records.values() if _shown(r, now, drafts)]
    pages: list[Page] = []
    for lang in catalog.languages:
        pages.append(Page(lang, "index.md", home_page(catalog, records, lang)))
        for kind in catalog.kinds:
            of_kind = [r for r in records if r.kind == kind]
            if of_kind:
                pages.append(Page(lang, f"{kind}/index.md", kind_page(catalog, kind, of_kind, lang)))
        for record in records:
            pages.append(Page(lang, f"{record.kind}/{record.id}.md", record_page(catalog, record, lang, now)))
    return pages


def _shown(record: Record, now: datetime, drafts: bool) -> bool:
    if record.is_visible(now):
        return True
    # a local preview may show drafts (with a banner) — never internal or secret records
    return drafts and record.status == "draft" and record.classification == "public"


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _title(record: Record, lang: str) -> str:
    if record.status == "retracted":  # nothing of the old content stays, not even its headline
        return f"{t('retracted', lang)} ({record.id})"
    text = record.texts.get(lang) or record.source_text
    return text.title if text else record.id


def home_page(catalog: Catalog, records: list[Record], lang: str) -> str:
    province = catalog.province
    lines = [f"# {_esc(province.name(lang))}", ""]
    if province.tagline:
        lines += [pick(dict(province.tagline), lang), ""]
    lines += [f"## {t('sections', lang)}", ""]
    for kind in catalog.kinds:
        count = sum(r.kind == kind for r in records if r.status == "published")
        if count:
            lines.append(f"- [{kind_name(kind, lang)}]({kind}/index.md) ({count})")
    latest = sorted((r for r in records if r.status == "published"), key=lambda r: (r.modified, r.id), reverse=True)[:8]
    lines += ["", f"## {t('latest', lang)}", ""]
    lines += [f"- [{_esc(_title(r, lang))}]({r.kind}/{r.id}.md)" for r in latest]
    return "\n".join(lines) + "\n"


def kind_page(catalog: Catalog, kind: str, records: list[Record], lang: str) -> str:
    lines = [f"# {kind_name(kind, lang)}", ""]
    for r in sorted(records, key=lambda r: (r.modified, r.id), reverse=True):
        text = r.texts.get(lang) or r.source_text
        summary = f" — {_esc(text.summary)}" if text and text.summary and r.status == "published" else ""
        lines.append(f"- [{_esc(_title(r, lang))}]({r.id}.md){summary}")
    return "\n".join(lines) + "\n"


def record_page(catalog: Catalog, record: Record, lang: str, now: datetime) -> str:
    text = record.texts.get(lang)
    shown = text or record.source_text
    title = _title(record, lang)
    lines = [f"# {_esc(title)}", ""]
    if record.status == "draft":
        lines += [f'!!! danger "{t("draft", lang)}"', ""]
    if record.status == "retracted":
        reason = pick(dict(record.retraction_reason), lang) if record.retraction_reason else ""
        when = record.retracted.isoformat() if record.retracted else ""
        lines += [f'!!! warning "{t("retracted", lang)} ({when})"', f"    {_esc(reason)}", ""]
        return "\n".join(lines)
    if record.sample:
        lines += [f'!!! note "{t("sample", lang)}"', ""]
    if text is None and lang != SOURCE_LANGUAGE:
        lines += [f'!!! info "{t("not_translated", lang)}"', ""]
    elif record.translation_state(lang) == "outdated":
        lines += [f'!!! info "{t("outdated", lang)}"', ""]
    if shown and shown.summary:
        lines += [f"**{_esc(shown.summary)}**", ""]
    lines += facts(catalog, record, lang, now)
    if shown:
        lines += ["", shown.body, ""]
    return "\n".join(lines) + "\n"


def facts(catalog: Catalog, record: Record, lang: str, now: datetime) -> list[str]:
    rows: list[tuple[str, str]] = []
    agency = catalog.agencies.get(record.agency)
    if agency:
        rows.append((t("agency", lang), _esc(agency.name(lang))))
    for key in ("start", "end", "issued"):
        if isinstance(record.fields.get(key), str):
            rows.append((t(key, lang), _esc(record.fields[key])))
    if isinstance(record.fields.get("spokesperson"), str):
        rows.append((t("spokesperson", lang), _esc(record.fields["spokesperson"])))
    if record.location and record.location.has_point:
        lat, lon = record.location.lat, record.location.lon
        rows.append((t("location", lang), f"{lat:.4f}, {lon:.4f}"))
    rows.append((t("updated", lang), record.modified.isoformat()))
    related = [catalog.records[rel.target] for rel in record.relations
               if rel.target in catalog.records and catalog.records[rel.target].is_visible(now)]
    if related:
        links = ", ".join(f"[{_esc(_title(r, lang))}](../{r.kind}/{r.id}.md)" for r in related)
        rows.append((t("related", lang), links))
    out = [f"| {t('facts', lang)} | |", "|---|---|"]
    out += [f"| {label} | {value} |" for label, value in rows]
    return out
