"""Frictionless' verdict on each file of the package is kept between builds by content: an
unchanged file is not read again, and any change — to the file, to its schema, or to a file
its foreign keys point into — gets it validated again. What it reports is exactly what
``frictionless validate`` reports."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import frictionless
import pytest

from conftest import NOW, REPO, rewrite_package_file
from quangba.export import export_package, frictionless_check
from quangba.export.frictionless_check import VERDICTS, frictionless_findings, verdict_of
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment


@pytest.fixture(scope="module")
def clean_package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verdicts") / "export"
    summary = export_package(load_catalog(REPO).catalog, out, parse_moment(NOW), frictionless=False)
    assert summary.ok, summary.findings
    return out


@pytest.fixture
def package(clean_package, tmp_path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(clean_package, copy)
    return copy


def what_frictionless_says(package: Path) -> list[tuple[str, str]]:
    """`frictionless validate datapackage.json`, uncached, as (file, message) pairs."""
    report = frictionless.validate(str(package / "datapackage.json"), limit_errors=sys.maxsize)
    return rows(map(frictionless_check._finding, verdict_of(report)))


def rows(findings) -> list[tuple[str, str]]:
    return sorted((f.path, f.message_en) for f in findings)


def reports(findings, path: str, kind: str) -> bool:
    return any(f.path == path and f"“{kind}”" in f.message_en for f in findings)


def never_validate(monkeypatch) -> None:
    def refuse(report):
        raise AssertionError("a resource was validated again although nothing it depends on changed")
    monkeypatch.setattr(frictionless_check, "verdict_of", refuse)


def test_a_clean_package_is_clean_and_the_second_check_reads_no_file_again(package, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assert frictionless_findings(package / "datapackage.json", cache) == []
    assert (cache / VERDICTS).is_file()
    never_validate(monkeypatch)
    assert frictionless_findings(package / "datapackage.json", cache) == []


def test_a_changed_file_is_validated_again_and_its_errors_are_frictionless_own(package, tmp_path):
    cache = tmp_path / "cache"
    frictionless_findings(package / "datapackage.json", cache)
    records = (package / "data/records.csv").read_text("utf-8")
    header, first, rest = records.split("\n", 2)
    created = header.split(",").index("created")
    cells = first.split(",")
    cells[created] = "2026-13-45"  # a date that cannot be
    broken = "\n".join([header, ",".join(cells), rest])
    rewrite_package_file(package, "data/records.csv", broken.encode())
    found = frictionless_findings(package / "datapackage.json", cache)
    assert found and rows(found) == what_frictionless_says(package)
    assert reports(found, "data/records.csv", "type-error"), rows(found)


def test_a_file_that_differs_from_its_stated_hash_is_never_served_an_old_verdict(package, tmp_path):
    cache = tmp_path / "cache"
    frictionless_findings(package / "datapackage.json", cache)
    data = (package / "data/texts.csv").read_bytes()
    (package / "data/texts.csv").write_bytes(data.replace("Lễ hội".encode(), "Le hoi".encode(), 1))
    found = frictionless_findings(package / "datapackage.json", cache)
    assert reports(found, "data/texts.csv", "hash-count"), rows(found)
    assert rows(found) == what_frictionless_says(package)


def test_removing_a_row_others_point_to_breaks_their_foreign_keys_though_their_files_did_not_change(
        package, tmp_path):
    cache = tmp_path / "cache"
    frictionless_findings(package / "datapackage.json", cache)
    agencies = (package / "data/agencies.csv").read_text("utf-8").splitlines(keepends=True)
    rewrite_package_file(package, "data/agencies.csv", "".join(l for l in agencies if not l.startswith("so-vhttdl,")).encode())
    found = frictionless_findings(package / "datapackage.json", cache)
    assert reports(found, "data/records.csv", "foreign-key"), rows(found)
    assert rows(found) == what_frictionless_says(package)


def test_a_changed_schema_is_validated_again(package, tmp_path):
    cache = tmp_path / "cache"
    frictionless_findings(package / "datapackage.json", cache)
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    records = next(r for r in descriptor["resources"] if r["name"] == "records")
    field = next(f for f in records["schema"]["fields"] if f["name"] == "id")
    field["constraints"] = {**field.get("constraints", {}), "maxLength": 3}
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")
    found = frictionless_findings(path, cache)
    assert reports(found, "data/records.csv", "constraint-error"), rows(found)
    assert rows(found) == what_frictionless_says(package)


@pytest.mark.parametrize("damage", ["not json", "{\"verdicts\": 1}", json.dumps({"version": "x", "entries": []})])
def test_a_damaged_or_foreign_cache_only_costs_time(package, tmp_path, damage):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / VERDICTS).write_text(damage, "utf-8")
    assert frictionless_findings(package / "datapackage.json", cache) == []


def test_a_forged_verdict_for_another_version_of_frictionless_is_not_used(package, tmp_path):
    cache = tmp_path / "cache"
    frictionless_findings(package / "datapackage.json", cache)
    stored = json.loads((cache / VERDICTS).read_text("utf-8"))
    stored["version"] = "frictionless 0.0.1; old"
    stored["entries"] = {key: [["data/records.csv", "type-error", "forged", "row 1"]] for key in stored["entries"]}
    (cache / VERDICTS).write_text(json.dumps(stored), "utf-8")
    assert frictionless_findings(package / "datapackage.json", cache) == []


def test_a_descriptor_frictionless_cannot_open_is_a_finding(package, tmp_path):
    (package / "datapackage.json").write_text("{\"resources\": 7}", "utf-8")
    found = frictionless_findings(package / "datapackage.json", tmp_path / "cache")
    assert found and all(f.rule == "EXPORT-FRICTIONLESS" and f.path == "datapackage.json" for f in found)


def test_the_build_keeps_verdicts_beside_its_other_caches(repo):
    result = repo.run("build", "--frictionless")
    assert result.code == 0, result.out
    assert (repo.root / ".cache/export" / VERDICTS).is_file()
    report = json.loads((repo.root / "export/validation-report.json").read_text("utf-8"))
    assert "frictionless" in report["checks"] and report["valid"]
