"""The bundled demo province: the merged Quảng Trị, as a fresh clone has it."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from conftest import NOW, REPO, Repo
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment
from quangba.rules.validate import validate

INVENTED_KINDS = {"project", "press-release", "statement", "clarification", "zone", "incentive",
                  "press-monitoring", "reporter-visit", "interview"}


@pytest.fixture(scope="module")
def demo():
    return load_catalog(REPO)


def test_the_demo_validates_without_errors(demo) -> None:
    errors = [f for f in validate(demo, parse_moment(NOW)) if f.is_error]
    assert errors == []


def test_the_demo_has_at_least_40_records_across_every_kind(demo) -> None:
    catalog = demo.catalog
    kinds = Counter(r.kind for r in catalog.records.values())
    assert sum(kinds.values()) >= 40
    assert set(kinds) == set(catalog.kinds)


def test_vietnamese_everywhere_english_for_most_lao_for_some(demo) -> None:
    records = list(demo.catalog.records.values())
    share = {lang: sum(lang in r.texts for r in records) / len(records) for lang in ("vi", "en", "lo")}
    assert share["vi"] == 1
    assert 0.5 <= share["en"] < 1
    assert 0.1 <= share["lo"] < share["en"]


def test_invented_records_are_marked_as_sample_data(demo) -> None:
    for record in demo.catalog.records.values():
        if record.kind in INVENTED_KINDS:
            assert record.sample, record.path


def test_demo_photos_carry_gps_so_the_privacy_rules_have_work(demo) -> None:
    jpegs = [m for m in demo.catalog.media.values() if m.file.suffix == ".jpg"]
    assert len(jpegs) >= 10
    for item in jpegs:
        with Image.open(item.file) as image:
            gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps.get(ExifTags.GPS.GPSLatitude), item.file.name


def test_the_demo_includes_what_must_never_be_published(demo) -> None:
    records = demo.catalog.records.values()
    now = parse_moment(NOW)
    assert any(r.classification == "secret" for r in records)
    assert any(r.classification == "internal" for r in records)
    assert any(r.status == "draft" for r in records)
    assert any(r.embargo_until and r.embargo_until > now for r in records)
    assert any(r.status == "retracted" for r in records)


def test_a_copy_of_the_demo_with_one_broken_record_gives_a_precise_finding(tmp_path: Path) -> None:
    copy = Repo(tmp_path / "demo")
    for folder in ("catalog", "content"):
        shutil.copytree(REPO / folder, copy.root / folder)
    shutil.copytree(REPO / "assets" / "media", copy.root / "assets" / "media")
    assert copy.run("validate").code == 0
    copy.edit("catalog/place/phong-nha-ke-bang.yaml", "\nstatus: published", "\nstatus: publised")
    result = copy.run("validate")
    assert result.code == 1
    line = next(l for l in result.out.splitlines() if "SCHEMA-VALUE" in l)
    assert line.startswith("catalog/place/phong-nha-ke-bang.yaml:")
    assert "“publised” không thuộc: draft, published, retracted" in line
    assert "“publised” is not one of: draft, published, retracted" in result.out
