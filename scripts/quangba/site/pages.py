"""The portal's pages, planned from the model: what each page says, in HTML, plus what its
``<head>`` needs (alternates, canonical, OpenGraph, JSON-LD). MkDocs only lays them out.

Work is done once per record (its relations, its body per text) and reused for every
language; nothing here is quadratic in the number of records.

Every string put into a page is escaped here — mkdocs' templates do not escape — and a
record's Markdown body goes through ``body.render_body`` (Markdown → allow-listed HTML).
"""

from __future__ import annotations

from typing import Any

from ..catalog.model import SOURCE_LANGUAGE, Record
from . import contacts, fmt, investment, jsonld, opendata
from .cards import card, card_list, first_photo, marked, picture_tag, value_in
from .fmt import esc
from .strings import kind_name, pick, t
from .urls import absolute, record_key, relative, share_image_url, url_of
from .parts import (DEFAULT_OG_IMAGE, FEATURED_STATUS, PRESS_KINDS, Page, Site, is_upcoming, issued_of, link,
                    record_languages, record_link, start_of, title_of)


def plan_pages(site: Site) -> list[Page]:
    pages: list[Page] = []
    kinds = [k for k in site.catalog.kinds if any(r.kind == k for r in site.records)]
    for lang in site.languages:
        pages.append(home_page(site, lang, kinds))
        pages.append(press_room(site, lang))
        pages.append(contacts.contacts_page(site, lang))
        for kind in kinds:
            pages.append(kind_page(site, kind, lang))
        if site.media is not None:
            pages.append(press_kit_page(site, lang))
        if site.drafts:
            pages.append(translators_page(site, lang))
    for record in site.records:
        for lang in site.languages:
            pages.append(record_page(site, record, lang))
    investment.add_pages(site, pages)  # the project list, project profiles
    opendata.add_pages(site, pages)  # the Open data page per language
    footers = contacts.Footers(site)
    for page in pages:
        finish(site, page)
        page.meta["footer"] = footers.of(page)
    return pages


def nav_keys(site: Site, pages: list[Page]) -> list[str]:
    """The menu: home, then the sections in the order the province sets (``site →
    navigation``: kinds, and "press" for the press room), then the others — never one entry
    per record."""
    keys = list(dict.fromkeys(p.key for p in pages if p.lang == SOURCE_LANGUAGE and p.key.count("/") <= 1))
    wanted = [f"{name}/" for name in site.catalog.province.site.navigation]
    rank = {key: i for i, key in enumerate(wanted)}
    first = [k for k in keys if k == ""]
    ordered = sorted((k for k in keys if k in rank), key=rank.__getitem__)
    return first + ordered + [k for k in keys if k != "" and k not in rank]


def finish(site: Site, page: Page) -> None:
    """The ``<head>`` of a page: canonical, alternates, x-default, feeds, OpenGraph."""
    langs = page.alternates or site.languages
    page.alternates = langs
    qb = page.meta.setdefault("qb", {})
    own = page.lang in langs
    canonical_lang = page.lang if own else SOURCE_LANGUAGE
    qb.update(
        lang=page.lang,
        canonical=esc(absolute(site.base, canonical_lang, page.key)),
        x_default=esc(absolute(site.base, SOURCE_LANGUAGE, page.key)),
        alternates=[
            {"lang": lang, "name": esc(t("language_name", lang)), "abs": esc(absolute(site.base, lang, page.key)),
             "href": esc(relative(page.url, url_of(lang, page.key))), "current": lang == page.lang}
            for lang in langs
        ],
        feeds=[
            {"type": "application/rss+xml", "title": esc(f"{t('press_room', page.lang)} (RSS)"),
             "href": esc(relative(page.url, url_of(page.lang, "feed.rss.xml")))},
            {"type": "application/atom+xml", "title": esc(f"{t('press_room', page.lang)} (Atom)"),
             "href": esc(relative(page.url, url_of(page.lang, "feed.atom.xml")))},
        ],
        home=esc(relative(page.url, url_of(page.lang, ""))),
    )
    qb.setdefault("description", esc(site.catalog.province.name(page.lang)))
    og = qb.setdefault("og", {})
    og.setdefault("type", "website")
    if not og.get("image"):  # the province's share image, else the theme's (assets/theme/quangba/og-default.png)
        og["image"] = esc(site.base + (share_image_url(site.catalog.province.identity) or DEFAULT_OG_IMAGE))
    og.update(
        title=esc(page.title), url=qb["canonical"], site_name=esc(site.catalog.province.name(page.lang)),
        locale=esc(_og_locale(page.lang)), description=qb["description"],
    )
    if not own:
        page.in_sitemap = False
        qb["noindex"] = True
    page.meta["title"] = esc(page.title)


