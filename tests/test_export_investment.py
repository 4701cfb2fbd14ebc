"""The investment-promotion database in the data package: zones, projects and incentives as
resources of their own, keyed and typed, in the DCAT catalog and the GeoJSON — and the
package made on two cores is the very package made on one."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import NOW, text
from quangba.export import export_package, parallel
from quangba.export.check import check_package
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment

ZONE = """\
id: {id}
kind: zone
agency: so-vhttdl
status: {status}
classification: public
created: 2026-01-10
modified: 2026-01-10
location: {{lat: 17.925, lon: 106.53, unit: dong-hoi}}
zone_type: coastal-economic-zone
area_ha: 10000
occupancy_percent: 35.5
infrastructure: [road, seaport]
"""

PROJECT = """\
id: {id}
kind: project
agency: so-vhttdl
status: {status}
classification: public
created: 2026-02-01
modified: 2026-02-01
sector: logistics
project_status: calling
{where}
area_ha: 42.5
capital:
  amount: 60000000
  currency: USD
investment_form: fdi
contact_agency: ubnd
"""

INCENTIVE = """\
id: inc-cit
kind: incentive
agency: so-vhttdl
status: published
classification: public
created: 2026-03-01
modified: 2026-03-01
incentive_type: corporate-income-tax
legal_basis:
  - {number: 61/2020/QH14, title: Luật Đầu tư, date: 2020-06-17, article: "Điều 15, Điều 16"}
  - {number: 31/2021/NĐ-CP, title: Nghị định hướng dẫn Luật Đầu tư, date: 2021-03-26}
