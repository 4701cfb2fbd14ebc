"""The portal as a reader sees it: pages per language, notices, switcher, head data, feeds,
calendars, sitemap. Each test builds a small province with ``quangba build``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import icalendar
from hypothesis import given, strategies as st
import lxml.html
import pytest

from conftest import text

CLARIFICATION = """\
id: clarify-beach-closure
kind: clarification
agency: so-vhttdl
status: published
classification: public
created: 2026-02-01
modified: 2026-02-01
issued: 2026-02-01T09:30:00+07:00
spokesperson: Trần Thị B
answers_report: {outlet: Example Daily, country: GB, date: 2026-01-30, headline: Beach closed for good}
relations:
  - {type: answers, target: nhat-le-beach}
"""

STATEMENT = """\
id: statement-2026-02
kind: statement
agency: ubnd
status: published
classification: public
created: 2026-02-10
modified: 2026-02-10
issued: 2026-02-10
spokesperson: Lê Văn C
"""


def build(repo) -> Path:
    result = repo.quangba("build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo.root / "site"


def page(site: Path, url: str):
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return lxml.html.fromstring(path.read_text("utf-8"))


def content(doc) -> str:
    return " ".join(doc.xpath("//article")[0].text_content().split())


def switcher(doc) -> dict[str, str]:
    return {a.get("hreflang"): a.get("href") for a in doc.xpath("//ul[@class='md-select__list']//a")}


def alternates(doc) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//link[@rel='alternate'][@hreflang]")}


@pytest.fixture
def province(repo):
    repo.write("catalog/clarification/clarify-beach-closure.yaml", CLARIFICATION)
    repo.write("content/vi/clarification/clarify-beach-closure.md",
               text("Bãi biển Nhật Lệ vẫn mở cửa", "Thông tin bãi biển đóng cửa là sai.", "Bãi biển **vẫn mở cửa**."))
    repo.write("catalog/statement/statement-2026-02.yaml", STATEMENT)
    repo.write("content/vi/statement/statement-2026-02.md", text("Phát ngôn về lễ hội", "Phát ngôn.", "Nội dung."))
    repo.write("content/en/statement/statement-2026-02.md", text("Statement on the festival", "A statement.", "Body."))
    return repo


def test_record_page_in_each_language_has_title_facts_and_lang(province):
    site = build(province)
    vi, en, lo = (page(site, u) for u in ("place/nhat-le-beach", "en/place/nhat-le-beach", "lo/place/nhat-le-beach"))
    assert vi.get("lang") == "vi" and en.get("lang") == "en" and lo.get("lang") == "lo"
    assert vi.xpath("//h1")[0].text_content() == "Bãi biển Nhật Lệ"
    assert en.xpath("//h1")[0].text_content() == "Nhat Le beach"
    # dates per locale, agency in the reader's language, coordinates with a plain map link
    assert "2 tháng 3, 2025" in content(vi)
    assert "March 2, 2025" in content(en)
    assert "Department of Culture, Sports and Tourism" in content(en)
    assert "Sở Văn hóa, Thể thao và Du lịch" in content(vi)
    assert "17.478, 106.623" in content(en)
    osm = en.xpath("//a[@class='qb-map']/@href")[0]
    assert urlparse(osm).hostname == "www.openstreetmap.org" and "mlat=17.478" in osm
    assert "Phường Đồng Hới" in content(vi)


def test_untranslated_record_is_shown_in_vietnamese_with_a_notice_in_the_readers_language(province):
    site = build(province)
    lo = page(site, "lo/place/nhat-le-beach")
    h1 = lo.xpath("//h1")[0]
    assert h1.text_content() == "Bãi biển Nhật Lệ" and h1.get("lang") == "vi"
    assert "ຍັງບໍ່ທັນໄດ້ແປ" in content(lo)
    assert lo.xpath("//div[contains(@class,'qb-body')]/@lang") == ["vi"]
    # the switcher offers only the languages the record has, each pointing at this record
    assert switcher(lo) == {"vi": "../../../place/nhat-le-beach/", "en": "../../../en/place/nhat-le-beach/"}
    assert lo.xpath("//link[@rel='canonical']/@href") == ["https://demo.example/place/nhat-le-beach/"]
    assert lo.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_translated_record_offers_every_language_it_has_with_absolute_hreflang(province):
    site = build(province)
    en = page(site, "en/place/nhat-le-beach")
    assert alternates(en) == {
        "vi": "https://demo.example/place/nhat-le-beach/",
        "en": "https://demo.example/en/place/nhat-le-beach/",
        "x-default": "https://demo.example/place/nhat-le-beach/",
    }
    assert en.xpath("//link[@rel='canonical']/@href") == ["https://demo.example/en/place/nhat-le-beach/"]
    assert switcher(en) == {"vi": "../../../place/nhat-le-beach/", "en": "./"}
    # a page every language has (the home page) offers them all
    assert set(switcher(page(site, "en"))) == {"vi", "en", "lo"}


def test_outdated_translation_says_when_the_vietnamese_was_updated(province):
    assert province.quangba("stamp", str(province.root / "content/en/place/nhat-le-beach.md")).returncode == 0
    site = build(province)
    assert "updated on" not in content(page(site, "en/place/nhat-le-beach"))
    province.edit("content/vi/place/nhat-le-beach.md", "Nước trong xanh.", "Nước trong xanh, cát trắng.")
    site = build(province)
    en = content(page(site, "en/place/nhat-le-beach"))
    assert "The Vietnamese original was updated on March 2, 2025" in en
    assert "Clear water." in en  # the translation is still shown


def test_sample_and_retracted_records(province):
    province.edit("catalog/place/nhat-le-beach.yaml", "status: published",
                  "status: retracted\nretracted: 2026-03-01\nretraction_reason: {vi: Sai vị trí, en: Wrong location}")
    province.edit("catalog/event/sea-festival.yaml", "relations:\n  - {type: venue, target: nhat-le-beach}\n", "")
    province.edit("catalog/clarification/clarify-beach-closure.yaml", "relations:\n  - {type: answers, target: nhat-le-beach}\n", "")
    site = build(province)
    en = content(page(site, "en/place/nhat-le-beach"))
    assert "This content was withdrawn on March 1, 2026" in en and "Wrong location" in en
    assert "Clear water" not in en and "A fine beach" not in en and "17.478" not in en
    assert "Sample data" in content(page(site, "en/event/sea-festival"))


def test_drafts_internal_and_embargoed_records_get_no_page(province):
    province.edit("catalog/event/sea-festival.yaml", "status: published", "status: draft")
    province.edit("catalog/statement/statement-2026-02.yaml", "classification: public", "classification: internal")
    province.edit("catalog/press-release/press-2026-01.yaml", "sample: true",
                  "sample: true\nembargo_until: 2027-01-01T08:00:00+07:00")
    province.edit("catalog/place/nhat-le-beach.yaml", "modified: 2025-03-02", "modified: 2025-03-02")
    site = build(province)
    for missing in ("event/sea-festival", "statement/statement-2026-02", "press-release/press-2026-01"):
        for prefix in ("", "en/", "lo/"):
            assert not (site / prefix / missing).exists(), missing
    everything = " ".join(p.read_text("utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".ics", ".json"))
    assert "Lễ hội biển" not in everything and "Phát ngôn về lễ hội" not in everything and "Thông cáo mẫu" not in everything


def test_home_page_has_the_province_latest_upcoming_events_and_featured_places(province):
    site = build(province)
    home = page(site, "en")
    sections = {h.text_content(): h.getparent() for h in home.xpath("//article//h2")}
    assert "Statement on the festival" in sections["Latest news"].text_content()
    assert "Lễ hội biển" in sections["Upcoming events"].text_content()
    assert "Nhat Le beach" in sections["Featured places"].text_content()
    # a Vietnamese-only event says so in English, its title in Vietnamese
    event = sections["Upcoming events"].xpath(".//li")[0]
    assert event.xpath(".//a[@lang='vi']")[0].text_content() == "Lễ hội biển"
    assert event.xpath(".//*[@class='qb-vi-only']")[0].text_content() == "Vietnamese only"
    # no tagline: the hero's title is the province's name, once in the page's content
    assert home.xpath("//h1")[0].text_content() == "Test Province"
    assert content(home).count("Test Province") == 1
    assert page(site, "lo").xpath("//h1")[0].text_content() == "ແຂວງທົດລອງ"


def test_clarification_and_the_record_it_answers_link_each_other(province):
    site = build(province)
    clar = page(site, "en/clarification/clarify-beach-closure")
    assert "Example Daily" in content(clar) and "Beach closed for good" in content(clar)
    assert "../../place/nhat-le-beach/" in clar.xpath("//table[@class='qb-facts']//a/@href")
    place = page(site, "en/place/nhat-le-beach")
    rows = {r.xpath("th")[0].text_content(): r.xpath("td")[0] for r in place.xpath("//table[@class='qb-facts']//tr")}
    assert rows["Clarified by"].xpath(".//a/@href") == ["../../clarification/clarify-beach-closure/"]
    event = page(site, "en/event/sea-festival")
    rows = {r.xpath("th")[0].text_content(): r.xpath("td")[0] for r in event.xpath("//table[@class='qb-facts']//tr")}
    assert rows["Venue"].text_content() == "Nhat Le beach"


def test_press_room_lists_newest_first_with_date_agency_and_spokesperson(province):
    site = build(province)
    room = page(site, "en/press")
    lis = room.xpath("//ul[@class='qb-cards']/li")
    items = [" ".join(li.text_content().split()) for li in lis]
    assert [li.xpath(".//h2/a")[0].text_content() for li in lis] == ["Statement on the festival", "Bãi biển Nhật Lệ vẫn mở cửa", "Thông cáo"]
    assert "February 10, 2026" in items[0] and "Provincial People's Committee" in items[0]
    assert "Vietnamese only" in items[1] and "Vietnamese only" not in items[0]
    # the spokesperson is on the item's page; a name known only in Vietnamese carries lang="vi"
    facts = page(site, "en/clarification/clarify-beach-closure").xpath("//table[@class='qb-facts']")[0]
    row = [r for r in facts.xpath(".//tr") if r.xpath("th")[0].text_content() == "Spokesperson"][0]
    assert row.xpath("td/span[@lang='vi']")[0].text_content() == "Trần Thị B"
    assert "Lê Văn C" in content(page(site, "en/statement/statement-2026-02"))


def test_rss_and_atom_feeds_per_language(province):
    site = build(province)
    for prefix, lang in (("", "vi"), ("en/", "en"), ("lo/", "lo")):
        for name in ("feed.rss.xml", "feed.atom.xml"):
            feed = feedparser.parse((site / prefix / name).read_bytes())
            assert not feed.bozo, (name, feed.bozo_exception)
            titles = [e.title for e in feed.entries]
            assert len(titles) == 3
            assert feed.entries[0].link == f"https://demo.example/{prefix}statement/statement-2026-02/"
    en = feedparser.parse((site / "en/feed.rss.xml").read_bytes())
    assert [e.title for e in en.entries][0] == "Statement on the festival"
    assert en.feed.language == "en"
    head = page(site, "en")
    assert {"application/rss+xml", "application/atom+xml"} <= set(head.xpath("//link[@rel='alternate']/@type"))


def test_an_ics_per_event_and_a_calendar_per_language(province):
    site = build(province)
    single = icalendar.Calendar.from_ical((site / "en/event/sea-festival.ics").read_bytes())
    (event,) = single.walk("VEVENT")
    assert str(event["summary"]) == "Lễ hội biển"
    assert event.decoded("dtstart").isoformat() == "2027-04-30"
    assert event.decoded("dtend").isoformat() == "2027-05-02"  # exclusive end of an all-day event
    assert str(event["location"]) == "Nhat Le beach"
    feed = icalendar.Calendar.from_ical((site / "lo/events.ics").read_bytes())
    assert [str(e["uid"]) for e in feed.walk("VEVENT")] == ["event-sea-festival@demo.example"]
    link = page(site, "en/event/sea-festival").xpath("//a[contains(@href,'.ics')]/@href")
    assert link == ["../sea-festival.ics"]
    events = page(site, "en/event")
    assert "Lễ hội biển" in events.xpath("//h2[@id='upcoming']/..")[0].text_content()


@given(st.lists(st.text(min_size=1, max_size=200), min_size=0, max_size=4))
def test_a_calendar_written_from_serialised_events_is_what_icalendar_writes(summaries):
    """Each event is serialised once for its own file and the feed (extras.with_events)."""
    from icalendar import Calendar, Event

    from quangba.site.extras import with_events

    events = []
    for i, summary in enumerate(summaries):
        event = Event()
        event.add("uid", f"event-{i}@demo.example")
        event.add("summary", summary)  # long, non-ASCII lines are folded
        events.append(event)

    calendar = [("prodid", "-//quangba//portal//VI", None), ("x-wr-calname", "Sự kiện — Quảng Trị " * 5, None)]
    expected = Calendar()
    for name, value, _ in calendar:
        expected.add(name, value)
    for event in events:
        expected.add_component(event)
    assert with_events(calendar, [e.to_ical() for e in events]) == expected.to_ical()


def jsonld(doc) -> list[dict]:
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def test_json_ld_and_opengraph_on_record_pages(province):
    site = build(province)
    (place,) = jsonld(page(site, "en/place/nhat-le-beach"))
    assert place["@type"] == "TouristAttraction" and place["name"] == "Nhat Le beach"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 17.478, "longitude": 106.623}
    assert place["publisher"]["@type"] == "GovernmentOrganization"
    (event,) = jsonld(page(site, "en/event/sea-festival"))
    assert event["@type"] == "Event" and event["startDate"] == "2027-04-30" and event["location"]["name"] == "Nhat Le beach"
    (news,) = jsonld(page(site, "clarification/clarify-beach-closure"))
    assert news["@type"] == "NewsArticle" and news["datePublished"] == "2026-02-01T09:30:00+07:00"
    assert news["author"] == {"@type": "Person", "name": "Trần Thị B"}
    doc = page(site, "en/place/nhat-le-beach")
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[starts-with(@property,'og:')]")}
    assert og["og:title"] == "Nhat Le beach" and og["og:url"] == "https://demo.example/en/place/nhat-le-beach/"
    assert og["og:locale"] == "en_GB" and og["og:description"] == "A fine beach in Dong Hoi."
    # the record's photo, as cropped by the media stage, and published with the site
    assert og["og:image"].startswith("https://demo.example/media/nhat-le/")
    assert (site / og["og:image"].removeprefix("https://demo.example/")).is_file()
    # without a photo of its own a page shares the theme's picture, which the site has
    event = page(site, "en/event/sea-festival")
    assert event.xpath("//meta[@property='og:image']/@content") == ["https://demo.example/quangba/og-default.png"]
    assert (site / "quangba/og-default.png").is_file()


def test_sitemap_robots_and_a_404_per_language(province):
    site = build(province)
    sitemap = lxml.etree.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)}
            for u in sitemap.findall("s:url", ns)}
    assert urls["https://demo.example/en/place/nhat-le-beach/"] == {
        "vi": "https://demo.example/place/nhat-le-beach/", "en": "https://demo.example/en/place/nhat-le-beach/",
        "x-default": "https://demo.example/place/nhat-le-beach/"}
    assert "https://demo.example/lo/place/nhat-le-beach/" not in urls  # untranslated: not a page of its own
    assert "https://demo.example/lo/" in urls
    assert "Sitemap: https://demo.example/sitemap.xml" in (site / "robots.txt").read_text()
    for prefix, lang, words in (("", "vi", "Không tìm thấy trang"), ("en/", "en", "Page not found"), ("lo/", "lo", "ບໍ່ພົບໜ້ານີ້")):
        doc = page(site, f"{prefix}404.html")
        assert doc.get("lang") == lang and words in doc.xpath("//h1")[0].text_content()


def test_a_hostile_record_body_is_rendered_harmless(province):
    hostile = (
        "Hello <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        '<iframe src="https://evil.example/"></iframe>\n\n<form action="https://evil.example/"><input name=a></form>\n\n'
        '<a href="https://example.org/" onclick="alert(4)" style="color:red">ok</a>\n\n# Heading\n'
    )
    province.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A fine beach.", hostile))
    site = build(province)
    body = page(site, "en/place/nhat-le-beach").xpath("//div[contains(@class,'qb-body')]")[0]
    markup = lxml.html.tostring(body, encoding="unicode")
    for bad in ("<script", "onerror", "javascript:", "data:text", "<iframe", "<form", "<input", "onclick", "style=", "<img"):
        assert bad not in markup, bad
    assert body.xpath(".//a[text()='ok']/@href") == ["https://example.org/"]
    assert body.xpath(".//h2/text()") == ["Heading"]
    assert "alert(1)" not in markup


def test_titles_are_escaped_everywhere(province):
    province.write("content/en/place/nhat-le-beach.md", text('"<b onmouseover=alert(1)>Beach</b>"', "x", "y"))
    site = build(province)
    raw = (site / "en/place/nhat-le-beach/index.html").read_text("utf-8")
    assert "<b onmouseover" not in raw
    assert page(site, "en/place/nhat-le-beach").xpath("//h1")[0].text_content() == "<b onmouseover=alert(1)>Beach</b>"


def test_nothing_a_page_loads_comes_from_another_host(province):
    site = build(province)
    for path in site.rglob("*.html"):
        doc = lxml.html.fromstring(path.read_bytes())
        loaded = doc.xpath("//script/@src | //img/@src | //source/@srcset | //iframe/@src | //link[not(@rel='alternate') and not(@rel='canonical')]/@href")
        for url in loaded:
            assert not urlparse(url).netloc, (path, url)
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text("utf-8")):
            assert "//" not in url or url.strip("'\"").startswith("data:"), (css, url)
    fonts = {p.name for p in (site / "fonts").iterdir()}
    assert {"noto-sans-lao-lao-400-normal.woff2", "noto-sans-vietnamese-400-normal.woff2", "OFL.txt"} <= fonts


RETRACTED_PLACE = """\
id: old-pier
kind: place
agency: so-vhttdl
status: retracted
classification: public
created: 2024-01-10
modified: 2025-03-02
retracted: 2025-03-02
retraction_reason: {vi: Đã phá dỡ}
category: other
"""


def _bad_text_without_title(repo):
    repo.write("content/en/place/nhat-le-beach.md", "---\nsummary: no title\n---\nBody.\n")
    return "content/en/place/nhat-le-beach.md", "SCHEMA-MISSING-FIELD"


def _bad_relation_to_retracted(repo):
    repo.write("catalog/place/old-pier.yaml", RETRACTED_PLACE)
    repo.write("content/vi/place/old-pier.md", text("Cầu tàu cũ", "Đã phá dỡ.", "Không còn."))
    repo.edit("catalog/event/sea-festival.yaml", "target: nhat-le-beach", "target: old-pier")
    return "catalog/event/sea-festival.yaml", "REC-RELATION-NOT-PUBLIC"


def _bad_photo_reference(repo):
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, no-such-photo]")
    return "catalog/place/nhat-le-beach.yaml", "REC-MEDIA-UNKNOWN"


def _bad_language_folder(repo):
    repo.write("content/fr/place/nhat-le-beach.md", text("Plage de Nhat Le", "Une plage.", "Eau claire."))
    return "content/fr/place/nhat-le-beach.md", "TEXT-LANG-UNKNOWN"


@pytest.mark.parametrize("break_it", [_bad_text_without_title, _bad_relation_to_retracted, _bad_photo_reference,
                                      _bad_language_folder])
def test_bad_input_gets_a_finding_never_a_broken_page_or_a_traceback(repo, break_it):
    assert repo.quangba("build", "--quiet").returncode == 0
    before = (repo.root / "site/en/place/nhat-le-beach/index.html").read_bytes()
    path, rule = break_it(repo)
    result = repo.quangba("build")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    line = next(l for l in result.stdout.splitlines() if rule in l)
    assert line.startswith(f"{path}:")
    if result.returncode != 0:  # an error: nothing published is touched
        assert (repo.root / "site/en/place/nhat-le-beach/index.html").read_bytes() == before
    else:  # a warning: the site is built, and the stray text appears nowhere
        assert "Plage de Nhat Le" not in " ".join(p.read_text("utf-8") for p in (repo.root / "site").rglob("*.html"))


MONITORING = """\
id: pm-2026-01-rumour
kind: press-monitoring
agency: so-vhttdl
status: published
classification: internal
created: 2026-01-31
modified: 2026-01-31
outlet: Rumour Weekly
country: GB
date: 2026-01-30
headline: Beach to close
url: https://rumour.example/beach
assessment: inaccurate
response_status: answered
"""


def test_a_report_in_the_internal_register_shows_only_its_public_part(province):
    province.write("catalog/press-monitoring/pm-2026-01-rumour.yaml", MONITORING)
    province.write("content/vi/press-monitoring/pm-2026-01-rumour.md",
                   text("Tin đồn đóng cửa bãi biển", "Ghi chú nội bộ của phòng báo chí.", "Đánh giá nội bộ: sai sự thật."))
    province.edit("catalog/clarification/clarify-beach-closure.yaml",
                  "answers_report: {outlet: Example Daily, country: GB, date: 2026-01-30, headline: Beach closed for good}\n", "")
    province.edit("catalog/clarification/clarify-beach-closure.yaml", "relations:\n",
                  "relations:\n  - {type: answers, target: pm-2026-01-rumour}\n")
    site = build(province)
    clar = page(site, "en/clarification/clarify-beach-closure")
    rows = {r.xpath("th")[0].text_content(): r.xpath("td")[0].text_content() for r in clar.xpath("//table[@class='qb-facts']//tr")}
    assert rows["Report answered"] == "Rumour Weekly, “Beach to close”, January 30, 2026"
    everything = " ".join(p.read_text("utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".ics", ".json"))
    assert "Ghi chú nội bộ" not in everything and "Đánh giá nội bộ" not in everything
    assert "inaccurate" not in everything and "pm-2026-01-rumour" not in everything and "rumour.example" not in everything
    assert not (site / "press-monitoring").exists()


def test_records_related_both_ways_are_listed_once(province):
    province.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le]\nrelations:\n  - {type: see-also, target: sea-festival}")
    site = build(province)
    place = page(site, "en/place/nhat-le-beach")
    links = place.xpath("//table[@class='qb-facts']//a[contains(@href,'sea-festival/')]/@href")
    assert links == ["../../event/sea-festival/"]
