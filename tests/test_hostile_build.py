"""A build that breaks halfway leaves what was published exactly as it was, byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import quangba.build
import quangba.export
import quangba.site
from conftest import REPO, Repo


@pytest.fixture
def published(repo: Repo) -> Repo:
    """A province whose portal and data package are already built once."""
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    assert repo.run("build").code == 0
    # the next build would change things, so an unchanged output means nothing was replaced
    repo.edit("content/vi/place/nhat-le-beach.md", "Nước trong xanh.", "Nước trong xanh, cát trắng.")
    return repo


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under site/ and export/, with its bytes."""
    out: dict[str, bytes | None] = {}
    for name in ("site", "export"):
        for path in sorted((root / name).rglob("*")):
            out[path.relative_to(root).as_posix()] = path.read_bytes() if path.is_file() else None
    return out


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith(".quangba-build-")]


def test_export_stage_failing_halfway_replaces_nothing(published, monkeypatch):
    before = snapshot(published.root)
    assert before["site/place/nhat-le-beach/index.html"]
    real = quangba.export.export_package

    def breaks_halfway(catalog, out_dir, now, *args, **kwargs):
        real(catalog, out_dir, now, *args, **kwargs)  # everything written…
        (out_dir / "datapackage.json").write_text("{half", "utf-8")
        raise OSError(28, "No space left on device")  # …then the disk fills up

    monkeypatch.setattr(quangba.export, "export_package", breaks_halfway)
    result = published.run("build")
    assert result.code == 1
    assert "BUILD-STAGE-FAILED" in result.out and "“export” stage stopped halfway" in result.out
    assert "No space left on device" in result.out
    assert "site/ and export/ are left as they were" in result.err
    assert snapshot(published.root) == before
    assert leftovers(published.root) == []


@pytest.mark.parametrize("module, function, stage", [("search", "write_indexes", "site: search, feeds"),
                                                     ("extras", "write_sitemap", "site: search, feeds"),
                                                     ("render", "write_pages", "site: pages")])
def test_a_part_of_the_site_stage_failing_in_either_process_replaces_nothing(published, monkeypatch, module,
                                                                            function, stage):
    """The site stage writes its pages in this process and the rest in a second one: a failure
    in either is named, and nothing is replaced."""
    import importlib

    before = snapshot(published.root)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importlib.import_module(f"quangba.site.{module}"), function, boom)
    result = published.run("build")
    assert result.code == 1 and f"The “{stage}” stage stopped halfway" in result.out, result.out
    assert "No space left on device" in result.out
    assert snapshot(published.root) == before
    assert leftovers(published.root) == []


def test_site_stage_failing_replaces_nothing(published, monkeypatch):
    before = snapshot(published.root)

    def boom(catalog, out_dir, now, **kwargs):
        out_dir.mkdir(parents=True)
        (out_dir / "index.html").write_text("half a page", "utf-8")
        raise RuntimeError("theme template broke")

    monkeypatch.setattr(quangba.site, "build_site", boom)
    result = published.run("build")
    assert result.code == 1 and "Bước “site” dừng giữa chừng" in result.out
    assert snapshot(published.root) == before
    assert leftovers(published.root) == []


def test_a_failure_while_switching_the_pair_leaves_the_previous_outputs(published, monkeypatch):
    """site/ and export/ are switched together by one rename of the live link (they used to
    be moved one after the other, and this test then failed on the second move)."""
    before = snapshot(published.root)
    real_replace = os.replace

    def fails_on_switch(src, dst):
        if Path(dst).name == quangba.build.LIVE:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(quangba.build.os, "replace", fails_on_switch)
    result = published.run("build")
    assert result.code == 1 and "“replace” stage" in result.out
    assert snapshot(published.root) == before
    assert leftovers(published.root) == []


def test_a_first_build_that_fails_while_switching_leaves_no_half_output(repo, monkeypatch):
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    real_replace = os.replace

    def fails_on_switch(src, dst):
        if Path(dst).name == quangba.build.LIVE:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(quangba.build.os, "replace", fails_on_switch)
    assert repo.run("build").code == 1
    assert not os.path.lexists(repo.root / "site") and not os.path.lexists(repo.root / "export")
    assert leftovers(repo.root) == []


def test_a_validation_error_replaces_nothing_either(published):
    before = snapshot(published.root)
    published.write("catalog/place/nhat-le-beach.yaml", "id: [broken\n")
    result = published.run("build")
    assert result.code == 1 and "YAML-SYNTAX" in result.out
    assert snapshot(published.root) == before


def test_the_next_good_build_does_replace(published):
    before = snapshot(published.root)
    assert published.run("build").code == 0
    after = snapshot(published.root)
    assert after != before and "cát trắng" in after["site/place/nhat-le-beach/index.html"].decode()