qualifies: {vi: Dự án mới trong khu kinh tế, en: New projects in an economic zone}
sectors: [logistics, industry]
zones: [hon-la-ez]
"""


def investment_province(repo) -> None:
    """Two zones, a project in one (without coordinates of its own), a project in a commune,
    a draft project, and an incentive for one zone."""
    for zone in ("hon-la-ez", "lao-bao-sez"):
        repo.write(f"catalog/zone/{zone}.yaml", ZONE.format(id=zone, status="published"))
        repo.write(f"content/vi/zone/{zone}.md", text(f"Khu kinh tế {zone}", "Khu kinh tế mẫu.", "Hạ tầng tốt."))
    repo.write("content/en/zone/hon-la-ez.md", text("Hon La Economic Zone", "A sample zone.", "Good roads."))
    repo.write("catalog/project/port.yaml", PROJECT.format(id="port", status="published", where="zone: hon-la-ez"))
    repo.write("catalog/project/resort.yaml", PROJECT.format(
        id="resort", status="published", where="location: {lat: 17.43, lon: 106.65, unit: dong-hoi}"))
    repo.write("catalog/project/secret-plan.yaml", PROJECT.format(id="secret-plan", status="draft", where="zone: lao-bao-sez"))
    for project in ("port", "resort", "secret-plan"):
        repo.write(f"content/vi/project/{project}.md", text(f"Dự án {project}", "Dự án mẫu.", "Vốn **60 triệu USD**."))
    repo.write("catalog/incentive/inc-cit.yaml", INCENTIVE)
    repo.write("content/vi/incentive/inc-cit.md", text("Ưu đãi thuế", "Ưu đãi mẫu.", "Miễn thuế 4 năm."))


def rows(package: Path, name: str) -> list[dict[str, str]]:
    with open(package / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def schema(package: Path, name: str) -> dict:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    return next(r["schema"] for r in descriptor["resources"] if r["name"] == name)


@pytest.fixture
def package(repo, tmp_path) -> Path:
    investment_province(repo)
    validated = repo.quangba("validate")
    assert validated.returncode == 0, validated.stdout
    summary = export_package(load_catalog(repo.root).catalog, tmp_path / "export", parse_moment(NOW))
    assert summary.ok, summary.findings
    return tmp_path / "export"


def test_projects_zones_and_incentives_are_resources_with_keys_that_resolve(package):
    zones, projects = rows(package, "zones"), rows(package, "projects")
    incentives, links = rows(package, "incentives"), rows(package, "incentive_zones")
    assert [z["id"] for z in zones] == ["hon-la-ez", "lao-bao-sez"]
    assert [p["id"] for p in projects] == ["port", "resort"]
    assert [(link["incentive_id"], link["zone_id"]) for link in links] == [("inc-cit", "hon-la-ez")]
    record_ids = {r["id"] for r in rows(package, "records")}
    agencies = {a["id"] for a in rows(package, "agencies")}
    assert {r["id"] for r in zones + projects + incentives} <= record_ids
    port, resort = projects
    assert port["zone"] == "hon-la-ez" and port["unit"] == "" and resort["zone"] == "" and resort["unit"] == "dong-hoi"
    assert port["contact_agency"] in agencies and port["contact_agency"] == "ubnd"
    # what the keys say, the Table Schemas say too
    keys = {(tuple(k["fields"]), k["reference"]["resource"]) for k in schema(package, "projects")["foreignKeys"]}
    assert {(("zone",), "zones"), (("contact_agency",), "agencies"), (("id",), "records"),
            (("unit",), "admin_units")} <= keys
    assert schema(package, "incentive_zones")["primaryKey"] == ["incentive_id", "zone_id"]
    legal = rows(package, "incentive_legal_basis")
    assert [(x["position"], x["number"], x["date"]) for x in legal] == [
        ("0", "61/2020/QH14", "2020-06-17"), ("1", "31/2021/NĐ-CP", "2021-03-26")]
    assert incentives[0]["everywhere"] == "false" and json.loads(incentives[0]["sectors"]) == ["logistics", "industry"]


def test_numbers_are_typed_with_units_and_an_iso_4217_currency(package):
    fields = {f["name"]: f for f in schema(package, "projects")["fields"]}
    assert fields["area_ha"]["type"] == "number" and "hectares" in fields["area_ha"]["description"]
    assert fields["capital_amount"]["type"] == "number" and fields["capital_amount"]["constraints"]["minimum"] == 0
    assert re.fullmatch(fields["capital_currency"]["constraints"]["pattern"], "USD")
    port = rows(package, "projects")[0]
    assert (port["area_ha"], port["capital_amount"], port["capital_currency"]) == ("42.5", "60000000", "USD")
    line = (package / "data/projects.ndjson").read_text("utf-8").splitlines()[0]
    assert json.loads(line)["capital_amount"] == 60000000 and json.loads(line)["area_ha"] == 42.5
    zone = json.loads((package / "data/zones.ndjson").read_text("utf-8").splitlines()[0])
    assert zone["area_ha"] == 10000 and zone["occupancy_percent"] == 35.5


def test_the_package_with_investment_passes_frictionless_and_its_own_checks(package):
    assert check_package(package, frictionless=True) == []
    report = json.loads((package / "validation-report.json").read_text("utf-8"))
    assert report["valid"] and report["errors"] == 0


def test_a_draft_project_leaves_no_trace_and_internal_kinds_never_appear(package):
    everything = b"".join(p.read_bytes() for p in package.rglob("*") if p.is_file())
    assert b"secret-plan" not in everything
    for kind in (b"press-monitoring", b"reporter-visit", b"interview"):
        assert kind not in everything, kind
    assert not (package / "schemas/kinds/press-monitoring.schema.json").exists()
    kinds = next(f for f in schema(package, "records")["fields"] if f["name"] == "kind")["constraints"]["enum"]
    assert "project" in kinds and "press-monitoring" not in kinds


def test_the_geojson_carries_zones_and_projects_in_every_language(package):
    for lang, title in (("vi", "Khu kinh tế hon-la-ez"), ("en", "Hon La Economic Zone"), ("lo", "Khu kinh tế hon-la-ez")):
        features = {f["id"].rsplit("/", 1)[-1]: f for f in
                    json.loads((package / f"geo/{lang}.geojson").read_text("utf-8"))["features"]}
        assert {"hon-la-ez", "lao-bao-sez", "port", "resort"} <= features.keys()
        assert features["hon-la-ez"]["properties"]["title"] == title
        port = features["port"]
        # a project without coordinates stands at its zone's, and says so
        assert port["geometry"]["coordinates"] == [106.53, 17.925]
        assert port["properties"]["coordinates_from"] == "hon-la-ez"
        assert (port["properties"]["capital_amount"], port["properties"]["capital_currency"]) == (60000000, "USD")
        assert "coordinates_from" not in features["resort"]["properties"]


def test_the_dcat_catalog_distributes_the_investment_tables_and_passes_the_shapes(package):
    from pyshacl import validate as shacl_validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT

    from test_export_dcat_geo import SHAPES

    g = Graph().parse(package / "catalog.ttl", format="turtle")
    base = "https://demo.example/export/"
    for kind, files in (("project", ["projects.csv", "projects.ndjson"]), ("zone", ["zones.csv"]),
                        ("incentive", ["incentives.csv", "incentive_zones.csv", "incentive_legal_basis.csv"])):
        distributions = {str(d) for d in g.objects(URIRef(f"{base}dataset/{kind}"), DCAT.distribution)}
        for name in files:
            assert f"{base}data/{name}#distribution" in distributions, (kind, name)
    conforms, _, report = shacl_validate(g, shacl_graph=Graph().parse(SHAPES, format="turtle"), inference="none")
    assert conforms, report


def test_export_import_export_keeps_the_investment_tables_byte_for_byte(package, repo, tmp_path):
    result = repo.quangba("import", str(package), str(tmp_path / "imported"))
    assert result.returncode == 0, result.stdout + result.stderr
    again = export_package(load_catalog(tmp_path / "imported").catalog, tmp_path / "again", parse_moment(NOW))
    assert again.ok and again.resources["projects"] == 2
    for p in sorted(package.rglob("*")):
        if p.is_file():
            assert p.read_bytes() == (tmp_path / "again" / p.relative_to(package)).read_bytes(), p


def test_the_diff_sees_a_changed_project(package, repo, tmp_path):
    repo.edit("catalog/project/port.yaml", "amount: 60000000", "amount: 75000000")
    repo.edit("catalog/project/port.yaml", "modified: 2026-02-01", "modified: 2026-11-01")
    export_package(load_catalog(repo.root).catalog, tmp_path / "new", parse_moment(NOW))
    result = repo.quangba("diff", str(package), str(tmp_path / "new"), "--format", "json")
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["records"]
    assert [(r["id"], sorted(r["fields"])) for r in changes["modified"]] == [("port", ["capital", "modified"])]
    assert changes["added"] == changes["removed"] == changes["tombstoned"] == []


def test_a_package_made_on_two_cores_is_the_package_made_on_one(package, repo, tmp_path, monkeypatch):
    catalog = load_catalog(repo.root).catalog
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    export_package(catalog, tmp_path / "one", parse_moment(NOW))
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel, "WORTH_FORKING", 0)  # fork even for this small province
    export_package(catalog, tmp_path / "two", parse_moment(NOW))
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) > 20
    # a problem found by the worker is reported as if found here
    (tmp_path / "two/data/texts.csv").write_text("record_id,lang\nport,vi\nport,vi\n", "utf-8")
    found = {f.rule for f in check_package(tmp_path / "two")}
    assert {"EXPORT-HASH", "EXPORT-PRIMARY-KEY"} <= found


def test_an_error_in_the_worker_is_raised_here(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)

    def fails() -> None:
        raise ValueError("broken in the worker")
    with pytest.raises(ValueError, match="broken in the worker"):
        parallel.in_parallel([lambda: 1, fails], [parallel.WORTH_FORKING, parallel.WORTH_FORKING])
    assert parallel.in_parallel([lambda: 1, lambda: 2, lambda: 3], [1, parallel.WORTH_FORKING, 5]) == [1, 2, 3]


def _marking_calls(folder, count: int) -> list:
    """Calls that each leave a mark in ``folder`` (whichever process runs them) and return (i, i²)."""
    def run(i: int) -> tuple[int, int]:
        with open(folder / f"ran-{i}", "a") as marker:  # by this process or the worker
            marker.write("x")
        return i, i * i
    return [lambda i=i: run(i) for i in range(count)]


def test_calls_taken_from_a_shared_queue_each_run_once_and_come_back_in_order(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    calls = _marking_calls(tmp_path, 40)
    assert parallel.in_parallel(calls, [parallel.WORTH_FORKING] * 40, shared=True) == [(i, i * i) for i in range(40)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"ran-{i}" for i in range(40))
    assert {p.read_text() for p in tmp_path.iterdir()} == {"x"}

    def fails() -> None:
        raise ValueError("broken in one of them")
    with pytest.raises(ValueError, match="broken in one of them"):
        parallel.in_parallel([lambda: 1, fails, lambda: 3], [parallel.WORTH_FORKING] * 3, shared=True)


def test_a_public_record_of_an_internal_kind_stays_out_even_if_validation_was_skipped(package, repo, tmp_path):
    repo.write("catalog/press-monitoring/pm-1.yaml", "id: pm-1\nkind: press-monitoring\nagency: so-vhttdl\n"
               "status: published\nclassification: public\ncreated: 2026-01-01\nmodified: 2026-01-01\n"
               "outlet: Báo Mẫu\nurl: https://news.example/a\ndate: 2026-01-01\nheadline: Tin sai lệch\n"
               "assessment: inaccurate\nresponse_status: open\n")
    repo.write("content/vi/press-monitoring/pm-1.md", text("Ghi chú nội bộ", "Đánh giá nội bộ.", "Ghi chú."))
    assert "REC-INTERNAL-KIND" in repo.run("validate").rules()  # what `quangba export` would stop at
    summary = export_package(load_catalog(repo.root).catalog, tmp_path / "unchecked", parse_moment(NOW))
    assert summary.ok, summary.findings
    everything = b"".join(p.read_bytes() for p in (tmp_path / "unchecked").rglob("*") if p.is_file())
    assert b"pm-1" not in everything and "Ghi chú nội bộ".encode() not in everything and b"Tin sai" not in everything


def test_a_call_made_here_first_beside_the_shared_queue(monkeypatch, tmp_path):
    import os

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    calls = _marking_calls(tmp_path, 30)
    here, results = parallel.here_first(os.getpid, calls, [parallel.WORTH_FORKING] * 30)
    assert here == os.getpid() and results == [(i, i * i) for i in range(30)]  # never made by the worker
    assert {p.read_text() for p in tmp_path.iterdir()} == {"x"} and len(list(tmp_path.iterdir())) == 30
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert parallel.here_first(lambda: "tables", calls[:3]) == ("tables", [(0, 0), (1, 1), (2, 4)])
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)

    def fails() -> None:
        raise ValueError("broken in one of them")
    with pytest.raises(ValueError, match="broken in one of them"):
        parallel.here_first(lambda: None, [lambda: 1, fails, lambda: 3], [parallel.WORTH_FORKING] * 3)


def test_a_worker_that_dies_is_an_error_here(monkeypatch):
    import os

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    here = os.getpid()

    def dies() -> int:
        if os.getpid() != here:  # in the worker only (it takes the heavier half)
            os._exit(3)
        return 2
    with pytest.raises(RuntimeError, match="without its results"):
        parallel.in_parallel([lambda: 1, dies], [1, parallel.WORTH_FORKING])
