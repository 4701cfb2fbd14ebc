"""Property tests: whatever bytes an agency commits, the loaders and `validate` answer with
findings, never an exception or a hang. Examples are bounded so the suite stays fast."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AGENCIES, NOW, PLACE, PROVINCE, REPO, SIDECAR, jpeg, text
from quangba.rules.findings import Finding
from quangba.catalog.load import _split_front_matter, load_catalog
from quangba.catalog.model import parse_moment
from quangba.rules.validate import validate
from quangba.catalog.yamlfiles import decode_text, parse_yaml

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made mostly of YAML's own punctuation, so examples hit its structure, not just scalars.
yamlish = st.text(alphabet=st.sampled_from(list("[]{}:,-?&*!|>'\"#%@`~ \n\t\r\\abcxyz019.ãế\u0303\x00\u202e")),
                  max_size=200)
any_text = st.one_of(yamlish, st.text(max_size=200))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.integers(min_value=10 ** 30, max_value=10 ** 45),
                    st.text(max_size=20), st.sampled_from(["published", "public", "2025-01-01", "so-vhttdl", "x"]))
plain_data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=20)

def shaped(*names: str) -> st.SearchStrategy:
    """Groups of fields with the real names and any values: what a confused editor writes."""
    return st.fixed_dictionaries({}, optional={name: plain_data for name in names})


RECORD = ("id", "kind", "agency", "status", "classification", "created", "modified", "embargo_until", "retracted",
          "retraction_reason", "tags", "media", "former_ids", "sample", "category", "start", "end", "issued")
record_like = st.one_of(
    shaped(*RECORD),
    st.builds(lambda d, loc, rel: {**d, "location": loc, "relations": rel}, shaped(*RECORD),
              shaped("lat", "lon", "unit", "address"), st.lists(shaped("type", "target"), max_size=3)),
)
agencies_like = st.builds(lambda items: {"agencies": items}, st.lists(shaped(
    "id", "kind", "names", "short", "former_names", "parent", "valid_from", "valid_to", "successor", "owner",
    "reviewers", "url"), max_size=4))
province_like = st.builds(lambda d, units, gates, kiosks: {**d, "admin_units": units, "border_gates": gates,
                                                            "kiosk": kiosks},
                          shaped("id", "names", "languages", "base_url", "licence", "owner", "tagline",
                                 "legal_basis", "reporting", "valid_to", "successor", "predecessors"),
                          st.lists(shaped("id", "type", "names", "formerly"), max_size=3),
                          st.lists(shaped("id", "names", "country", "counterpart", "record"), max_size=3),
                          st.lists(shaped("id", "names", "gate", "languages", "records", "tags", "seconds"),
                                   max_size=2))
sidecar_like = shaped("file", "agency", "credit", "licence", "taken", "place", "caption", "alt", "consent",
                      "press_kit", "sample")
SHAPES = {"catalog/place/nhat-le-beach.yaml": record_like, "catalog/agencies.yaml": agencies_like,
          "catalog/province.yaml": province_like, "assets/media/nhat-le.yaml": sidecar_like}


def _ok(result) -> None:
    doc, findings = result
    assert all(isinstance(f, Finding) and f.message_vi and f.message_en for f in findings)
    assert doc is not None or findings  # never silently nothing


@FAST
@given(any_text)
def test_yaml_loader_never_raises(source):
    _ok(parse_yaml("x.yaml", source))


@FAST
@given(st.binary(max_size=300))
def test_byte_checks_never_raise(raw):
    text, findings = decode_text("x.yaml", raw, limit=200)
    assert text is not None or findings


@FAST
@given(any_text)
def test_front_matter_split_keeps_every_body_line(raw):
    front, body, body_line = _split_front_matter(raw)
    if front is None:
        assert body == raw
    else:
        assert raw.endswith(body) and body_line >= 3
        assert raw.count("\n", 0, len(raw) - len(body)) + 1 == body_line


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "province"
    shutil.copytree(REPO / "catalog" / "schemas", root / "catalog" / "schemas")
    for rel, content in {"catalog/province.yaml": PROVINCE, "catalog/agencies.yaml": AGENCIES,
                         "catalog/place/nhat-le-beach.yaml": PLACE,
                         "content/vi/place/nhat-le-beach.md": text("Bãi biển", "Tóm tắt", "Nội dung.")}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, "utf-8")
    (root / "assets/media").mkdir(parents=True)
    (root / "assets/media/nhat-le.yaml").write_text(SIDECAR, "utf-8")
    (root / "assets/media/nhat-le.jpg").write_bytes(jpeg())
    return root


def _validate(root: Path) -> list[Finding]:
    return validate(load_catalog(root), parse_moment(NOW))


TARGETS = list(SHAPES)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_validate_answers_any_structure_with_findings(province, data):
    target = data.draw(st.sampled_from(TARGETS))
    data = data.draw(SHAPES[target])
    path = province / target
    original = path.read_bytes() if path.exists() else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        for f in _validate(province):
            assert f.path and f.message_vi and f.message_en
    finally:
        path.write_bytes(original) if original is not None else path.unlink()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS + ["content/vi/place/nhat-le-beach.md", "content/en/place/nhat-le-beach.md"]),
       raw=st.one_of(any_text.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=200),
                     any_text.map(lambda s: ("---\n" + s + "\n---\n").encode("utf-8", "surrogatepass"))))
def test_validate_answers_any_bytes_with_findings(province, target, raw):
    path = province / target
    original = path.read_bytes() if path.exists() else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        for f in _validate(province):
            assert f.path and f.message_vi and f.message_en
    finally:
        path.write_bytes(original) if original is not None else path.unlink()


def test_the_untouched_fuzz_province_is_clean(province):
    """The fixture itself validates, so the properties above start from a working catalog."""
    assert [f for f in _validate(province) if f.is_error] == []
