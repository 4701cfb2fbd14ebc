"""`quangba build`: the portal in every language and a data package, or nothing at all."""

from __future__ import annotations

import json
import shutil

import pytest
from frictionless import Package

from conftest import REPO, Repo


@pytest.fixture
def site_repo(repo: Repo) -> Repo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    return repo


def test_build_writes_a_page_per_record_and_a_listing_per_kind_in_every_language(site_repo: Repo) -> None:
    result = site_repo.run("build")
    assert result.code == 0, result.out + result.err
    site = site_repo.root / "site"
    for prefix, lang in (("", "vi"), ("en/", "en"), ("lo/", "lo")):
        home = (site / prefix / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}"' in home
        for page in ("place/index.html", "place/nhat-le-beach/index.html", "event/sea-festival/index.html",
                     "press-release/index.html"):
            assert (site / prefix / page).is_file(), f"{prefix}{page}"
    assert "Nhat Le beach" in (site / "en/place/nhat-le-beach/index.html").read_text("utf-8")


def test_an_untranslated_record_shows_the_vietnamese_with_a_notice_in_the_readers_language(site_repo: Repo) -> None:
    assert site_repo.run("build").code == 0
    lao = (site_repo.root / "site/lo/place/nhat-le-beach/index.html").read_text("utf-8")
    assert "Bãi biển Nhật Lệ" in lao
    assert "ໜ້ານີ້ຍັງບໍ່ທັນໄດ້ແປເປັນພາສາລາວ" in lao


def test_sample_data_is_marked_in_every_language(site_repo: Repo) -> None:
    assert site_repo.run("build").code == 0
    for prefix, words in (("", "Dữ liệu mẫu"), ("en/", "Sample data"), ("lo/", "ຂໍ້ມູນຕົວຢ່າງ")):
        page = (site_repo.root / "site" / prefix / "event/sea-festival/index.html").read_text("utf-8")
        assert words in page


def test_the_data_package_is_valid_for_frictionless(site_repo: Repo) -> None:
    assert site_repo.run("build").code == 0
    report = Package(str(site_repo.root / "export" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_build_checks_every_cell_itself_and_frictionless_on_request(site_repo: Repo) -> None:
    """A rebuild stays fast: Frictionless (a second opinion, every row in pure Python) runs
    when asked, as the province's CI workflow asks; the project's own check always does."""
    assert site_repo.run("build").code == 0
    report = json.loads((site_repo.root / "export" / "validation-report.json").read_text("utf-8"))
    assert {"cells", "columns", "primary-keys", "foreign-keys"} <= set(report["checks"])
    assert "frictionless" not in report["checks"] and report["valid"]
    assert site_repo.run("build", "--frictionless").code == 0
    report = json.loads((site_repo.root / "export" / "validation-report.json").read_text("utf-8"))
    assert "frictionless" in report["checks"] and report["valid"]


def test_drafts_internal_and_secret_records_are_not_built(site_repo: Repo) -> None:
    site_repo.edit("catalog/press-release/press-2026-01.yaml", "classification: public", "classification: secret")
    site_repo.edit("content/vi/press-release/press-2026-01.md", "Nội dung.", "SECRET-MARKER-1")
    site_repo.edit("catalog/event/sea-festival.yaml", "status: published", "status: draft")
    site_repo.edit("content/vi/event/sea-festival.md", "Nội dung.", "DRAFT-MARKER-2")
    assert site_repo.run("build").code == 0
    for folder in ("site", "export"):
        for path in (site_repo.root / folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"SECRET-MARKER-1" not in data and b"DRAFT-MARKER-2" not in data, path


def test_a_broken_record_stops_the_build_and_keeps_what_was_published(site_repo: Repo) -> None:
    assert site_repo.run("build").code == 0
    before = {p: p.read_bytes() for p in (site_repo.root / "site").rglob("*") if p.is_file()}
    site_repo.edit("catalog/place/nhat-le-beach.yaml", "agency: so-vhttdl", "agency: nobody")
    result = site_repo.run("build")
    assert result.code == 1
    assert "catalog/place/nhat-le-beach.yaml:3:1: REC-AGENCY-UNKNOWN" in result.out
    assert "site/ and export/ are left as they were" in result.err
    after = {p: p.read_bytes() for p in (site_repo.root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_build_has_no_way_to_publish_drafts(site_repo: Repo) -> None:
    assert site_repo.run("build", "--drafts").code == 2  # previews with drafts are `quangba serve`'s
