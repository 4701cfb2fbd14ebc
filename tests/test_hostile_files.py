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
from hostile import files as hostile
from hostile.files import DECOMPOSED, SECRET


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
    hostile.theme_links_out(repo.root, outside)


def test_a_theme_link_out_of_the_repository_is_a_validate_finding(themed, tmp_path):
    plant_theme_links(themed, tmp_path)
    found = findings(themed)
    assert about(found, "assets/theme/env.txt", "FILE-OUTSIDE-REPO")
    assert about(found, "assets/theme/x.css", "FILE-OUTSIDE-REPO")
    assert themed.quangba("build").returncode == 1  # validate stops the build before anything is copied


def test_a_theme_link_to_an_internal_record_is_a_finding(themed):
    link = hostile.theme_link_to_a_record(themed.root)
    found = findings(themed)
    f = about(found, link, "THEME-LINK")
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
    hostile.theme_link_to_a_record(themed.root)
    hostile.theme_template_link_out(themed.root, tmp_path)  # never rendered into pages either
    out = tmp_path / "site"
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # laid out by MkDocs, then from the cache
        shutil.rmtree(out, ignore_errors=True)
        build_site(load_catalog(themed.root).catalog, out, parse_moment(NOW), cache_dir=cache)
        names = {p.name for p in out.rglob("*")}
        assert "env.txt" not in names and "x.css" not in names and "record.txt" not in names
        assert "quangba.css" in names  # the theme's own files are there
        assert 'class="md-footer' in (out / "index.html").read_text("utf-8")  # the installed theme's footer
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


# -- item 4: fix-nfc, translators' files ------------------------------------------------------
def test_fix_nfc_never_writes_through_a_link_out_of_the_repository(repo, tmp_path):
    outside = hostile.content_link_out(repo.root, tmp_path)
    result = repo.run("fix-nfc", str(repo.root / "content"))
    assert result.code == 1 and "FILE-OUTSIDE-REPO" in result.rules(), result.out
    assert "content/vi/place/linked.md" in result.out
    assert outside.read_text("utf-8") == DECOMPOSED  # not a byte changed outside
    # and named on its own
    assert repo.run("fix-nfc", str(repo.root / "content/vi/place/linked.md")).code == 1
    assert outside.read_text("utf-8") == DECOMPOSED


def test_fix_nfc_still_fixes_files_of_the_repository_and_keeps_a_link_inside_as_a_link(repo):
    repo.write("content/vi/place/nhat-le-beach.md", DECOMPOSED)
    os.symlink("nhat-le-beach.md", repo.root / "content/vi/place/alias.md")
    result = repo.run("fix-nfc", str(repo.root / "content"))
    assert result.code == 0, result.out
    assert repo.read("content/vi/place/nhat-le-beach.md") == "---\ntitle: Bãi biển\nsummary: y\n---\nx\n"
    assert (repo.root / "content/vi/place/alias.md").is_symlink()


def test_a_po_file_whose_content_is_a_path_is_read_as_its_content(repo, tmp_path):
    """polib opens a string naming an existing file as that file: the PO reader must not."""
    result = repo.run("translations", "import", str(hostile.PO_IS_A_PATH))
    assert result.code == 1 and "TR-FILE-UNREADABLE" in result.rules(), result.out
    assert "/etc/passwd" not in result.out + result.err


def test_a_po_file_naming_a_translation_file_does_not_import_that_file(repo, tmp_path):
    """Content that names another (valid) PO file: that file must not be read in its place."""
    real = tmp_path / "real.po"
    repo.run("translations", "export", "--lang", "lo", "--out", str(real))
    from test_translations import translate_po

    translate_po(real, {"event/sea-festival#title": "ບຸນທະເລ", "event/sea-festival#summary": "ບຸນ.",
                        "event/sea-festival#p1": "ເນື້ອໃນ."})
    pointer = hostile.po_pointing_at(real, tmp_path)
    result = repo.run("translations", "import", str(pointer))
    assert result.code == 1 and not (repo.root / "content/lo/event/sea-festival.md").exists()
    assert str(real) not in result.out


def huge_po(repo, tmp_path, size: int) -> Path:
    """A Lao PO file whose title unit holds ``size`` bytes (the rest translated and finished)."""
    from test_translations import translate_po

    po = tmp_path / "lo.po"
    repo.run("translations", "export", "--lang", "lo", "--out", str(po))
    translate_po(po, {"event/sea-festival#title": "ບຸນ" + "x" * size, "event/sea-festival#summary": "ບຸນ.",
                      "event/sea-festival#p1": "ເນື້ອໃນ."})
    return po


def test_a_msgstr_over_the_text_limit_is_not_imported(repo, tmp_path):
    po = huge_po(repo, tmp_path, 2 * 1024 * 1024)
    result = repo.run("translations", "import", str(po))
    assert result.code == 1 and "TR-TEXT-TOO-LARGE" in result.rules(), result.out
    assert not (repo.root / "content/lo/event/sea-festival.md").exists()


def test_a_huge_translation_file_is_refused_before_it_is_read(repo, tmp_path, monkeypatch):
    """Its size is known before it is read: the file is never read into memory (a limit
    lowered for the test stands in for a 100 MB msgstr)."""
    import quangba.translations.importer as importer

    po = huge_po(repo, tmp_path, 300_000)
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 200_000)
    opened: list[str] = []
    real_open = open

    def watching_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", watching_open)
    result = repo.run("translations", "import", str(po))
    assert result.code == 1 and "TR-FILE-TOO-LARGE" in result.rules(), result.out
    assert str(po) not in opened
    assert not (repo.root / "content/lo/event/sea-festival.md").exists()


def test_a_device_as_a_translation_file_is_bounded(repo):
    """/dev/zero never ends: read in a process of its own with a memory ceiling (so that a
    regression fails this test rather than the machine)."""
    import resource
    import sys

    def ceiling() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))
    result = subprocess.run([sys.executable, "-m", "quangba.cli", "--root", str(repo.root), "translations", "import",
                             "/dev/zero"], capture_output=True, text=True, timeout=120, preexec_fn=ceiling,
                            env={**os.environ, "QUANGBA_NOW": NOW})
    assert result.returncode == 1 and ": TR-FILE-TOO-LARGE " in result.stdout, result.stdout + result.stderr


# -- open question: translators get only what may be published ----------------------------------
INTERNAL = """\
id: press-internal
kind: press-release
agency: so-vhttdl
status: published
classification: internal
created: 2026-01-15
modified: 2026-01-15
issued: 2026-01-15
"""


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_translations_export_leaves_internal_records_out_unless_asked(repo, fmt):
    from conftest import text

    repo.write("catalog/press-release/press-internal.yaml", INTERNAL)
    repo.write("content/vi/press-release/press-internal.md", text("Nội bộ", "Chỉ dùng nội bộ.", "Không công bố."))
    plain = repo.run("translations", "export", "--lang", "en", "--format", fmt)
    assert plain.code == 0 and "press-internal" not in plain.out and "Không công bố" not in plain.out
    assert "press-2026-01" in plain.out  # public records still go out
    asked = repo.run("translations", "export", "--lang", "en", "--format", fmt, "--include-internal")
    assert asked.code == 0 and "press-release/press-internal" in asked.out
