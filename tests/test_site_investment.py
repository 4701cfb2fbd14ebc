"""The investment pages as an investor sees them, in every language: the project list
(complete without JavaScript), project, zone and incentive pages, the printable profile.
One small province with projects in every status is built once for the module."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

import conftest as base
from conftest import text

LANGS = {"vi": "", "en": "en/", "lo": "lo/"}
UNIT = "  - {id: lao-bao, type: commune, names: {vi: Xã Lao Bảo, en: Lao Bảo Commune, lo: ຕາແສງລາວບາວ}}\n"

ZONE = """\
id: lao-bao-sez
kind: zone
agency: so-vhttdl
status: published
classification: public
created: 2026-01-10
modified: 2026-01-10
location: {lat: 16.62, lon: 106.6, unit: lao-bao}
zone_type: border-gate-economic-zone
area_ha: 15804
occupancy_percent: 35.5
infrastructure: [road, border-gate]
"""

PROJECT = """\
id: {id}
kind: project
agency: so-vhttdl
status: {status}
classification: {classification}
created: 2026-02-01
modified: 2026-02-01
location: {{unit: {unit}}}
{extra}sector: {sector}
project_status: {project_status}
area_ha: {area}
capital: {{amount: {amount}, currency: {currency}}}
investment_form: {form}
contact_agency: so-vhttdl
"""

INCENTIVE = """\
id: {id}
kind: incentive
agency: so-vhttdl
status: published
classification: {classification}
created: 2026-03-01
modified: 2026-03-01
incentive_type: {type}
legal_basis:
  - {{number: 61/2020/QH14, title: Luật Đầu tư, date: 2020-06-17}}
