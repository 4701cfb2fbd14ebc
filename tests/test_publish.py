"""`quangba publish` and `quangba rollback` on a small province: immutable releases switched
by one link, the same build twice is nothing, unchanged files shared, the last N kept, the
package's versions and the feed of what each changed (issue 19)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, Repo
from quangba.deploy.publish import CURRENT, RELEASES, releases
from test_html_valid import _material_toggle_quirk, java, vnu_errors  # noqa: F401  java: the fixture


@pytest.fixture
def province(repo: Repo) -> Repo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    assert repo.run("build").code == 0
    return repo


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def live(dest: Path) -> Path:
    return dest / CURRENT


def change(repo: Repo, n: int) -> None:
    repo.edit("content/vi/place/nhat-le-beach.md", "Nước trong xanh", f"Nước trong xanh {n}")
    assert repo.run("build").code == 0


def test_publish_makes_a_release_live_through_one_link(province, tmp_path):
    dest = tmp_path / "www"
    result = province.run("publish", str(dest))
    assert result.code == 0, result.err
    assert os.path.islink(dest / CURRENT) and os.readlink(dest / CURRENT).startswith(f"{RELEASES}/")
    published = {rel: data for rel, data in snapshot(live(dest) / "place").items() if not rel.endswith(".gz")}
    assert published == snapshot(province.root / "site" / "place")
    assert (live(dest) / "data" / "datapackage.json").is_file()
    assert (live(dest) / "index.html.gz").is_file()  # precompressed for the web server


def test_publishing_the_same_build_twice_changes_nothing(province, tmp_path):
    dest = tmp_path / "www"
    assert province.run("publish", str(dest)).code == 0
    before = (releases(dest), os.readlink(dest / CURRENT), snapshot(live(dest)))
    again = province.run("publish", str(dest))
    assert again.code == 0 and "already live" in again.out and "đã đang chạy" in again.out
    assert (releases(dest), os.readlink(dest / CURRENT), snapshot(live(dest))) == before


def test_a_release_is_never_changed_and_unchanged_files_are_shared(province, tmp_path):
    dest = tmp_path / "www"
    assert province.run("publish", str(dest)).code == 0
    first = dest / RELEASES / releases(dest)[0]
    before = snapshot(first)
    change(province, 1)
    assert province.run("publish", str(dest)).code == 0
    second = dest / RELEASES / releases(dest)[1]
    assert snapshot(first) == before  # the old release is as it was, byte for byte
    assert all(not os.access(p, os.W_OK) or os.geteuid() == 0 for p in first.rglob("*") if p.is_file())
    assert all(p.stat().st_mode & 0o222 == 0 for p in first.rglob("*") if p.is_file())  # read-only
    page = "place/nhat-le-beach/index.html"
    assert (first / page).read_bytes() != (second / page).read_bytes()
    assert (first / page).stat().st_ino != (second / page).stat().st_ino
    unchanged = "robots.txt"
    assert (first / unchanged).stat().st_ino == (second / unchanged).stat().st_ino  # one file on disk


def test_rollback_makes_the_previous_release_live_and_says_when_there_is_none(province, tmp_path):
    dest = tmp_path / "www"
    assert province.run("publish", str(dest)).code == 0
    nothing = province.run("rollback", str(dest))
    assert nothing.code == 1 and "No release before" in nothing.err and "Không có bản nào" in nothing.err
    before = snapshot(live(dest))
    change(province, 1)
    assert province.run("publish", str(dest)).code == 0
    assert snapshot(live(dest)) != before
    assert province.run("rollback", str(dest)).code == 0
    assert snapshot(live(dest)) == before


def test_only_the_last_n_releases_and_package_versions_are_kept(province, tmp_path):
    dest = tmp_path / "www"
    for n in range(1, 5):
        change(province, n)
        assert province.run("publish", str(dest), "--keep", "2").code == 0
    assert len(releases(dest)) == 2
    index = json.loads((live(dest) / "data" / "releases" / "index.json").read_text("utf-8"))
    assert len(index) == 2 and index[0]["modified"] == ["nhat-le-beach"] and index[0]["previous"] == index[1]["version"]
    kept = sorted(p.name for p in (live(dest) / "data" / "releases").iterdir() if p.is_dir())
    assert kept == sorted(r["version"] for r in index)
    for version in kept:
        package = live(dest) / "data" / "releases" / version
        assert json.loads((package / "datapackage.json").read_text("utf-8"))["version"] == version
    for lang in ("vi", "en", "lo"):
        feed = feedparser.parse((live(dest) / (f"{lang}/" if lang != "vi" else "") / "open-data/releases.atom.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == 2
        assert feed.feed.language == lang


def test_publish_before_any_build_says_so(repo, tmp_path):
    result = repo.run("publish", str(tmp_path / "www"))
    assert result.code == 1 and "quangba build" in result.err and "No build" in result.err


def test_the_release_feed_of_a_build_parses_in_every_language(province):
    for lang in ("vi", "en", "lo"):
        prefix = province.root / "site" / (f"{lang}/" if lang != "vi" else "")
        feed = feedparser.parse((prefix / "open-data/releases.atom.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == 1 and feed.feed.language == lang
        page = (prefix / "open-data/index.html").read_text("utf-8")
        version = json.loads((province.root / "export/datapackage.json").read_text("utf-8"))["version"]
        assert version in page and "<!--qb:" not in page  # the package's own version, filled in
        assert "releases.atom.xml" in page and "datapackage.json" in page


def test_the_open_data_page_gives_the_packages_date_in_the_readers_language(province):
    import lxml.html

    created = json.loads((province.root / "export/datapackage.json").read_text("utf-8"))["created"]
    shown = {}
    for lang in ("vi", "en", "lo"):
        prefix = province.root / "site" / (f"{lang}/" if lang != "vi" else "")
        doc = lxml.html.fromstring((prefix / "open-data/index.html").read_bytes())
        (time,) = doc.xpath("//main//time[@datetime]")
        assert time.get("datetime") == created  # the moment itself, for machines
        assert time.text_content() != created and "(UTC+7)" in time.text_content()
        shown[lang] = time.text_content()
    assert len(set(shown.values())) == 3, shown  # each language writes it its own way


@pytest.mark.java
def test_the_open_data_page_with_its_package_filled_in_is_valid_html(java, province):
    pages = [province.root / "site" / prefix / "open-data" / "index.html" for prefix in ("", "en", "lo")]
    assert all("<table class=\"qb-data-files\">" in p.read_text("utf-8") for p in pages)
    problems = [p for p in vnu_errors(java, pages) if not _material_toggle_quirk(p)]
    assert problems == [], problems


def test_every_link_of_the_open_data_page_leads_to_a_file_of_the_build(province):
    import posixpath

    import lxml.html

    site = province.root / "site"
    for prefix in ("", "en/", "lo/"):
        page = site / prefix / "open-data" / "index.html"
        hrefs = [h for h in lxml.html.fromstring(page.read_bytes()).xpath("//main//a/@href")
                 if not h.startswith(("http:", "https:", "#"))]
        data_links = [h for h in hrefs if "/data/" in h]
        assert len(data_links) > 10  # the descriptor, DCAT, every table, the GeoJSON
        for href in hrefs:
            target = site / posixpath.normpath(posixpath.join(f"{prefix}open-data", href))
            assert (target / "index.html" if target.is_dir() else target).is_file(), f"{page}: {href}"


def test_a_web_root_whose_current_is_a_folder_is_left_alone_with_a_message(province, tmp_path):
    dest = tmp_path / "www"
    (dest / CURRENT).mkdir(parents=True)
    (dest / CURRENT / "index.html").write_text("the site someone copied by hand", "utf-8")
    result = province.run("publish", str(dest))
    assert result.code == 1 and "move it away first" in result.err and "hãy chuyển nó" in result.err
    assert (dest / CURRENT / "index.html").read_text("utf-8") == "the site someone copied by hand"
    assert releases(dest) == []


def test_what_a_killed_publish_left_is_removed_by_the_next(province, tmp_path):
    dest = tmp_path / "www"
    half = dest / RELEASES / ".staging-000001-20261123T050000Z-0123456789ab"
    (half / "place").mkdir(parents=True)
    (half / "index.html").write_text("half a release", "utf-8")
    assert province.run("publish", str(dest)).code == 0
    assert not half.exists() and len(releases(dest)) == 1
