"""Hostile links and files in a province's repository (issue 21, items 3 and 4): theme files
that are links out of the repository are reported and never published; `fix-nfc` never
writes through a link out of the repository; translators' files are read as files, never as
paths, and a huge one is refused before it is read. The links are made at run time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import NOW, REPO, Repo

SECRET = "CI_TOKEN=ghp_SECRET_FROM_THE_ENVIRONMENT"


def findings(repo: Repo, *args: str) -> list[dict]:
    result = repo.quangba("validate", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def about(found: list[dict], path: str, rule: str) -> list[dict]:
    return [f for f in found if f["path"] == path and f["rule"] == rule]


# -- item 3: theme files ------------------------------------------------------------------------
@pytest.fixture
def themed(repo: Repo) -> Repo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    return repo


def plant_theme_links(repo: Repo, outside: Path) -> None:
    """The issue's two links (the environment and /etc/passwd), with a planted secret."""
    secret = outside / "environ"
    secret.write_text(SECRET + "\n", "utf-8")
    os.symlink(secret, repo.root / "assets/theme/env.txt")
    os.symlink("/etc/passwd", repo.root / "assets/theme/x.css")


def test_a_theme_link_out_of_the_repository_is_a_validate_finding(themed, tmp_path):
    plant_theme_links(themed, tmp_path)
    found = findings(themed)
    assert about(found, "assets/theme/env.txt", "FILE-OUTSIDE-REPO")
    assert about(found, "assets/theme/x.css", "FILE-OUTSIDE-REPO")
    assert themed.quangba("build").returncode == 1  # validate stops the build before anything is copied


def test_a_theme_link_to_an_internal_record_is_a_finding(themed):
    os.symlink("../../catalog/place/nhat-le-beach.yaml", themed.root / "assets/theme/record.txt")
    found = findings(themed)
    f = about(found, "assets/theme/record.txt", "THEME-LINK")
    assert f and "catalog/place/nhat-le-beach.yaml" in f[0]["message_en"]


def test_a_link_inside_the_theme_is_fine(themed):
    os.symlink("quangba/quangba.css", themed.root / "assets/theme/alias.css")
    assert not [f for f in findings(themed) if f["path"].startswith("assets/theme/")]


def test_the_site_stage_never_copies_a_theme_link_out_of_the_repository(themed, tmp_path):
    """Even handed such a theme without validate (the site stage on its own)."""
    from quangba.catalog.load import load_catalog
    from quangba.catalog.model import parse_moment
    from quangba.site import build_site

    plant_theme_links(themed, tmp_path)
    os.symlink("../../catalog/place/nhat-le-beach.yaml", themed.root / "assets/theme/record.txt")
    out = tmp_path / "site"
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # laid out by MkDocs, then from the cache
        shutil.rmtree(out, ignore_errors=True)
        build_site(load_catalog(themed.root).catalog, out, parse_moment(NOW), cache_dir=cache)
        names = {p.name for p in out.rglob("*")}
        assert "env.txt" not in names and "x.css" not in names and "record.txt" not in names
        assert "quangba.css" in names  # the theme's own files are there
        for path in out.rglob("*"):
            if path.is_file() and path.suffix in {".txt", ".css", ".html", ".js", ".xml", ".json"}:
                data = path.read_bytes()
                assert SECRET.encode() not in data and b"root:x:0:0" not in data, path


def git(repo: Repo, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo.root), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           *args], check=True, capture_output=True, text=True).stdout


def test_check_pr_reports_a_theme_link_even_for_the_owning_department(themed, tmp_path):
    git(themed, "init", "-q", "-b", "main")
    git(themed, "add", "-A")
    git(themed, "commit", "-qm", "province")
    git(themed, "checkout", "-qb", "pr")
    plant_theme_links(themed, tmp_path)
    git(themed, "add", "-A")
    git(themed, "commit", "-qm", "theme")
    result = themed.quangba("check-pr", "--base", "main", "--format", "json", "--agency", "so-vhttdl")
    assert result.returncode == 1, result.stdout + result.stderr
    found = {(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("assets/theme/env.txt", "FILE-OUTSIDE-REPO") in found
    assert ("assets/theme/x.css", "FILE-OUTSIDE-REPO") in found