qualifies: {{vi: Đối tượng {id}, en: Who qualifies for {id}}}
{extra}"""

MONITORING = """\
id: pm-secret-report
kind: press-monitoring
agency: so-vhttdl
status: published
classification: internal
created: 2026-08-03
modified: 2026-08-03
outlet: Secret Outlet Times
country: LA
language: lo
url: https://example.com/secret
date: 2026-08-03
headline: SECRET-MONITORING-HEADLINE
topic: investment
assessment: inaccurate
response_status: pending
"""

# id, status, classification, unit, extra fields, sector, project status, area, amount, currency, form
PROJECTS = [
    ("logistics-centre", "published", "public", "lao-bao", "zone: lao-bao-sez\nmedia: [nhat-le]\n", "logistics", "calling", 42.5, 60000000, "USD", "any"),
    ("farm-processing", "published", "public", "dong-hoi", "", "agriculture", "licensed", 12, 150000000000, "VND", "domestic"),
    ("wind-power", "published", "public", "lao-bao", "zone: lao-bao-sez\n", "energy", "operating", 30, 85000000, "USD", "joint-venture"),
    ("draft-project", "draft", "public", "lao-bao", "", "tourism", "calling", 5, 1000000, "USD", "any"),
    ("internal-project", "published", "internal", "lao-bao", "", "tourism", "calling", 5, 1000000, "USD", "any"),
    ("embargoed-project", "published", "public", "lao-bao", "embargo_until: 2027-01-01T08:00:00+07:00\n", "tourism", "calling", 5, 1000000, "USD", "any"),
    ("retracted-project", "retracted", "public", "lao-bao", "retracted: 2026-03-01\nretraction_reason: {vi: Hủy, en: Cancelled}\n", "tourism", "calling", 5, 1000000, "USD", "any"),
]
VISIBLE = ["farm-processing", "logistics-centre", "wind-power"]
HIDDEN_TITLES = ("Dự án nháp", "Dự án nội bộ", "Dự án chờ công bố", "Dự án đã rút", "SECRET-MONITORING-HEADLINE",
                 "Ưu đãi nội bộ")
TITLES = {"logistics-centre": "Trung tâm logistics", "farm-processing": "Nhà máy chế biến", "wind-power": "Điện gió",
          "draft-project": "Dự án nháp", "internal-project": "Dự án nội bộ", "embargoed-project": "Dự án chờ công bố",
          "retracted-project": "Dự án đã rút"}


def _province(root: Path) -> base.Repo:
    repo = base.Repo(root)
    shutil.copytree(base.REPO / "catalog" / "schemas", root / "catalog" / "schemas")
    repo.write("catalog/province.yaml", base.PROVINCE + UNIT)
    repo.write("catalog/agencies.yaml", base.AGENCIES)
    repo.write("catalog/place/nhat-le-beach.yaml", base.PLACE)
    repo.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Bãi biển đẹp.", "Nước trong xanh."))
    repo.write("assets/media/nhat-le.jpg", base.jpeg(1600, 1200))
    repo.write("assets/media/nhat-le.yaml", base.SIDECAR)
    repo.write("catalog/zone/lao-bao-sez.yaml", ZONE)
    repo.write("content/vi/zone/lao-bao-sez.md", text("Khu kinh tế Lao Bảo", "Khu kinh tế cửa khẩu.", "Nội dung."))
    repo.write("content/en/zone/lao-bao-sez.md", text("Lao Bảo Economic Zone", "A border-gate zone.", "Body."))
    for pid, status, cls, unit, extra, sector, pstatus, area, amount, currency, form in PROJECTS:
        repo.write(f"catalog/project/{pid}.yaml", PROJECT.format(
            id=pid, status=status, classification=cls, unit=unit, extra=extra, sector=sector,
            project_status=pstatus, area=area, amount=amount, currency=currency, form=form))
        repo.write(f"content/vi/project/{pid}.md", text(TITLES[pid], f"Tóm tắt {pid}.", "Nội dung dự án."))
    repo.write("content/en/project/logistics-centre.md", text("Logistics centre", "A logistics centre.", "Body."))
    repo.write("content/lo/project/logistics-centre.md", text("ສູນໂລຈິສຕິກ", "ສູນໂລຈິສຕິກ.", "ເນື້ອໃນ."))
    for iid, cls, kind, extra, title in (
        ("inc-zone-logistics", "public", "land-rent", "sectors: [logistics]\nzones: [lao-bao-sez]\n", "Ưu đãi thuê đất Lao Bảo"),
        ("inc-everywhere", "public", "import-duty", "", "Ưu đãi thuế nhập khẩu"),
        ("inc-internal", "internal", "other", "", "Ưu đãi nội bộ"),
    ):
        repo.write(f"catalog/incentive/{iid}.yaml", INCENTIVE.format(id=iid, classification=cls, type=kind, extra=extra))
        repo.write(f"content/vi/incentive/{iid}.md", text(title, f"Tóm tắt {iid}.", "Nội dung."))
    repo.write("catalog/press-monitoring/pm-secret-report.yaml", MONITORING)
    repo.write("content/vi/press-monitoring/pm-secret-report.md", text("SECRET-MONITORING-HEADLINE", "Nội bộ.", "Ghi chú nội bộ."))
    return repo


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = _province(tmp_path_factory.mktemp("invest") / "province")
    result = repo.quangba("build", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo.root / "site"


def page(site: Path, url: str):
    return lxml.html.fromstring((site / url / "index.html").read_text("utf-8"))


def content(doc) -> str:
    return " ".join(doc.xpath("//article")[0].text_content().split())


def facts(doc) -> dict[str, str]:
    table = doc.xpath("//table[contains(@class,'qb-facts')]")[0]
    out: dict[str, str] = {}
    for row in table.xpath(".//tr"):
        label = row.xpath("./th")[0].text_content()
        out.setdefault(label, " ".join(row.xpath("./td")[0].text_content().split()))
    return out


def rows(doc) -> list:
    return doc.xpath("//table[@id='qb-projects']/tbody/tr")


def row_ids(doc) -> list[str]:
    return sorted(r.xpath("./th//a/@href")[0].rstrip("/").rsplit("/", 1)[-1] for r in rows(doc))


@pytest.mark.parametrize("lang", LANGS)
def test_the_project_list_exists_in_every_language_and_is_complete_without_javascript(site, lang):
    doc = page(site, LANGS[lang] + "project")
    assert doc.get("lang") == lang
    assert row_ids(doc) == VISIBLE
    # the form only appears when the script runs; the plain table shows everything
    assert doc.xpath("//form[@id='qb-project-filter']")[0].get("hidden") is not None
    assert not any(r.get("hidden") is not None for r in rows(doc))
    assert "3" in doc.xpath("//*[@id='qb-project-count']")[0].text_content()
    assert doc.xpath("//*[@id='qb-project-count']/@aria-live") == ["polite"]
    # every row links to a project page that exists
    for href in (r.xpath("./th//a/@href")[0] for r in rows(doc)):
        assert (site / LANGS[lang] / "project" / href / "index.html").is_file()


def test_only_visible_records_reach_any_page(site):
    everything = " ".join(p.read_text("utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".ics"))
    for hidden in HIDDEN_TITLES:
        assert hidden not in everything, hidden
    for pid in ("draft-project", "internal-project", "embargoed-project"):
        assert not any(site.rglob(f"*{pid}*")), pid
    assert not any(site.rglob("*pm-secret-report*")) and not (site / "press-monitoring").exists()
    # a retracted project keeps its notice page, but is no longer offered
    assert (site / "project/retracted-project/index.html").is_file()
    assert not (site / "project/retracted-project/profile").exists()
    assert "retracted-project" not in lxml.html.tostring(page(site, "en/project"), encoding="unicode")


def test_the_filter_controls_are_labelled_and_offer_every_facet(site):
    doc = page(site, "en/project")
    form = doc.xpath("//form[@id='qb-project-filter']")[0]
    selects = form.xpath(".//select")
    assert [s.get("name") for s in selects] == ["sector", "place", "capital", "status"]
    for select in selects:
        assert form.xpath(f".//label[@for='{select.get('id')}']")[0].text_content().strip()

    def options(name):
        return {o.get("value"): " ".join(o.text_content().split())
                for o in form.xpath(f".//select[@name='{name}']//option") if o.get("value")}

    assert options("sector") == {"agriculture": "Agriculture", "energy": "Energy", "logistics": "Logistics"}
    assert options("status") == {"calling": "Calling for investment", "licensed": "Licensed", "operating": "Operating"}
    assert options("place") == {"zone:lao-bao-sez": "Lao Bảo Economic Zone", "unit:lao-bao": "Lao Bảo Commune",
                                "unit:dong-hoi": "Phường Đồng Hới"}
    # capital ranges never convert currencies: one order of magnitude in one currency
    assert set(options("capital")) == {"USD:10000000:100000000", "VND:100000000000:1000000000000"}
    assert options("capital")["USD:10000000:100000000"] == "$10M to $100M"
    assert form.xpath(".//optgroup/@label")[-2:] == ["USD", "VND"]
    row = next(r for r in rows(doc) if r.get("data-sector") == "logistics")
    assert (row.get("data-status"), row.get("data-places"), row.get("data-currency"), row.get("data-capital")) == (
        "calling", "zone:lao-bao-sez unit:lao-bao", "USD", "60000000")


def test_capital_is_shown_with_its_currency_in_the_readers_locale(site):
    def cells(lang):
        return {" ".join(r.xpath("./td")[3].text_content().split()) for r in rows(page(site, LANGS[lang] + "project"))}

    assert cells("vi") == {"60.000.000 US$", "150.000.000.000 ₫", "85.000.000 US$"}
    assert cells("en") == {"$60,000,000", "₫150,000,000,000", "$85,000,000"}
    assert cells("lo") == {"US$60.000.000", "₫150.000.000.000", "US$85.000.000"}


def test_a_project_page_has_its_facts_and_the_incentives_that_apply(site):
    doc = page(site, "en/project/logistics-centre")
    f = facts(doc)
    assert f["Sector"] == "Logistics"
    assert f["Status"] == "Calling for investment"
    assert f["Form of investment"] == "Any form the investment law allows"
    assert f["Contact agency"] == "Department of Culture, Sports and Tourism"
    assert f["Area"] == "42.5 ha"
    assert f["Investment"].startswith("$60,000,000")
    assert f["Economic zone / industrial park"] == "Lao Bảo Economic Zone"
    assert doc.xpath("//table[contains(@class,'qb-facts')]//a[.='Lao Bảo Economic Zone']/@href") == ["../../zone/lao-bao-sez/"]
    incentives = sorted(doc.xpath("//section[@class='qb-incentives-apply']//a/@href"))
    assert incentives == ["../../incentive/inc-everywhere/", "../../incentive/inc-zone-logistics/"]
    # outside the zone and in another sector, only the province-wide incentive applies
    other = page(site, "vi/project/farm-processing".removeprefix("vi/"))
    assert other.xpath("//section[@class='qb-incentives-apply']//a/@href") == ["../../incentive/inc-everywhere/"]
    assert facts(other)["Lĩnh vực"] == "Nông nghiệp" and facts(other)["Tình trạng"] == "Đã cấp phép đầu tư"


def test_a_zone_page_lists_its_projects_and_incentives(site):
    doc = page(site, "en/zone/lao-bao-sez")
    f = facts(doc)
    assert f["Type of zone"] == "Border-gate economic zone"
    assert f["Occupancy"] == "35.5%"
    assert f["Infrastructure"] == "Road, Border gate"
    # in the reader's alphabetical order ("Điện gió" has no English title: it sorts under D)
    assert doc.xpath("//section[@class='qb-zone-projects']//a/@href") == ["../../project/wind-power/", "../../project/logistics-centre/"]
    assert sorted(doc.xpath("//section[@class='qb-incentives-apply']//a/@href")) == ["../../incentive/inc-everywhere/", "../../incentive/inc-zone-logistics/"]


def test_an_incentive_page_says_who_qualifies_where_and_in_which_sectors(site):
    f = facts(page(site, "en/incentive/inc-zone-logistics"))
    assert f["Type of incentive"] == "Land rent"
    assert f["Who qualifies"] == "Who qualifies for inc-zone-logistics"
    assert f["Sectors"] == "Logistics"
    assert f["Applies in"] == "Lao Bảo Economic Zone"
    everywhere = facts(page(site, "lo/incentive/inc-everywhere"))
    assert "ທົ່ວແຂວງ" in everywhere.values() and "ທຸກຂະແໜງ" in everywhere.values()


@pytest.mark.parametrize("lang", LANGS)
def test_a_printable_profile_per_language_is_linked_from_the_project_page(site, lang):
    project = page(site, LANGS[lang] + "project/logistics-centre")
    assert project.xpath("//p[@class='qb-profile-link']/a/@href") == ["profile/"]
    doc = page(site, LANGS[lang] + "project/logistics-centre/profile")
    assert doc.get("lang") == lang
    profile = doc.xpath("//div[@class='qb-profile']")[0]
    title = {"vi": "Trung tâm logistics", "en": "Logistics centre", "lo": "ສູນໂລຈິສຕິກ"}[lang]
    assert profile.xpath(".//h1")[0].text_content() == title
    assert len(profile.xpath(".//table[contains(@class,'qb-facts')]//tr")) == 7  # sector … contact agency
    assert profile.xpath(".//p[@class='qb-lead']")  # the summary
    assert profile.xpath(".//section[@class='qb-profile-contact']")
    img = profile.xpath(".//figure[@class='qb-profile-photo']/img")[0]
    assert img.get("loading") is None  # a lazy photo could be missing from the print
    assert (doc_dir(site, lang) / img.get("src")).resolve().is_file()
    css = doc.xpath("//link[@rel='stylesheet'][contains(@href,'projects.css')]/@href")[0]
    assert (doc_dir(site, lang) / css).resolve() == (site / "quangba/projects.css").resolve()
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert "profile/" not in (site / "sitemap.xml").read_text("utf-8")


def doc_dir(site: Path, lang: str) -> Path:
    return site / LANGS[lang] / "project/logistics-centre/profile"


def test_the_print_stylesheet_prints_one_a4_page_without_the_portal_frame(site):
    css = (site / "quangba/projects.css").read_text("utf-8")
    print_rules = css[css.index("@media print"):]
    assert re.search(r"@page\s*{[^}]*size:\s*A4", print_rules)
    hidden = print_rules[:print_rules.index("display: none")]
    for part in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".qb-profile-actions"):
        assert part in hidden, part


def test_nothing_on_the_investment_pages_loads_from_another_host(site):
    for url in ("en/project", "project/logistics-centre/profile", "lo/zone/lao-bao-sez"):
        doc = page(site, url)
        for attr in doc.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src"):
            assert "://" not in attr and not attr.startswith("//"), attr


def test_a_province_without_projects_has_no_project_list(repo):
    assert repo.quangba("build", "--quiet").returncode == 0
    assert not (repo.root / "site/project").exists()
    assert "projects.js" not in (repo.root / "site/en/index.html").read_text("utf-8")


def test_profiles_pdf_says_in_both_languages_when_chromium_is_missing(site):
    repo = base.Repo(site.parent)
    result = repo.run("profiles-pdf", "--chromium", "/nonexistent/chromium")
    assert result.code == 2
    assert "Không tìm thấy trình duyệt Chromium (/nonexistent/chromium)" in result.err
    assert "Chromium (/nonexistent/chromium) was not found" in result.err and "apt-get install chromium" in result.err
    assert "Traceback" not in result.out + result.err
    assert not (site.parent / "build").exists()


def test_profiles_pdf_before_any_build_says_to_build_first(repo):
    result = repo.run("profiles-pdf", "--chromium", "/bin/true")
    assert result.code == 2
    assert "Chạy “quangba build” trước" in result.err and "Run “quangba build” first" in result.err
