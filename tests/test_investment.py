"""The investment-promotion database: projects, zones and incentives as typed, validated
data — what an officer of the economic-zone board sees when a value is wrong."""

from __future__ import annotations

import pytest

from conftest import Repo, text
from quangba.catalog.load import load_catalog
from quangba.catalog.model import Money, parse_moment

from conftest import NOW

ZONE = "catalog/zone/hon-la-ez.yaml"
PROJECT = "catalog/project/hon-la-port.yaml"
INCENTIVE = "catalog/incentive/inc-cit.yaml"

ZONE_YAML = """\
id: hon-la-ez
kind: zone
agency: so-vhttdl
status: published
classification: public
created: 2026-01-10
modified: 2026-01-10
location: {lat: 17.925, lon: 106.53, unit: dong-hoi}
zone_type: coastal-economic-zone
area_ha: 10000
occupancy_percent: 35.5
infrastructure: [road, seaport]
"""

PROJECT_YAML = """\
id: hon-la-port
kind: project
agency: so-vhttdl
status: published
classification: public
created: 2026-02-01
modified: 2026-02-01
sector: logistics
project_status: calling
zone: hon-la-ez
area_ha: 65
capital:
  amount: 2400000000000
  currency: VND
investment_form: any
contact_agency: so-vhttdl
"""

INCENTIVE_YAML = """\
id: inc-cit
kind: incentive
agency: so-vhttdl
status: published
classification: public
created: 2026-03-01
modified: 2026-03-01
incentive_type: corporate-income-tax
legal_basis:
  - number: 61/2020/QH14
    title: Luật Đầu tư
    date: 2020-06-17
qualifies: {vi: Dự án mới trong khu kinh tế, en: New projects in an economic zone}
sectors: [logistics]
zones: [hon-la-ez]
"""


def line_of(content: str, needle: str) -> int:
    return next(n for n, line in enumerate(content.splitlines(), 1) if needle in line)


@pytest.fixture
def invest(repo: Repo) -> Repo:
    for path, content in ((ZONE, ZONE_YAML), (PROJECT, PROJECT_YAML), (INCENTIVE, INCENTIVE_YAML)):
        repo.write(path, content)
        kind, rid = path.split("/")[1], path.split("/")[2].removesuffix(".yaml")
        repo.write(f"content/vi/{kind}/{rid}.md", text("Tiêu đề", "Tóm tắt.", "Nội dung."))
    return repo


def finding_at(result, rule: str, path: str, line: int) -> str:
    lines = result.finding_lines(rule)
    assert any(l.startswith(f"{path}:{line}:") for l in lines), result.out
    return result.out


def test_a_clean_investment_database_passes(invest: Repo) -> None:
    result = invest.run("validate")
    assert result.code == 0, result.out
    assert "lỗi/error" not in result.out


def test_capital_written_as_text_says_how_to_write_it(invest: Repo) -> None:
    invest.edit(PROJECT, "capital:\n  amount: 2400000000000\n  currency: VND", "capital: 50 tỷ")
    result = invest.run("validate")
    assert result.code == 1
    out = finding_at(result, "INVEST-CAPITAL-TEXT", PROJECT, line_of(invest.read(PROJECT), "capital:"))
    assert "Vốn đầu tư “50 tỷ” đang được ghi bằng chữ" in out
    assert "capital: {amount: 50000000000, currency: VND}" in out.split("EN:")[0]
    en = next(l for l in out.splitlines() if l.strip().startswith("EN:") and "“50 tỷ”" in l)
    assert "The capital “50 tỷ” is written as text" in en
    assert "capital: {amount: 50000000000, currency: VND}" in en
    assert "Traceback" not in result.out + result.err


def test_an_amount_in_words_with_a_currency_is_converted_in_the_hint(invest: Repo) -> None:
    invest.edit(PROJECT, "amount: 2400000000000", "amount: 60 triệu")
    invest.edit(PROJECT, "currency: VND", "currency: USD")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "INVEST-CAPITAL-TEXT", PROJECT, line_of(invest.read(PROJECT), "amount:"))
    assert "capital: {amount: 60000000, currency: USD}" in result.out


@pytest.mark.parametrize("code, rule", [("VNN", "INVEST-CURRENCY"), ("XYZ", "INVEST-CURRENCY"), ("VNĐ", "SCHEMA-VALUE")])
def test_currency_must_be_a_real_iso_4217_code(invest: Repo, code: str, rule: str) -> None:
    invest.edit(PROJECT, "currency: VND", f"currency: {code}")
    result = invest.run("validate")
    assert result.code == 1
    out = finding_at(result, rule, PROJECT, line_of(invest.read(PROJECT), "currency:"))
    assert f"“{code}”" in out