def _og_locale(lang: str) -> str:
    return {"vi": "vi_VN", "en": "en_GB", "lo": "lo_LA", "th": "th_TH", "zh": "zh_CN"}.get(lang, lang)


# -- home, sections, press room --------------------------------------------------------------
def home_page(site: Site, lang: str, kinds: list[str]) -> Page:
    """The province's face: a large photo with its tagline, then cards with photos —
    featured places, upcoming events, the latest news, an invitation to invest, quick links
    for the press — and the province in brief."""
    province = site.catalog.province
    url = url_of(lang, "")
    tagline = pick(dict(province.tagline), lang) if province.tagline else province.name(lang)
    out = [hero(site, lang, url, tagline)]

    hero_record = featured_record(site)
    places = site.published(["place"])
    if len(places) > 1:  # the hero shows that one already
        places = [r for r in places if r is not hero_record]
    featured = sorted(places, key=lambda r: (_rank(r), -len(r.media), r.id))[:6]
    out.append(_home_section(site, lang, url, "featured", "place/",
                             [card(site, url, r, lang, level=3) for r in featured]))

    upcoming = sorted((r for r in site.published(["event"]) if is_upcoming(r, site.now)), key=lambda r: (start_of(r), r.id))[:3]
    out.append(_home_section(site, lang, url, "upcoming", "event/",
                             [card(site, url, r, lang, when=_event_when(r, lang), level=3) for r in upcoming]))

    news = sorted(site.published(PRESS_KINDS), key=lambda r: (issued_of(r), r.id), reverse=True)[:3]
    out.append(_home_section(site, lang, url, "news", "press/",
                             [card(site, url, r, lang, when=fmt.day(issued_of(r).date(), lang), level=3) for r in news]))

    out.append(_invest_band(site, lang, url))
    out.append(_press_links(site, lang, url))

    brief = [r for r in site.published(["fact-sheet"]) if r.fields.get("topic") == "overview"]
    if brief:
        r = brief[0]
        words = r.texts.get(lang) or r.source_text
        lang_attr = "" if lang in r.texts else ' lang="vi"'
        out.append(f'<section class="qb-brief"><h2>{esc(t("brief", lang))}</h2>'
                   f'<p{lang_attr}>{esc(words.summary if words else "")}</p><p>{record_link(site, url, r, lang)}</p></section>')

    sections = [f"<li>{link(url, lang, 'press/', t('press_room', lang))}</li>"]
    for kind in kinds:
        count = sum(1 for r in site.records if r.kind == kind and r.status == "published")
        sections.append(f"<li>{link(url, lang, kind + '/', kind_name(kind, lang))} ({esc(fmt.number(count, lang))})</li>")
    out.append(f'<section class="qb-sections"><h2>{esc(t("sections", lang))}</h2><ul class="qb-list qb-columns">{"".join(sections)}</ul></section>')
    page = Page(lang, "", t("home", lang), "\n".join(out))
    page.meta["qb"] = {
        "description": esc(pick(dict(province.tagline), lang) if province.tagline else province.name(lang)),
        "jsonld": jsonld.dump(jsonld.website(site, lang)),
    }
    og_image = _og_image(site, hero_record) if hero_record is not None else ""
    if og_image:
        page.meta["qb"]["og"] = {"image": esc(og_image)}
    return page


