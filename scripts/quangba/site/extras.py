"""What the portal publishes besides pages: an RSS and an Atom feed and an events calendar
per language, an .ics per event, the sitemap with its language alternates, robots.txt and a
404 page per language. Written after MkDocs, into the same output folder."""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from feedgen.feed import FeedGenerator

from ..catalog.model import SOURCE_LANGUAGE, Record
from ..util.cachefile import KeptEntries, maker_version
from . import fmt
from .parts import PRESS_KINDS, Page, Site, issued_of, start_of, summary_of, title_of
from .render import unlinked, write_or_link
from .strings import kind_name, t
from .urls import absolute, record_key, url_of

FEED_SIZE = 50


def write_all(site: Site, pages: list[Page], out: Path, not_found: dict[str, str],
              cache_dir: Path | None = None, previous: Path | None = None) -> None:
    """``cache_dir`` (e.g. ``.cache/site``) keeps the serialised calendars between builds;
    a file whose bytes are those of the same file in ``previous`` (the site published
    before) is hard-linked to it, as pages are (render.write_pages)."""
    calendars = IcalCache.open(cache_dir)
    for lang in site.languages:
        write_feeds(site, lang, out)
        write_calendar(site, lang, out, calendars, previous)
        page_404 = not_found.get(lang)
        if page_404:
            _write(out, url_of(lang, "404.html"), with_footer(page_404, site, lang), previous)
    write_sitemap(site, pages, out, previous)
    _write(out, "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.base}sitemap.xml\n", previous)
    calendars.save()


FOOTER_404 = re.compile(r'(<footer class="md-footer qb-site-footer">)\s*(</footer>)')


def with_footer(page_404: str, site: Site, lang: str) -> str:
    """The 404 page laid out by MkDocs (the theme's, from the frame cache), with the
    footer of its language (absolute links: it is served at any address)."""
    from .contacts import not_found_footer

    footer = not_found_footer(site, lang)
    return FOOTER_404.sub(lambda m: m.group(1) + footer + m.group(2), page_404, count=1)


def _write(out: Path, rel: str, content: str | bytes, previous: Path | None = None) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    write_or_link(str(path), data, None if previous is None else str(previous / rel))


def _stamp(site: Site) -> datetime:
    """The feeds' own date: the newest date in the data, so that a rebuild changes nothing."""
    d = site.catalog.as_of
    return datetime.combine(d, time(0, 0), tzinfo=timezone.utc)


# -- feeds -------------------------------------------------------------------------------------
def feed_items(site: Site) -> list[Record]:
    return sorted(site.published(PRESS_KINDS), key=lambda r: (issued_of(r), r.id), reverse=True)[:FEED_SIZE]


def write_feeds(site: Site, lang: str, out: Path) -> None:
    fg = FeedGenerator()
    room = absolute(site.base, lang, "press/")
    name = f"{site.catalog.province.name(lang)} — {t('press_room', lang)}"
    fg.id(room)
    fg.title(name)
    fg.subtitle(t("press_room_intro", lang))
    fg.link(href=room, rel="alternate")
    fg.language(lang)
    fg.updated(_stamp(site))
    fg.lastBuildDate(_stamp(site))
    fg.generator("quangba")
    fg.rights(site.catalog.province.licence)
    for record in feed_items(site):
        entry = fg.add_entry(order="append")
        url = absolute(site.base, lang, record_key(record.kind, record.id))  # the page in the feed's language
        entry.id(site.catalog.record_uri(record))
        entry.title(title_of(record, lang))
        entry.link(href=url)
        entry.published(issued_of(record))
        entry.updated(max(issued_of(record), fmt.as_datetime(record.modified)))
        entry.summary(summary_of(record, lang) or title_of(record, lang))
        entry.category(term=record.kind, label=kind_name(record.kind, lang))
        agency = site.catalog.agencies.get(record.agency)
        if agency:
            entry.author(name=agency.name(lang))
    base = out / url_of(lang, "")
    base.mkdir(parents=True, exist_ok=True)
    # an entry shown in Vietnamese in another language's feed says so: xml:lang on the entry
    untranslated = [lang != SOURCE_LANGUAGE and lang not in record.texts for record in feed_items(site)]
    fg.link(href=absolute(site.base, lang, "feed.atom.xml"), rel="self")
    _write_marked(fg.atom_str(pretty=True), "entry", untranslated, unlinked(base / "feed.atom.xml"))
    fg.link(href=absolute(site.base, lang, "feed.rss.xml"), rel="self", replace=True)
    _write_marked(fg.rss_str(pretty=True), "item", untranslated, unlinked(base / "feed.rss.xml"))


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _write_marked(xml: bytes, tag: str, untranslated: list[bool], path) -> None:
    """The feed with ``xml:lang="vi"`` on each entry (``tag``) whose text is the Vietnamese."""
    if any(untranslated):
        from lxml import etree  # feedgen's own XML library

        root = etree.fromstring(xml)
        entries = [e for e in root.iter() if etree.QName(e).localname == tag]
        for entry, foreign in zip(entries, untranslated):
            if foreign:
                entry.set(XML_LANG, SOURCE_LANGUAGE)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    with open(path, "wb") as f:
        f.write(xml)


