"""Nothing hidden reaches site/ or export/.

Markers are planted in a draft, an internal, a secret and an embargoed record — in the id,
the title, the summary, the body, a tag, and a photo attached to it (its id, caption,
credit, and pixels of an unmistakable colour) — then the real build runs with the clock
fixed, and every byte under site/ and export/ is searched: pages, the search index, the
sitemap (also inside .gz), feeds, zips. A public record carries a control marker that must
be found, so the search is known to look everywhere it should.
"""

from __future__ import annotations

import gzip
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import NOW, REPO, Repo, text

# Nobody writes this colour in a photograph; a derivative of a hidden photo would keep it.
HIDDEN_COLOUR = (255, 0, 255)

HIDDEN = {  # marker → how the record is hidden
    "leakdraft": {"status": "draft"},
    "leakinternal": {"classification": "internal"},
    "leaksecret": {"classification": "secret"},
    "leakembargo": {"embargo_until": "2026-12-01T08:00:00+07:00"},  # after NOW
}


def press_release(rid: str, status: str = "published", classification: str = "public", **extra: str) -> str:
    lines = [f"id: {rid}", "kind: press-release", "agency: so-vhttdl", f"status: {status}",
             f"classification: {classification}", "created: 2026-01-01", "modified: 2026-01-02",
             "issued: 2026-01-02", f"tags: [{rid}-tag]", f"media: [{rid}-photo]"]
    lines += [f"{k}: {v}" for k, v in extra.items()]  # values are YAML as written
    return "\n".join(lines) + "\n"


def photo(colour: tuple[int, int, int], marker: str) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (640, 480), colour)
    exif = Image.Exif()
    exif[0x010E] = f"{marker}-exif-description"  # ImageDescription
    image.save(out, "JPEG", exif=exif, comment=f"{marker}-jpeg-comment".encode())
    return out.getvalue()


def sidecar(marker: str) -> str:
    return (f"file: {marker}-photo.jpg\nagency: so-vhttdl\ncredit: {marker}-credit\n"
            "licence: https://creativecommons.org/licenses/by/4.0/\ntaken: 2026-01-01\n"
            f"caption: {{vi: {marker}-caption-vi, en: {marker}-caption-en}}\n"
            f"alt: {{vi: {marker}-alt, en: {marker}-alt, lo: {marker}-alt}}\npress_kit: true\n")


def plant(repo: Repo, marker: str, colour: tuple[int, int, int], **how: str) -> None:
    repo.write(f"catalog/press-release/{marker}.yaml", press_release(marker, **how))
    for lang in ("vi", "en", "lo"):
        repo.write(f"content/{lang}/press-release/{marker}.md",
                   text(f"{marker}-title-{lang}", f"{marker}-summary-{lang}", f"{marker}-body-{lang}"))
    repo.write(f"assets/media/{marker}-photo.jpg", photo(colour, marker))
    repo.write(f"assets/media/{marker}-photo.yaml", sidecar(marker))


def every_output(root: Path):
    """(path, bytes) of every file under site/ and export/, and of every member of a .gz or .zip."""
    for folder in ("site", "export"):
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            yield path, data
            if path.suffix == ".gz":
                yield path, gzip.decompress(data)
            elif path.suffix == ".zip":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    for name in z.namelist():
                        yield path / name, z.read(name)
                        yield path / name, name.encode()  # the member's name says things too


def found(root: Path, marker: str) -> list[str]:
    needles = [marker.encode(), marker.encode("utf-16-le")]
    return [str(path.relative_to(root)) for path, data in every_output(root) if any(n in data for n in needles)]


def images_of_colour(root: Path, colour: tuple[int, int, int]) -> list[str]:
    hits = []
    for path, data in every_output(root):
        if path.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"}:
            continue
        try:
            with Image.open(io.BytesIO(data)) as image:
                r, g, b = image.convert("RGB").resize((1, 1)).getpixel((0, 0))
        except Exception:
            continue
        if max(abs(r - colour[0]), abs(g - colour[1]), abs(b - colour[2])) < 40:
            hits.append(str(path.relative_to(root)))
    return hits


@pytest.fixture
def province(repo: Repo) -> Repo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    for index, (marker, how) in enumerate(HIDDEN.items()):
        r, g, b = HIDDEN_COLOUR  # each a little different: the same pixels twice is a finding of its own
        plant(repo, marker, (r, g + 4 * index, b), **how)
    plant(repo, "leakcontrol", (0, 90, 200))  # public: must be found
    return repo


def build(repo: Repo, now: str = NOW) -> None:
    result = repo.quangba("build", env={"QUANGBA_NOW": now})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_search_sees_the_public_control_record_everywhere_it_is(province):
    build(province)
    where = found(province.root, "leakcontrol")
    assert any(p.startswith("site/press-release/leakcontrol") for p in where)
    assert any(p.startswith("site/en/") for p in where)
    assert "export/data/texts.csv" in where
    assert any("search" in p for p in where), where  # the search index is searched too
    if (province.root / "site/sitemap.xml.gz").exists():
        assert "site/sitemap.xml.gz" in where  # …and inside compressed files
    photos = images_of_colour(province.root, (0, 90, 200))
    assert photos, "the public photo's derivatives are found by colour"
    if (province.root / "site/media/press-kit").is_dir():
        assert any(".zip/" in p for p in photos)  # …also inside the press kit


