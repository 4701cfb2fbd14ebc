"""The media stage as a journalist and a photographer's source meet it: every published
picture is upright, in sRGB, credited and licensed, and carries nothing else — no GPS, no
serial number, no thumbnail of what was cropped out, no edit history."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import ExifTags, Image

from conftest import NOW
from fixtures.media.hostile import SECRETS, camera_jpeg, scene, swapped_rgb_profile
from quangba.catalog.load import load_catalog
from quangba.media.metadata import ARTIST, COPYRIGHT, IMAGE_DESCRIPTION
from quangba.media.pipeline import process_media
from quangba.catalog.model import parse_moment

CREDIT = "Nguyễn Văn A"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
XMP_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}


def run(repo, tmp_path: Path, **kwargs):
    catalog = load_catalog(repo.root).catalog
    out = tmp_path / "out"
    media = process_media(catalog, out, parse_moment(NOW), cache_dir=tmp_path / "cache", **kwargs)
    return media, out


def published(out: Path):
    """(name, bytes) of every file under out/, and of every file inside its zips."""
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield path.relative_to(out).as_posix(), data
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():
                    yield f"{path.name}!{name}", zf.read(name)


def exif_text(value) -> str:
    """Pillow reads EXIF ASCII as Latin-1; the stage writes UTF-8 (as ExifTool does)."""
    return value.encode("latin-1").decode("utf-8") if isinstance(value, str) else value.decode("utf-8")


def assert_clean_and_credited(name: str, data: bytes) -> None:
    for secret in SECRETS:
        assert secret not in data, f"{name} still contains {secret!r}"
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        assert set(exif) <= {ARTIST, COPYRIGHT, IMAGE_DESCRIPTION}, f"{name}: unexpected EXIF tags {set(exif)}"
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, name
        assert exif.get_ifd(ExifTags.IFD.Exif) == {}, name  # no MakerNote, no serial numbers
        assert exif.get_ifd(ExifTags.IFD.IFD1) == {}, name  # no embedded thumbnail
        assert exif_text(exif[ARTIST]) == CREDIT, name
        assert "CC BY 4.0" in exif_text(exif[COPYRIGHT]) and LICENCE in exif_text(exif[COPYRIGHT]), name
        assert exif_text(exif[IMAGE_DESCRIPTION]) == "Bãi biển Nhật Lệ lúc bình minh", name
        assert "comment" not in im.info, name
        xmp = ElementTree.fromstring(im.info["xmp"].strip(b"\0"))
    assert [e.text for e in xmp.iterfind(".//dc:creator/rdf:Seq/rdf:li", XMP_NS)] == [CREDIT], name
    assert xmp.find(".//xmpRights:WebStatement", XMP_NS).text == LICENCE, name
    captions = {e.get("{http://www.w3.org/XML/1998/namespace}lang"): e.text
                for e in xmp.iterfind(".//dc:description/rdf:Alt/rdf:li", XMP_NS)}
    assert captions["en"] == "Nhat Le beach at dawn" and captions["vi"] == "Bãi biển Nhật Lệ lúc bình minh", name
    assert b"History" not in im.info["xmp"] and b"GPS" not in im.info["xmp"], name
    if name.endswith((".jpg", "!nhat-le.jpg")):
        assert data.count(b"\xff\xd8") == 1, f"{name}: a second JPEG (thumbnail) is inside"
    else:
        assert b"\xff\xd8\xff" not in data, f"{name}: a JPEG thumbnail is inside"


def test_no_private_metadata_survives_in_any_published_file_and_credit_does(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 2000, 1500)
    media, out = run(repo, tmp_path)
    assert media.findings == ()
    files = list(published(out))
    images = [(n, d) for n, d in files if n.endswith((".jpg", ".webp"))]
    # 3 widths × 2 formats, the OG crop, the full size, and the photo in 3 press kits (vi, en, lo)
    assert len(images) == 3 * 2 + 1 + 1 + 3
    for name, data in images:
        assert_clean_and_credited(name, data)
    for name, data in files:
        for secret in SECRETS:
            assert secret not in data, f"{name} still contains {secret!r}"


def test_responsive_sizes_are_never_upscaled_and_described_exactly(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 2000, 1500)
    media, out = run(repo, tmp_path)
    item = media.items["nhat-le"]
    assert (item.width, item.height) == (2000, 1500)
    assert (item.credit, item.licence) == (CREDIT, LICENCE)  # what the export lists with each file
    assert [(r.width, r.height) for r in media.renditions_of("nhat-le", "webp")] == [(480, 360), (960, 720), (1600, 1200)]
    assert [r.width for r in media.renditions_of("nhat-le", "jpeg")] == [480, 960, 1600]
    assert (item.og_image.width, item.og_image.height) == (1200, 630)
    assert (item.full.width, item.full.height) == (2000, 1500)  # press kit: full size
    for r in (*item.renditions, item.og_image, item.full):
        data = (out / r.path).read_bytes()
        assert r.bytes == len(data) and r.sha256 == hashlib.sha256(data).hexdigest()
        with Image.open(out / r.path) as im:
            assert im.size == (r.width, r.height)
            assert im.format == {"webp": "WEBP", "jpeg": "JPEG"}[r.format]
            assert Image.MIME[im.format] == r.media_type
    assert {r.path for r in media.files()} == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}

    # a small original is published at its own size, never blown up
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 640, 400)
    small, _ = run(repo, tmp_path)
    assert [r.width for r in small.renditions_of("nhat-le", "webp")] == [480, 640]
    og = small.items["nhat-le"].og_image
    assert og.width <= 640 and og.height <= 400 and abs(og.width / og.height - 1200 / 630) < 0.01


def test_orientation_is_applied_to_the_pixels(repo, tmp_path):
    # stored landscape, left half red; EXIF orientation 6 means "turn 90° clockwise to view"
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 1200, 800, orientation=6)
    media, out = run(repo, tmp_path)
    item = media.items["nhat-le"]
    assert (item.width, item.height) == (800, 1200)
    with Image.open(out / media.renditions_of("nhat-le", "jpeg")[0].path) as im:
        assert im.height > im.width
        assert 0x0112 not in im.getexif()  # no orientation left for a viewer to apply twice
        top = im.convert("RGB").getpixel((im.width // 2, im.height // 10))
        bottom = im.convert("RGB").getpixel((im.width // 2, im.height * 9 // 10))
    assert top[0] > 180 and top[1] < 80, top  # the red half is now on top
    assert not (bottom[0] > 180 and bottom[1] < 80), bottom


def test_colours_are_converted_to_srgb(repo, tmp_path):
    # in this profile a stored pure red means blue: only a real conversion shows it blue
    image = Image.new("RGB", (1000, 700), (255, 0, 0))
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", image=image, icc=swapped_rgb_profile())
    media, out = run(repo, tmp_path)
    for r in (*media.items["nhat-le"].renditions, media.items["nhat-le"].full):
        with Image.open(out / r.path) as im:
            red, green, blue = im.convert("RGB").getpixel((im.width // 2, im.height // 2))
            icc = im.info.get("icc_profile")
        assert blue > 200 and red < 60 and green < 60, (r.path, (red, green, blue))
        if icc:  # the press-kit size declares its (sRGB) profile; web sizes are untagged sRGB
            from PIL import ImageCms
            assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))


def test_transparent_png_keeps_alpha_in_webp_and_is_flattened_in_jpeg(repo, tmp_path):
    im = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    im.paste((10, 120, 200, 255), (0, 0, 300, 400))
    repo.remove("assets/media/nhat-le.jpg")
    im.save(repo.root / "assets/media/nhat-le.png")
    repo.edit("assets/media/nhat-le.yaml", "file: nhat-le.jpg", "file: nhat-le.png")
    media, out = run(repo, tmp_path)
    webp = media.renditions_of("nhat-le", "webp")[-1]
    jpeg = media.renditions_of("nhat-le", "jpeg")[-1]
    with Image.open(out / webp.path) as w, Image.open(out / jpeg.path) as j:
        assert w.mode == "RGBA" and w.getpixel((w.width - 5, 5))[3] == 0
        assert j.mode == "RGB" and min(j.getpixel((j.width - 5, 5))) > 240  # white, not black


def test_only_media_of_public_records_is_processed(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 800, 600)
    repo.write("assets/media/secret-map.jpg", (repo.root / "assets/media/nhat-le.jpg").read_bytes())
    repo.write("assets/media/secret-map.yaml", "file: secret-map.jpg\nagency: so-vhttdl\ncredit: X\n"
               f"licence: {LICENCE}\npress_kit: true\n")
    repo.write("catalog/project/border-zone.yaml", """\