def featured_record(site: Site) -> Record | None:
    """The record the province features (``site → featured``), else its first place with a photo."""
    chosen = site.shown.get(site.catalog.province.site.featured or "")
    if chosen is not None and chosen.status == "published":
        return chosen
    places = sorted(site.published(["place"]), key=lambda r: (_rank(r), r.id))
    return next((r for r in places if first_photo(site, r)), None)


def hero(site: Site, lang: str, url: str, tagline: str) -> str:
    record = featured_record(site)
    media_id = first_photo(site, record) if record is not None else None
    meta = site.catalog.media.get(media_id) if media_id else None
    picture = ""
    if media_id is not None and meta is not None:
        alt, alt_lang = value_in(meta.alt, lang)
        picture = picture_tag(site, media_id, url, sizes="100vw", alt=alt,
                              alt_lang="" if alt_lang == lang else alt_lang, cls="qb-hero__img", eager=True)
    text = [f'<h1 class="qb-hero__title">{esc(tagline)}</h1>']
    if record is not None:
        text.append(f'<p class="qb-hero__lead">{record_link(site, url, record, lang)}</p>')
    credit = ""
    if meta is not None and picture:
        credit = f'<p class="qb-hero__credit">{photo_credit(meta, lang)}</p>'
    cls = "qb-hero" if picture else "qb-hero qb-hero--plain"
    return f'<section class="{cls}">{picture}<div class="qb-hero__text">{"".join(text)}</div>{credit}</section>'


def photo_credit(meta, lang: str) -> str:
    """Who made the photo, under what licence; a generated sample image says so instead of a name."""
    licence = f'<a href="{esc(meta.licence)}" rel="license">{esc(_licence_name(meta.licence))}</a>'
    if meta.sample:  # its credit ("generated sample image") said in the reader's language
        return f'<span class="qb-sample-badge">{esc(t("sample_image", lang))}</span> {esc(t("licence", lang))}: {licence}'
    return f'{esc(t("photo_credit", lang))}: {esc(meta.credit)} · {esc(t("licence", lang))}: {licence}'


def _home_section(site: Site, lang: str, url: str, heading: str, more_key: str, items: list[str]) -> str:
    more = link(url, lang, more_key, t("press_room", lang) if more_key == "press/" else t("all_of", lang).format(
        name=kind_name(more_key.rstrip("/"), lang)))
    return (f'<section class="qb-home-section"><h2>{esc(t(heading, lang))}</h2>{card_list(items, lang)}'
            f'<p class="qb-more">{more}</p></section>')


def _invest_band(site: Site, lang: str, url: str) -> str:
    zones = len(site.published(["zone"]))
    projects = len(site.published(["project"]))
    if not zones and not projects:
        return ""
    intro = t("invest_intro", lang).format(zones=fmt.number(zones, lang), projects=fmt.number(projects, lang))
    links = [link(url, lang, "project/", t("see_projects", lang))]
    if zones:
        links.append(link(url, lang, "zone/", t("see_zones", lang)))
    if any(r.kind == "incentive" for r in site.records):
        links.append(link(url, lang, "incentive/", kind_name("incentive", lang)))
    items = "".join(f"<li>{x}</li>" for x in links)
    return (f'<section class="qb-band qb-invest"><h2>{esc(t("invest_title", lang))}</h2><p>{esc(intro)}</p>'
            f'<ul class="qb-pills">{items}</ul></section>')


def _press_links(site: Site, lang: str, url: str) -> str:
    links = [link(url, lang, "press/", t("press_room", lang))]
    if site.media is not None:
        links.append(link(url, lang, "press-kit/", t("press_kit", lang)))
    record = contacts.journalists_record(site)
    if record is not None:
        links.append(link(url, lang, record_key(record.kind, record.id), t("for_journalists", lang)))
    links.append(link(url, lang, contacts.KEY, t("contacts", lang)))
    links.append(link(url, lang, "feed.rss.xml", t("rss", lang)))
    items = "".join(f"<li>{x}</li>" for x in links)
    return f'<section class="qb-band qb-press-links"><h2>{esc(t("for_press", lang))}</h2><ul class="qb-pills">{items}</ul></section>'


