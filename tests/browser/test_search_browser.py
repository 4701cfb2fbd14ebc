"""Search in a real browser (Debian's headless chromium through Playwright's Python API):
readers type queries in Lao, Thai, Vietnamese with and without diacritics, and English, in
the demo province with Thai added, and get the right pages in their own language only.
Every request to another host is blocked and must not happen.

Without /usr/bin/chromium these tests are skipped locally and FAIL when CI=true."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browserkit import browser, served  # noqa: F401 (browser is a fixture)
from search_province import build, thai_province


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = thai_province(tmp_path_factory.mktemp("search-browser") / "province")
    build(root, root / "site")
    with served(root / "site") as address:
        yield address


@pytest.fixture
def tab(browser, server):
    context = browser.new_context()
    origin, foreign, errors = urlparse(server).netloc, [], []

    def route(request_route):
        url = urlparse(request_route.request.url)
        if url.scheme in ("http", "https") and url.netloc == origin:
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == []


def search(page, server: str, start: str, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the search box of ``start``; the results as (path, title)."""
    page.goto(f"{server}/{start}")
    box = page.get_by_role("searchbox")
    box.click()
    box.press_sequentially(query)
    page.locator(".qb-search__status:not(:empty)").wait_for()
    links = page.locator(".qb-search__results a")
    return [(urlparse(href).path, title) for href, title in
            links.evaluate_all("els => els.map(a => [a.href, a.textContent])")]


def paths(results) -> list[str]:
    return [path for path, _ in results]


def test_lao_word_inside_a_phrase(tab, server):
    # "ມໍລະດົກ" (heritage) is written inside longer phrases, e.g. "ມໍລະດົກທາງທຳມະຊາດຂອງໂລກ"
    results = search(tab, server, "lo/", "ມໍລະດົກ")
    assert "/lo/place/son-doong-cave/" in paths(results)
    assert all(path.startswith("/lo/") for path in paths(results))
    # "ຖ້ຳ" (cave) finds the caves, from a record page too
    results = search(tab, server, "lo/place/quang-tri-citadel/", "ຖ້ຳ")
    assert {"/lo/place/son-doong-cave/", "/lo/place/thien-duong-cave/"} <= set(paths(results))


def test_thai_word_inside_a_phrase(tab, server):
    # "ธรรมชาติ" (natural) sits inside "ถ้ำธรรมชาติที่ใหญ่ที่สุดในโลก"
    assert paths(search(tab, server, "th/", "ธรรมชาติ")) == ["/th/place/son-doong-cave/"]
    # "อุทยาน" (park): pythainlp keeps "อุทยานแห่งชาติ" whole, the browser may cut it
    assert paths(search(tab, server, "th/", "อุทยาน")) == ["/th/place/son-doong-cave/"]
    results = search(tab, server, "th/", "ถ้ำ")
    assert results == [("/th/place/son-doong-cave/", "ถ้ำเซินด่อง")]


@pytest.mark.parametrize("query", ["Phong Nha Ke Bang", "phong nha - kẻ bàng", "PHONG NHA KẺ BÀNG"])
def test_vietnamese_with_and_without_diacritics(tab, server, query):
    results = search(tab, server, "", query)
    found = paths(results)
    assert "/place/phong-nha-ke-bang/" in found and "/place/son-doong-cave/" in found
    assert all(not path.startswith(("/en/", "/lo/", "/th/")) for path in found)
    # results show the original text, diacritics and all
    assert ("/place/phong-nha-ke-bang/", "Vườn quốc gia Phong Nha - Kẻ Bàng") in results


def test_hue_without_diacritics_finds_hue(tab, server):
    vi = search(tab, server, "", "Hue")
    assert "/place/la-vang-basilica/" in paths(vi)
    assert paths(search(tab, server, "", "Huế")) == paths(vi)
    en = search(tab, server, "en/", "hue")
    assert "/en/place/la-vang-basilica/" in paths(en)
    assert all(path.startswith("/en/") for path in paths(en))


def test_d_with_stroke_is_found_by_a_plain_d(tab, server):
    # "Đ" is a letter of its own in Unicode, not D with an accent: folded on purpose
    found = paths(search(tab, server, "", "Dong Hoi"))
    assert "/place/nhat-le-beach/" in found
    assert paths(search(tab, server, "", "Đồng Hới")) == found


def test_english(tab, server):
    results = search(tab, server, "en/place/", "largest cave")
    assert paths(results)[0] == "/en/place/son-doong-cave/"
    assert results[0][1] == "Sơn Đoòng Cave"
    assert all(path.startswith("/en/") for path in paths(results))


def test_nothing_found_says_so_in_the_readers_language(tab, server):
    assert search(tab, server, "en/", "zzzqqq") == []
    assert tab.locator(".qb-search__status").inner_text() == "No matching documents"


def test_keyboard_only(tab, server):
    tab.goto(f"{server}/en/")
    box = tab.get_by_role("searchbox", name="Search")  # labelled
    box.focus()
    tab.keyboard.type("citadel")
    tab.locator(".qb-search__results a").first.wait_for()
    tab.keyboard.press("ArrowDown")
    focused = tab.evaluate("document.activeElement.getAttribute('href')")
    assert "quang-tri-citadel" in focused
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{server}/en/place/quang-tri-citadel/")
    # Enter in the box opens the first result
    box = tab.get_by_role("searchbox")
    box.focus()
    tab.keyboard.type("Vinh Moc")
    tab.locator(".qb-search__results a").first.wait_for()
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{server}/en/place/vinh-moc-tunnels/")


def test_without_javascript_the_page_shows_no_dead_search_box(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/en/")
    assert not page.get_by_role("searchbox").is_visible()
    assert page.locator("h1").first.is_visible()
    context.close()
