"""The investment project list and the printable profile in a real browser (Debian's
chromium, as in test_portal_browser.py): the filter by each facet, from the keyboard, the
count read out, the address that keeps the filter, no console error, no request to another
host; the profile prints on one A4 page in every language."""

from __future__ import annotations

import re

import pytest

import test_site_investment as invest
from browserkit import browser, served  # noqa: F401  (browser is a fixture)
from test_portal_browser import Visit

pytestmark = pytest.mark.browser

ALL = ["farm-processing", "logistics-centre", "wind-power"]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    repo = invest._province(tmp_path_factory.mktemp("browser-invest") / "province")
    result = repo.quangba("build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


@pytest.fixture(scope="module")
def server(province):
    with served(province.root / "site") as address:
        yield address


@pytest.fixture
def visit(browser, server):  # noqa: F811
    tab = Visit(browser, server)
    yield tab
    tab.close()
    assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"


def shown_rows(page) -> list[str]:
    return sorted(page.locator("#qb-projects tbody tr:visible th a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').replace(/\\/$/, ''))"))


def count_text(page) -> str:
    return page.locator("#qb-project-count").inner_text()


@pytest.mark.parametrize("facet, value, expected", [
    ("sector", "energy", ["wind-power"]),
    ("sector", "logistics", ["logistics-centre"]),
    ("place", "zone:lao-bao-sez", ["logistics-centre", "wind-power"]),
    ("place", "unit:dong-hoi", ["farm-processing"]),
    ("capital", "USD:10000000:100000000", ["logistics-centre", "wind-power"]),
    ("capital", "VND:100000000000:1000000000000", ["farm-processing"]),
    ("status", "calling", ["logistics-centre"]),
    ("status", "licensed", ["farm-processing"]),
    ("status", "operating", ["wind-power"]),
])
def test_filter_by_each_facet_shows_only_the_matching_projects(visit, server, facet, value, expected):
    page = visit.page
    page.goto(f"{server}/en/project/")
    assert page.locator("#qb-project-filter").is_visible()
    assert shown_rows(page) == ALL and count_text(page) == "3 projects"
    page.select_option(f"#qb-filter-{facet}", value)
    assert shown_rows(page) == expected
    assert count_text(page) == f"Showing {len(expected)} of 3 projects"
    assert page.locator("#qb-project-none").is_hidden()
    # the address keeps the filter, so a filtered list can be shared
    assert f"{facet}=" in page.url
    assert visit.errors == []


def test_filters_combine_say_when_nothing_matches_and_reset(visit, server):
    page = visit.page
    page.goto(f"{server}/en/project/")
    page.select_option("#qb-filter-sector", "logistics")
    page.select_option("#qb-filter-status", "operating")
    assert shown_rows(page) == []
    assert page.locator("#qb-project-none").is_visible()
    assert count_text(page) == "Showing 0 of 3 projects"
    page.click("#qb-project-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#qb-projects tbody tr[hidden]').length === 0")
    assert shown_rows(page) == ALL and count_text(page) == "Showing 3 of 3 projects"
    assert visit.errors == []


def test_a_shared_address_opens_the_filtered_list(visit, server):
    page = visit.page
    page.goto(f"{server}/en/project/?status=operating&sector=not-a-sector")
    assert page.locator("#qb-filter-status").input_value() == "operating"
    assert page.locator("#qb-filter-sector").input_value() == ""  # an unknown value is ignored
    assert shown_rows(page) == ["wind-power"]
    assert visit.errors == []


def test_the_filter_works_from_the_keyboard_and_the_count_is_announced(visit, server):
    page = visit.page
    page.goto(f"{server}/lo/project/")
    assert page.locator("#qb-project-count").get_attribute("aria-live") == "polite"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "qb-filter-status":
            break
    else:
        pytest.fail("the status filter cannot be reached with the Tab key")
    page.keyboard.press("ArrowDown")  # All → calling
    assert page.locator("#qb-filter-status").input_value() == "calling"
    assert shown_rows(page) == ["logistics-centre"]
    assert count_text(page) == "ສະແດງ 1 ຈາກ 3 ໂຄງການ"
    assert visit.errors == []


def test_without_javascript_the_list_is_complete_and_the_form_is_not_shown(browser, server):  # noqa: F811
    tab = Visit(browser, server, java_script_enabled=False)
    try:
        tab.page.goto(f"{server}/project/")
        assert shown_rows(tab.page) == ALL
        assert tab.page.locator("#qb-project-filter").is_hidden()
        assert tab.foreign == []
    finally:
        tab.close()


@pytest.mark.parametrize("prefix", ["", "en/", "lo/"])
def test_the_profile_prints_on_one_a4_page_without_the_portal_frame(visit, server, prefix):
    page = visit.page
    page.goto(f"{server}/{prefix}project/logistics-centre/")
    page.click(".qb-profile-link a")
    page.wait_for_url(f"{server}/{prefix}project/logistics-centre/profile/")
    page.wait_for_load_state("networkidle")
    photo = page.locator(".qb-profile-photo img")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert page.locator("[data-qb-print]").is_visible()  # the print button, once the script runs
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".qb-profile-actions").is_hidden()
    assert page.locator(".qb-profile .qb-facts").is_visible() and photo.is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the profile prints on {pages} pages"
    assert visit.errors == []


def test_profiles_pdf_prints_every_profile_on_one_page(browser, province, tmp_path):  # noqa: F811
    # (the browser fixture skips this without chromium, and fails it on CI)
    result = province.quangba("profiles-pdf", "--out", str(tmp_path / "pdf"))
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted(p.name for p in (tmp_path / "pdf").iterdir())
    assert pdfs == [f"{pid}.{lang}.pdf" for pid in ALL for lang in ("en", "lo", "vi")]
    for pdf in (tmp_path / "pdf").iterdir():
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) == 1, pdf.name
    assert result.stderr == ""
