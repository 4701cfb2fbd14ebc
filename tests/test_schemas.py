"""The schemas are checked by two validators: a fast one for the many files that are fine,
and an explaining one for the rest. They must agree, or an error could slip through."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from quangba.catalog.schemas import load_schemas

SCHEMAS = load_schemas(REPO / "catalog" / "schemas")

BASE_EVENT = {
    "id": "sea-festival", "kind": "event", "agency": "so-vhttdl", "status": "published",
    "classification": "public", "created": "2025-01-05", "modified": "2025-01-05",
    "event_type": "festival", "start": "2027-04-30", "location": {"lat": 17.4, "lon": 106.6},
    "relations": [{"type": "venue", "target": "nhat-le-beach"}], "tags": ["sea"],
}

EDGE_VALUES = [
    "2024-02-30", "2024-1-01", "2024-01-01", "2027-04-30T19:00:00", "2027-04-30T19:00:00+07:00",
    "2027-04-30T19:00:00Z", "2027-04-30 19:00:00+07:00", "not a uri", "https://example.org/x",
    "Nhat-Le", "nhat-le", "nhat--le", "", "x" * 90, 0, -1, 17.5, 200, True, None, [], {}, ["a", "a"],
    {"vi": "Tên"}, {"VI": "Tên"}, {"vi": ""},
]
FIELDS = ["id", "status", "created", "modified", "start", "end", "embargo_until", "url", "tags",
          "retraction_reason", "sample", "location", "relations", "unknown_field", "organiser"]


def agree(name: str, data: object) -> None:
    fast = SCHEMAS.fast[name].is_valid(data)
    explained = list(SCHEMAS.validators[name].iter_errors(data))
    assert fast == (not explained), (data, [e.message for e in explained])


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", EDGE_VALUES, ids=repr)
def test_fast_and_explaining_validators_agree_on_edge_values(field: str, value: object) -> None:
    data = copy.deepcopy(BASE_EVENT)
    data[field] = value
    agree("record:event", data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20) | st.sampled_from([v for v in EDGE_VALUES if isinstance(v, str)]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(SCHEMAS.validators)), field=st.sampled_from(FIELDS + ["names", "file", "title"]),
       value=json_values)
def test_fast_and_explaining_validators_agree_on_any_value(name: str, field: str, value: object) -> None:
    data = copy.deepcopy(BASE_EVENT) if name.startswith("record:") else {}
    data[field] = value
    agree(name, data)


def test_a_schema_key_spelled_like_a_yaml_11_boolean_stays_a_field_name(tmp_path) -> None:
    import shutil

    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "catalog" / "schemas", schemas)
    kind = schemas / "kinds" / "event.schema.yaml"
    kind.write_text(kind.read_text("utf-8") + "  on: {type: string}\n", "utf-8")
    loaded = load_schemas(schemas)
    assert "on" in loaded.allowed_fields["record:event"]