def _rank(record: Record) -> int:
    status = record.fields.get("heritage_status")
    return FEATURED_STATUS.index(status) if status in FEATURED_STATUS else len(FEATURED_STATUS)


def kind_page(site: Site, kind: str, lang: str) -> Page:
    key = f"{kind}/"
    url = url_of(lang, key)
    records = [r for r in site.records if r.kind == kind]
    out = [f"<h1>{esc(kind_name(kind, lang))}</h1>"]
    if kind == "event":
        upcoming = sorted((r for r in records if is_upcoming(r, site.now)), key=lambda r: (start_of(r), r.id))
        past = sorted((r for r in records if not is_upcoming(r, site.now)), key=lambda r: (start_of(r), r.id), reverse=True)
        calendar = link(url, lang, "events.ics", t("calendar_feed", lang))
        out.append(f'<p class="qb-feeds">{calendar}</p>')
        for label, group in (("upcoming", upcoming), ("past", past)):
            out.append(f'<section><h2 id="{label}">{esc(t(label, lang))}</h2>')
            out.append(card_list([card(site, url, r, lang, when=_event_when(r, lang), level=3) for r in group], lang))
            out.append("</section>")
    else:
        ordered = sorted(records, key=lambda r: (issued_of(r), r.modified, r.id), reverse=True)
        dated = kind in PRESS_KINDS or kind in ("publication", "agreement", "fact-sheet")
        out.append(card_list([card(site, url, r, lang, when=fmt.day(issued_of(r).date(), lang) if dated else "")
                              for r in ordered], lang))
    return Page(lang, key, kind_name(kind, lang), "\n".join(out))


def _event_when(record: Record, lang: str) -> str:
    start, end = record.fields.get("start"), record.fields.get("end")
    when = fmt.moment(start, lang) if isinstance(start, str) else ""
    if isinstance(end, str) and end != start:
        when += " – " + fmt.moment(end, lang)
    return when


def press_room(site: Site, lang: str) -> Page:
    key = "press/"
    url = url_of(lang, key)
    items = sorted(site.published(PRESS_KINDS), key=lambda r: (issued_of(r), r.id), reverse=True)
    out = [f"<h1>{esc(t('press_room', lang))}</h1>", f"<p>{esc(t('press_room_intro', lang))}</p>"]
    feeds = " · ".join((link(url, lang, "feed.rss.xml", t("rss", lang)), link(url, lang, "feed.atom.xml", t("atom", lang))))
    out.append(f'<p class="qb-feeds">{esc(t("feeds", lang))}: {feeds}</p>')
    rows = []
    for r in items:
        agency = site.catalog.agencies.get(r.agency)
        meta = [esc(kind_name(r.kind, lang))]
        if agency:
            meta.append(agency_name(agency, lang))
        rows.append(card(site, url, r, lang, when=fmt.day(issued_of(r).date(), lang),
                         extra=f'<span class="qb-meta">{" · ".join(meta)}</span>'))
    block = contacts.press_block(site, lang, url)
    if block:  # the spokesperson's phone and e-mail are one tap away, above a long list
        out.append(f'<p class="qb-feeds"><a href="#qb-contact-heading">{esc(t("press_contact", lang))}</a></p>')
    out.append(card_list(rows, lang))
    out.append(block)
    return Page(lang, key, t("press_room", lang), "\n".join(out))


def agency_name(agency, lang: str) -> str:
    """The agency's name in the reader's language, marked when only the Vietnamese exists."""
    name, name_lang = value_in(agency.names, lang)
    return marked(name, name_lang, lang)