# -- calendars ---------------------------------------------------------------------------------
END_OF_CALENDAR = b"END:VCALENDAR\r\n"


class IcalCache(KeptEntries):
    """Serialised calendars and events kept between builds (``.cache/site/calendars.json``),
    keyed by every property they are made of: icalendar's serialisation (line folding above
    all) is most of what the calendars cost, and after one edit only that record's events
    change. Keyed also by this module and icalendar's version; it keeps only what the last
    build used, and deleting it only makes a build slower."""

    FILE = "calendars.json"

    @classmethod
    def version(cls) -> str:
        return maker_version(Path(__file__), ("icalendar",))

    def ical(self, component: str, properties: list[tuple]) -> bytes:
        """``component`` ("Calendar" or "Event") made of ``properties`` (see ``_component``), serialised."""
        key = hashlib.sha256(repr((component, properties)).encode("utf-8")).hexdigest()
        return self.get(key, lambda v: isinstance(v, str),  # any bytes, as JSON-safe text
                        lambda: _component(component, properties).to_ical().decode("latin-1")).encode("latin-1")


def _component(component: str, properties: list[tuple]):
    # imported here: after an edit the calendars come from the cache (a fortieth of a second saved)
    from icalendar import Calendar, Event, vGeo

    made = {"Calendar": Calendar, "Event": Event}[component]()
    for name, value, parameters in properties:
        made.add(name, vGeo(value) if name == "geo" else value, parameters=parameters)
    return made


def calendar_properties(lang: str, name: str) -> list[tuple]:
    return [("prodid", "-//quangba//portal//" + lang.upper(), None), ("version", "2.0", None),
            ("calscale", "GREGORIAN", None), ("x-wr-calname", name, None),
            ("x-wr-timezone", "Asia/Ho_Chi_Minh", None)]


def event_properties(site: Site, record: Record, lang: str) -> list[tuple]:
    """The event's iCalendar properties, in order: (name, value, parameters); a point as
    (lat, lon)."""
    props = []

    def add(name, value, parameters=None):
        props.append((name, value, parameters))

    host = site.base.split("//", 1)[-1].split("/", 1)[0]
    add("uid", f"{record.kind}-{record.id}@{host}")
    add("dtstamp", fmt.as_datetime(record.modified).astimezone(timezone.utc))
    add("last-modified", fmt.as_datetime(record.modified).astimezone(timezone.utc))
    start, end = record.fields.get("start"), record.fields.get("end")
    if len(start) == 10:  # all-day: DTEND is the day after the last day
        add("dtstart", start_of(record).date())
        last = fmt.as_datetime(end).date() if isinstance(end, str) else start_of(record).date()
        add("dtend", last + timedelta(days=1))
    else:
        add("dtstart", start_of(record))
        if isinstance(end, str):
            add("dtend", fmt.as_datetime(end))
    # a text given in Vietnamese in another language's calendar says so (RFC 5545 LANGUAGE)
    words = {"LANGUAGE": SOURCE_LANGUAGE} if lang != SOURCE_LANGUAGE and lang not in record.texts else None
    add("summary", title_of(record, lang), words)
    summary = summary_of(record, lang)
    if summary:
        add("description", summary, words)
    add("url", absolute(site.base, lang, record_key(record.kind, record.id)))
    venue = next((site.shown.get(r.target) for r in record.relations if r.type in ("venue", "located-at")), None)
    if venue is not None:
        add("location", title_of(venue, lang))
    loc = record.location if record.location and record.location.has_point else (
        venue.location if venue is not None and venue.location and venue.location.has_point else None)
    if loc is not None:
        add("geo", (loc.lat, loc.lon))
    agency = site.catalog.agencies.get(record.agency)
    if agency:
        add("organizer", f"{site.base}id/agency/{agency.id}", {"CN": agency.name(lang)})
    add("status", "CONFIRMED")
    return props


