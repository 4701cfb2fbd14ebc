"""The bundled demo province's portal: every link inside the site resolves, every visible
record has a page in every language, and a record page's first load stays small."""

from __future__ import annotations

import gzip
import posixpath
from datetime import datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest

from conftest import NOW, REPO
from quangba.catalog.load import load_catalog
from quangba.site import build_site


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    catalog = load_catalog(REPO).catalog
    if not catalog.records:
        pytest.skip("no demo province in this checkout")
    out = tmp_path_factory.mktemp("demo") / "site"
    build_site(catalog, out, datetime.fromisoformat(NOW))
    return catalog, out


def _target(site: Path, page: Path, href: str) -> Path:
    url = page.relative_to(site).parent.as_posix()
    path = posixpath.normpath(posixpath.join(url, href.split("#")[0].split("?")[0]))
    target = site / path
    return target / "index.html" if href.split("#")[0].endswith("/") or target.is_dir() else target


def _added_by_the_build(site: Path, target: Path) -> bool:
    """The data package (/data/) and the feed of its releases come with the package, after
    the site stage: tests/test_publish.py follows those links in a whole build."""
    rel = target.relative_to(site).as_posix() if target.is_relative_to(site) else ""
    return rel.startswith("data/") or rel.endswith("open-data/releases.atom.xml")


def test_every_link_and_resource_inside_the_demo_site_exists(demo):
    _, site = demo
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any address: its links are absolute to the site root
        doc = lxml.html.fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            if href.startswith(("http:", "https:", "mailto:", "tel:", "#", "data:")) or not href:
                continue
            if href.endswith("open-data/"):  # the publishing branch's page (helpers' interfaces.md)
                continue
            target = _target(site, page, href)
            if _added_by_the_build(site, target):
                continue
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {href}")
    assert broken == []


def test_every_visible_record_has_a_page_in_every_language(demo):
    catalog, site = demo
    now = datetime.fromisoformat(NOW)
    for record in catalog.visible_records(now):
        for lang in catalog.languages:
            prefix = "" if lang == "vi" else f"{lang}/"
            assert (site / prefix / record.kind / record.id / "index.html").is_file(), (lang, record.id)
    hidden = [r for r in catalog.records.values() if not r.is_visible(now)]
    for record in hidden:
        assert not (site / record.kind / record.id).exists(), record.id
    for lang in ("", "en/", "lo/"):
        assert not feedparser.parse((site / lang / "feed.atom.xml").read_bytes()).bozo


def test_a_record_page_first_load_is_at_most_150_kb_compressed(demo):
    """What a first visit to a record page downloads (photos aside), gzip-compressed as a
    web server sends it; woff2 fonts are already compressed."""
    catalog, site = demo
    page = max((site / "en" / r.kind / r.id / "index.html" for r in catalog.public_records(datetime.fromisoformat(NOW))),
               key=lambda p: p.stat().st_size)
    doc = lxml.html.fromstring(page.read_bytes())
    files = [page] + [_target(site, page, u) for u in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")]
    total = sum(len(gzip.compress(f.read_bytes())) for f in files)
    fonts = sum(f.stat().st_size for f in (site / "fonts").glob("*.woff2"))  # at most every vendored font
    assert total + fonts <= 150_000, (total, fonts)


def test_the_portals_own_folders_are_the_names_a_kind_may_not_take(demo):
    """validate refuses a kind named like one of them (REC-KIND-RESERVED): its pages would
    sit on top of the folder."""
    from quangba.catalog.model import SOURCE_LANGUAGE
    from quangba.rules.checks import PORTAL_FOLDERS

    catalog, site = demo
    for home in [site, *(site / lang for lang in catalog.languages if lang != SOURCE_LANGUAGE)]:
        own = {p.name for p in home.iterdir() if p.is_dir()} - set(catalog.kinds) - set(catalog.languages)
        assert own and own <= PORTAL_FOLDERS, own
