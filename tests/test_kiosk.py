"""`quangba kiosk`: the offline bundle for the border-gate screens — what it selects, what it
leaves out, that it needs no network, and that it loops in every language in a browser."""

from __future__ import annotations

import io
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import Repo, text

CLUSTER = """\
kiosk:
  - id: lao-bao
    names: {vi: Cụm thông tin cửa khẩu, en: Border-gate information point}
    languages: [vi, en, lo]
    records: [press-2026-01]
    tags: [beach]
    seconds: 6
"""


def photo_with_gps() -> bytes:
    img = Image.new("RGB", (2400, 1600), "#2a7")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x0110] = "Model X"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (17.0, 28.0, 40.0), "E", (106.0, 37.0, 20.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def kiosk_repo(repo: Repo) -> Repo:
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml") + CLUSTER)
    repo.write("assets/media/nhat-le.jpg", photo_with_gps())
    repo.write("content/lo/place/nhat-le-beach.md", text("ຫາດນັດເລ", "ຫາດຊາຍງາມ.", "ນ້ຳໃສ."))
    return repo


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict] = []
        self.refs: list[str] = []
        self.meta: list[dict] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.slides.append(a)
        if tag == "meta":
            self.meta.append(a)
        if tag == "img":
            self.images.append(a["src"])
        self.refs += [v for k, v in attrs if k in ("src", "href", "srcset", "action", "data") and v]


def built(repo: Repo, out: Path, *args: str) -> tuple[Page, str]:
    result = repo.run("kiosk", "--cluster", "lao-bao", "--out", str(out), *args)
    assert result.code == 0, result.out + result.err
    html = (out / "index.html").read_text("utf-8")
    page = Page()
    page.feed(html)
    return page, html


def test_loops_through_listed_then_tagged_records_in_each_language(kiosk_repo: Repo, tmp_path: Path) -> None:
    page, html = built(kiosk_repo, tmp_path / "kiosk")
    shown = [(s["data-record"], s["lang"]) for s in page.slides]
    # the listed press release first (it has only Vietnamese), then the beach in vi, en, lo
    assert shown == [("press-2026-01", "vi"), ("nhat-le-beach", "vi"), ("nhat-le-beach", "en"),
                     ("nhat-le-beach", "lo")]
    assert "sea-festival" not in html  # neither listed nor tagged
    assert "Nước trong xanh." in html and "ນ້ຳໃສ." in html
    assert 'data-seconds="6"' in html


def test_nothing_unpublished_reaches_the_screens(kiosk_repo: Repo, tmp_path: Path) -> None:
    kiosk_repo.write("catalog/place/secret-cove.yaml", kiosk_repo.read("catalog/place/nhat-le-beach.yaml")
                     .replace("id: nhat-le-beach", "id: secret-cove").replace("classification: public", "classification: secret")
                     .replace("media: [nhat-le]\n", ""))
    kiosk_repo.write("content/vi/place/secret-cove.md", text("Vịnh bí mật", "Không công bố.", "Tọa độ mật."))
    kiosk_repo.edit("catalog/press-release/press-2026-01.yaml", "status: published", "status: draft")
    result = kiosk_repo.run("kiosk", "--cluster", "lao-bao", "--out", str(tmp_path / "k"))
    assert result.code == 0
    html = (tmp_path / "k" / "index.html").read_text("utf-8")
    assert "Vịnh bí mật" not in html and "Tọa độ mật" not in html and "press-2026-01" not in html
    # the listed draft is reported where the list is written
    [line] = result.finding_lines("KIOSK-RECORD-UNAVAILABLE")
    assert line.startswith("catalog/province.yaml:13:") and "press-2026-01" in line