def event_component(site: Site, record: Record, lang: str):
    """The event as an ``icalendar.Event``."""
    return _component("Event", event_properties(site, record, lang))


def write_calendar(site: Site, lang: str, out: Path, cache: IcalCache | None = None,
                   previous: Path | None = None) -> None:
    """One calendar per event and one of every event. Each event is serialised once and its
    lines put in both: what ``Calendar.to_ical`` gives, at half the cost."""
    cache = cache or IcalCache(None, {})
    events = sorted(site.published(["event"]), key=lambda r: (start_of(r), r.id))
    feed = calendar_properties(lang, f"{site.catalog.province.name(lang)} — {kind_name('event', lang)}")
    lines = []
    for record in events:
        if not isinstance(record.fields.get("start"), str) or start_of(record) is None:
            continue
        event = cache.ical("Event", event_properties(site, record, lang))
        lines.append(event)
        single = calendar_properties(lang, title_of(record, lang))
        _write(out, url_of(lang, f"event/{record.id}.ics"), with_events(single, [event], cache), previous)
    _write(out, url_of(lang, "events.ics"), with_events(feed, lines, cache), previous)


def with_events(calendar: list[tuple], events: list[bytes], cache: IcalCache | None = None) -> bytes:
    """The bytes of the calendar made of ``calendar`` (its properties) with the serialised
    events as its last components."""
    head = (cache or IcalCache(None, {})).ical("Calendar", calendar)
    if not head.endswith(END_OF_CALENDAR):  # not what icalendar writes: let it do the work
        from icalendar import Event

        whole = _component("Calendar", calendar)
        for event in events:
            whole.add_component(Event.from_ical(event))
        return whole.to_ical()
    return head[: -len(END_OF_CALENDAR)] + b"".join(events) + END_OF_CALENDAR


# -- sitemap -----------------------------------------------------------------------------------
def last_modified(site: Site):
    """A page's ``<lastmod>``: its record's ``modified`` (a record's page and the pages under
    it), else the newest date of the data, which every list and home page shows."""
    records = {record_key(r.kind, r.id): r.modified.isoformat() for r in site.records}
    newest = site.catalog.as_of.isoformat()

    def of(key: str) -> str:
        return records.get("/".join(key.split("/")[:2]) + "/", newest)

    return of


def write_sitemap(site: Site, pages: list[Page], out: Path, previous: Path | None = None) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    alternates: dict[tuple, list[str]] = {}  # the same for every language of a page: made once
    modified = last_modified(site)
    for page in pages:
        if not page.in_sitemap or page.meta.get("qb", {}).get("noindex"):
            continue
        # fmt.esc (html.escape, quotes too) is XML-safe in text and in double-quoted attributes
        lines.append(f"<url><loc>{fmt.esc(absolute(site.base, page.lang, page.key))}</loc>"
                     f"<lastmod>{modified(page.key)}</lastmod>")
        key = (page.key, tuple(page.alternates))
        links = alternates.get(key)
        if links is None:
            links = alternates[key] = [
                *(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{fmt.esc(absolute(site.base, lang, page.key))}"/>'
                  for lang in page.alternates),
                f'<xhtml:link rel="alternate" hreflang="x-default" href="{fmt.esc(absolute(site.base, SOURCE_LANGUAGE, page.key))}"/>']
        lines.extend(links)
        lines.append("</url>")
    lines.append("</urlset>")
    xml = "\n".join(lines) + "\n"
    _write(out, "sitemap.xml", xml, previous)
    with gzip.GzipFile(unlinked(out / "sitemap.xml.gz"), "wb", mtime=0) as gz:
        gz.write(xml.encode("utf-8"))
    for lang in site.languages:  # the per-language sitemaps mkdocs leaves behind would disagree
        if lang != SOURCE_LANGUAGE:
            for stale in ("sitemap.xml", "sitemap.xml.gz"):
                (out / lang / stale).unlink(missing_ok=True)
