"""Photos on the portal, from the media stage's MediaSet (constructed here as the media stage
would return it): <picture> with webp + jpeg, alt per language, credit and licence, the OG
image, the press kit. And the rule that a published photo needs alt text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import lxml.html

from conftest import NOW, text
from quangba.catalog.load import load_catalog
from quangba.media import MediaSet, PressKit, ProcessedMedia, Rendition
from quangba.site import build_site


def rendition(width: int, fmt: str) -> Rendition:
    ext = "jpg" if fmt == "jpeg" else fmt
    return Rendition(path=f"media/nhat-le/{width}.{ext}", width=width, height=width * 3 // 4, format=fmt,
                     media_type=f"image/{fmt}", bytes=1000 * width // 10, sha256="0" * 64)


def media_set() -> MediaSet:
    renditions = tuple(rendition(w, f) for w in (480, 960, 1600) for f in ("webp", "jpeg"))
    item = ProcessedMedia(id="nhat-le", width=1600, height=1200, renditions=renditions,
                          og_image=Rendition("media/nhat-le/og.jpg", 1200, 630, "jpeg", "image/jpeg", 90000, "1" * 64),
                          full=rendition(1600, "jpeg"))
    kits = {(rid, lang): PressKit(record_id=rid, lang=lang, path=f"media/press-kit/{rid}-{lang}.zip", bytes=2_400_000,
                                  sha256="2" * 64, media_ids=("nhat-le",))
            for rid in ("nhat-le-beach",) for lang in ("vi", "en", "lo")}
    return MediaSet(items={"nhat-le": item}, press_kits=kits)


def build(repo, media: MediaSet | None) -> Path:
    catalog = load_catalog(repo.root).catalog
    out = repo.root / "site"
    build_site(catalog, out, datetime.fromisoformat(NOW), media=media)
    return out


def doc(site: Path, url: str):
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def test_record_page_shows_a_responsive_picture_with_alt_credit_and_licence(repo):
    site = build(repo, media_set())
    en, lo = doc(site, "en/place/nhat-le-beach"), doc(site, "lo/place/nhat-le-beach")
    (picture,) = en.xpath("//figure[@class='qb-photo']//picture")
    (source,) = picture.xpath(".//source")
    assert source.get("type") == "image/webp"
    assert source.get("srcset") == ("../../../media/nhat-le/480.webp 480w, ../../../media/nhat-le/960.webp 960w, "
                                    "../../../media/nhat-le/1600.webp 1600w")
    (img,) = picture.xpath(".//img")  # libxml2 does not know <source> is void
    assert img.get("src") == "../../../media/nhat-le/960.jpg" and (img.get("width"), img.get("height")) == ("960", "720")
    assert img.get("alt") == "Sand and blue sea" and img.get("sizes")
    assert lo.xpath("//figure//img/@alt") == ["ຫາດຊາຍ ແລະ ທະເລສີຟ້າ"]
    caption = " ".join(en.xpath("//figure/figcaption")[0].text_content().split())
    assert "Nhat Le beach at dawn" in caption and "Nguyễn Văn A" in caption and "CC BY 4.0" in caption
    assert en.xpath("//figcaption//a[@rel='license']/@href") == ["https://creativecommons.org/licenses/by/4.0/"]
    og = en.xpath("//meta[@property='og:image']/@content")
    assert og == ["https://demo.example/media/nhat-le/og.jpg"]


def test_press_kit_page_per_language_lists_photos_with_credit_licence_size_and_zip(repo):
    site = build(repo, media_set())
    for prefix in ("", "en/", "lo/"):
        kit = doc(site, f"{prefix}press-kit")
        lang = prefix.rstrip("/") or "vi"
        assert kit.xpath("//a[@download and contains(@href,'.zip')]/@href")[0].endswith(f"media/press-kit/nhat-le-beach-{lang}.zip")
        row = " ".join(kit.xpath("//table[@class='qb-kit']/tbody/tr")[0].text_content().split())
        assert "Nguyễn Văn A" in row and "CC BY 4.0" in row and "1600 × 1200" in row
    assert "2.4 MB" in doc(site, "en/press-kit").text_content()


def test_originals_never_reach_the_site(repo):
    original = (repo.root / "assets/media/nhat-le.jpg").read_bytes()
    site = build(repo, media_set())
    for path in site.rglob("*"):
        if path.is_file():
            assert path.read_bytes() != original, path
    assert not list(site.rglob("nhat-le.jpg"))


def test_without_media_pages_have_no_pictures_and_no_press_kit(repo):
    site = build(repo, None)
    assert not doc(site, "en/place/nhat-le-beach").xpath("//picture")
    assert not (site / "en/press-kit").exists()


def test_a_published_photo_without_alt_text_in_a_published_language_is_an_error(repo):
    repo.edit("assets/media/nhat-le.yaml", ", en: Sand and blue sea", "")
    result = repo.quangba("validate")
    assert result.returncode == 1
    assert "assets/media/nhat-le.yaml:" in result.stdout and "MEDIA-ALT-MISSING" in result.stdout
    assert "“en”" in result.stdout and "alt" in result.stdout
    # Lao has no text for this record: a missing Lao alt is no error
    repo.edit("assets/media/nhat-le.yaml", ", lo: ຫາດຊາຍ ແລະ ທະເລສີຟ້າ", "")
    repo.edit("assets/media/nhat-le.yaml", "alt: {vi: Bãi cát và biển xanh", "alt: {vi: Bãi cát và biển xanh, en: Sand")
    assert repo.quangba("validate").returncode == 0


def test_alt_text_is_required_only_for_published_records(repo):
    repo.edit("assets/media/nhat-le.yaml", ", en: Sand and blue sea", "")
    repo.edit("catalog/place/nhat-le-beach.yaml", "status: published", "status: draft")
    repo.edit("catalog/event/sea-festival.yaml", "relations:\n  - {type: venue, target: nhat-le-beach}\n", "")
    result = repo.quangba("validate")
    assert "MEDIA-ALT-MISSING" not in result.stdout, result.stdout


def test_hostile_alt_and_credit_are_escaped(repo):
    repo.edit("assets/media/nhat-le.yaml", "credit: Nguyễn Văn A", "credit: '<script>alert(1)</script>'")
    repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A fine beach.", "Clear water."))
    site = build(repo, media_set())
    raw = (site / "en/place/nhat-le-beach/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in raw and "&lt;script&gt;alert(1)" in raw
