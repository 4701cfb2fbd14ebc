"""Every cell of the package against its Table Schema, in the project's own check
(export/cells.py): what lets `quangba build` vouch for a package without running
Frictionless, so it must read cells exactly as Frictionless does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NOW, REPO, rewrite_package_file
from quangba.export import export_package
from quangba.export.cells import CONSTRAINTS, FORMATS, PROPERTIES, TYPES, field_check
from quangba.export.check import check_package
from quangba.export.frictionless_check import frictionless_findings
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment

SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "$schema", "missingValues"}


@pytest.fixture(scope="module")
def demo_package(tmp_path_factory) -> Path:
    catalog = load_catalog(REPO).catalog
    if not catalog.records:
        pytest.skip("no demo province in this checkout")
    out = tmp_path_factory.mktemp("demo") / "export"
    summary = export_package(catalog, out, parse_moment(NOW), frictionless=False)
    assert summary.ok, summary.findings
    return out


@pytest.fixture
def package(demo_package, tmp_path) -> Path:
    """A copy of the demo package a test may damage."""
    return Path(shutil.copytree(demo_package, tmp_path / "export"))


def fields_of(package: Path) -> list[dict]:
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    return [f for r in descriptor["resources"] if "schema" in r for f in r["schema"]["fields"]]


def test_the_package_schemas_use_only_what_the_cell_check_knows(demo_package):
    """A new type, format or constraint in a schema must be taught to cells.py first:
    otherwise the build would publish cells nobody checked."""
    descriptor = json.loads((demo_package / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        assert set(resource.get("schema", {})) <= SCHEMA_KEYS, resource["name"]
    for field in fields_of(demo_package):
        assert field["type"] in TYPES, field
        assert field.get("format", "default") in FORMATS, field
        assert set(field.get("constraints", {})) <= CONSTRAINTS, field
        assert set(field) <= PROPERTIES, field
        assert field_check(field) is not None or (field["type"] == "any" and not field.get("constraints")), field


# Cells as CSV holds them (text) and as NDJSON holds them (any JSON value), hostile and plain.
texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "true", "false", "True", "0", "1", "1.0", "-3", " 7 ", "1e3", "NaN", "Infinity",
                     "1_000", "0x10", "2025-01-31", "2025-02-30", "2025-1-3", "2025-01-31T10:00:00+07:00",
                     "2025-01-31 10:00:00", "2025-01-31T10:00", "2025-01-31T10:00:00.123456Z", "31/01/2025",
                     "https://example.org/a", "mailto:x@example.org", "1http://x", "urn:isbn:1", "//x", "a b:c",
                     "VND", "vnd", "USDT", "VND ", "commune", "ward", " commune", " true", "false ", " 2025-01-31",
                     "[]", "[1, 2]", "{}", '{"vi": "Huế"}', "null"]),
    st.from_regex(r"\A-?[0-9]{1,4}(\.[0-9]{1,3})?\Z"),
    st.dates().map(str),
)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                           max_leaves=6)


@pytest.fixture(scope="module")
def field_kinds(demo_package) -> list[tuple[dict, object, object]]:
    """(field, our check, Frictionless' field) for one field of each (type, format,
    constraints) the demo package uses."""
    seen: dict[str, dict] = {}
    for field in fields_of(demo_package):
        kind = json.dumps({k: v for k, v in field.items() if k not in ("name", "description", "title")}, sort_keys=True)
        seen.setdefault(kind, field)
    return [(field, field_check(field), frictionless.Field.from_descriptor(field)) for field in seen.values()]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=st.one_of(texts, json_values))
def test_a_cell_is_valid_exactly_when_frictionless_reads_it_without_a_note(field_kinds, cell):
    for field, ours, theirs in field_kinds:
        _, notes = theirs.read_cell(cell)
        if ours is None:  # a field whose every cell is valid
            assert not notes, (field, cell, notes)
        else:
            assert (ours.problem(cell) is None) == (not notes), (field, cell, notes, ours.problem(cell))


def damage(package: Path, rel: str, change) -> None:
    path = package / rel
    lines = path.read_text("utf-8").split("\n")
    rewrite_package_file(package, rel, "\n".join(change(lines)).encode("utf-8"))


def test_cells_that_break_their_schema_are_findings_with_file_line_and_field(package):
    def bad_date(lines):  # records.csv, data row 2: a 13th month in "created"
        header = lines[0].split(",")
        cells = lines[2].split(",")
        cells[header.index("created")] = "2025-13-01"
        return [lines[0], lines[1], ",".join(cells), *lines[3:]]

    def bad_state_and_type(lines):  # texts.ndjson: a state not in its enum; a number for a text
        first, second = json.loads(lines[0]), json.loads(lines[1])
        first["translation_state"] = "maybe"
        second["summary"] = 12
        return [json.dumps(first, ensure_ascii=False), json.dumps(second, ensure_ascii=False), *lines[2:]]

    damage(package, "data/records.csv", bad_date)
    damage(package, "data/texts.ndjson", bad_state_and_type)
    found = check_package(package)
    cells = {(f.rule, f.path, f.line) for f in found}
    assert cells == {("EXPORT-CELL", "data/records.csv", 3), ("EXPORT-CELL", "data/texts.ndjson", 1),
                     ("EXPORT-CELL", "data/texts.ndjson", 2)}
    messages = " ".join(f.message_en for f in found)
    assert "“created” in data row 2" in messages and "“2025-13-01”" in messages and "type date" in messages
    assert "“translation_state” in data row 1" in messages and "not one of" in messages
    assert "“summary” in data row 2" in messages and "type string" in messages
    assert all(f.message_vi and "lược đồ bảng" in f.message_vi for f in found)
    # Frictionless finds the same cells
    theirs = {(f.path, f.message_en.split(" at ")[1].split(":")[0]) for f in frictionless_findings(package / "datapackage.json")}
    assert theirs == {("data/records.csv", "row 3, field created"), ("data/texts.ndjson", "row 2, field translation_state"),
                      ("data/texts.ndjson", "row 3, field summary")}


def test_columns_other_than_the_schema_are_a_finding(package):
    damage(package, "data/agencies.csv", lambda lines: [lines[0].replace("name_vi", "ten"), *lines[1:]])
    found = check_package(package)
    assert [(f.rule, f.path, f.line) for f in found if f.rule == "EXPORT-COLUMNS"] == [("EXPORT-COLUMNS", "data/agencies.csv", 1)]
    message = next(f.message_en for f in found if f.rule == "EXPORT-COLUMNS")
    assert "missing: name_vi" in message and "not in the schema: ten" in message


def test_a_repeated_key_is_reported_once_as_the_key_not_again_as_a_unique_field(package):
    damage(package, "data/agencies.csv", lambda lines: [*lines[:-1], lines[1], lines[-1]])
    assert [f.rule for f in check_package(package)] == ["EXPORT-PRIMARY-KEY"]


@pytest.mark.parametrize("field, cells, repeats", [
    ({"name": "code", "type": "string", "constraints": {"unique": True}}, ["a", "", "b", "", "a"], True),
    ({"name": "code", "type": "string", "constraints": {"unique": True}}, ["a", "", "b", ""], False),  # missing repeats
    ({"name": "n", "type": "integer", "constraints": {"unique": True}}, ["1", "2", "01"], True),  # the same number
    ({"name": "n", "type": "integer", "constraints": {"unique": True}}, [1, 2, 1.0], True),
    ({"name": "tags", "type": "array", "constraints": {"unique": True}}, [["a"], ["b"], ["a"]], True),
])
def test_a_unique_field_may_not_repeat_a_value_as_read(field, cells, repeats):
    from quangba.export.cells import UniqueTracker, column_is_clean

    check = field_check(field)
    assert column_is_clean(check, cells) is not repeats
    tracker = UniqueTracker()
    found = [tracker.repeated(check, cell, row) for row, cell in enumerate(cells, start=1)]
    assert (found[-1] == 1) is repeats and not any(found[:-1])
