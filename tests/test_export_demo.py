"""The bundled demo province exported as the national database receives it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph

from conftest import NOW, REPO
from quangba.export import export_package
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment

SHAPES = REPO / "tests" / "standards" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> tuple[Path, object]:
    catalog = load_catalog(REPO).catalog
    out = tmp_path_factory.mktemp("demo") / "export"
    summary = export_package(catalog, out, parse_moment(NOW))
    assert summary.ok, summary.findings
    return out, catalog


def test_the_demo_package_is_valid_for_frictionless_and_dcat_ap(demo_export):
    out, _ = demo_export
    report = frictionless.validate(str(out / "datapackage.json"), limit_errors=10**9)
    assert report.valid, report.flatten(["place", "rowNumber", "fieldName", "type", "note"])
    assert SHAPES.is_file(), f"DCAT-AP shapes not found at {SHAPES}"
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _, text = shacl_validate(Graph().parse(out / "catalog.ttl", format="turtle"), shacl_graph=shapes)
    assert conforms, text


def test_nothing_the_demo_keeps_back_reaches_the_package(demo_export):
    out, catalog = demo_export
    now = parse_moment(NOW)
    everything = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file())
    hidden = [r for r in catalog.records.values() if not r.is_visible(now)]
    assert hidden, "the demo should hold drafts, internal, secret and embargoed records"
    for record in hidden:
        assert f"/{record.id}" not in everything and f'"{record.id}"' not in everything, record.id
        for text in record.texts.values():
            assert text.title not in everything, (record.id, text.lang)
    retracted = [r for r in catalog.records.values() if r.is_retracted_notice(now)]
    tombstones = (out / "data/tombstones.csv").read_text("utf-8")
    for record in retracted:
        assert record.id in tombstones
        assert record.texts["vi"].body[:40] not in everything  # the old content never leaves


def test_the_demo_geojson_has_every_public_place_with_coordinates(demo_export):
    out, catalog = demo_export
    now = parse_moment(NOW)
    expected = {r.id for r in catalog.public_records(now)
                if r.kind == "place" and r.location and r.location.has_point}
    for lang in catalog.languages:
        features = json.loads((out / "geo" / f"{lang}.geojson").read_text("utf-8"))["features"]
        places = {f["properties"]["id"] for f in features if f["properties"]["kind"] == "place"}
        assert places == expected and expected


def test_the_demo_survives_export_import_export_byte_for_byte(demo_export, tmp_path):
    from quangba.export.importer import import_package
    from quangba.export.read import read_package

    out, _ = demo_export
    import_package(read_package(out), tmp_path / "imported")
    again = export_package(load_catalog(tmp_path / "imported").catalog, tmp_path / "again", parse_moment(NOW))
    assert again.ok, again.findings
    first = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
              for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