id: border-zone
kind: project
agency: so-vhttdl
status: published
classification: secret
created: 2025-01-01
modified: 2025-01-01
media: [secret-map]
""")
    # the public place uses the map too: a photo of a secret record is secret everywhere
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, secret-map]")
    media, out = run(repo, tmp_path)
    assert set(media.items) == {"nhat-le"}
    assert not (out / "media/secret-map").exists()
    assert all(kit.media_ids == ("nhat-le",) for kit in media.press_kits.values())


def test_an_unchanged_image_is_never_processed_twice(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 1600, 1200)
    first, out = run(repo, tmp_path)
    assert (first.processed, first.cached) == (1, 0)
    before = dict(published(out))

    again, out = run(repo, tmp_path)
    assert (again.processed, again.cached) == (0, 1)
    assert dict(published(out)) == before

    # new words in the sidecar are written into every derivative, so the image is redone
    repo.edit("assets/media/nhat-le.yaml", "credit: Nguyễn Văn A", "credit: Trần Thị B")
    changed, out = run(repo, tmp_path)
    assert (changed.processed, changed.cached) == (1, 0)
    with Image.open(out / changed.items["nhat-le"].full.path) as im:
        assert exif_text(im.getexif()[ARTIST]) == "Trần Thị B"


def test_a_damaged_cache_entry_is_remade_not_published(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 1200, 900)
    first, out = run(repo, tmp_path)
    good = dict(published(out))
    victim = next((tmp_path / "cache").rglob("960.webp"))
    victim.write_bytes(b"half")
    again, out = run(repo, tmp_path)
    assert again.processed == 1
    assert dict(published(out)) == good
    # damage that keeps the size: one flipped byte
    victim = next((tmp_path / "cache").rglob("480.jpg"))
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    third, out = run(repo, tmp_path)
    assert third.processed == 1
    assert dict(published(out)) == good


def test_all_cores_give_the_same_bytes_as_one(repo, tmp_path):
    for index in range(4):
        camera_jpeg(repo.root / f"assets/media/photo-{index}.jpg", 900 + index * 10, 700, image=scene(900 + index * 10, 700))
        repo.write(f"assets/media/photo-{index}.yaml", f"file: photo-{index}.jpg\nagency: so-vhttdl\n"
                   f"credit: {CREDIT}\nlicence: {LICENCE}\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]",
              "media: [nhat-le, photo-0, photo-1, photo-2, photo-3]")
    one, out_one = run(repo, tmp_path / "one", workers=1)
    many, out_many = run(repo, tmp_path / "many", workers=2)
    assert one.processed == many.processed == 5
    assert dict(published(out_one)) == dict(published(out_many))
    assert one.items == many.items


def test_press_kit_per_record_and_language_with_credits_in_that_language(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 1400, 1000)
    # a second photo of the record that may not go in the press kit
    camera_jpeg(repo.root / "assets/media/crowd.jpg", 800, 600)
    repo.write("assets/media/crowd.yaml", f"file: crowd.jpg\nagency: so-vhttdl\ncredit: Lê C\nlicence: {LICENCE}\n"
               "consent: not-obtained\npress_kit: false\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, crowd]")
    media, out = run(repo, tmp_path)
    assert sorted(media.press_kits) == [("nhat-le-beach", "en"), ("nhat-le-beach", "lo"), ("nhat-le-beach", "vi")]
    kit = media.press_kits[("nhat-le-beach", "vi")]
    data = (out / kit.path).read_bytes()
    assert kit.bytes == len(data) and kit.sha256 == hashlib.sha256(data).hexdigest()
    assert kit.media_ids == ("nhat-le",)
    with zipfile.ZipFile(out / kit.path) as zf:
        assert zf.namelist() == sorted(zf.namelist()) == ["credits-vi.txt", "nhat-le.jpg"]
        assert zf.read("nhat-le.jpg") == (out / media.items["nhat-le"].full.path).read_bytes()
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        credits = zf.read("credits-vi.txt").decode("utf-8")
    assert "Tác giả: Nguyễn Văn A" in credits
    assert f"Giấy phép: CC BY 4.0 — {LICENCE}" in credits
    assert "Chú thích: Bãi biển Nhật Lệ lúc bình minh" in credits
    assert "Lê C" not in credits
    with zipfile.ZipFile(out / media.press_kits[("nhat-le-beach", "en")].path) as zf:
        english = zf.read("credits-en.txt").decode("utf-8")
    assert "Credit: Nguyễn Văn A" in english and "Caption: Nhat Le beach at dawn" in english
    assert "Licence: CC BY 4.0" in english
    with zipfile.ZipFile(out / media.press_kits[("nhat-le-beach", "lo")].path) as zf:
        lao = zf.read("credits-lo.txt").decode("utf-8")
    assert "ໃບອະນຸຍາດ: CC BY 4.0" in lao
    # no caption in Lao: the Vietnamese one is given rather than none
    assert "Bãi biển Nhật Lệ lúc bình minh" in lao


def test_press_kits_are_byte_for_byte_reproducible(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 900, 600)
    first, out = run(repo, tmp_path / "a")
    second, out2 = run(repo, tmp_path / "b")  # a fresh cache: everything is made again
    assert second.processed == 1
    assert first.press_kits == second.press_kits
    assert dict(published(out)) == dict(published(out2))


MEDIA_RUN = """
import sys
from pathlib import Path
from quangba.catalog.load import load_catalog
from quangba.media.pipeline import process_media
from quangba.catalog.model import parse_moment
root, out = Path(sys.argv[1]), Path(sys.argv[2])
process_media(load_catalog(root).catalog, out, parse_moment(sys.argv[3]), cache_dir=out.with_name("cache"))
"""


def test_photos_are_the_same_bytes_when_made_again_another_time(repo, tmp_path):
    """Two processes started at different moments, each with an empty cache (the colour
    library stamps the profiles it makes with the time it made them)."""
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 900, 600)
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", MEDIA_RUN, str(repo.root), str(tmp_path / name / "out"), NOW],
                       check=True, capture_output=True)
        time.sleep(1.1)  # a second later: the stamp would differ
    first, second = dict(published(tmp_path / "a/out")), dict(published(tmp_path / "b/out"))
    assert any(name.endswith("full.jpg") for name in first)
    assert first == second


@pytest.mark.parametrize("uri, name", [
    ("https://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
    ("https://creativecommons.org/licenses/by/3.0/igo/", "CC BY 3.0 IGO"),
    ("https://quangtri.gov.vn/dieu-khoan", "https://quangtri.gov.vn/dieu-khoan"),
])
def test_licence_names(uri, name):
    from quangba.media.metadata import licence_name
    assert licence_name(uri) == name


def test_scratch_left_by_a_killed_run_is_swept_but_a_running_one_is_not(repo, tmp_path):
    import os
    import time

    stale = tmp_path / "cache" / "tmp" / "4242-killed"
    running = tmp_path / "cache" / "tmp" / "4343-running"
    for folder in (stale, running):
        folder.mkdir(parents=True)
        (folder / "960.webp").write_bytes(b"half-written")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    run(repo, tmp_path)
    assert not stale.exists() and running.exists()


def test_two_sidecars_of_one_file_are_processed_once_and_both_published(repo, tmp_path):
    camera_jpeg(repo.root / "assets/media/nhat-le.jpg", 900, 600)
    repo.write("assets/media/nhat-le-again.yaml", repo.read("assets/media/nhat-le.yaml"))
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]", "media: [nhat-le, nhat-le-again]")
    media, out = run(repo, tmp_path, workers=2)
    assert (media.processed, media.cached) == (1, 0)
    assert set(media.items) == {"nhat-le", "nhat-le-again"}
    assert (out / "media/nhat-le/900.webp").read_bytes() == (out / "media/nhat-le-again/900.webp").read_bytes()
