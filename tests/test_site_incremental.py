"""Rebuilding after an edit: ``quangba build`` keeps rendered bodies and the MkDocs frames in
``.cache/site`` (site/render.py, site/cache.py). Whatever it reuses, the portal must be
exactly what a build from nothing gives: the edited record's pages and every list showing
it change, nothing stale remains, a record taken down is gone, and the cache can be deleted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NOW, REPO, Repo, text


@pytest.fixture
def province(repo: Repo) -> Repo:
    """The demo's own look (mkdocs.yml, theme) in the province, as a real repository has."""
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    return repo


def build(repo: Repo) -> Path:
    result = repo.run("build", "--quiet")
    assert result.code == 0, result.out + result.err
    return repo.root / "site"


def contents(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def files_containing(site: Path, needle: str) -> list[str]:
    return [name for name, data in contents(site).items() if needle.encode() in data]


def test_a_rebuild_after_editing_one_record_changes_its_pages_and_the_lists_that_show_it(province: Repo) -> None:
    build(province)
    province.write("content/vi/place/nhat-le-beach.md",
                   text("Bãi biển Nhật Lệ mới", "Tóm tắt đã sửa.", "Đoạn văn EDITED-BODY-7."))
    site = build(province)
    for prefix in ("", "lo/"):  # Vietnamese, and Lao which shows the Vietnamese text
        record = (site / prefix / "place/nhat-le-beach/index.html").read_text("utf-8")
        assert "Bãi biển Nhật Lệ mới" in record and "EDITED-BODY-7" in record
        assert "Tóm tắt đã sửa." in (site / prefix / "place/index.html").read_text("utf-8")
    assert "Bãi biển Nhật Lệ mới" in (site / "event/sea-festival/index.html").read_text("utf-8")  # its venue
    assert files_containing(site, "Nước trong xanh.") == []  # the old body is nowhere
    assert files_containing(site, "Bãi biển đẹp ở Đồng Hới.") == []  # nor the old summary


def test_pages_a_rebuild_does_not_change_stay_the_same_files(province: Repo) -> None:
    """Unchanged pages are hard-linked from the site before (so a deploy by rsync or a web
    server's ETag sees them unchanged); changed ones are new files; the old site is gone."""
    site = build(province)
    edited, untouched = "place/nhat-le-beach/index.html", "event/sea-festival/index.html"
    also_untouched = ["404.html", "en/404.html", "sitemap.xml"]  # where MkDocs left files of its own first
    before = {name: (site / name).stat().st_ino for name in (edited, untouched, *also_untouched)}
    old_bytes = (site / untouched).read_bytes()
    province.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Tóm tắt.", "Đoạn LINKED-9."))
    site = build(province)
    assert "LINKED-9" in (site / edited).read_text("utf-8")
    assert (site / edited).stat().st_ino != before[edited]
    for name in (untouched, *also_untouched):
        assert (site / name).stat().st_ino == before[name], name
    assert (site / untouched).read_bytes() == old_bytes
    discarded = lambda: list(province.root.glob(".quangba-build-*"))  # noqa: E731
    for _ in range(600):  # deleted by a process of its own, which the build does not wait for
        if not discarded():
            break
        time.sleep(0.1)
    assert discarded() == []


def test_a_rebuild_never_changes_a_file_of_the_site_published_before(province: Repo) -> None:
    """Pages, calendars, search files and the theme's files are hard-linked from the site
    before when unchanged: what the rebuild writes must never go through such a link."""
    from quangba.catalog.load import load_catalog
    from quangba.catalog.model import parse_moment
    from quangba.site import build_site

    def site_of(out: Path, previous: Path | None) -> dict[str, bytes]:
        catalog = load_catalog(province.root).catalog
        build_site(catalog, out, parse_moment(NOW), cache_dir=province.root / ".cache/site", previous=previous)
        return contents(out)

    published = province.root / "published"
    before = site_of(published, None)
    province.write("content/vi/event/sea-festival.md", text("Lễ hội biển LINK-SAFE-5", "Tóm tắt mới.", "Nội dung."))
    after = site_of(province.root / "rebuilt", published)
    assert contents(published) == before
    changed = [name for name in after if after[name] != before.get(name)]
    assert "event/sea-festival/index.html" in changed and "event/sea-festival.ics" in changed
    assert any(name.startswith("search/") for name in changed)


def test_a_new_theme_folder_in_mkdocs_yml_shows_at_the_next_build(province: Repo) -> None:
    """The theme's folders are remembered between builds (site/render.py: known_theme_dirs):
    pointing mkdocs.yml at another folder must still change every page."""
    build(province)
    shutil.copytree(province.root / "assets/theme", province.root / "assets/theme-2026")
    province.edit("assets/theme-2026/partials/quangba-head.html", '<meta name="description"',
                  '<meta name="generator" content="THEME-FOLDER-8">\n    <meta name="description"')
    province.edit("mkdocs.yml", "custom_dir: assets/theme\n", "custom_dir: assets/theme-2026\n")
    site = build(province)
    for url in ("index.html", "place/nhat-le-beach/index.html", "en/event/sea-festival/index.html"):
        assert "THEME-FOLDER-8" in (site / url).read_text("utf-8"), url


def test_a_page_is_never_linked_to_a_file_whose_bytes_differ(tmp_path: Path) -> None:
    from quangba.site.render import link_if_same

    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_bytes(b"<p>before</p>")
    assert not link_if_same(str(old), str(new), b"<p>after!</p>") and not new.exists()
    assert not link_if_same(str(old), str(new), b"<p>befor</p>") and not new.exists()
    (tmp_path / "link.html").symlink_to(old)
    assert not link_if_same(str(tmp_path / "link.html"), str(new), b"<p>before</p>") and not new.exists()
    assert not link_if_same(str(tmp_path / "missing.html"), str(new), b"") and not new.exists()
    assert link_if_same(str(old), str(new), b"<p>before</p>") and new.stat().st_ino == old.stat().st_ino


def test_deleting_the_cache_gives_the_same_bytes(province: Repo) -> None:
    first = contents(build(province))
    again = contents(build(province))  # everything from the cache
    shutil.rmtree(province.root / ".cache")
    fresh = contents(build(province))  # nothing from it
    assert again.keys() == first.keys() == fresh.keys()
    assert [name for name in first if not (first[name] == again[name] == fresh[name])] == []


def test_a_damaged_cache_only_costs_time(province: Repo) -> None:
    first = contents(build(province))
    cache = province.root / ".cache" / "site"
    for path in cache.rglob("*.json"):
        path.write_text("[1, 2", "utf-8")  # cut short, as by a full disk
    (cache / "bodies-0.json").write_text('{"renderer": "x", "bodies": []}', "utf-8")
    assert contents(build(province)) == first
    for entry in cache.glob("frames-*"):
        shutil.rmtree(entry / "site")  # the theme's files gone from an entry
    assert contents(build(province)) == first


def test_a_record_taken_down_vanishes_on_rebuild(province: Repo) -> None:
    province.write("content/vi/press-release/press-2026-01.md", text("Thông cáo TAKEDOWN-9", "Tóm tắt.", "Nội dung."))
    site = build(province)
    assert files_containing(site, "TAKEDOWN-9")
    province.edit("catalog/press-release/press-2026-01.yaml", "status: published", "status: draft")
    site = build(province)
    assert not (site / "press-release/press-2026-01").exists()
    assert not (site / "en/press-release/press-2026-01").exists()
    assert files_containing(site, "TAKEDOWN-9") == []
    assert files_containing(site, "press-2026-01") == []


def test_a_retracted_record_keeps_only_its_notice_on_rebuild(province: Repo) -> None:
    build(province)
    province.edit("catalog/place/nhat-le-beach.yaml", "status: published",
                  "status: retracted\nretracted: 2026-03-01\nretraction_reason: {vi: Sai vị trí, en: Wrong location}")
    province.edit("catalog/event/sea-festival.yaml", "relations:\n  - {type: venue, target: nhat-le-beach}\n", "")
    site = build(province)
    page = (site / "en/place/nhat-le-beach/index.html").read_text("utf-8")
    assert "Wrong location" in page
    assert "Clear water." not in page and "Nhat Le beach" not in page
    assert files_containing(site, "Nước trong xanh.") == []


def test_a_change_to_the_provinces_theme_shows_on_every_page_at_the_next_build(province: Repo) -> None:
    build(province)
    province.edit("assets/theme/partials/quangba-head.html", '<meta name="description"',
                  '<meta name="generator" content="THEME-EDIT-3">\n    <meta name="description"')
    province.edit("assets/theme/main.html", "{% block fonts %}{% endblock %}",
                  "{% block fonts %}<!-- FRAME-EDIT-4 -->{% endblock %}")
    site = build(province)
    for url in ("index.html", "place/index.html", "place/nhat-le-beach/index.html", "lo/event/sea-festival/index.html"):
        html = (site / url).read_text("utf-8")
        assert "THEME-EDIT-3" in html and "FRAME-EDIT-4" in html, url


def test_a_theme_copy_without_slots_still_gets_every_page(province: Repo) -> None:
    """An older copy of the theme in a province's repository has no slot partials: MkDocs
    then lays out every page itself, as before."""
    (province.root / "assets/theme/partials/quangba-head.html").unlink()
    main = province.root / "assets/theme/main.html"
    main.write_text('{% extends "base.html" %}\n{% block content %}{{ page.content }}{% endblock %}\n', "utf-8")
    site = build(province)
    for prefix in ("", "en/", "lo/"):
        assert (site / prefix / "place/nhat-le-beach/index.html").is_file()
    assert "Nước trong xanh." in (site / "lo/place/nhat-le-beach/index.html").read_text("utf-8")
    assert "Clear water." in (site / "en/place/nhat-le-beach/index.html").read_text("utf-8")
    assert not list(site.rglob("_quangba-skeleton"))


def test_no_skeleton_page_is_published(province: Repo) -> None:
    site = build(province)
    assert not list(site.rglob("*quangba-skeleton*"))
    assert files_containing(site, "quangba-skeleton") == []
    assert files_containing(site, "<!--quangba:") == []


def test_the_site_benchmark_runs_on_a_tiny_province(tmp_path: Path) -> None:
    out = tmp_path / "results-site.json"
    done = subprocess.run([sys.executable, str(REPO / "bench/site.py"), "--records", "12", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    run = json.loads(out.read_text("utf-8"))["runs"][0]
    assert run["records"] == 12 and run["pages"] > 36
    for build in (run["full"], run["rebuild_one_record"]):
        assert {"build", "site_stage", "plan", "frames", "write", "export_stage"} <= build["cpu"].keys()
        assert build["peak_mb"] > 0
