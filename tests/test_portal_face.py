"""The portal's face (issue 17): who runs it and how to reach them, in the reader's language;
the province's identity; one language per page, and what is not translated says so.

Static checks of the built HTML; tests/browser/test_portal_face_browser.py looks at the same
pages in Chromium at desktop and phone widths.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from conftest import Repo, text
from test_site import build, content, page

CONTACTS = """\
    address: {vi: "24 Trần Hưng Đạo, Đồng Hới", en: "24 Tran Hung Dao, Dong Hoi"}
    phone: "0232 3822 450"
    email: "sovhttdl@demo.example"
    contacts:
      - role: spokesperson
        names: {vi: "Lê Văn Minh", en: "Le Van Minh (spokesperson)"}
        title: {vi: "Người phát ngôn", en: "Provincial spokesperson"}
        phone: "+84 233 3852 101"
        email: "phatngon@demo.example"
      - role: investment-promotion
        names: {vi: "Bàn đầu tư"}
        phone: "0233 3556 301"
        email: "invest@demo.example"
"""


def share_png() -> bytes:
    import io
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (1200, 630), "#8a1c1c").save(out, "PNG")
    return out.getvalue()


SITE = """\
identity:
  logo: assets/identity/logo.svg
  share_image: assets/identity/share.png
  colours: {primary: "#8a1c1c", accent: "#b8860b"}
site:
  responsible: {vi: "Nguyễn Thị Hằng", en: "Nguyen Thi Hang"}
  featured: nhat-le-beach
  navigation: [event, place, press]
