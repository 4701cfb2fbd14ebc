"""The portal in a real browser (Debian's headless chromium driven by Playwright's Python
API — never ``playwright install``). Every request that does not go to the local server is
blocked and recorded; the tests assert none was attempted.

Without /usr/bin/chromium these tests are skipped locally and FAIL when CI=true
(``.ci/run`` installs chromium).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

import conftest as base
from browserkit import browser, served  # noqa: F401 (browser is a fixture)

ARTIFACTS = base.REPO / "test-artifacts"
LANGS = ("vi", "en", "lo")

pytestmark = pytest.mark.browser

HOSTILE = """\
id: hostile-note
kind: press-release
agency: so-vhttdl
status: published
classification: public
created: 2026-03-01
modified: 2026-03-01
issued: 2026-03-01
"""
HOSTILE_BODY = """\
Hello <script>window.__pwned = 'script'</script>

<img src="x" onerror="window.__pwned = 'onerror'">

<svg onload="window.__pwned = 'svg'"></svg>

[press me](javascript:window.__pwned='link') and [data](data:text/html,<script>alert(1)</script>)

<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>

<a href="https://example.org/" onmouseover="window.__pwned='hover'" id="hover-me">hover me</a>
"""


def _province(root: Path) -> base.Repo:
    repo = base.Repo(root)
    shutil.copytree(base.REPO / "catalog" / "schemas", root / "catalog" / "schemas")
    repo.write("catalog/province.yaml", base.PROVINCE)
    repo.write("catalog/agencies.yaml", base.AGENCIES)
    repo.write("catalog/place/nhat-le-beach.yaml", base.PLACE)
    repo.write("assets/media/nhat-le.jpg", base.jpeg(1600, 1200))
    repo.write("assets/media/nhat-le.yaml", base.SIDECAR)
    repo.write("catalog/event/sea-festival.yaml", base.EVENT)
    repo.write("catalog/press-release/press-2026-01.yaml", base.PRESS)
    repo.write("content/vi/place/nhat-le-beach.md", base.text("Bãi biển Nhật Lệ", "Bãi biển đẹp ở Đồng Hới.", "Nước trong xanh."))
    repo.write("content/en/place/nhat-le-beach.md", base.text("Nhat Le beach", "A fine beach in Dong Hoi.", "Clear water."))
    repo.write("content/vi/event/sea-festival.md", base.text("Lễ hội biển", "Lễ hội mẫu.", "Nội dung."))
    repo.write("content/lo/event/sea-festival.md", base.text("ບຸນທະເລ", "ບຸນຕົວຢ່າງ.", "ເນື້ອໃນ."))
    repo.write("content/vi/press-release/press-2026-01.md", base.text("Thông cáo", "Thông cáo mẫu.", "Nội dung."))
    repo.write("catalog/press-release/hostile-note.yaml", HOSTILE)
    repo.write("content/vi/press-release/hostile-note.md",
               base.text("\"<img src=x onerror=window.__pwned='title'>\"", "Tóm tắt", HOSTILE_BODY))
    return repo


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    repo = _province(tmp_path_factory.mktemp("browser") / "province")
    result = repo.quangba("build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    with served(repo.root / "site") as address:
        yield address


class Visit:
    """A browser tab that blocks and records every request not aimed at the local server,
    and records console errors, page errors and dialogs."""

    def __init__(self, browser, server: str, **context_options):
        self.origin = urlparse(server).netloc
        self.context = browser.new_context(**context_options)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def _console(self, message):
        # a failed load is reported below with its URL (or as a foreign request); a page's
        # own 404 status (the 404 pages) is not an error of the page
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400 and not response.request.is_navigation_request():
            self.errors.append(f"{response.status}: {response.url}")

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https") and url.netloc == self.origin:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    tab = Visit(browser, server)
    yield tab
    tab.close()
    assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"


def test_switching_language_on_a_record_lands_on_the_same_record(visit, server):
    page = visit.page
    page.goto(f"{server}/place/nhat-le-beach/")
    assert page.locator("h1").first.inner_text() == "Bãi biển Nhật Lệ"
    page.hover(".md-header__option .md-select")
    page.click(".md-select__list a[hreflang='en']")
    page.wait_for_url(f"{server}/en/place/nhat-le-beach/")
    assert page.locator("h1").first.inner_text() == "Nhat Le beach"
    assert page.locator("html").get_attribute("lang") == "en"
    # the record has no Lao text: Lao is not offered
    assert page.locator(".md-select__list a").evaluate_all("els => els.map(e => e.hreflang)") == ["vi", "en"]
    # a record with a Lao text offers it, and it leads to the same record
    page.goto(f"{server}/en/event/sea-festival/")
    page.hover(".md-header__option .md-select")
    page.click(".md-select__list a[hreflang='lo']")
    page.wait_for_url(f"{server}/lo/event/sea-festival/")
    assert page.locator("h1").first.inner_text() == "ບຸນທະເລ"
    assert visit.errors == []


@pytest.mark.parametrize("lang,prefix,title", [("vi", "", "Không tìm thấy trang"), ("en", "en/", "Page not found"),
                                               ("lo", "lo/", "ບໍ່ພົບໜ້ານີ້")])
def test_a_404_page_in_each_language(visit, server, lang, prefix, title):
    response = visit.page.goto(f"{server}/{prefix}no/such/page/")
    assert response.status == 404
    assert visit.page.locator("html").get_attribute("lang") == lang
    assert visit.page.locator("h1").first.inner_text() == title
    home = visit.page.locator("article a").first
    home.click()
    visit.page.wait_for_url(f"{server}/{prefix}")
    assert visit.errors == []


PAGES = ["", "en/", "lo/", "place/nhat-le-beach/", "en/place/nhat-le-beach/", "lo/place/nhat-le-beach/",
         "en/press/", "lo/event/", "en/event/sea-festival/", "en/press-release/hostile-note/"]


def test_pages_load_without_console_errors_or_requests_to_other_hosts(visit, server):
    for path in PAGES:
        response = visit.page.goto(f"{server}/{path}")
        assert response.status == 200, path
        visit.page.wait_for_load_state("networkidle")
    assert visit.errors == []


def test_a_hostile_record_executes_nothing(visit, server):
    page = visit.page
    for lang in ("", "en/", "lo/"):
        page.goto(f"{server}/{lang}press-release/hostile-note/")
        page.wait_for_load_state("networkidle")
        page.hover(".qb-body a[href='https://example.org/']")
        for link in page.locator(".qb-body a:not([href])").all():  # what was a javascript: link
            link.click(no_wait_after=True)
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".qb-body script, .qb-body iframe, .qb-body img, .qb-body svg").count() == 0
        assert "onerror" in page.locator("h1").first.inner_text()  # the hostile title is shown as text
    page.goto(f"{server}/en/press/")
    assert page.evaluate("window.__pwned") is None
    assert visit.errors == []


def test_photos_load_from_the_site_with_alt_text_in_the_readers_language(visit, server):
    for prefix, alt in (("", "Bãi cát và biển xanh"), ("en/", "Sand and blue sea"), ("lo/", "ຫາດຊາຍ ແລະ ທະເລສີຟ້າ")):
        visit.page.goto(f"{server}/{prefix}place/nhat-le-beach/")
        img = visit.page.locator("figure.qb-photo img").first
        img.scroll_into_view_if_needed()
        visit.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        assert img.get_attribute("alt") == alt
        assert urlparse(visit.page.evaluate("img => img.currentSrc", img.element_handle())).netloc == urlparse(server).netloc
    assert visit.errors == []


def test_pages_are_readable_without_javascript(browser, server):
    tab = Visit(browser, server, java_script_enabled=False)
    try:
        tab.page.goto(f"{server}/en/place/nhat-le-beach/")
        assert tab.page.locator("h1").first.inner_text() == "Nhat Le beach"
        assert tab.page.locator("table.qb-facts").is_visible()
        assert tab.foreign == []
    finally:
        tab.close()


def test_lao_and_vietnamese_use_the_vendored_fonts_and_home_screenshots(visit, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang, prefix in zip(LANGS, ("", "en/", "lo/")):
        visit.page.goto(f"{server}/{prefix}")
        visit.page.wait_for_load_state("networkidle")
        loaded = visit.page.evaluate(
            "async () => { await document.fonts.ready; return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family) }")
        expected = "Noto Sans Lao" if lang == "lo" else "Noto Sans"
        assert any(expected in family for family in loaded), (lang, loaded)
        visit.page.screenshot(path=str(ARTIFACTS / f"home-{lang}.png"), full_page=True)
        assert (ARTIFACTS / f"home-{lang}.png").stat().st_size > 1000
    assert visit.errors == []


def test_the_language_menu_works_from_the_keyboard(visit, server):
    page = visit.page
    page.goto(f"{server}/en/place/nhat-le-beach/")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('hreflang')")
        if focused == "vi" and page.evaluate("document.activeElement.classList.contains('md-select__link')"):
            break
    else:
        pytest.fail("the language menu cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/place/nhat-le-beach/")
    assert page.locator("h1").first.inner_text() == "Bãi biển Nhật Lệ"
    assert visit.errors == []