# -- record pages ------------------------------------------------------------------------------
def record_page(site: Site, record: Record, lang: str) -> Page:
    key = record_key(record.kind, record.id)
    url = url_of(lang, key)
    text = record.texts.get(lang)
    shown_text = text or record.source_text
    shown_lang = lang if text else SOURCE_LANGUAGE
    title = shown_text.title if shown_text and shown_text.title else record.id
    lang_attr = "" if shown_lang == lang else f' lang="{shown_lang}"'
    if record.status == "retracted":
        title, lang_attr = title_of(record, lang), ""
    out = [f"<h1{lang_attr}>{esc(title)}</h1>"]
    qb: dict[str, Any] = {}
    if record.status == "draft":
        out.append(_notice("danger", t("draft_banner", lang), cls="qb-draft"))
        qb["draft"] = esc(t("draft", lang))  # the banner above the header
        qb["noindex"] = True
    if record.status == "retracted":
        when = fmt.day(record.retracted, lang) if record.retracted else ""
        reason = pick(dict(record.retraction_reason), lang) if record.retraction_reason else ""
        out.append(_notice("warning", t("retracted_on", lang).format(date=when), body=reason, cls="qb-retracted"))
        page = Page(lang, key, title, "\n".join(out), alternates=record_languages(site, record))
        page.meta["qb"] = {**qb, "noindex": True}
        return page
    if record.sample:
        out.append(_notice("note", t("sample", lang), cls="qb-sample"))
    if text is None and lang != SOURCE_LANGUAGE:
        out.append(_notice("info", t("not_translated", lang), cls="qb-untranslated"))
    elif record.translation_state(lang) == "outdated":
        out.append(_notice("info", t("outdated_on", lang).format(date=fmt.day(record.modified, lang)), cls="qb-outdated"))
    out.append(photos(site, record, lang, url))  # a record page leads with its photos
    if shown_text and shown_text.summary:
        out.append(f'<p class="qb-lead"{lang_attr}><strong>{esc(shown_text.summary)}</strong></p>')
    out.append(facts(site, record, lang, url))
    if record.kind in PRESS_KINDS:
        out.append(contacts.press_block(site, lang, url, record))
    elif record.kind == "project":
        out.append(contacts.project_block(site, record, lang, url))
    out.append(investment.sections(site, record, lang, url))  # incentives, zone's projects, profile link
    if shown_text and shown_text.body.strip():
        out.append(f'<div class="qb-body"{lang_attr}>{site.body(record, shown_lang)}</div>')
    page = Page(lang, key, title, "\n".join(x for x in out if x), alternates=record_languages(site, record))
    og_image = _og_image(site, record)
    qb.update(
        description=esc(shown_text.summary if shown_text and shown_text.summary else title),
        jsonld=jsonld.dump(jsonld.record(site, record, lang, title, shown_text.summary if shown_text else "", og_image)),
        og={"type": "article", "image": esc(og_image) if og_image else ""},
    )
    page.meta["qb"] = qb
    return page


def _notice(kind: str, title: str, *, body: str = "", cls: str = "") -> str:
    inner = f'<p class="admonition-title">{esc(title)}</p>'
    if body:
        inner += f"<p>{esc(body)}</p>"
    return f'<div class="admonition {kind} {cls}" role="note">{inner}</div>'


def _og_image(site: Site, record: Record) -> str:
    if site.media is None:
        return ""
    for media_id in record.media:
        item = site.media.items.get(media_id)
        if item is not None:
            return site.base + item.og_image.path
    return ""


