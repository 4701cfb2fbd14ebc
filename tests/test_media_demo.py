"""The demo province's photos (scripts/demo/make_photos.py: GPS, serial numbers, owner
names, thumbnails of the uncropped frame and XMP history in every JPEG) through the media
stage: nothing of it reaches a published file; credit and licence do."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from conftest import NOW, REPO
from quangba.catalog.load import load_catalog
from quangba.media.metadata import ARTIST, COPYRIGHT
from quangba.media.pipeline import process_media
from quangba.catalog.model import parse_moment


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    catalog = load_catalog(REPO).catalog
    now = parse_moment(NOW)
    if not catalog.public_media(now):
        pytest.skip("the demo province has no public photos")
    out = tmp_path_factory.mktemp("demo-media")
    media = process_media(catalog, out / "site", now, cache_dir=out / "cache")
    return catalog, media, out / "site"


def _private_strings(original: Path) -> set[bytes]:
    """What the original's EXIF says that must not be published: serials and owner name."""
    with Image.open(original) as im:
        exif = im.getexif()
        sub = exif.get_ifd(ExifTags.IFD.Exif)
    values = {sub.get(0xA431), sub.get(0xA435), sub.get(0xA430), exif.get(0x010F)}
    return {str(v).strip().encode() for v in values if v and str(v).strip()}


def _published(out: Path):
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    for name in zf.namelist():
                        yield f"{path.name}!{name}", zf.read(name)
            else:
                yield path.relative_to(out).as_posix(), data


def test_every_public_demo_photo_is_processed_without_findings(demo_media):
    catalog, media, _ = demo_media
    assert media.findings == ()
    assert set(media.items) == {m.id for m in catalog.public_media(parse_moment(NOW))}
    assert media.press_kits, "the demo has press-kit photos"


def test_no_private_metadata_of_the_demo_photos_is_published(demo_media):
    catalog, media, out = demo_media
    private = set().union(*(_private_strings(catalog.media[m].file) for m in media.items
                            if catalog.media[m].file.suffix == ".jpg"))
    assert len(private) >= 5  # the demo does carry serials and owner names to remove
    files = list(_published(out))
    assert len(files) > len(media.items) * 8
    for name, data in files:
        for secret in private:
            assert secret not in data, f"{name} contains {secret!r}"
        if name.endswith(".txt"):
            continue
        assert b"xmpMM" not in data and b"GPSLatitude" not in data, name
        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
            assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, name
            assert exif.get_ifd(ExifTags.IFD.Exif) == {}, name
            assert exif.get_ifd(ExifTags.IFD.IFD1) == {}, name
            assert ExifTags.Base.Orientation not in exif, name
            assert exif[ARTIST] and "creativecommons.org" in exif[COPYRIGHT], name


def test_the_demo_portrait_stored_landscape_is_published_upright(demo_media):
    catalog, media, out = demo_media
    turned = [m for m in media.items.values()
              if Image.open(catalog.media[m.id].file).getexif().get(ExifTags.Base.Orientation) in (6, 8)]
    assert turned, "the demo has a photo stored with Orientation 6"
    for item in turned:
        assert item.height > item.width
        for r in item.renditions:
            with Image.open(out / r.path) as im:
                assert im.height > im.width, r.path


def test_the_demo_wide_gamut_photo_is_published_in_srgb(demo_media):
    from PIL import ImageChops, ImageCms, ImageStat

    catalog, media, out = demo_media
    tagged = [m for m in media.items if "icc_profile" in Image.open(catalog.media[m].file).info]
    assert tagged, "the demo has a photo with a wide-gamut profile"
    for media_id in tagged:
        with Image.open(catalog.media[media_id].file) as original:
            raw = original.convert("RGB")
            profile = ImageCms.ImageCmsProfile(io.BytesIO(original.info["icc_profile"]))
        srgb = ImageCms.profileToProfile(raw, profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
        with Image.open(out / media.renditions_of(media_id, "jpeg")[0].path) as published:
            shown = published.convert("RGB").resize((120, 80))

        def distance(a: Image.Image) -> float:
            return max(ImageStat.Stat(ImageChops.difference(a.resize((120, 80)), shown)).mean)

        assert distance(srgb) < 3 < 6 < distance(raw), media_id
