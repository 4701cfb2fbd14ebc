"""Duty reports: contributions counted from a repository history made by the test, the
compliance table against the profile, and the draft plan and report as .docx and HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gitrepo
from conftest import Repo, text

TRADE_FAIR = """\
id: trade-fair
kind: event
agency: so-ct
status: published
classification: public
created: 2026-03-15
modified: 2026-03-15
event_type: fair
start: 2027-05-10
end: 2027-05-12
"""


@pytest.fixture
def history(repo: Repo) -> Repo:
    """Quảng Trị's duty (supply every month) and a year of commits by two agencies."""
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml")
               + 'reporting: {plan_due: "12-05", report_due: ["11-20"], supply_every: month}\n')
    repo.write("catalog/agencies.yaml", repo.read("catalog/agencies.yaml") + (
        "  - id: so-ct\n    kind: department\n    names: {vi: Sở Công Thương, en: Department of Industry and Trade}\n"
        "    parent: ubnd\n"))
    gitrepo.init(repo.root, "2026-01-05T09:00:00+07:00")  # the culture department's records
    repo.edit("content/vi/place/nhat-le-beach.md", "Nước trong xanh.", "Nước trong xanh quanh năm.")
    gitrepo.commit(repo.root, "Nhật Lệ: cập nhật", "2026-02-10T09:00:00+07:00")
    repo.write("catalog/event/trade-fair.yaml", TRADE_FAIR)
    repo.write("content/vi/event/trade-fair.md", text("Hội chợ thương mại", "Hội chợ.", "Nội dung."))
    gitrepo.commit(repo.root, "Hội chợ", "2026-03-15T09:00:00+07:00", author="Cán bộ Sở Công Thương")
    repo.write("content/en/event/trade-fair.md", text("Trade fair", "A fair.", "Content."))
    # 20:00 UTC on 30 June is 03:00 on 1 July in Vietnam: a July contribution
    gitrepo.commit(repo.root, "Trade fair in English", "2026-06-30T20:00:00+00:00")
    repo.remove("content/en/place/nhat-le-beach.md")
    gitrepo.commit(repo.root, "Removing a text is not a contribution", "2026-08-03T09:00:00+07:00")
    return repo


def test_contributions_per_agency_per_month_come_from_history(history: Repo) -> None:
    data = json.loads(history.run("report", "contributions", "--format", "json").out)
    rows = {r["agency"]: r["cells"] for r in data["rows"]}
    assert rows["so-vhttdl"]["2026-01"] == 4  # place, event, press release, photo
    assert rows["so-vhttdl"]["2026-02"] == 1
    assert rows["so-vhttdl"]["2026-08"] == 0  # a deletion
    assert rows["so-ct"]["2026-03"] == 1 and rows["so-ct"]["2026-06"] == 0 and rows["so-ct"]["2026-07"] == 1
    assert "ubnd" not in rows  # the People's Committee itself supplies through its agencies
    assert "so-tttt" not in rows  # ended in February 2025


def test_compliance_flags_who_is_late_against_the_profile(history: Repo) -> None:
    result = history.run("report", "compliance")
    assert result.code == 0
    assert "yêu cầu ít nhất một lần mỗi tháng / every month" in result.out
    data = json.loads(history.run("report", "compliance", "--format", "json").out)
    rows = {r["agency"]: r for r in data["rows"]}
    assert rows["so-ct"]["status"]["2026-03"] == "ok"
    assert rows["so-ct"]["status"]["2026-01"] == "late"  # it existed and supplied nothing
    assert rows["so-ct"]["status"]["2026-11"] == "due"  # November is not over on 23 Nov
    assert rows["so-vhttdl"]["late"] == [f"2026-{m:02d}" for m in range(3, 11)]
    assert set(data["late"]) == {"so-ct", "so-vhttdl"}
    assert "so-ct (2026-01, 2026-02, 2026-04" in result.out


def test_months_before_the_repository_existed_are_not_late(history: Repo) -> None:
    data = json.loads(history.run("report", "compliance", "--year", "2025", "--format", "json").out)
    assert data["late"] == []
    assert all(s == "n/a" for r in data["rows"] for s in r["status"].values())


def test_once_a_year_is_met_by_one_contribution(history: Repo) -> None:
    history.edit("catalog/province.yaml", "supply_every: month", "supply_every: year")
    data = json.loads(history.run("report", "compliance", "--format", "json").out)
    rows = {r["agency"]: r for r in data["rows"]}
    assert data["periods"] == ["2026"]
    assert rows["so-ct"]["status"] == {"2026": "ok"}
    assert data["late"] == []


