"""The sitemap says when each page last changed (``<lastmod>``), so a crawler fetches only
what did (issue 19)."""

from __future__ import annotations

import shutil

from lxml import etree

from conftest import REPO

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_every_url_has_its_lastmod_a_record_page_its_records_date(repo):
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    assert repo.run("build").code == 0
    tree = etree.parse(str(repo.root / "site" / "sitemap.xml"))
    dates = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
             for u in tree.iterfind("s:url", NS)}
    assert dates and all(dates.values())
    assert dates["https://demo.example/en/place/nhat-le-beach/"] == "2025-03-02"  # the record's modified
    assert dates["https://demo.example/event/sea-festival/"] == "2025-01-05"
    assert dates["https://demo.example/"] == "2026-01-15"  # the newest date in the data