"""

SHARE = share_png()
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" fill="#8a1c1c"/></svg>'


def with_contacts(repo: Repo) -> Repo:
    repo.edit("catalog/agencies.yaml", "    owner: true\n", "    owner: true\n" + CONTACTS)
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml") + SITE)
    repo.write("assets/identity/logo.svg", LOGO)
    repo.write("assets/identity/share.png", SHARE)
    repo.write("catalog/statement/statement-2026-02.yaml", STATEMENT)
    repo.write("content/vi/statement/statement-2026-02.md", text("Phát ngôn về lễ hội", "Phát ngôn.", "Nội dung."))
    repo.write("content/en/statement/statement-2026-02.md", text("Statement on the festival", "A statement.", "Body."))
    return repo


STATEMENT = """\
id: statement-2026-02
kind: statement
agency: so-vhttdl
status: published
classification: public
created: 2026-02-10
modified: 2026-02-10
issued: 2026-02-10
spokesperson: Người phát ngôn UBND tỉnh (mẫu)
"""


@pytest.fixture
def province(repo):
    return with_contacts(repo)


# -- validation --------------------------------------------------------------------------------
RULE_CASES = [
    ("CONTACT-EMAIL", lambda r: r.edit("catalog/agencies.yaml", 'email: "sovhttdl@demo.example"', 'email: "sovhttdl at demo"'),
     "catalog/agencies.yaml", "sovhttdl at demo"),
    ("CONTACT-PHONE", lambda r: r.edit("catalog/agencies.yaml", 'phone: "0233 3556 301"', 'phone: "3556 301 ext. 4"'),
     "catalog/agencies.yaml", "3556 301 ext. 4"),
    ("PROVINCE-LOGO", lambda r: r.remove("assets/identity/logo.svg"), "catalog/province.yaml", "assets/identity/logo.svg"),
    ("PROVINCE-LOGO", lambda r: r.remove("assets/identity/share.png"), "catalog/province.yaml", "assets/identity/share.png"),
    ("PROVINCE-SITE-RECORD", lambda r: r.edit("catalog/province.yaml", "featured: nhat-le-beach", "featured: nhat-le"),
     "catalog/province.yaml", "nhat-le"),
    ("PROVINCE-SITE-AGENCY", lambda r: r.edit("catalog/province.yaml", "site:\n", "site:\n  managing_agency: nobody\n"),
     "catalog/province.yaml", "nobody"),
]


def test_the_contacts_and_identity_of_the_fixture_are_clean(province):
    result = province.run("validate")
    assert result.code == 0, result.out
    for rule, *_ in RULE_CASES:
        assert rule not in result.out


@pytest.mark.parametrize("rule, break_it, path, value", RULE_CASES, ids=[f"{c[0]}-{c[3]}" for c in RULE_CASES])
def test_a_contact_or_identity_error_names_the_file_line_and_value(province, rule, break_it, path, value):
    break_it(province)
    result = province.run("validate")
    lines = result.finding_lines(rule)
    assert lines, f"{rule} not reported:\n{result.out}{result.err}"
    assert all(line.startswith(f"{path}:") and line.split(":")[1].isdigit() for line in lines), lines
    assert value in lines[0] and "EN:" in result.out
    assert "Traceback" not in result.err


def test_the_finding_points_at_the_line_of_the_bad_phone(province):
    province.edit("catalog/agencies.yaml", 'phone: "+84 233 3852 101"', 'phone: "not a number"')
    lines = province.run("validate").finding_lines("CONTACT-PHONE")
    wanted = 1 + province.read("catalog/agencies.yaml").splitlines().index('        phone: "not a number"')
    assert lines and lines[0].startswith(f"catalog/agencies.yaml:{wanted}:"), lines


@settings(deadline=None)  # the first call loads libphonenumber's metadata
@given(st.text(max_size=40))
def test_any_text_as_a_phone_is_a_number_in_e164_or_refused(value):
    from quangba.rules.contacts import e164

    found = e164(value)
    assert found is None or (found.startswith("+") and found[1:].isdigit() and 8 <= len(found) <= 16)


def test_phones_written_either_way_are_one_e164_number():
    from quangba.rules.contacts import e164, international

    assert e164("0233 3852 404") == e164("+84 233 3852 404") == "+842333852404"
    assert international("0233 3852 404") == "+84 233 3852 404"
    assert e164("12345") is None and e164("") is None


# -- the built portal ----------------------------------------------------------------------------
def _footer(doc):
    return doc.xpath("//footer[contains(@class,'qb-site-footer')]")[0]


def test_every_page_has_a_footer_in_its_language_with_who_runs_it_and_how_to_reach_them(province):
    site = build(province)
    pages = [p for p in site.rglob("index.html") if "search" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        doc = page(site, str(path.parent.relative_to(site)))
        footer = _footer(doc)
        hrefs = footer.xpath(".//a/@href")
        assert "tel:+842323822450" in hrefs and "mailto:sovhttdl@demo.example" in hrefs, path
        for target in ("contacts/", "open-data/", "sitemap.xml"):
            assert any(h.endswith(target) for h in hrefs), (path, target)
    en = " ".join(_footer(page(site, "en")).text_content().split())
    assert "Managed by: Department of Culture, Sports and Tourism" in en
    assert "Responsible for the content: Nguyen Thi Hang" in en and "Last updated:" in en
    assert "CC BY 4.0" in en
    # Lao: no Lao address in the data, so the Vietnamese one, marked in Lao
    lo = _footer(page(site, "lo"))
    address = lo.xpath(".//span[@lang='vi']")[0]
    assert address.text_content() == "24 Trần Hưng Đạo, Đồng Hới"
    assert address.getnext().get("class") == "qb-vi-only" and address.getnext().text_content() == "ມີແຕ່ພາສາຫວຽດ"


def test_a_contacts_page_per_language_with_roles_names_phones_and_emails(province):
    site = build(province)
    for url, role, name in (("contacts", "Người phát ngôn", "Lê Văn Minh"),
                            ("en/contacts", "Spokesperson", "Le Van Minh (spokesperson)")):
        doc = page(site, url)
        card = doc.xpath("//article//div[@class='qb-contact']")[0]
        assert card.xpath(".//p[@class='qb-contact__role']")[0].text_content() == role
        assert card.xpath(".//h3")[0].text_content() == name
        assert card.xpath(".//a/@href") == ["tel:+842333852101", "mailto:phatngon@demo.example"]
    invest = page(site, "en/contacts").xpath("//article//div[@class='qb-contact'][.//a[@href='mailto:invest@demo.example']]")[0]
    assert invest.xpath(".//h3/span/@lang") == ["vi"]  # a desk named only in Vietnamese says so


def test_a_press_item_names_its_spokesperson_in_the_readers_language_with_a_contact_block(province):
    site = build(province)
    en = page(site, "en/statement/statement-2026-02")
    assert "Người phát ngôn UBND tỉnh (mẫu)" not in content(en)
    block = en.xpath("//aside[@class='qb-contact-block']")[0]
    assert block.xpath(".//h2")[0].text_content() == "Press contact"
    assert "Le Van Minh (spokesperson)" in block.text_content()
    assert "mailto:phatngon@demo.example" in block.xpath(".//a/@href")
    rows = {r.xpath("th")[0].text_content(): r.xpath("td")[0].text_content() for r in en.xpath("//table[@class='qb-facts']//tr")}
    assert rows["Spokesperson"] == "Le Van Minh (spokesperson)"
    room = page(site, "en/press")
    assert room.xpath("//aside[@class='qb-contact-block']/@aria-labelledby") == ["qb-contact-heading"]
    assert room.xpath("//article//a[@href='#qb-contact-heading']")[0].text_content() == "Press contact"  # above the list


def test_the_province_logo_and_colours_are_in_the_header_and_favicon(province):
    site = build(province)
    assert (site / "quangba/logo.svg").read_text("utf-8") == LOGO
    doc = page(site, "en/place/nhat-le-beach")
    logo = doc.xpath("//a[contains(@class,'md-logo')]/img")[0]
    assert logo.get("src") == "../../../quangba/logo.svg" and logo.get("alt") == ""
    assert doc.xpath("//link[@rel='icon']/@href") == ["../../../quangba/logo.svg"]
    # the colours in a style sheet of the site's own (the served Content-Security-Policy refuses inline styles)
    assert doc.xpath("//head/style") == []
    assert "../../../quangba/identity.css" in doc.xpath("//head/link[@rel='stylesheet']/@href")
    assert "--md-primary-fg-color:#8a1c1c" in (site / "quangba/identity.css").read_text("utf-8")


def test_a_page_without_a_photo_is_shared_with_the_province_emblem(province):
    site = build(province)
    assert (site / "quangba/share.png").read_bytes() == SHARE
    for path in ("en/contacts", "press", "lo/event/sea-festival"):
        image = page(site, path).xpath("//meta[@property='og:image']/@content")
        assert image == ["https://demo.example/quangba/share.png"], (path, image)
    # a page with a photo of its own keeps it
    assert not page(site, "en/place/nhat-le-beach").xpath("//meta[@property='og:image']/@content")[0].endswith("share.png")


def test_the_menu_follows_the_order_the_province_sets(province):
    site = build(province)
    doc = page(site, "en")
    labels = [" ".join(a.text_content().split()) for a in doc.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li/a")]
    assert labels[:4] == ["Home", "Events", "Places and heritage", "Press room"], labels


def test_the_home_page_leads_with_the_featured_photo_and_its_credit(province):
    site = build(province)
    home = page(site, "en")
    hero = home.xpath("//section[contains(@class,'qb-hero')]")[0]
    img = hero.xpath(".//img")[0]
    assert img.get("width") and img.get("height") and img.get("loading") is None
    assert hero.xpath(".//a/@href")[0] == "place/nhat-le-beach/"
    assert hero.xpath(".//p[@class='qb-hero__credit']")


def test_cards_have_a_sized_thumbnail_or_a_placeholder(province):
    site = build(province)
    doc = page(site, "en/place")
    cards = doc.xpath("//ul[@class='qb-cards']/li")
    assert cards
    for li in cards:
        img = li.xpath(".//div[contains(@class,'qb-card__media')]//img")
        if img:
            assert img[0].get("width").isdigit() and img[0].get("height").isdigit()
        else:
            assert li.xpath(".//div[contains(@class,'qb-card__media--none')]")


def test_one_money_format_per_locale():
    from quangba.site import fmt
    from quangba.site.investment import money

    assert fmt.money(85_000_000, "USD", "en") == money(85_000_000, "USD", "en") == "$85,000,000"
    assert fmt.money(1_500.5, "USD", "en") == "$1,500.50"


def test_a_feed_marks_the_entries_it_gives_in_vietnamese(province):
    import lxml.etree

    site = build(province)
    atom = lxml.etree.fromstring((site / "en/feed.atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    langs = {e.findtext("a:title", namespaces=ns): e.get("{http://www.w3.org/XML/1998/namespace}lang")
             for e in atom.findall("a:entry", ns)}
    assert langs == {"Statement on the festival": None, "Thông cáo": "vi"}
    rss = lxml.etree.fromstring((site / "en/feed.rss.xml").read_bytes())
    items = {i.findtext("title"): i.get("{http://www.w3.org/XML/1998/namespace}lang") for i in rss.iter("item")}
    assert items == {"Statement on the festival": None, "Thông cáo": "vi"}


def test_the_page_weight_bench_measures_the_home_pages_first_load_and_hero(province):
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("bench_page_weight", REPO / "bench" / "page_weight.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    site = build(province)
    results = bench.measure(site, ["vi", "en", "lo"])
    en = results["home"]["en"]
    assert "en/index.html" in en["first_load"]["files"] and any(f.endswith(".css") for f in en["first_load"]["files"])
    assert 0 < results["home_first_load_bytes_gzip_max"] <= bench.FIRST_LOAD_BUDGET
    hero = en["hero_webp_1280"]
    assert hero["file"].endswith(".webp") and hero["bytes"] == (site / hero["file"]).stat().st_size
    assert results["requests_to_other_hosts"] == 0


def test_a_calendar_says_which_events_it_gives_in_vietnamese(province):
    import icalendar

    site = build(province)
    (event,) = icalendar.Calendar.from_ical((site / "en/events.ics").read_bytes()).walk("VEVENT")
    assert event["SUMMARY"] == "Lễ hội biển" and event["SUMMARY"].params.get("LANGUAGE") == "vi"
    (own,) = icalendar.Calendar.from_ical((site / "events.ics").read_bytes()).walk("VEVENT")
    assert "LANGUAGE" not in own["SUMMARY"].params


def test_a_record_page_leads_with_its_photo_captioned_in_the_readers_language(province):
    site = build(province)
    en = page(site, "en/place/nhat-le-beach")
    article = en.xpath("//article")[0]
    first = [e for e in article.iter() if e.get("class") in ("qb-photos", "qb-facts")][0]
    assert first.get("class") == "qb-photos"  # the photo comes before the facts
    caption = " ".join(en.xpath("//figure[@class='qb-photo']/figcaption")[0].text_content().split())
    assert caption.startswith("Nhat Le beach at dawn") and "Photo: Nguyễn Văn A" in caption
    lo = page(site, "lo/place/nhat-le-beach").xpath("//figure[@class='qb-photo']/figcaption")[0]
    assert lo.xpath("span[@lang='vi']")[0].text_content() == "Bãi biển Nhật Lệ lúc bình minh"  # no Lao caption
    assert lo.xpath("span[@class='qb-vi-only']")


def test_a_sample_photo_says_so_in_the_readers_language(province):
    province.write("assets/media/nhat-le.yaml", province.read("assets/media/nhat-le.yaml") + "sample: true\n")
    site = build(province)
    caption = page(site, "en/place/nhat-le-beach").xpath("//figure[@class='qb-photo']/figcaption")[0]
    assert caption.xpath(".//span[@class='qb-sample-badge']")[0].text_content() == "Sample image"
    assert "Nguyễn Văn A" not in caption.text_content()