def test_without_a_minimum_nothing_is_flagged(history: Repo) -> None:
    history.edit("catalog/province.yaml", ", supply_every: month", "")
    result = history.run("report", "compliance")
    assert "quy chế không đặt mức tối thiểu / the regulation sets no minimum" in result.out
    assert "!" not in result.out.split("\n", 2)[2].split("! =")[0]


def test_outside_git_the_report_says_there_is_no_history(repo: Repo) -> None:
    result = repo.run("report", "compliance")
    assert result.code == 0 and "No git history" in result.err


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data):
        self.text.append(data)


def test_drafts_of_report_and_plan_as_docx_and_html(history: Repo, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "reports"
    result = history.run("report", "drafts", "--year", "2026", "--plan", "--out", str(out))
    assert result.code == 0, result.err
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    for stem in ("tinh-bao-cao-2026", "tinh-ke-hoach-2027", "so-ct-bao-cao-2026", "so-vhttdl-bao-cao-2026"):
        assert f"{stem}.docx" in names and f"{stem}.html" in names

    report = docx.Document(str(out / "so-ct-bao-cao-2026.docx"))
    paragraphs = [p.text for p in report.paragraphs]
    assert "BÁO CÁO\nKết quả hoạt động thông tin đối ngoại năm 2026" in paragraphs
    assert "Sở Công Thương — DỰ THẢO" in paragraphs
    assert "Hạn gửi báo cáo: 20/11/2026" in paragraphs
    months = report.tables[0]
    assert [c.text for c in months.rows[0].cells][1:4] == ["01", "02", "03"]
    assert [c.text for c in months.rows[1].cells][1:8] == ["0", "0", "1", "0", "0", "0", "1"]
    assert any("Sở Công Thương (kỳ 2026-01, 2026-02, 2026-04" in p for p in paragraphs)
    assert len(report.inline_shapes) >= 3  # charts by month, kind, language

    province = docx.Document(str(out / "tinh-bao-cao-2026.docx"))
    agencies = {row.cells[0].text: row.cells[1].text for row in province.tables[1].rows[1:]}
    assert agencies == {"Sở Công Thương": "2", "Sở Văn hóa, Thể thao và Du lịch": "5"}

    plan = docx.Document(str(out / "tinh-ke-hoach-2027.docx"))
    plan_text = [p.text for p in plan.paragraphs]
    assert "KẾ HOẠCH\nHoạt động thông tin đối ngoại năm 2027" in plan_text
    assert "Hạn gửi kế hoạch: 05/12/2026" in plan_text
    events = [[c.text for c in row.cells] for row in plan.tables[-1].rows]
    assert ["Hội chợ thương mại", "2027-05-10", "Sở Công Thương", ""] in events

    page = Links()
    page.feed((out / "tinh-bao-cao-2026.html").read_text("utf-8"))
    assert page.refs and all(not r.startswith(("http:", "https:", "//")) for r in page.refs)
    assert all((out / r).is_file() and r.endswith(".svg") for r in page.refs)
    assert "Hạn gửi báo cáo: 20/11/2026" in "".join(page.text)


def test_six_monthly_report_uses_the_june_deadline(history: Repo, tmp_path: Path) -> None:
    import docx

    history.edit("catalog/province.yaml", 'report_due: ["11-20"]', 'report_due: ["06-10", "11-20"]')
    out = tmp_path / "half"
    assert history.run("report", "drafts", "--year", "2026", "--half", "--agency", "so-ct", "--out", str(out)).code == 0
    report = docx.Document(str(out / "so-ct-bao-cao-2026-6-thang.docx"))
    text_ = [p.text for p in report.paragraphs]
    assert "Hạn gửi báo cáo: 10/06/2026" in text_
    assert "BÁO CÁO\nKết quả hoạt động thông tin đối ngoại 6 tháng đầu năm 2026" in text_
    assert len(report.tables[0].rows[0].cells) == 7  # January to June
    assert not any("2026-07" in p for p in text_)


def test_charts_are_the_same_file_for_the_same_figures(history: Repo, tmp_path: Path) -> None:
    for name in ("a", "b"):
        history.run("report", "drafts", "--year", "2026", "--agency", "so-ct", "--out", str(tmp_path / name))
    first = sorted((tmp_path / "a" / "charts").glob("*.svg"))
    assert first
    for svg in first:
        assert svg.read_bytes() == (tmp_path / "b" / "charts" / svg.name).read_bytes()


def test_unknown_agency_is_a_usage_error(history: Repo, tmp_path: Path) -> None:
    result = history.run("report", "drafts", "--agency", "so-xyz", "--out", str(tmp_path / "x"))
    assert result.code == 2 and "so-xyz" in result.err
