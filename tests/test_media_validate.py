"""Bad photos as an agency's officer meets them: `quangba validate` names the file and says
what is wrong and how to fix it, in Vietnamese and English; the build publishes nothing of
a bad photo and leaves the portal as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import NOW, REPO
from fixtures.media.hostile import bad_profile_jpeg, camera_jpeg, garbage_jpeg, gif_named_jpg, png_bomb, scene, truncated_jpeg
from quangba.catalog.load import load_catalog
from quangba.media.pipeline import process_media
from quangba.catalog.model import parse_moment

ORIGINAL = "assets/media/nhat-le.jpg"

HOSTILE = {
    "truncated": (truncated_jpeg, "MEDIA-IMAGE-BROKEN", "truncated"),
    "garbage": (garbage_jpeg, "MEDIA-IMAGE-BROKEN", "cannot be read"),
    "bad-profile": (bad_profile_jpeg, "MEDIA-IMAGE-BROKEN", "colour profile (ICC) cannot be read"),
    "gif": (gif_named_jpg, "MEDIA-IMAGE-UNSUPPORTED", "“GIF”"),
    "bomb-400mp": (png_bomb, "MEDIA-IMAGE-TOO-LARGE", "400.0 megapixels"),
    "bomb-72mp": (lambda p: png_bomb(p, 9000, 8000), "MEDIA-IMAGE-TOO-LARGE", "72.0 megapixels"),
}


def with_site(repo):
    """The repository files the portal build needs besides the catalog."""
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme", dirs_exist_ok=True)
    return repo


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_validate_names_the_bad_image_and_the_fix(repo, case):
    make, rule, words = HOSTILE[case]
    make(repo.root / ORIGINAL)
    result = repo.run("validate")
    assert result.code == 1, result.out + result.err
    assert result.err == ""
    lines = [line for line in result.finding_lines(rule) if line.startswith(f"{ORIGINAL}: {rule} ")]
    assert len(lines) == 1, result.out
    vi = lines[0]
    en = result.out.splitlines()[result.out.splitlines().index(vi) + 1]
    assert en.startswith("    EN: ") and words in en
    assert "JPEG" in vi + en or "megapixel" in vi  # the fix says what to send instead


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_pipeline_reports_a_bad_image_and_publishes_nothing_of_it(repo, tmp_path, case):
    make, rule, _ = HOSTILE[case]
    make(repo.root / ORIGINAL)
    camera_jpeg(repo.root / "assets/media/good.jpg", 700, 500)
    repo.write("assets/media/good.yaml", "file: good.jpg\nagency: so-vhttdl\ncredit: A\n"
               "licence: https://creativecommons.org/licenses/by/4.0/\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, good]")
    catalog = load_catalog(repo.root).catalog
    out, cache = tmp_path / "out", tmp_path / "cache"
    media = process_media(catalog, out, parse_moment(NOW), cache_dir=cache, workers=2)
    assert [(f.path, f.rule) for f in media.findings] == [(ORIGINAL, rule)]
    assert set(media.items) == {"good"}
    assert not (out / "media/nhat-le").exists()
    assert [p.name for p in (out / "media").iterdir()] == ["good"]  # no press kit holds the bad photo
    assert not [p for p in (cache / "tmp").rglob("*")]  # no half-written derivative anywhere
    assert len(list(cache.glob("??/*/manifest.json"))) == 1


def test_build_refuses_a_bad_image_and_keeps_the_published_portal(repo):
    with_site(repo)
    camera_jpeg(repo.root / ORIGINAL, 1000, 700)
    first = repo.quangba("build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "site/media/: 1 ảnh / images, 3 bộ ảnh báo chí / press kits" in first.stdout
    before = {p.relative_to(repo.root).as_posix(): p.read_bytes()
              for p in (repo.root / "site").rglob("*") if p.is_file()}
    assert "site/media/nhat-le/960.webp" in before and "site/media/press-kit/nhat-le-beach-en.zip" in before

    truncated_jpeg(repo.root / ORIGINAL)
    second = repo.run("build")
    assert second.code == 1
    assert "MEDIA-IMAGE-BROKEN" in second.rules() and f"{ORIGINAL}: MEDIA-IMAGE-BROKEN" in second.out
    after = {p.relative_to(repo.root).as_posix(): p.read_bytes()
             for p in (repo.root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_rebuild_with_nothing_changed_uses_the_cache(repo):
    with_site(repo)
    camera_jpeg(repo.root / ORIGINAL, 1000, 700)
    assert repo.run("build").code == 0
    again = repo.run("build")
    assert again.code == 0
    assert "(0 xử lý / processed, 1 từ bộ nhớ đệm / from cache)" in again.out


def test_a_photo_no_record_uses_is_a_warning(repo):
    camera_jpeg(repo.root / "assets/media/spare.jpg", 300, 200)
    repo.write("assets/media/spare.yaml", "file: spare.jpg\nagency: so-vhttdl\ncredit: A\n"
               "licence: https://creativecommons.org/licenses/by/4.0/\n")
    result = repo.run("validate")
    assert result.code == 0, result.out
    assert "MEDIA-UNUSED" in result.rules()
    assert "assets/media/spare.yaml:1:1: MEDIA-UNUSED cảnh báo/warning" in result.out
    assert "“spare” is not used by any record" in result.out


def test_the_same_picture_in_two_files_is_found(repo):
    picture = scene(900, 600)
    picture.save(repo.root / ORIGINAL, "JPEG", quality=85)
    # the same pixels with other metadata, and a different picture of the same size
    picture.save(repo.root / "assets/media/copy.jpg", "JPEG", quality=85, comment=b"resaved by an editor")
    Image.new("RGB", (900, 600), "#123456").save(repo.root / "assets/media/other.jpg", "JPEG", quality=85)
    for name in ("copy", "other"):
        repo.write(f"assets/media/{name}.yaml", f"file: {name}.jpg\nagency: so-vhttdl\ncredit: A\n"
                   "licence: https://creativecommons.org/licenses/by/4.0/\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, copy, other]")
    result = repo.run("validate")
    assert result.code == 1
    duplicates = result.finding_lines("MEDIA-DUPLICATE")
    assert duplicates == ["assets/media/nhat-le.jpg: MEDIA-DUPLICATE lỗi/error: Ảnh này giống hệt từng điểm ảnh "
                          "với “assets/media/copy.jpg”. Giữ một tệp: xóa tệp này cùng tệp mô tả, và trong các "
                          "bản ghi dùng mã ảnh của “assets/media/copy.jpg”."]


def test_a_clean_photo_gives_no_media_finding(repo):
    camera_jpeg(repo.root / ORIGINAL, 1200, 900)
    result = repo.run("validate", str(repo.root / "assets/media"))
    assert result.code == 0 and "MEDIA-" not in result.out, result.out


def test_no_progress_bar_when_nobody_watches_a_terminal(repo):
    with_site(repo)
    names = [f"photo-{i}" for i in range(5)]
    for index, name in enumerate(names):  # different sizes: the same picture twice is a finding
        camera_jpeg(repo.root / f"assets/media/{name}.jpg", 500 + 10 * index, 400)
        repo.write(f"assets/media/{name}.yaml", f"file: {name}.jpg\nagency: so-vhttdl\ncredit: A\n"
                   "licence: https://creativecommons.org/licenses/by/4.0/\n"
                   "alt: {vi: Ảnh thử, en: A test photo}\n")  # a published photo needs alt text (MEDIA-ALT-MISSING)
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", f"media: [nhat-le, {', '.join(names)}]")
    result = repo.quangba("build")  # a separate process whose stderr is a pipe, as in CI
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(6 xử lý / processed, 0 từ bộ nhớ đệm / from cache)" in result.stdout
    assert result.stderr == ""


def test_a_press_kit_photo_of_people_who_did_not_consent_is_refused(repo, tmp_path):
    camera_jpeg(repo.root / ORIGINAL, 800, 600)
    repo.edit("assets/media/nhat-le.yaml", "consent: not-applicable", "consent: not-obtained")
    result = repo.run("validate")
    assert result.code == 1
    assert "MEDIA-CONSENT-PRESS-KIT" in result.rules()
    assert any(line.startswith("assets/media/nhat-le.yaml:10:") for line in result.finding_lines("MEDIA-CONSENT-PRESS-KIT"))
    # and the stage itself never puts it in a zip, whatever runs it
    catalog = load_catalog(repo.root).catalog
    media = process_media(catalog, tmp_path / "out", parse_moment(NOW), cache_dir=tmp_path / "cache")
    assert "nhat-le" in media.items and media.press_kits == {}
