"""Each file of the package is checked as soon as it is written, before the descriptor exists
(``check.check_file``); the check of the whole package then takes a file's verdict only
where it still holds. These tests hold that the findings are always those of a check from
scratch: after a file changed, after the descriptor came to state something else, and
wherever a ``\\u`` escape falls between the blocks the files are read in."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from conftest import NOW, rewrite_package_file
from quangba.export import check, export_package
from quangba.export.check import check_file, check_package
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment


@pytest.fixture
def package(repo, tmp_path) -> Path:
    out = tmp_path / "package"
    summary = export_package(load_catalog(repo.root).catalog, out, parse_moment(NOW), frictionless=False)
    assert summary.ok, summary.findings
    return out


def verdicts(package: Path) -> dict[str, check.Verdict | None]:
    """Every file checked against its entry in the descriptor, as the export checks it
    before the descriptor is written (without its size and hash)."""
    resources = json.loads((package / "datapackage.json").read_text("utf-8"))["resources"]
    keep = check.referenced(resources)
    return {r["path"]: check_file(package, r, r["name"] in keep) for r in resources}


def test_verdicts_of_a_clean_package_stand_for_reading_it_again(package):
    ahead = verdicts(package)
    assert ahead and all(ahead.values())
    assert check_package(package, ahead=ahead) == check_package(package) == []
    resources = json.loads((package / "datapackage.json").read_text("utf-8"))["resources"]
    keep = check.referenced(resources)
    assert all(ahead[r["path"]].holds(package, r, r["name"] in keep) for r in resources)


def test_a_file_changed_after_its_verdict_is_read_again(package):
    ahead = verdicts(package)
    data = (package / "data/records.csv").read_bytes()
    (package / "data/records.csv").write_bytes(data.replace(b"2025-03-02", b"2025-03-03"))  # same size
    found = check_package(package, ahead=ahead)
    assert found == check_package(package) and [f.rule for f in found] == ["EXPORT-HASH"]
    # the same bytes written again (a new file in its place): not the file that was read
    (package / "data/records.csv").unlink()
    (package / "data/records.csv").write_bytes(data)
    resources = json.loads((package / "datapackage.json").read_text("utf-8"))["resources"]
    entry = next(r for r in resources if r["path"] == "data/records.csv")
    assert not ahead["data/records.csv"].holds(package, entry, True)
    assert check_package(package, ahead=ahead) == []


def test_a_verdict_on_another_entry_than_the_descriptor_states_is_not_taken(package):
    ahead = verdicts(package)
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    texts = next(r for r in descriptor["resources"] if r["path"] == "data/texts.ndjson")
    title = next(f for f in texts["schema"]["fields"] if f["name"] == "title")
    title["constraints"] = {**title.get("constraints", {}), "pattern": "Z.*"}  # no title matches
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")
    found = check_package(package, ahead=ahead)
    assert found == check_package(package)
    assert found and {(f.rule, f.path) for f in found} == {("EXPORT-CELL", "data/texts.ndjson")}
    # nor one that states another size or hash
    rewrite_package_file(package, "data/records.csv", (package / "data/records.csv").read_bytes() + b"x,y\n")
    assert check_package(package, ahead=verdicts(package) | {"data/records.csv": ahead["data/records.csv"]}) \
        == check_package(package)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 7, 64])
def test_a_unicode_escape_is_seen_wherever_the_blocks_cut_it(package, monkeypatch, block):
    lines = (package / "data/texts.ndjson").read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if any(not c.isascii() for c in json.loads(line)["title"]))
    row = json.loads(lines[at])
    # the same title as escapes of its decomposed characters: ASCII text (NFC as text), a
    # value that is not NFC
    decomposed = unicodedata.normalize("NFD", row["title"])
    lines[at] = lines[at].replace(json.dumps(row["title"], ensure_ascii=False), json.dumps(decomposed))
    rewrite_package_file(package, "data/texts.ndjson", "\n".join(lines).encode())
    monkeypatch.setattr(check, "_BLOCK_BYTES", block)
    ahead = verdicts(package)
    assert ahead["data/texts.ndjson"] is None  # not clean: left to the check from scratch
    found = check_package(package, ahead=ahead)
    assert found == check_package(package)
    assert {(f.rule, f.path, f.line) for f in found} >= {("EXPORT-NFC", "data/texts.ndjson", at + 1)}


def test_the_export_takes_the_verdicts_of_its_files(repo, tmp_path, monkeypatch):
    read_again: list[str] = []
    real = check._check_resource

    def spy(folder, resource, *args, **kwargs):
        read_again.append(resource.get("path"))
        return real(folder, resource, *args, **kwargs)
    monkeypatch.setattr(check, "_check_resource", spy)
    summary = export_package(load_catalog(repo.root).catalog, tmp_path / "p", parse_moment(NOW), frictionless=False)
    assert summary.ok and read_again == []
    assert check_package(tmp_path / "p") == [] and len(read_again) > 20
    assert os.path.exists(tmp_path / "p" / "validation-report.json")


@pytest.mark.parametrize("block", [1, 2, 3, 4, 5, 8, 13, 1 << 22])
def test_files_read_in_blocks_that_cut_characters_are_read_whole(package, monkeypatch, block):
    monkeypatch.setattr(check, "_BLOCK_BYTES", block)
    ahead = verdicts(package)
    assert all(ahead.values())  # every file clean, however its characters and lines are cut
    assert check_package(package, ahead=ahead) == []
    # a byte that is no UTF-8 inside a character, and a character cut short at the end
    data = (package / "data/texts.csv").read_bytes()
    at = data.index("ễ".encode())
    for damaged in (data[:at + 1] + b"\xff" + data[at + 2:], data + "ễ".encode()[:2]):
        rewrite_package_file(package, "data/texts.csv", damaged)
        assert verdicts(package)["data/texts.csv"] is None
        found = check_package(package)
        assert [(f.rule, f.path) for f in found] == [("EXPORT-HASH", "data/texts.csv")]
        assert "UTF-8" in found[0].message_en


def test_a_key_an_ndjson_row_lacks_reads_as_null(package):
    lines = (package / "data/texts.ndjson").read_text("utf-8").split("\n")
    row = json.loads(lines[1])
    del row["summary"]  # not required: the row stays valid
    lines[1] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    rewrite_package_file(package, "data/texts.ndjson", "\n".join(lines).encode())
    ahead = verdicts(package)
    assert ahead["data/texts.ndjson"] is not None and check_package(package, ahead=ahead) == []
    del row["title"]  # required
    lines[1] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    rewrite_package_file(package, "data/texts.ndjson", "\n".join(lines).encode())
    ahead = verdicts(package)
    found = check_package(package, ahead=ahead)
    assert ahead["data/texts.ndjson"] is None and found == check_package(package)
    assert [(f.rule, f.line) for f in found] == [("EXPORT-CELL", 2)]