def facts(site: Site, record: Record, lang: str, url: str) -> str:
    rows: list[tuple[str, str]] = [(t("kind", lang), esc(kind_name(record.kind, lang)))]
    f = record.fields
    if record.kind == "event":
        for k in ("start", "end"):
            if isinstance(f.get(k), str):
                rows.append((t(k, lang), esc(fmt.moment(f[k], lang))))
    for k in ("issued", "signed", "valid_until", "as_of"):
        if isinstance(f.get(k), str):
            rows.append((t(k, lang), esc(fmt.moment(f[k], lang))))
    if isinstance(f.get("spokesperson"), str):
        people = contacts.spokespeople(site, record) if record.kind in PRESS_KINDS else []
        if people:  # the spokesperson's name and post in the reader's language (the contact block says how to reach them)
            name, name_lang = value_in(people[0][1].names, lang)
            rows.append((t("spokesperson", lang), marked(name, name_lang, lang)))
        else:
            rows.append((t("spokesperson", lang), marked(f["spokesperson"], SOURCE_LANGUAGE, lang)))
    if isinstance(f.get("partner"), dict):
        partner, partner_lang = value_in(f["partner"], lang)
        rows.append((t("partner", lang), marked(partner, partner_lang, lang)))
    if isinstance(f.get("area_ha"), (int, float)):
        rows.append((t("area", lang), esc(f"{fmt.number(f['area_ha'], lang)} ha")))
    capital = record.capital
    if capital is not None:
        rows.append((t("capital", lang), esc(fmt.money(capital.amount, capital.currency, lang))))
    zone = site.catalog.zone_of(record) if record.kind == "project" else None
    if zone is not None and zone.id in site.shown:
        rows.append((t("zone", lang), record_link(site, url, zone, lang)))
    rows.extend(investment.fact_rows(site, record, lang, url))  # project, zone, incentive
    for doc in record.legal_basis:
        # a legal document is cited by its Vietnamese number and title, marked as such
        parts = [p for p in (doc.number, doc.title) if p]
        value = marked(", ".join(parts), SOURCE_LANGUAGE, lang) + (f", {esc(fmt.day(doc.date, lang))}" if doc.date else "")
        if doc.url and doc.url.startswith(("https://", "http://")):
            value = f'<a href="{esc(doc.url)}" rel="noopener">{value}</a>'
        rows.append((t("legal_basis", lang), value))
    report = f.get("answers_report")
    if isinstance(report, dict):
        parts = [esc(report.get("outlet", ""))]
        if report.get("headline"):
            parts.append(f"“{esc(report['headline'])}”")
        if isinstance(report.get("date"), str):
            parts.append(esc(fmt.moment(report["date"], lang)))
        value = ", ".join(p for p in parts if p)
        if isinstance(report.get("url"), str) and report["url"].startswith(("https://", "http://")):
            value = f'<a href="{esc(report["url"])}" rel="nofollow noopener noreferrer">{value}</a>'
        rows.append((t("answers_report", lang), value))
    if record.kind == "clarification":
        # a report kept in the press office's internal register: only its public part
        stated = (report.get("outlet"), report.get("headline") or "") if isinstance(report, dict) else None
        for part in site.catalog.answered_reports(record, site.now):
            if part is None or (part.outlet, part.headline) == stated:
                continue
            bits = [esc(part.outlet)] + ([f"“{esc(part.headline)}”"] if part.headline else [])
            bits += [esc(fmt.day(part.date, lang))] if part.date else []
            rows.append((t("answers_report", lang), ", ".join(b for b in bits if b)))
    agency = site.catalog.agencies.get(record.agency)
    contact_agency = f.get("contact_agency") if record.kind == "project" else None
    if agency and contact_agency != agency.id:  # a project's contact agency has its own row and block
        name = agency_name(agency, lang)
        rows.append((t("agency", lang), f'<a href="{esc(agency.url)}">{name}</a>' if agency.url and agency.url.startswith("https://") else name))
    loc = record.location
    location_row = None
    if loc is not None:
        parts = []
        if loc.address:
            parts.append(marked(*value_in(loc.address, lang), lang))
        unit = next((u for u in site.catalog.province.admin_units if u.id == loc.unit), None)
        unit_name, unit_lang = value_in(unit.names, lang) if unit is not None else ("", lang)
        if unit is not None and not any(esc(unit_name) in p for p in parts):
            parts.append(marked(unit_name, unit_lang, lang))
        if loc.has_point:
            coords = f"{fmt.number(round(loc.lat, 5), 'en')}, {fmt.number(round(loc.lon, 5), 'en')}"
            osm = f"https://www.openstreetmap.org/?mlat={loc.lat}&amp;mlon={loc.lon}#map=15/{loc.lat}/{loc.lon}"
            parts.append(f'<span class="qb-coords">{esc(coords)}</span> (<a class="qb-map" href="{osm}" rel="noopener">{esc(t("map_link", lang))}</a>)')
        if parts:
            location_row = len(rows)
            rows.append((t("location", lang), "<br>".join(parts)))
    linked: set[str] = set()  # a record related both ways is listed once
    if zone is not None and zone.id in site.shown:
        linked.add(zone.id)  # already in its own row
    related: list[str] = []  # "see also" links in one row, not a row each
    for rel in record.relations:
        target = site.shown.get(rel.target)
        if target is None or target.id in linked or (target.status == "retracted" and rel.type not in ("answers", "supersedes")):
            continue
        linked.add(target.id)
        label = {"venue": "venue", "answers": "answers", "located-at": "location"}.get(rel.type, "related")
        if label == "location" and location_row is not None:  # one Location row, not two
            rows[location_row] = (rows[location_row][0], f"{rows[location_row][1]}<br>{record_link(site, url, target, lang)}")
            continue
        if label == "related":
            related.append(record_link(site, url, target, lang))
            continue
        rows.append((t(label, lang), record_link(site, url, target, lang)))
    for rel_type, source in site.incoming.get(record.id, []):
        if source.status == "retracted" or source.id in linked:
            continue
        linked.add(source.id)
        if rel_type != "answers":
            related.append(record_link(site, url, source, lang))
            continue
        rows.append((t("answered_by", lang), record_link(site, url, source, lang)))
    if related:
        rows.append((t("related", lang), "<br>".join(related)))
    rows.append((t("updated", lang), esc(fmt.day(record.modified, lang))))
    if record.kind == "event":
        rows.append((t("calendar", lang), link(url, lang, f"event/{record.id}.ics", t("calendar_file", lang))))
    body = "".join(f"<tr><th scope=\"row\">{esc(label)}</th><td>{value}</td></tr>" for label, value in rows)
    return f'<table class="qb-facts"><caption>{esc(t("facts", lang))}</caption><tbody>{body}</tbody></table>'


