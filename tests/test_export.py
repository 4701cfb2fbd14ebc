"""The data package the national foreign-information database imports: `quangba export`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from pathlib import Path

import frictionless
import pytest

from conftest import NOW, jpeg, rewrite_package_file, text
from quangba.util.clock import now as clock_now
from quangba.export import export_package
from quangba.catalog.load import load_catalog
from quangba.media import MediaSet, ProcessedMedia, Rendition
from quangba.catalog.model import parse_moment


def rows(package: Path, name: str) -> list[dict[str, str]]:
    with open(package / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def export(repo, *args: str):
    result = repo.quangba("export", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo.root / "export"


def test_the_package_passes_frictionless_validation(repo):
    package = export(repo)
    report = frictionless.validate(str(package / "datapackage.json"), limit_errors=10**9)
    assert report.valid, report.flatten(["place", "rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    assert {"agencies", "admin_units", "records", "texts", "relations", "media", "record_media",
            "media_files", "tombstones", "records-ndjson", "texts-ndjson"} <= names
    # the report saved beside the package says the same
    saved = json.loads((package / "validation-report.json").read_text("utf-8"))
    assert saved["valid"] is True and "frictionless" in saved["checks"] and saved["findings"] == []


def test_descriptor_is_versioned_licensed_and_describes_every_file(repo):
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml") + (
        "legal_basis:\n  - {title: Nghị định 72/2015/NĐ-CP, url: https://vanban.chinhphu.vn/72-2015}\n"))
    package = export(repo)
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    # version and created come from the newest date in the exported data (press release, 2026-01-15)
    assert d["version"].startswith("1.20260115.1+sha.")
    assert d["created"] == "2026-01-15T00:00:00+07:00"
    assert d["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert d["sources"] == [{"title": "Nghị định 72/2015/NĐ-CP", "path": "https://vanban.chinhphu.vn/72-2015"}]
    assert {c["title"]: c["roles"] for c in d["contributors"]} == {
        "Sở Văn hóa, Thể thao và Du lịch": ["publisher", "contributor"]}
    for resource in d["resources"]:
        data = (package / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["licenses"], resource["name"]
    records = next(r for r in d["resources"] if r["name"] == "records")
    assert records["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["agency"], "reference": {"resource": "agencies", "fields": ["id"]}} in records["schema"]["foreignKeys"]
    # kind columns are described by catalog/schemas/kinds/: the place's category with its allowed values
    category = next(f for f in records["schema"]["fields"] if f["name"] == "category")
    assert "heritage" in category["constraints"]["enum"]


def test_rows_carry_uris_modified_dates_and_plain_text(repo):
    repo.write("content/vi/place/nhat-le-beach.md", text(
        "Bãi biển Nhật Lệ", "Bãi biển đẹp.", "## Nước\n\nNước **trong** xanh, xem [bản đồ](https://example.org).\n\n- cát\n- sóng"))
    package = export(repo)
    place = next(r for r in rows(package, "records") if r["id"] == "nhat-le-beach")
    assert place["uri"] == "https://demo.example/id/place/nhat-le-beach"
    assert place["modified"] == "2025-03-02" and place["category"] == "beach"
    assert (place["lat"], place["lon"], place["unit"]) == ("17.478", "106.623", "dong-hoi")
    vi = next(r for r in rows(package, "texts") if r["record_id"] == "nhat-le-beach" and r["lang"] == "vi")
    assert vi["body_markdown"].startswith("## Nước")
    assert vi["body_text"] == "Nước\n\nNước trong xanh, xem bản đồ.\n\ncát\n\nsóng"
    en = next(r for r in rows(package, "texts") if r["record_id"] == "nhat-le-beach" and r["lang"] == "en")
    assert en["translation_state"] == "unknown" and en["title"] == "Nhat Le beach"
    ndjson = [json.loads(x) for x in (package / "data/records.ndjson").read_text("utf-8").splitlines()]
    assert [r["id"] for r in ndjson] == [r["id"] for r in rows(package, "records")]
    assert next(r for r in ndjson if r["id"] == "nhat-le-beach")["tags"] == ["beach"]


HIDDEN = {
    "draft-place": "status: draft\nclassification: public\n",
    "internal-place": "status: published\nclassification: internal\n",
    "secret-place": "status: published\nclassification: secret\n",
    "embargoed-place": "status: published\nclassification: public\nembargo_until: 2026-12-01T08:00:00+07:00\n",
}


def add_place(repo, record_id: str, state: str, media: str = "") -> None:
    repo.write(f"catalog/place/{record_id}.yaml",
               f"id: {record_id}\nkind: place\nagency: so-vhttdl\n{state}created: 2024-01-01\n"
               f"modified: 2024-02-01\ncategory: nature\n{media}")
    repo.write(f"content/vi/place/{record_id}.md", text(f"Tiêu đề {record_id}", "Tóm tắt.", f"Nội dung {record_id}."))


def test_only_public_published_past_embargo_records_leave(repo):
    for record_id, state in HIDDEN.items():
        add_place(repo, record_id, state)
    repo.write("assets/media/secret-photo.jpg", jpeg(color="#a33"))
    repo.write("assets/media/secret-photo.yaml", "file: secret-photo.jpg\nagency: so-vhttdl\ncredit: X\n"
               "licence: https://creativecommons.org/licenses/by/4.0/\n")
    repo.edit("catalog/place/secret-place.yaml", "category: nature\n", "category: nature\nmedia: [secret-photo]\n")
    package = export(repo)
    everything = b"".join(all_bytes(package).values()).decode("utf-8")
    for record_id in [*HIDDEN, "secret-photo"]:
        assert record_id not in everything
    assert {r["id"] for r in rows(package, "records")} == {"nhat-le-beach", "sea-festival", "press-2026-01"}

    # the same commit after the embargo has passed: the embargoed record is exported
    result = repo.quangba("export", env={"QUANGBA_NOW": "2026-12-01T08:00:00+07:00"})
    assert result.returncode == 0, result.stdout + result.stderr
    exported = {r["id"]: r for r in rows(package, "records")}
    assert exported["embargoed-place"]["embargo_until"] == "2026-12-01T08:00:00+07:00"
    d = json.loads((package / "datapackage.json").read_text("utf-8"))
    assert d["created"] == "2026-12-01T08:00:00+07:00"  # the record became public then


def test_retracted_and_renamed_records_become_tombstones(repo):
    add_place(repo, "old-pier", "status: retracted\nclassification: public\nretracted: 2025-06-01\n"
              "retraction_reason: {vi: Thông tin sai, en: Wrong information}\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "tags:", "former_ids: [nhat-le]\ntags:")
    package = export(repo)
    tombstones = {t["id"]: t for t in rows(package, "tombstones")}
    assert tombstones["old-pier"]["status"] == "retracted"
    assert tombstones["old-pier"]["date"] == "2025-06-01"
    assert json.loads(tombstones["old-pier"]["reason"]) == {"en": "Wrong information", "vi": "Thông tin sai"}
    assert tombstones["nhat-le"]["status"] == "replaced" and tombstones["nhat-le"]["replaced_by"] == "nhat-le-beach"
    # the retracted record's content never leaves; only the tombstone
    assert "old-pier" not in {r["id"] for r in rows(package, "records")}
    assert "Nội dung old-pier" not in b"".join(all_bytes(package).values()).decode("utf-8")


def test_two_exports_of_the_same_commit_are_byte_identical(repo, tmp_path):
    catalog = load_catalog(repo.root).catalog
    first = export_package(catalog, tmp_path / "a", parse_moment(NOW))
    # later clock, same visibility: same bytes
    second = export_package(load_catalog(repo.root).catalog, tmp_path / "b", parse_moment("2026-11-30T23:00:00+07:00"))
    assert first.ok and second.ok
    a, b = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 20
    for name in a:
        assert a[name] == b[name], name


def test_everything_is_utf8_nfc(repo):
    repo.write("content/vi/event/sea-festival.md", text("Lễ hội Biển Nhật Lệ", "Lễ hội.", "Đêm hội."))
    package = export(repo)
    for path in (package / "data").iterdir():
        content = path.read_bytes().decode("utf-8")
        assert unicodedata.is_normalized("NFC", content), path.name
    assert not (package / "data" / "texts.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_media_derivatives_are_listed_with_size_hash_type_licence_and_credit(repo, tmp_path):
    def rendition(path: str, width: int, fmt: str) -> Rendition:
        return Rendition(path=path, width=width, height=width // 2, format=fmt, media_type=f"image/{fmt}",
                         bytes=width * 10, sha256=hashlib.sha256(path.encode()).hexdigest())

    media = MediaSet(items={"nhat-le": ProcessedMedia(
        id="nhat-le", width=1600, height=800,
        renditions=(rendition("media/nhat-le/640.webp", 640, "webp"), rendition("media/nhat-le/640.jpeg", 640, "jpeg")),
        og_image=rendition("media/nhat-le/og.jpeg", 1200, "jpeg"),
        full=rendition("media/nhat-le/1600.jpeg", 1600, "jpeg"),
    )})
    summary = export_package(load_catalog(repo.root).catalog, tmp_path / "p", parse_moment(NOW), media)
    assert summary.ok, summary.findings
    files = rows(tmp_path / "p", "media_files")
    assert [f["path"] for f in files] == ["media/nhat-le/1600.jpeg", "media/nhat-le/640.jpeg",
                                          "media/nhat-le/640.webp", "media/nhat-le/og.jpeg"]
    webp = files[2]
    assert webp["url"] == "https://demo.example/media/nhat-le/640.webp"
    assert (webp["media_type"], webp["bytes"], webp["role"]) == ("image/webp", "6400", "rendition")
    assert webp["sha256"] == hashlib.sha256(b"media/nhat-le/640.webp").hexdigest()
    assert (webp["credit"], webp["licence"]) == ("Nguyễn Văn A", "https://creativecommons.org/licenses/by/4.0/")
    assert frictionless.validate(str(tmp_path / "p" / "datapackage.json")).valid


def test_a_catalog_with_errors_is_not_exported_and_the_old_package_stays(repo):
    package = export(repo)
    before = all_bytes(package)
    repo.edit("catalog/place/nhat-le-beach.yaml", "agency: so-vhttdl", "agency: no-such-agency")
    result = repo.quangba("export")
    assert result.returncode == 1
    assert "REC-AGENCY-UNKNOWN" in result.stdout and "Traceback" not in result.stderr
    assert all_bytes(package) == before


# -- validating a package: findings, never tracebacks -----------------------------------------
def test_a_file_whose_hash_does_not_match_is_a_finding(repo):
    package = export(repo)
    data = (package / "data/records.csv").read_bytes()
    (package / "data/records.csv").write_bytes(data.replace(b"2025-03-02", b"2025-03-03"))
    result = repo.quangba("check-package", str(package), "--no-frictionless")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/records.csv: EXPORT-HASH" in result.stdout
    assert "không khớp" in result.stdout and "does not match the package descriptor" in result.stdout


def test_text_that_is_not_nfc_is_a_finding_with_its_row(repo):
    package = export(repo)
    data = (package / "data/texts.csv").read_text("utf-8")
    decomposed = unicodedata.normalize("NFD", "Lễ hội biển")
    rewrite_package_file(package, "data/texts.csv", data.replace("Lễ hội biển", decomposed).encode())
    result = repo.quangba("check-package", str(package), "--format", "json", "--no-frictionless")
    assert result.returncode == 1
    found = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["path"]) for f in found] == [("EXPORT-NFC", "data/texts.csv")]
    assert "“title”" in found[0]["message_en"] and "NFC" in found[0]["message_vi"]


def test_a_broken_foreign_key_is_a_finding(repo):
    package = export(repo)
    agencies = (package / "data/agencies.csv").read_text("utf-8").splitlines(keepends=True)
    kept = "".join(line for line in agencies if not line.startswith("so-vhttdl,"))
    rewrite_package_file(package, "data/agencies.csv", kept.encode())
    result = repo.quangba("check-package", str(package / "datapackage.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/records.csv:2: " + "EXPORT-FOREIGN-KEY" in result.stdout
    assert "“agency” = “so-vhttdl”" in result.stdout
    # frictionless, run by the same command, agrees
    assert "EXPORT-FRICTIONLESS" in result.stdout and "foreign-key" in result.stdout


def test_a_repeated_key_and_a_missing_file_are_findings(repo):
    package = export(repo)
    records = (package / "data/records.csv").read_text("utf-8").splitlines(keepends=True)
    rewrite_package_file(package, "data/records.csv", "".join([*records, records[1]]).encode())
    (package / "data/relations.ndjson").unlink()
    result = repo.quangba("check-package", str(package), "--format", "json", "--no-frictionless")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = {(f["rule"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("EXPORT-PRIMARY-KEY", "data/records.csv", len(records) + 1) in found
    assert ("EXPORT-FILE-MISSING", "datapackage.json", 0) in found
    messages = " ".join(f["message_en"] for f in json.loads(result.stdout)["findings"])
    assert "data/relations.ndjson" in messages and "appears twice" in messages


def test_a_damaged_ndjson_file_gives_findings_with_their_lines(repo):
    package = export(repo)
    lines = (package / "data/records.ndjson").read_text("utf-8").split("\n")[:-1]
    pointing = json.loads(lines[2])
    pointing["agency"] = "no-such-agency"
    damaged = [lines[0], "{not json", json.dumps(pointing, ensure_ascii=False), "", "[1, 2]", lines[1], *lines[3:],
               lines[0]]
    rewrite_package_file(package, "data/records.ndjson", ("\n".join(damaged) + "\n").encode())
    result = repo.quangba("check-package", str(package), "--format", "json", "--no-frictionless")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = {(f["rule"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("EXPORT-DESCRIPTOR", "data/records.ndjson", 2),
                     ("EXPORT-FOREIGN-KEY", "data/records.ndjson", 3),
                     ("EXPORT-DESCRIPTOR", "data/records.ndjson", 5),
                     ("EXPORT-PRIMARY-KEY", "data/records.ndjson", len(damaged))}


def test_a_package_read_in_small_blocks_gives_the_same_findings(repo, monkeypatch):
    from quangba.export import check
    from quangba.export.check import check_package

    package = export(repo)
    monkeypatch.setattr(check, "_BLOCK_BYTES", 7)  # cuts through rows and through characters
    assert check_package(package) == []
    lines = (package / "data/texts.csv").read_text("utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if unicodedata.normalize("NFD", line) != line)
    lines[last] = unicodedata.normalize("NFD", lines[last])
    rewrite_package_file(package, "data/texts.csv", "".join(lines).encode())
    found = check_package(package)
    assert found and {(f.rule, f.path) for f in found} == {("EXPORT-NFC", "data/texts.csv")}


def test_a_missing_or_broken_descriptor_is_a_finding(repo, tmp_path):
    result = repo.quangba("check-package", str(tmp_path))
    assert result.returncode == 1 and "EXPORT-DESCRIPTOR" in result.stdout and "Traceback" not in result.stderr
    (tmp_path / "datapackage.json").write_text("{not json", "utf-8")
    result = repo.quangba("check-package", str(tmp_path))
    assert result.returncode == 1 and "EXPORT-DESCRIPTOR" in result.stdout


def test_the_report_has_every_error_without_a_cap(repo):
    package = export(repo)
    header = (package / "data/admin_units.csv").read_text("utf-8").splitlines()[0]
    bad = unicodedata.normalize("NFD", "Phường Đồng Hới")
    lines = [header] + [f"u{i},https://demo.example/id/unit/u{i},ward,{bad},," for i in range(1500)]
    rewrite_package_file(package, "data/admin_units.csv", ("\n".join(lines) + "\n").encode())
    from quangba.export.check import check_package, write_report

    findings = check_package(package)
    write_report(package, findings, None, frictionless=False)
    report = json.loads((package / "validation-report.json").read_text("utf-8"))
    assert sum(f["rule"] == "EXPORT-NFC" for f in report["findings"]) == 1500
    assert report["valid"] is False and report["errors"] == len(report["findings"])


@pytest.mark.parametrize("descriptor", [
    {"resources": [{"name": 1, "path": "../../etc/passwd", "type": "table"}]},
    {"resources": [{"name": "t", "path": "data/records.csv", "type": "table", "bytes": "many", "hash": "nope:1",
                    "schema": {"primaryKey": "id", "foreignKeys": [{"fields": "agency", "reference": "x"}]}}]},
    {"resources": [{"name": "t", "path": ["data/records.csv"], "schema": []}, "not a resource"]},
    {"resources": "none"},
    {"resources": [{"name": "t", "path": "data/records.csv", "type": "table",
                    "schema": {"foreignKeys": 5, "primaryKey": {"a": 1}}}], "quangba:schemas": 3},
    {"resources": [{"name": "t", "path": "data/records.csv", "type": "table", "schema": {"fields": [
        {"name": "id", "type": "string", "constraints": {"enum": 5, "pattern": "(["}},
        {"name": "kind", "type": ["string"]}, {"name": "sample", "type": "boolean", "trueValues": 1},
        {"name": "lat", "type": "number", "constraints": {"minimum": {"x": 1}}}, "not a field"]}}]},
    [],
])
def test_a_strange_descriptor_gives_findings_not_a_traceback(repo, descriptor):
    package = export(repo)
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    result = repo.quangba("check-package", str(package))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "EXPORT-" in result.stdout


def test_the_media_files_listed_are_the_ones_the_portal_publishes(repo):
    import shutil

    from conftest import REPO

    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    result = repo.quangba("build")
    assert result.returncode == 0, result.stdout + result.stderr
    files = rows(repo.root / "export", "media_files")
    assert files and {f["media_id"] for f in files} == {"nhat-le"}
    for f in files:
        published = (repo.root / "site" / f["path"]).read_bytes()
        assert (int(f["bytes"]), f["sha256"]) == (len(published), hashlib.sha256(published).hexdigest()), f["path"]
        assert f["url"] == "https://demo.example/" + f["path"]
    # `quangba export` alone lists the same derivatives
    before = (repo.root / "export/data/media_files.csv").read_bytes()
    assert repo.quangba("export").returncode == 0
    assert (repo.root / "export/data/media_files.csv").read_bytes() == before


def test_a_province_without_administrative_units_or_photos_exports_a_valid_package(repo):
    repo.edit("catalog/province.yaml", "admin_units:\n  - {id: dong-hoi, type: ward, names: {vi: Phường Đồng Hới}}\n", "")
    repo.edit("catalog/place/nhat-le-beach.yaml", ", unit: dong-hoi", "")
    repo.edit("catalog/place/nhat-le-beach.yaml", "media: [nhat-le]\n", "")
    repo.remove("assets/media/nhat-le.jpg")
    repo.remove("assets/media/nhat-le.yaml")
    package = export(repo)
    assert rows(package, "admin_units") == [] and rows(package, "media") == []
    report = frictionless.validate(str(package / "datapackage.json"), limit_errors=10**9)
    assert report.valid, report.flatten(["place", "type", "note"])


def test_a_line_that_starts_with_a_combining_mark_keeps_the_json_valid(repo):
    # In JSON a line break is written "\\n": a combining acute after it would compose with the
    # "n" into "ń" if the file were normalised as text, breaking the escape and the line
    body = "Nội dung\n\u0301 mới"
    summary = "Tóm tắt\t\u0308 mới"  # "\\t" and a diaeresis would be "ẗ"
    assert unicodedata.is_normalized("NFC", body + summary)  # the text itself is fine
    repo.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", json.dumps(summary), body))
    package = export(repo)
    for line in (package / "data/texts.ndjson").read_text("utf-8").split("\n")[:-1]:
        row = json.loads(line)
        if row["record_id"] == "nhat-le-beach" and row["lang"] == "vi":
            assert body in row["body_markdown"] and row["summary"] == summary
    csv_row = next(r for r in rows(package, "texts") if r["record_id"] == "nhat-le-beach" and r["lang"] == "vi")
    assert body in csv_row["body_markdown"]
    geo = json.loads((package / "geo/vi.geojson").read_text("utf-8"))
    assert summary in {f["properties"]["summary"] for f in geo["features"]}
    assert unicodedata.is_normalized("NFC", (package / "data/texts.ndjson").read_text("utf-8"))
    report = json.loads((package / "validation-report.json").read_text("utf-8"))
    assert report["valid"] and report["findings"] == [], report["findings"]


def test_a_line_separator_inside_a_text_keeps_the_ndjson_valid(repo):
    # JSON keeps U+2028 as it is inside a string; a JSON Lines reader must not cut the line there
    repo.write("content/vi/event/sea-festival.md", text("Lễ hội biển", "Lễ hội mẫu.", "Nội dung\u2028mới\u2029."))
    package = export(repo)
    lines = (package / "data/texts.ndjson").read_text("utf-8").split("\n")[:-1]
    assert len(lines) == len(rows(package, "texts"))
    assert "Nội dung\u2028mới\u2029." in {json.loads(line)["body_markdown"] for line in lines}
    report = json.loads((package / "validation-report.json").read_text("utf-8"))
    assert report["valid"] and report["findings"] == []


def test_a_long_text_within_the_limit_is_exported_checked_and_read_back(repo, tmp_path):
    # 150 000 characters: over the csv module's default field limit (131 072), under the 1 MiB a text may hold
    body = "\n\n".join(f"Đoạn {i}: " + "Bãi biển Nhật Lệ nước trong xanh. " * 40 for i in range(110))
    assert 131_072 < len(body) < 1024 * 1024 // 2
    repo.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Bãi biển đẹp ở Đồng Hới.", body))
    package = export(repo)
    texts = {(r["record_id"], r["lang"]): r for r in rows(package, "texts")}
    assert "Đoạn 109:" in texts[("nhat-le-beach", "vi")]["body_markdown"]
    checked = repo.quangba("check-package", str(package))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    diffed = repo.quangba("diff", str(package), str(package))
    assert diffed.returncode == 0, diffed.stdout + diffed.stderr
