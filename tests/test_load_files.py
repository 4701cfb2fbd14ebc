"""How the loader reads the repository's files: sizes up to the limit, names as pathlib
would read them, YAML documents that never share what a stage could change."""

from __future__ import annotations

import gc
from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from conftest import Repo, text

from quangba.util import relpath
from quangba.catalog.load import MAX_MARKDOWN_BYTES, load_catalog
from quangba.catalog.yamlfiles import MAX_YAML_BYTES, parse_yaml

PLACE = "catalog/place/nhat-le-beach.yaml"
VI_PLACE = "content/vi/place/nhat-le-beach.md"


def _padded(content: str, size: int) -> bytes:
    """``content`` with a comment line that brings it to exactly ``size`` bytes."""
    raw = content.encode("utf-8") + b"#"
    return raw + b"x" * (size - len(raw) - 1) + b"\n"


def test_a_record_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(repo: Repo) -> None:
    place = repo.read(PLACE)
    repo.write(PLACE, _padded(place, MAX_YAML_BYTES))
    result = repo.run("validate")
    assert "FILE-TOO-LARGE" not in result.rules() and result.code == 0, result.out

    repo.write(PLACE, _padded(place, MAX_YAML_BYTES + 1))
    result = repo.run("validate")
    assert result.finding_lines("FILE-TOO-LARGE") and result.code == 1
    assert f"{MAX_YAML_BYTES + 1}" in result.out


def test_a_text_of_exactly_the_size_limit_keeps_its_whole_body(repo: Repo) -> None:
    body = "Bãi biển Nhật Lệ. " * 10
    head = text("Bãi biển Nhật Lệ", "Bãi biển đẹp.", body)
    repo.write(VI_PLACE, head.encode("utf-8") + b"x" * (MAX_MARKDOWN_BYTES - len(head.encode("utf-8"))))
    loaded = load_catalog(repo.root)
    vi = loaded.catalog.records["nhat-le-beach"].texts["vi"]
    assert not [f for f in loaded.findings if f.rule == "FILE-TOO-LARGE"]
    assert vi.body.startswith(body.strip()) and vi.body.endswith("x" * 100)


def test_a_text_with_windows_line_ends_reads_like_one_without(repo: Repo) -> None:
    unix = load_catalog(repo.root).catalog.records["nhat-le-beach"].texts["vi"]
    repo.write(VI_PLACE, repo.read(VI_PLACE).replace("\n", "\r\n"))
    windows = load_catalog(repo.root).catalog.records["nhat-le-beach"].texts["vi"]
    assert (windows.title, windows.summary, windows.body, windows.lines) == \
        (unix.title, unix.summary, unix.body, unix.lines)


def test_loading_leaves_the_garbage_collector_as_it_found_it(repo: Repo) -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        load_catalog(repo.root)
        assert gc.isenabled()
        gc.disable()
        load_catalog(repo.root)
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_two_equal_documents_share_no_value_a_stage_could_change() -> None:
    source = "id: a\ntags: [x, y]\nnames: {vi: A}\nlocation: {lat: 17.4, lon: 106.6}\n"
    first, _ = parse_yaml("catalog/place/a.yaml", source)
    second, _ = parse_yaml("catalog/place/b.yaml", source)
    assert first.data == second.data and first.positions == second.positions
    first.data["tags"].append("z")
    first.data["names"]["en"] = "A"
    first.positions[("extra",)] = (9, 9)
    assert second.data == {"id": "a", "tags": ["x", "y"], "names": {"vi": "A"}, "location": {"lat": 17.4, "lon": 106.6}}
    assert ("extra",) not in second.positions


_PART = st.sampled_from(["a", "b.c", ".x", "x.", "..", ".", "", "ກາ.md", "x.tar.gz", "...md", "place-1.yaml"])


@given(parts=st.lists(_PART, min_size=1, max_size=4), lead=st.sampled_from(["", "/"]), trail=st.sampled_from(["", "/"]))
def test_file_names_read_from_a_relative_path_are_what_pathlib_says(parts: list[str], lead: str, trail: str) -> None:
    rel = lead + "/".join(parts) + trail
    path = PurePosixPath(rel)
    assert (relpath.name(rel), relpath.suffix(rel), relpath.stem(rel), relpath.folder_name(rel)) == \
        (path.name, path.suffix, path.stem, path.parent.name)
