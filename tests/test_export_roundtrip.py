"""`quangba diff` and `quangba import`: what changed between two packages, and a package
read back into catalog files that export to the very same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import NOW, text
from quangba.export import export_package
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rich_province(repo) -> None:
    """The fixture province with every kind of value the package carries."""
    repo.edit("catalog/province.yaml", "owner: so-vhttdl\n",
              "owner: so-vhttdl\ntagline: {vi: Điểm đến an toàn, en: A safe destination}\n"
              "legal_basis:\n  - {title: Quyết định 30/2022/QĐ-UBND, url: https://example.org/qd-30}\n")
    repo.edit("catalog/province.yaml", "names: {vi: Phường Đồng Hới}}",
              "names: {vi: Phường Đồng Hới, en: Dong Hoi Ward}, formerly: [Phường Hải Đình, Phường Đồng Mỹ]}")
    repo.edit("catalog/agencies.yaml", "    valid_to: 2025-02-28\n",
              "    valid_to: 2025-02-28\n    former_names:\n      - {vi: Sở Bưu chính Viễn thông}\n")
    repo.edit("catalog/place/nhat-le-beach.yaml", "tags: [beach]",
              "heritage_status: none\nformer_ids: [bai-nhat-le]\ntags: [beach, sea]\n"
              "relations:\n  - {type: see-also, target: hidden-draft}\n  - {type: see-also, target: sea-festival}")
    repo.edit("catalog/place/nhat-le-beach.yaml", "unit: dong-hoi}", "unit: dong-hoi, address: {vi: Đường Trương Pháp, en: Truong Phap Street}}")
    repo.write("catalog/place/hidden-draft.yaml", "id: hidden-draft\nkind: place\nagency: so-vhttdl\nstatus: published\n"
               "classification: public\ncreated: 2024-01-01\nmodified: 2024-01-01\ncategory: other\n"
               "embargo_until: 2027-01-01T00:00:00+07:00\n")
    repo.write("content/vi/place/hidden-draft.md", text("Chưa công bố", "Còn cấm vận.", "Chưa công bố."))
    repo.write("catalog/project/resort-bao-ninh.yaml", """\
