"""Beside the package: the DCAT-AP 3.0 catalog a harvester reads, and GeoJSON per language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
import rdflib.namespace as ns

from conftest import REPO, text

# the published DCAT-AP 3.0.0 shapes, copied unchanged into the repository (tests/standards/README.md)
SHAPES = REPO / "tests" / "standards" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    assert SHAPES.is_file(), f"DCAT-AP shapes not found at {SHAPES}"
    return Graph().parse(SHAPES, format="turtle")


def export(repo) -> Path:
    result = repo.quangba("export")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo.root / "export"


@pytest.mark.parametrize("name, fmt", [("catalog.ttl", "turtle"), ("catalog.jsonld", "json-ld")])
def test_the_dcat_catalog_passes_the_dcat_ap_shapes(repo, shapes, name, fmt):
    graph = Graph().parse(export(repo) / name, format=fmt)
    conforms, _, report = shacl_validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report


def test_the_catalog_has_a_dataset_per_kind_with_multilingual_titles_and_checksummed_files(repo):
    package = export(repo)
    g = Graph().parse(package / "catalog.ttl", format="turtle")
    datasets = sorted(str(d) for d in g.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert datasets == [f"https://demo.example/export/dataset/{k}" for k in ("event", "place", "press-release", "reference")]
    place = URIRef("https://demo.example/export/dataset/place")
    titles = {t.language: str(t) for t in g.objects(place, ns.DCTERMS.title)}
    assert titles["vi"] == "Địa danh và di sản" and titles["en"] == "Places and heritage"
    assert g.value(place, ns.DCTERMS.publisher) == URIRef("https://demo.example/id/agency/so-vhttdl")
    assert Literal("Sở Văn hóa, Thể thao và Du lịch", lang="vi") in set(
        g.objects(URIRef("https://demo.example/id/agency/so-vhttdl"), URIRef("http://xmlns.com/foaf/0.1/name")))
    # each distribution points at a package file, with its real size and hash
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        dist = URIRef(f"https://demo.example/export/{resource['path']}#distribution")
        assert g.value(dist, ns.DCAT.downloadURL) == URIRef(f"https://demo.example/export/{resource['path']}")
        assert int(g.value(dist, ns.DCAT.byteSize)) == resource["bytes"]
        checksum = g.value(dist, URIRef("http://spdx.org/rdf/terms#checksum"))
        assert "sha256:" + str(g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))) == resource["hash"]
    # the place dataset offers the GeoJSON of every language
    downloads = {str(g.value(d, ns.DCAT.downloadURL)) for d in g.objects(place, ns.DCAT.distribution)}
    assert "https://demo.example/export/geo/lo.geojson" in downloads


def test_geojson_per_language_has_places_and_events_with_coordinates(repo):
    repo.write("catalog/place/hidden-cave.yaml", "id: hidden-cave\nkind: place\nagency: so-vhttdl\nstatus: draft\n"
               "classification: public\ncreated: 2024-01-01\nmodified: 2024-01-01\ncategory: nature\n"
               "location: {lat: 17.5, lon: 106.3}\n")
    repo.write("content/vi/place/hidden-cave.md", text("Hang ẩn", "Nháp.", "Nháp."))
    package = export(repo)
    for lang in ("vi", "en", "lo"):
        collection = json.loads((package / "geo" / f"{lang}.geojson").read_text("utf-8"))
        assert collection["type"] == "FeatureCollection"
        features = {f["properties"]["id"]: f for f in collection["features"]}
        assert set(features) == {"nhat-le-beach", "sea-festival"}  # no draft, no press release
        assert features["nhat-le-beach"]["geometry"] == {"type": "Point", "coordinates": [106.623, 17.478]}
        # the festival has no coordinates of its own: it is placed at its venue
        assert features["sea-festival"]["geometry"]["coordinates"] == [106.623, 17.478]
        assert features["sea-festival"]["properties"]["venue"] == "nhat-le-beach"
    en = {f["properties"]["id"]: f["properties"] for f in
          json.loads((package / "geo/en.geojson").read_text("utf-8"))["features"]}
    assert (en["nhat-le-beach"]["title"], en["nhat-le-beach"]["lang"]) == ("Nhat Le beach", "en")
    assert (en["sea-festival"]["title"], en["sea-festival"]["lang"]) == ("Lễ hội biển", "vi")  # not translated yet


def test_the_catalog_names_kinds_in_the_portal_s_own_words():
    import subprocess
    import sys

    # read without importing the portal's modules, and the same words as the portal's
    code = ("import sys; from quangba.export import dcat; words = dcat._portal_words(); "
            "assert 'quangba.site' not in sys.modules; from quangba.site.strings import _strings; "
            "assert words == _strings() and words['kinds']")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0