# -- photos ------------------------------------------------------------------------------------
def photos(site: Site, record: Record, lang: str, url: str) -> str:
    if site.media is None:
        return ""
    figures = [picture(site, media_id, lang, url, sizes="(min-width: 76em) 46rem, 100vw" if i == 0 else
                       "(min-width: 45em) 15rem, 50vw") for i, media_id in enumerate(record.media)]
    figures = [f for f in figures if f]
    if not figures:
        return ""
    gallery = " qb-gallery" if len(figures) > 1 else ""
    return f'<section class="qb-photos{gallery}" aria-label="{esc(t("photos", lang))}">' + "".join(figures) + "</section>"


def picture(site: Site, media_id: str, lang: str, page_url: str, *, sizes: str = "(min-width: 76em) 46rem, 100vw",
            caption: bool = True) -> str:
    item = site.media.items.get(media_id) if site.media else None
    meta = site.catalog.media.get(media_id)
    if item is None or meta is None:
        return ""
    webp = site.media.renditions_of(media_id, "webp")
    jpeg = site.media.renditions_of(media_id, "jpeg")
    if not jpeg:
        return ""

    def srcset(renditions):
        return ", ".join(f"{esc(relative(page_url, r.path))} {r.width}w" for r in renditions)

    fallback = jpeg[-1] if len(jpeg) == 1 else next((r for r in jpeg if r.width >= 800), jpeg[-1])
    alt = meta.alt.get(lang) or meta.alt.get(SOURCE_LANGUAGE, "")
    alt_lang = "" if meta.alt.get(lang) else ' lang="vi"'
    source = f'<source type="image/webp" srcset="{srcset(webp)}" sizes="{sizes}">' if webp else ""
    img = (f'<img src="{esc(relative(page_url, fallback.path))}" srcset="{srcset(jpeg)}" sizes="{sizes}" '
           f'width="{fallback.width}" height="{fallback.height}" alt="{esc(alt)}"{alt_lang} loading="lazy" decoding="async">')
    pic = f"<picture>{source}{img}</picture>"
    if not caption:  # the press kit lists credit and licence in its own columns
        return pic
    text, text_lang = value_in(meta.caption, lang)
    credit = f'<span class="qb-credit">{photo_credit(meta, lang)}</span>'
    cap = f"{marked(text, text_lang, lang)} " if text else ""
    return f'<figure class="qb-photo">{pic}<figcaption>{cap}{credit}</figcaption></figure>'