def test_hidden_records_and_their_photos_leave_no_byte_in_any_output(province):
    build(province)
    assert {marker: found(province.root, marker) for marker in HIDDEN} == {marker: [] for marker in HIDDEN}
    assert images_of_colour(province.root, HIDDEN_COLOUR) == []


def test_a_photo_shared_with_a_secret_record_stays_hidden(province):
    """A public record that reuses the secret record's photo does not publish it."""
    province.edit("catalog/press-release/leakcontrol.yaml", "media: [leakcontrol-photo]",
                  "media: [leakcontrol-photo, leaksecret-photo]")
    build(province)
    assert [p for p in found(province.root, "leaksecret") if p] == []
    assert images_of_colour(province.root, HIDDEN_COLOUR) == []


def test_the_embargo_lifts_when_the_clock_passes_it(province):
    """The same build a day after the embargo publishes the record: the markers were findable."""
    build(province, "2026-12-02T09:00:00+07:00")
    assert any(p.startswith("site/press-release/leakembargo") for p in found(province.root, "leakembargo"))
    assert found(province.root, "leaksecret") == []


def test_a_retracted_record_keeps_only_a_notice_and_a_tombstone(province):
    province.write("catalog/press-release/leakcontrol.yaml", press_release(
        "leakcontrol", status="retracted", retracted="2026-03-01",
        retraction_reason="{vi: Thông tin đã được đính chính., en: The information was corrected.}"))
    province.write("catalog/clarification/answer.yaml", "\n".join([
        "id: answer", "kind: clarification", "agency: so-vhttdl", "status: published", "classification: public",
        "created: 2026-03-01", "modified: 2026-03-01", "issued: 2026-03-01",
        "relations:", "  - {type: answers, target: leakcontrol}", ""]))
    province.write("content/vi/clarification/answer.md", text("Làm rõ", "Làm rõ thông tin.", "Nội dung làm rõ."))
    build(province)
    root = province.root
    for prefix, reason in (("", "Thông tin đã được đính chính."), ("en/", "The information was corrected."),
                           ("lo/", "The information was corrected.")):  # no Lao reason: the portal's fallback
        page = root / "site" / prefix / "press-release/leakcontrol/index.html"
        assert page.is_file(), page
        assert reason in page.read_text("utf-8")
    # nothing of the old content anywhere: not the text, not the tag, not the photo
    assert found(root, "leakcontrol-title") == [] and found(root, "leakcontrol-body") == []
    assert found(root, "leakcontrol-summary") == [] and found(root, "leakcontrol-tag") == []
    assert found(root, "leakcontrol-caption") == [] and images_of_colour(root, (0, 90, 200)) == []
    tombstones = (root / "export/data/tombstones.csv").read_text("utf-8")
    tombstone = [line for line in tombstones.splitlines() if line.startswith("leakcontrol,")]
    assert len(tombstone) == 1 and ",retracted," in tombstone[0] and "2026-03-01" in tombstone[0]
    records = (root / "export/data/records.csv").read_text("utf-8")
    assert not any(line.startswith("leakcontrol,") for line in records.splitlines())
    assert "leakcontrol" not in (root / "export/data/texts.csv").read_text("utf-8")
    # the clarification that answers it links to the notice
    answer = (root / "site/clarification/answer/index.html").read_text("utf-8")
    assert "press-release/leakcontrol/" in answer


# -- the bundled demo province ---------------------------------------------------------------
def _hidden_strings(catalog, now) -> dict[str, set[str]]:
    """For each record the demo hides at ``now``: its id (kept only by retraction notices) and
    every title, summary and body line of its texts that no visible record also says."""
    visible_text = set()
    for r in catalog.visible_records(now):
        if r.status == "published":
            for t in r.texts.values():
                visible_text |= {t.title, t.summary, *t.body.splitlines()}
    out = {}
    for r in catalog.records.values():
        if r.is_public(now):
            continue
        strings = {r.id} if not r.is_retracted_notice(now) else set()
        for t in r.texts.values():
            strings |= {s.strip() for s in (t.title, t.summary, *t.body.splitlines())
                        if len(s.strip()) >= 20 and s not in visible_text}
        out[r.id] = strings
    return out


def test_the_demo_province_publishes_nothing_it_hides(tmp_path):
    from quangba.catalog.load import load_catalog
    from quangba.catalog.model import parse_moment

    root = tmp_path / "demo"
    for part in ("catalog", "content", "assets"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    catalog = load_catalog(root).catalog
    hidden = _hidden_strings(catalog, parse_moment(NOW))
    kinds = {(r.status, r.classification, r.embargo_until is not None) for r in catalog.records.values()
             if r.id in hidden}
    # the demo exercises every way of being hidden; if it stops doing so, this test says it
    assert {("draft", "public", False), ("published", "internal", False), ("draft", "secret", False),
            ("published", "public", True), ("retracted", "public", False)} <= kinds
    build(Repo(root))
    outputs = list(every_output(root))
    assert len(outputs) > 100
    leaks = {rid: sorted(s for s in strings if any(s.encode() in data for _, data in outputs))
             for rid, strings in hidden.items()}
    assert leaks == {rid: [] for rid in hidden}
