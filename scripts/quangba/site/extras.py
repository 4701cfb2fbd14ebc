"""What the portal publishes besides pages: an RSS and an Atom feed and an events calendar
per language, an .ics per event, the sitemap with its language alternates, robots.txt and a
404 page per language. Written after MkDocs, into the same output folder."""

from __future__ import annotations

import gzip
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event, vGeo

from ..model import SOURCE_LANGUAGE, Record
from . import fmt
from .pages import PRESS_KINDS, Page, Site, issued_of, start_of, summary_of, title_of
from .strings import kind_name, t
from .urls import absolute, record_key, url_of

FEED_SIZE = 50


def write_all(site: Site, pages: list[Page], out: Path, not_found: dict[str, str]) -> None:
    for lang in site.languages:
        write_feeds(site, lang, out)
        write_calendar(site, lang, out)
        page_404 = not_found.get(lang)
        if page_404:
            _write(out / url_of(lang, "404.html"), page_404)
    write_sitemap(site, pages, out)
    _write(out / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.base}sitemap.xml\n")


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")


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
    fg.link(href=absolute(site.base, lang, "feed.atom.xml"), rel="self")
    fg.atom_file(str(base / "feed.atom.xml"), pretty=True)
    fg.link(href=absolute(site.base, lang, "feed.rss.xml"), rel="self", replace=True)
    fg.rss_file(str(base / "feed.rss.xml"), pretty=True)


# -- calendars ---------------------------------------------------------------------------------
END_OF_CALENDAR = b"END:VCALENDAR\r\n"


def _calendar(site: Site, lang: str, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//quangba//portal//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return cal


def event_component(site: Site, record: Record, lang: str) -> Event:
    ev = Event()
    host = site.base.split("//", 1)[-1].split("/", 1)[0]
    ev.add("uid", f"{record.kind}-{record.id}@{host}")
    ev.add("dtstamp", fmt.as_datetime(record.modified).astimezone(timezone.utc))
    ev.add("last-modified", fmt.as_datetime(record.modified).astimezone(timezone.utc))
    start, end = record.fields.get("start"), record.fields.get("end")
    if len(start) == 10:  # all-day: DTEND is the day after the last day
        ev.add("dtstart", start_of(record).date())
        last = fmt.as_datetime(end).date() if isinstance(end, str) else start_of(record).date()
        ev.add("dtend", last + timedelta(days=1))
    else:
        ev.add("dtstart", start_of(record))
        if isinstance(end, str):
            ev.add("dtend", fmt.as_datetime(end))
    ev.add("summary", title_of(record, lang))
    summary = summary_of(record, lang)
    if summary:
        ev.add("description", summary)
    ev.add("url", absolute(site.base, lang, record_key(record.kind, record.id)))
    venue = next((site.shown.get(r.target) for r in record.relations if r.type in ("venue", "located-at")), None)
    if venue is not None:
        ev.add("location", title_of(venue, lang))
    loc = record.location if record.location and record.location.has_point else (
        venue.location if venue is not None and venue.location and venue.location.has_point else None)
    if loc is not None:
        ev.add("geo", vGeo((loc.lat, loc.lon)))
    agency = site.catalog.agencies.get(record.agency)
    if agency:
        ev.add("organizer", f"{site.base}id/agency/{agency.id}", parameters={"CN": agency.name(lang)})
    ev.add("status", "CONFIRMED")
    return ev


def write_calendar(site: Site, lang: str, out: Path) -> None:
    """One calendar per event and one of every event. Each event is serialised once and its
    lines put in both: what ``Calendar.to_ical`` gives, at half the cost."""
    events = sorted(site.published(["event"]), key=lambda r: (start_of(r), r.id))
    feed = _calendar(site, lang, f"{site.catalog.province.name(lang)} — {kind_name('event', lang)}")
    lines = []
    for record in events:
        if not isinstance(record.fields.get("start"), str) or start_of(record) is None:
            continue
        event = event_component(site, record, lang).to_ical()
        lines.append(event)
        single = _calendar(site, lang, title_of(record, lang))
        _write(out / url_of(lang, f"event/{record.id}.ics"), with_events(single, [event]))
    _write(out / url_of(lang, "events.ics"), with_events(feed, lines))


def with_events(calendar: Calendar, events: list[bytes]) -> bytes:
    """``calendar``'s bytes with the serialised events as its last components."""
    head = calendar.to_ical()
    if not head.endswith(END_OF_CALENDAR):  # not what icalendar writes: let it do the work
        for event in events:
            calendar.add_component(Event.from_ical(event))
        return calendar.to_ical()
    return head[: -len(END_OF_CALENDAR)] + b"".join(events) + END_OF_CALENDAR


# -- sitemap -----------------------------------------------------------------------------------
def write_sitemap(site: Site, pages: list[Page], out: Path) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        if not page.in_sitemap or page.meta.get("qb", {}).get("noindex"):
            continue
        lines.append(f"<url><loc>{escape(absolute(site.base, page.lang, page.key))}</loc>")
        for lang in page.alternates:
            href = quoteattr(absolute(site.base, lang, page.key))
            lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(absolute(site.base, SOURCE_LANGUAGE, page.key))}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    xml = "\n".join(lines) + "\n"
    _write(out / "sitemap.xml", xml)
    with gzip.GzipFile(out / "sitemap.xml.gz", "wb", mtime=0) as gz:
        gz.write(xml.encode("utf-8"))
    for lang in site.languages:  # the per-language sitemaps mkdocs leaves behind would disagree
        if lang != SOURCE_LANGUAGE:
            for stale in ("sitemap.xml", "sitemap.xml.gz"):
                (out / lang / stale).unlink(missing_ok=True)
