"""The synthetic province used by the benchmarks: valid, deterministic, every script."""

from __future__ import annotations

from pathlib import Path

from conftest import NOW, REPO
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment
from quangba.synthetic import generate
from quangba.rules.validate import validate


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_synthetic_province_validates_and_has_every_kind_and_language(tmp_path: Path) -> None:
    root = generate(REPO, tmp_path / "synth", records=33, languages=("vi", "en", "lo", "th"), photos=3)
    loaded = load_catalog(root)
    errors = [f for f in validate(loaded, parse_moment(NOW)) if f.is_error]
    assert errors == []
    catalog = loaded.catalog
    assert len(catalog.records) == 33
    assert {r.kind for r in catalog.records.values()} == set(catalog.kinds) - set(catalog.internal_kinds)
    assert {t.lang for t in catalog.texts} == {"vi", "en", "lo", "th"}
    lao = next(t for t in catalog.texts if t.lang == "lo")
    assert any("\u0e80" <= ch <= "\u0eff" for ch in lao.body)


def test_the_same_seed_gives_the_same_province(tmp_path: Path) -> None:
    first = generate(REPO, tmp_path / "a", records=12, photos=2, seed=7)
    second = generate(REPO, tmp_path / "b", records=12, photos=2, seed=7)
    other = generate(REPO, tmp_path / "c", records=12, photos=2, seed=8)
    assert _files(first) == _files(second)
    assert _files(first) != _files(other)