def test_areas_are_positive_numbers_and_occupancy_a_percentage(invest: Repo) -> None:
    invest.edit(PROJECT, "area_ha: 65", "area_ha: -65")
    invest.edit(ZONE, "occupancy_percent: 35.5", "occupancy_percent: 135")
    invest.edit(ZONE, "area_ha: 10000", "area_ha: 10000 ha")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "SCHEMA-VALUE", PROJECT, line_of(PROJECT_YAML, "area_ha"))
    assert "“area_ha” không hợp lệ: -65 phải > 0" in result.out
    finding_at(result, "SCHEMA-VALUE", ZONE, line_of(ZONE_YAML, "occupancy_percent"))
    assert "135 must be ≤ 100" in result.out
    finding_at(result, "SCHEMA-TYPE", ZONE, line_of(ZONE_YAML, "area_ha"))


def test_an_incentive_without_legal_basis_is_refused_in_both_languages(invest: Repo) -> None:
    invest.edit(INCENTIVE, "legal_basis:\n  - number: 61/2020/QH14\n    title: Luật Đầu tư\n    date: 2020-06-17\n", "")
    result = invest.run("validate")
    assert result.code == 1
    out = finding_at(result, "SCHEMA-MISSING-FIELD", INCENTIVE, 1)
    vi = next(l for l in out.splitlines() if "legal_basis" in l and "SCHEMA-MISSING-FIELD" in l)
    assert "Thiếu trường bắt buộc “legal_basis”" in vi and "Căn cứ pháp lý của ưu đãi" in vi
    assert "The required field “legal_basis” is missing" in out and "number, title and date" in out


def test_a_legal_document_needs_its_number_title_and_date(invest: Repo) -> None:
    invest.edit(INCENTIVE, "    date: 2020-06-17\n", "")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "SCHEMA-MISSING-FIELD", INCENTIVE, line_of(INCENTIVE_YAML, "number: 61/2020"))
    assert "“legal_basis[0].date”" in result.out


def test_a_zone_reference_must_name_a_zone(invest: Repo) -> None:
    invest.edit(PROJECT, "zone: hon-la-ez", "zone: hon-la")
    invest.edit(INCENTIVE, "zones: [hon-la-ez]", "zones: [hon-la-ez, nhat-le-beach]")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "REC-REFERENCE", PROJECT, line_of(PROJECT_YAML, "zone:"))
    assert "Trường “zone” trỏ tới “hon-la”, nhưng không có bản ghi nào mang mã này" in result.out
    finding_at(result, "REC-REFERENCE", INCENTIVE, line_of(INCENTIVE_YAML, "zones:"))
    assert "The field “zones” points to “nhat-le-beach”, which is a “place” record" in result.out


def test_a_published_project_cannot_point_at_a_draft_zone(invest: Repo) -> None:
    invest.edit(ZONE, "status: published", "status: draft")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "REC-REFERENCE", PROJECT, line_of(PROJECT_YAML, "zone:"))
    assert "which is a draft, while this record is public" in result.out


def test_contact_agency_must_be_in_the_registry(invest: Repo) -> None:
    invest.edit(PROJECT, "contact_agency: so-vhttdl", "contact_agency: so-khdt")
    result = invest.run("validate")
    assert result.code == 1
    finding_at(result, "REC-REFERENCE", PROJECT, line_of(PROJECT_YAML, "contact_agency"))
    assert "an agency (catalog/agencies.yaml)" in result.out


def test_the_model_gives_typed_facts_for_the_portal_and_the_export(invest: Repo) -> None:
    catalog = load_catalog(invest.root).catalog
    now = parse_moment(NOW)
    project, zone = catalog.records["hon-la-port"], catalog.records["hon-la-ez"]
    assert project.capital == Money(amount=2400000000000, currency="VND")
    assert project.number("area_ha") == 65 and zone.number("occupancy_percent") == 35.5
    assert catalog.zone_of(project) == zone
    assert catalog.projects_in(zone, now) == [project]
    assert [r.id for r in catalog.incentives_for(project, now)] == ["inc-cit"]
    assert [d.number for d in catalog.records["inc-cit"].legal_basis] == ["61/2020/QH14"]
    # an incentive for another sector does not apply to this project, but still to the zone
    invest.edit(INCENTIVE, "sectors: [logistics]", "sectors: [tourism]")
    catalog = load_catalog(invest.root).catalog
    assert catalog.incentives_for(catalog.records["hon-la-port"], now) == []
    assert [r.id for r in catalog.incentives_for(catalog.records["hon-la-ez"], now)] == ["inc-cit"]