def test_the_bundle_needs_no_network(kiosk_repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "kiosk"
    page, html = built(kiosk_repo, out)
    assert page.refs, "the photo is referenced"
    for ref in page.refs:
        assert "//" not in ref and not ref.startswith(("http", "data:", "/")), ref
        assert (out / ref).is_file()
    csp = next(m["content"] for m in page.meta if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert "url(" not in html and "@import" not in html
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "index.html", "media/nhat-le.jpg"]


def test_photos_are_reencoded_without_camera_metadata(kiosk_repo: Repo, tmp_path: Path) -> None:
    original = (kiosk_repo.root / "assets/media/nhat-le.jpg").read_bytes()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the original carries GPS
    built(kiosk_repo, tmp_path / "kiosk")
    copy = (tmp_path / "kiosk" / "media" / "nhat-le.jpg").read_bytes()
    assert copy != original
    with Image.open(io.BytesIO(copy)) as img:
        assert not img.getexif() and "exif" not in img.info and max(img.size) <= 1920
    assert b"Exif" not in copy and b"CameraMaker" not in copy


def test_a_broken_photo_leaves_a_text_only_screen(kiosk_repo: Repo, tmp_path: Path) -> None:
    kiosk_repo.write("assets/media/nhat-le.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    result = kiosk_repo.run("kiosk", "--cluster", "lao-bao", "--out", str(tmp_path / "k"))
    assert result.code == 0
    assert result.finding_lines("KIOSK-IMAGE-SKIPPED")[0].startswith("assets/media/nhat-le.yaml:")
    assert "<img" not in (tmp_path / "k" / "index.html").read_text("utf-8")


def test_text_is_escaped(kiosk_repo: Repo, tmp_path: Path) -> None:
    kiosk_repo.write("content/en/place/nhat-le-beach.md",
                     text('"<script>alert(1)</script>"', '"<b onmouseover=alert(2)>x</b>"', "<img src=x onerror=alert(3)>"))
    page, html = built(kiosk_repo, tmp_path / "kiosk")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "<script>alert" not in html and "<b onmouseover" not in html and "onerror" not in html
    assert page.images == ["media/nhat-le.jpg"] * 3  # no image but the photo, on each language's screen


def test_rebuilding_replaces_the_bundle_but_never_another_folder(kiosk_repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "kiosk"
    built(kiosk_repo, out)
    built(kiosk_repo, out)  # a second build replaces the first
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "plan.txt").write_text("keep me", "utf-8")
    result = kiosk_repo.run("kiosk", "--cluster", "lao-bao", "--out", str(notes))
    assert result.code == 2 and "other files" in result.err
    assert (notes / "plan.txt").read_text("utf-8") == "keep me" and not (notes / "index.html").exists()


def test_unknown_cluster_names_the_known_ones(kiosk_repo: Repo, tmp_path: Path) -> None:
    result = kiosk_repo.run("kiosk", "--cluster", "cha-lo", "--out", str(tmp_path / "k"))
    assert result.code == 2 and "lao-bao" in result.err and "cha-lo" in result.err
    assert not (tmp_path / "k").exists()


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Chromium (Debian package chromium, installed by .ci/run)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.mark.browser
def test_in_an_offline_browser_it_loops_through_every_language(kiosk_repo: Repo, tmp_path: Path) -> None:
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "kiosk"
    built(kiosk_repo, out)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        context = browser.new_context(offline=True, viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.clock.install()
        page.goto((out / "index.html").as_uri())
        seen = []
        for _ in range(5):
            active = page.locator(".slide.active")
            assert active.count() == 1
            seen.append((active.get_attribute("data-record"), active.get_attribute("lang"),
                         page.locator("header .langs span.on").get_attribute("lang")))
            page.clock.run_for(6000)
        assert seen == [("press-2026-01", "vi", "vi"), ("nhat-le-beach", "vi", "vi"), ("nhat-le-beach", "en", "en"),
                        ("nhat-le-beach", "lo", "lo"), ("press-2026-01", "vi", "vi")]
        page.clock.run_for(6000)
        image = page.locator(".slide.active img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        # large type, readable from a distance on a 1080-line screen
        assert float(page.locator(".slide.active h1").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 60
        assert float(page.locator(".slide.active .body").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
        assert all(url.startswith("file://") for url in requests), requests
        assert errors == []
        browser.close()