def _licence_name(uri: str) -> str:
    if "creativecommons.org/licenses/" in uri:
        parts = [p for p in uri.split("/licenses/", 1)[1].split("/") if p]
        return "CC " + " ".join(p.upper() for p in parts[:2])
    if "creativecommons.org/publicdomain/zero" in uri:
        return "CC0"
    return uri


def press_kit_page(site: Site, lang: str) -> Page:
    key = "press-kit/"
    url = url_of(lang, key)
    out = [f"<h1>{esc(t('press_kit', lang))}</h1>", f"<p>{esc(t('press_kit_intro', lang))}</p>"]
    public = {m.id for m in site.catalog.public_media(site.now)}
    for record in site.published():
        kit = site.media.press_kits.get((record.id, lang)) or site.media.press_kits.get((record.id, SOURCE_LANGUAGE))
        ids = [m for m in record.media if m in public and m in site.media.items
               and site.catalog.media.get(m) is not None and site.catalog.media[m].press_kit]
        if not ids and kit is None:
            continue
        out.append(f"<section><h2>{record_link(site, url, record, lang)}</h2>")
        if kit is not None:
            size = fmt.number(round(kit.bytes / 1_000_000, 1), lang)
            out.append(f'<p><a href="{esc(relative(url, kit.path))}" download>{esc(t("download_zip", lang))}</a> ({esc(size)} MB)</p>')
        rows = []
        for media_id in ids:
            item, meta = site.media.items[media_id], site.catalog.media[media_id]
            full = item.full
            rows.append(
                f"<tr><td>{picture(site, media_id, lang, url, sizes='12rem', caption=False)}</td>"
                f"<td>{esc(meta.credit)}</td><td><a href=\"{esc(meta.licence)}\" rel=\"license\">{esc(_licence_name(meta.licence))}</a></td>"
                f"<td><a href=\"{esc(relative(url, full.path))}\" download>{full.width} × {full.height}</a> "
                f"({esc(fmt.number(round(full.bytes / 1000), lang))} kB)</td></tr>")
        if rows:
            head = "".join(f"<th scope=\"col\">{esc(h)}</th>" for h in (t("photos", lang), t("credit", lang), t("licence", lang), t("size", lang)))
            out.append(f'<table class="qb-kit"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
        out.append("</section>")
    return Page(lang, key, t("press_kit", lang), "\n".join(out))


# -- for translators (local preview only) ---------------------------------------------------
def translators_page(site: Site, lang: str) -> Page:
    key = "translators/"
    url = url_of(lang, key)
    out = [f"<h1>{esc(t('translators', lang))}</h1>"]
    for target in site.languages:
        if target == SOURCE_LANGUAGE:
            continue
        missing, outdated = [], []
        for r in site.records:
            state = r.translation_state(target)
            if state == "missing":
                missing.append(r)
            elif state == "outdated":
                outdated.append(r)
        out.append(f'<section><h2 lang="{esc(target)}">{esc(t("language_name", target))}</h2>')
        for label, group in (("missing", missing), ("outdated_label", outdated)):
            items = [f"<li>{record_link(site, url, r, lang)} <code>content/{esc(target)}/{esc(r.kind)}/{esc(r.id)}.md</code></li>" for r in group]
            out.append(f"<h3>{esc(t(label, lang))} ({len(group)})</h3>" + ('<ul class="qb-list">' + "".join(items) + "</ul>" if items else ""))
        out.append("</section>")
    page = Page(lang, key, t("translators", lang), "\n".join(out))
    page.meta["qb"] = {"noindex": True}
    return page