def test_kind_names_exist_for_every_new_kind_in_vi_en_lo() -> None:
    from quangba.catalog.kind_names import kind_names

    names = kind_names()
    for kind in ("zone", "incentive", "press-monitoring", "reporter-visit", "interview"):
        assert set(names[kind]) >= {"vi", "en", "lo"}, kind
        assert all(names[kind][lang].strip() for lang in ("vi", "en", "lo"))


def test_wrong_types_everywhere_give_findings_not_a_traceback(invest: Repo) -> None:
    invest.edit(PROJECT, "capital:\n  amount: 2400000000000\n  currency: VND", "capital: {amount: [1], currency: 5}")
    invest.edit(PROJECT, "zone: hon-la-ez", "zone: {id: hon-la-ez}")
    invest.edit(INCENTIVE, "legal_basis:\n  - number: 61/2020/QH14\n    title: Luật Đầu tư\n    date: 2020-06-17\n",
                "legal_basis: Luật Đầu tư 2020\n")
    invest.edit(INCENTIVE, "zones: [hon-la-ez]", "zones: hon-la-ez")
    invest.edit(ZONE, "infrastructure: [road, seaport]", "infrastructure: road, seaport")
    result = invest.run("validate")
    assert result.code == 1
    assert "internal error" not in result.err and "Traceback" not in result.err + result.out
    for path, needle in ((PROJECT, "capital:"), (INCENTIVE, "legal_basis:"), (ZONE, "infrastructure:")):
        assert f"{path}:{line_of(invest.read(path), needle)}:" in result.out, path
    catalog = load_catalog(invest.root).catalog
    assert catalog.records["hon-la-port"].capital is None
    assert catalog.records["inc-cit"].legal_basis == ()


def test_the_demo_investment_and_press_records_say_they_are_sample_data() -> None:
    from conftest import REPO

    catalog = load_catalog(REPO).catalog
    now = parse_moment(NOW)
    new_kinds = ("zone", "incentive", "press-monitoring", "reporter-visit", "interview")
    records = [r for r in catalog.records.values() if r.kind in new_kinds]
    assert {r.kind for r in records} == set(new_kinds)
    assert len([r for r in records if r.kind == "zone"]) >= 2 and len([r for r in records if r.kind == "incentive"]) >= 3
    for r in records:
        assert r.sample, r.path
        assert "vi" in r.texts, r.path
        if r.is_public(now):
            assert "en" in r.texts, r.path
        for lang, words in (("vi", "Dữ liệu mẫu"), ("en", "Sample data"), ("lo", "ຂໍ້ມູນຕົວຢ່າງ")):
            if lang in r.texts:
                assert r.texts[lang].summary.startswith(words), (r.path, lang)
    in_zones = [p for p in catalog.records_of("project") if catalog.zone_of(p)]
    assert {catalog.zone_of(p).id for p in in_zones} == {"lao-bao-sez", "hon-la-ez"}


@pytest.mark.parametrize("old, new, field", [
    ("capital:\n  amount: 2400000000000\n  currency: VND", "capital: 50 tỷ", "capital:"),
    ("amount: 2400000000000", "amount: 60 triệu", "amount:"),
])
def test_capital_in_words_gives_one_finding_not_two(invest: Repo, old: str, new: str, field: str) -> None:
    invest.edit(PROJECT, old, new)
    result = invest.run("validate")
    line = line_of(invest.read(PROJECT), field)
    on_that_line = [l for l in result.out.splitlines() if l.startswith(f"{PROJECT}:{line}:")]
    assert len(on_that_line) == 1 and ": INVEST-CAPITAL-TEXT " in on_that_line[0], result.out
    assert result.code == 1


def test_capital_of_the_wrong_kind_still_gets_the_schema_finding(invest: Repo) -> None:
    invest.edit(PROJECT, "amount: 2400000000000", "amount: [1, 2]")
    result = invest.run("validate")
    assert result.code == 1 and "SCHEMA-TYPE" in result.rules() and "INVEST-CAPITAL-TEXT" not in result.rules()