id: resort-bao-ninh
kind: project
agency: so-vhttdl
status: published
classification: public
created: 2025-02-01
modified: 2025-09-30
embargo_until: 2025-10-01T09:00:00+07:00
sector: tourism
project_status: calling
area_ha: 120.5
capital: {amount: 2500000000000, currency: VND}
investment_form: any
location: {lat: 17.43, lon: 106.65}
""")
    repo.write("content/vi/project/resort-bao-ninh.md", text(
        "Khu nghỉ dưỡng Bảo Ninh", "Dự án kêu gọi đầu tư du lịch.",
        "## Quy mô\n\n120,5 ha, vốn **2.500 tỷ đồng**.\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
    repo.write("catalog/publication/guide-2025.yaml", "id: guide-2025\nkind: publication\nagency: so-vhttdl\n"
               "status: published\nclassification: public\ncreated: 2025-05-01\nmodified: 2025-05-01\n"
               "publication_type: brochure\nlanguages: [vi, en, lo]\npages: 48\nissued: 2025-05-01\n")
    repo.write("content/vi/publication/guide-2025.md", text("Cẩm nang 2025", "Cẩm nang du lịch.", "Tải về: \"cẩm nang\" — bản PDF."))
    repo.write("catalog/agreement/mou-savannakhet.yaml", "id: mou-savannakhet\nkind: agreement\nagency: ubnd\n"
               "status: retracted\nclassification: public\ncreated: 2024-03-01\nmodified: 2024-06-01\n"
               "retracted: 2024-06-01\nretraction_reason: {vi: Ký lại bằng văn bản mới, en: Replaced by a new text}\n"
               "partner: {vi: Tỉnh Savannakhet, lo: ແຂວງສະຫວັນນະເຂດ}\ncountry: LA\nsigned: 2024-03-01\n")
    repo.write("content/vi/agreement/mou-savannakhet.md", text("Biên bản ghi nhớ", "Cũ.", "Nội dung cũ."))
    repo.edit("catalog/press-release/press-2026-01.yaml", "sample: true",
              "sample: true\nspokesperson: Nguyễn Văn B\nrelations:\n  - {type: supersedes, target: mou-savannakhet}")
    vi = load_catalog(repo.root).catalog.records["nhat-le-beach"].texts["vi"]
    repo.write("content/en/place/nhat-le-beach.md",
               text("Nhat Le beach", "A fine beach, clear water.", "Clear *water*.", source=vi.version, translated="2025-03-05"))
    repo.write("content/lo/place/nhat-le-beach.md", text("ຫາດນັດເລ", "ຫາດຊາຍງາມ.", "ນ້ຳໃສ."))


def test_export_import_export_gives_identical_bytes(repo, tmp_path):
    rich_province(repo)
    assert repo.quangba("validate").returncode == 0, repo.quangba("validate").stdout
    now = parse_moment(NOW)
    first = export_package(load_catalog(repo.root).catalog, tmp_path / "first", now)
    assert first.ok, first.findings
    assert first.resources["records"] == 5 and first.resources["tombstones"] == 2

    result = repo.quangba("import", str(tmp_path / "first"), str(tmp_path / "imported"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "imported/catalog/project/resort-bao-ninh.yaml").is_file()
    assert "Khu nghỉ dưỡng Bảo Ninh" in (tmp_path / "imported/content/vi/project/resort-bao-ninh.md").read_text("utf-8")

    second = export_package(load_catalog(tmp_path / "imported").catalog, tmp_path / "second", now)
    a, b = all_bytes(tmp_path / "first"), all_bytes(tmp_path / "second")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    # nothing hidden came back either
    assert not (tmp_path / "imported/catalog/place/hidden-draft.yaml").exists()


def test_import_refuses_a_folder_that_is_not_empty_or_a_damaged_package(repo, tmp_path):
    assert repo.quangba("export").returncode == 0
    result = repo.quangba("import", str(repo.root / "export"), str(repo.root))
    assert result.returncode == 1 and "not empty" in result.stderr
    (repo.root / "export/data/texts.csv").write_bytes(b"record_id,lang\n")
    result = repo.quangba("import", str(repo.root / "export"), str(tmp_path / "new"))
    assert result.returncode == 1 and "EXPORT-HASH" in result.stdout and "Traceback" not in result.stderr
    assert not (tmp_path / "new").exists()


def test_diff_names_added_modified_and_tombstoned_records(repo, tmp_path):
    assert repo.quangba("export", "--out", str(tmp_path / "v1")).returncode == 0
    repo.edit("catalog/place/nhat-le-beach.yaml", "modified: 2025-03-02", "modified: 2026-02-01")
    repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le Beach", "A fine beach.", "Clear water."))
    repo.edit("catalog/press-release/press-2026-01.yaml", "status: published",
              "status: retracted\nretracted: 2026-02-02\nretraction_reason: {vi: Nhầm số liệu}")
    repo.write("catalog/place/da-nhay.yaml", "id: da-nhay\nkind: place\nagency: so-vhttdl\nstatus: published\n"
               "classification: public\ncreated: 2026-02-01\nmodified: 2026-02-01\ncategory: beach\n")
    repo.write("content/vi/place/da-nhay.md", text("Đá Nhảy", "Bãi đá.", "Đá."))
    assert repo.quangba("export", "--out", str(tmp_path / "v2")).returncode == 0

    result = repo.quangba("diff", str(tmp_path / "v1"), str(tmp_path / "v2" / "datapackage.json"), "--format", "json")
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["records"]
    assert [r["id"] for r in changes["added"]] == ["da-nhay"]
    assert [(r["id"], r["changed"], r["fields"]) for r in changes["modified"]] == [
        ("nhat-le-beach", ["record", "texts:en"], ["modified"])]
    assert [(t["id"], t["status"], t["date"]) for t in changes["tombstoned"]] == [
        ("press-2026-01", "retracted", "2026-02-02")]
    assert changes["removed"] == []

    text_out = repo.quangba("diff", str(tmp_path / "v1"), str(tmp_path / "v2")).stdout
    assert "+ da-nhay (place)" in text_out and "~ nhat-le-beach (place)" in text_out
    assert "- press-2026-01 rút / retracted (2026-02-02)" in text_out
    assert "1 added, 1 modified, 1 tombstoned, 0 removed" in text_out


def test_diff_flags_a_record_that_vanished_without_a_tombstone(repo, tmp_path):
    assert repo.quangba("export", "--out", str(tmp_path / "v1")).returncode == 0
    repo.edit("catalog/press-release/press-2026-01.yaml", "classification: public", "classification: internal")
    assert repo.quangba("export", "--out", str(tmp_path / "v2")).returncode == 0
    out = repo.quangba("diff", str(tmp_path / "v1"), str(tmp_path / "v2")).stdout
    assert "! press-2026-01 (press-release)" in out and "removed without a tombstone" in out
