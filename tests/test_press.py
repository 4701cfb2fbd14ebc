"""The press office's internal register: monitoring entries, reporter visits, interviews.
They are always internal; a published clarification may show only the public part of the
report it answers; `quangba press` gives the figures of the yearly report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import NOW, REPO, Repo, text
from quangba.catalog.load import load_catalog
from quangba.catalog.model import ReportPublicPart, parse_moment

MONITOR = "catalog/press-monitoring/pm-closure.yaml"
CLARIFICATION = "catalog/clarification/cl-closure.yaml"
VISIT = "catalog/reporter-visit/rv-lao-tv.yaml"

MONITOR_YAML = """\
id: pm-closure
kind: press-monitoring
agency: so-vhttdl
status: published
classification: internal
created: 2026-09-14
modified: 2026-09-14
outlet: Mekong Sample Post
country: TH
language: en
url: https://example.com/mekong/lao-bao-closure
date: 2026-09-14
headline: Border crossing to shut for three months
topic: border-gate
assessment: inaccurate
response_status: answered
"""

CLARIFICATION_YAML = """\
id: cl-closure
kind: clarification
agency: so-vhttdl
status: published
classification: public
created: 2026-09-15
modified: 2026-09-15
issued: 2026-09-15T15:00:00+07:00
relations:
  - {type: answers, target: pm-closure}
"""

VISIT_YAML = """\
id: rv-lao-tv
kind: reporter-visit
agency: so-vhttdl
status: published
classification: internal
created: 2026-10-10
modified: 2026-10-10
outlet: Sample Lao TV
country: LA
reporters: 2
start: 2026-10-20
end: 2026-10-22
places: [nhat-le-beach]
accompanying_agency: so-vhttdl
"""


def line_of(content: str, needle: str) -> int:
    return next(n for n, line in enumerate(content.splitlines(), 1) if needle in line)


def monitoring(rid: str, date: str, assessment: str, status: str, country: str = "TH") -> str:
    return (MONITOR_YAML.replace("pm-closure", rid).replace("2026-09-14", date)
            .replace("assessment: inaccurate", f"assessment: {assessment}")
            .replace("response_status: answered", f"response_status: {status}").replace("country: TH", f"country: {country}"))


@pytest.fixture
def press(repo: Repo) -> Repo:
    repo.write(MONITOR, MONITOR_YAML)
    repo.write(CLARIFICATION, CLARIFICATION_YAML)
    repo.write(VISIT, VISIT_YAML)
    repo.write("content/vi/press-monitoring/pm-closure.md", text("Theo dõi", "Nội bộ.", "Ghi chú nội bộ."))
    repo.write("content/vi/clarification/cl-closure.md", text("Làm rõ", "Làm rõ thông tin.", "Nội dung."))
    repo.write("content/vi/reporter-visit/rv-lao-tv.md", text("Chuyến làm việc", "Nội bộ.", "Ghi chú."))
    return repo


def test_a_clean_register_passes(press: Repo) -> None:
    result = press.run("validate")
    assert result.code == 0, result.out


@pytest.mark.parametrize("path, content", [(MONITOR, MONITOR_YAML), (VISIT, VISIT_YAML)])
def test_an_internal_kind_marked_public_is_refused(press: Repo, path: str, content: str) -> None:
    press.edit(path, "classification: internal", "classification: public")
    result = press.run("validate")
    assert result.code == 1
    line = line_of(content, "classification:")
    hits = [l for l in result.finding_lines("REC-INTERNAL-KIND") if l.startswith(f"{path}:{line}:")]
    assert hits and "đang ghi “classification: public”" in hits[0] and "Ghi “classification: internal”" in hits[0]
    assert "are internal, but this one says “classification: public”" in result.out


@pytest.mark.parametrize("field", ["url", "date"])
def test_a_monitoring_entry_needs_its_url_and_date(press: Repo, field: str) -> None:
    content = press.read(MONITOR)
    press.write(MONITOR, "".join(l for l in content.splitlines(keepends=True) if not l.startswith(f"{field}:")))
    result = press.run("validate")
    assert result.code == 1
    hits = [l for l in result.finding_lines("SCHEMA-MISSING-FIELD") if l.startswith(f"{MONITOR}:1:")]
    assert hits and f"Thiếu trường bắt buộc “{field}”" in hits[0]
    assert f"The required field “{field}” is missing" in result.out


def test_a_bad_url_or_country_is_refused(press: Repo) -> None:
    press.edit(MONITOR, "url: https://example.com/mekong/lao-bao-closure", "url: mekong post website")
    press.edit(VISIT, "country: LA", "country: XX")
    result = press.run("validate")
    assert result.code == 1
    assert any(l.startswith(f"{MONITOR}:{line_of(MONITOR_YAML, 'url:')}:") for l in result.finding_lines("SCHEMA-VALUE"))
    assert any(l.startswith(f"{VISIT}:{line_of(VISIT_YAML, 'country:')}:") for l in result.finding_lines("REC-COUNTRY"))
    assert "“XX” is not an ISO 3166-1 country code" in result.out


def test_a_reporter_visit_holds_no_personal_data(press: Repo) -> None:
    press.write(VISIT, press.read(VISIT) + "passport_numbers: [B1234567]\n")
    result = press.run("validate")
    assert result.code == 1
    line = len(VISIT_YAML.splitlines()) + 1
    assert any(l.startswith(f"{VISIT}:{line}:") for l in result.finding_lines("SCHEMA-UNKNOWN-FIELD"))


def test_a_public_record_may_not_link_an_internal_one(press: Repo) -> None:
    event = "catalog/event/sea-festival.yaml"
    press.edit(event, "relations:\n", "relations:\n  - {type: see-also, target: pm-closure}\n")
    result = press.run("validate")
    assert result.code == 1
    hits = [l for l in result.finding_lines("REC-RELATION-NOT-PUBLIC") if l.startswith(f"{event}:12:")]
    assert hits and "liên kết tới “pm-closure”, là bản ghi nội bộ" in hits[0]
    assert "This public record links to “pm-closure”, which is internal" in result.out
    assert not [l for l in result.finding_lines("REC-RELATION-NOT-PUBLIC") if l.startswith(CLARIFICATION)]


def test_only_a_clarification_may_answer_a_monitoring_entry_and_never_a_secret_one(press: Repo) -> None:
    pr = "catalog/press-release/press-2026-01.yaml"
    press.write(pr, press.read(pr) + "relations:\n  - {type: answers, target: pm-closure}\n")
    result = press.run("validate")
    assert result.code == 1
    assert [l for l in result.finding_lines("REC-RELATION-NOT-PUBLIC") if l.startswith(f"{pr}:11:")]
    press.write(pr, press.read(pr).split("relations:")[0])
    press.edit(MONITOR, "classification: internal", "classification: secret")
    result = press.run("validate")
    assert result.code == 1
    assert "links to “pm-closure”, which is secret" in result.out


def test_a_clarification_shows_only_the_public_part_of_the_report(press: Repo) -> None:
    catalog = load_catalog(press.root).catalog
    now = parse_moment(NOW)
    parts = catalog.answered_reports(catalog.records["cl-closure"], now)
    assert parts == [ReportPublicPart(outlet="Mekong Sample Post", date=parse_moment("2026-09-14").date(),
                                      headline="Border crossing to shut for three months")]
    assert set(vars(parts[0])) == {"outlet", "date", "headline"}  # no assessment, url, notes or status


def test_response_status_that_contradicts_the_clarifications_is_a_warning(press: Repo) -> None:
    press.edit(CLARIFICATION, "  - {type: answers, target: pm-closure}\n", "  - {type: see-also, target: nhat-le-beach}\n")
    result = press.run("validate")
    assert result.code == 0  # a warning only
    hits = [l for l in result.finding_lines("PRESS-RESPONSE-STATUS")
            if l.startswith(f"{MONITOR}:{line_of(MONITOR_YAML, 'response_status')}:")]
    assert hits and "chưa có thông tin làm rõ nào đã công bố trả lời mục này" in hits[0]


# -- quangba press ---------------------------------------------------------------------------
@pytest.fixture
def register(press: Repo) -> Repo:
    """Known dates; the clock is 2026-11-23 (conftest.NOW)."""
    for rid, date, assessment, status, country in (
        ("pm-hostile", "2026-11-03", "hostile", "drafting", "US"),
        ("pm-wrong", "2026-10-24", "inaccurate", "pending", "TH"),
        ("pm-fine", "2026-10-05", "accurate", "not-needed", "LA"),
        ("pm-ignored", "2026-10-06", "inaccurate", "not-needed", "LA"),
        ("pm-future", "2026-12-01", "hostile", "pending", "US"),  # after the clock: not yet counted
        ("pm-last-year", "2025-12-30", "inaccurate", "answered", "GB"),
    ):
        press.write(f"catalog/press-monitoring/{rid}.yaml", monitoring(rid, date, assessment, status, country))
        press.write(f"content/vi/press-monitoring/{rid}.md", text("Theo dõi", "Nội bộ.", "Ghi chú."))
    # last year's report was answered 2026-01-09: 10 days
    press.write("catalog/clarification/cl-old.yaml", CLARIFICATION_YAML.replace("cl-closure", "cl-old")
                .replace("pm-closure", "pm-last-year").replace("2026-09-15T15:00:00+07:00", "2026-01-09"))
    press.write("content/vi/clarification/cl-old.md", text("Làm rõ", "Làm rõ.", "Nội dung."))
    return press


def test_press_report_lists_open_items_with_their_age(register: Repo) -> None:
    result = register.run("press", "--format", "json", "--year", "2026")
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert [(i["id"], i["days_open"]) for i in report["open_items"]] == [("pm-wrong", 30), ("pm-hostile", 20)]
    assert report["monitored"] == 5  # pm-closure, pm-hostile, pm-wrong, pm-fine, pm-ignored


def test_press_report_measures_response_times(register: Repo) -> None:
    report = json.loads(register.run("press", "--format", "json").out)
    times = {t["id"]: (t["clarification"], t["days"]) for t in report["response_times"]}
    assert times == {"pm-closure": ("cl-closure", 1), "pm-last-year": ("cl-old", 10)}
    assert report["response_days"] == {"answered": 2, "median": 5.5, "mean": 5.5, "max": 10}


def test_press_report_counts_per_month_and_per_outlet_country(register: Repo) -> None:
    report = json.loads(register.run("press", "--format", "json", "--year", "2026").out)
    assert report["per_month"] == {
        "2026-09": {"total": 1, "accurate": 0, "inaccurate": 1, "hostile": 0},
        "2026-10": {"total": 3, "accurate": 1, "inaccurate": 2, "hostile": 0},
        "2026-11": {"total": 1, "accurate": 0, "inaccurate": 0, "hostile": 1},
    }
    assert {k: v["total"] for k, v in report["per_country"].items()} == {"LA": 2, "TH": 2, "US": 1}
    assert report["visits"] == {"count": 1, "reporters": 2, "border_area": 0, "per_country": {"LA": 1}}


def test_press_report_as_text_in_both_languages(register: Repo) -> None:
    result = register.run("press", "--year", "2026")
    assert result.code == 0
    assert "Bài sai lệch chưa trả lời / Open items (inaccurate or hostile, not answered): 2" in result.out
    assert "pm-wrong: Mekong Sample Post (TH), 2026-10-24, inaccurate, pending — 30 ngày / days" in result.out
    row = next(l for l in result.out.splitlines() if l.startswith("2026-10 "))
    assert row.split() == ["2026-10", "3", "1", "2", "0"]  # total, accurate, inaccurate, hostile


def test_press_report_warns_when_the_data_has_errors(register: Repo) -> None:
    register.edit("catalog/press-monitoring/pm-wrong.yaml", "classification: internal", "classification: public")
    result = register.run("press")
    assert result.code == 1
    assert "run “quangba validate”" in result.err


# -- nothing internal reaches the outputs ------------------------------------------------------
def test_the_demo_builds_without_any_internal_record_in_site_or_export(tmp_path: Path) -> None:
    copy = Repo(tmp_path / "demo")
    for folder in ("catalog", "content", "assets"):
        shutil.copytree(REPO / folder, copy.root / folder)
    shutil.copy(REPO / "mkdocs.yml", copy.root / "mkdocs.yml")
    catalog = load_catalog(copy.root).catalog
    internal = [r for r in catalog.records.values() if r.kind in catalog.internal_kinds]
    assert {r.kind for r in internal} == {"press-monitoring", "reporter-visit", "interview"}
    markers = []
    for r in internal:
        marker = f"LEAK-MARKER-INTERNAL-{r.id}"
        assert marker in r.texts["vi"].body, r.path  # the demo carries what must not leak
        markers += [marker.encode(), r.id.encode()]
    # the answered entries are linked from published clarifications: the links must not leak them
    answered = [r for r in internal if r.kind == "press-monitoring" and catalog.answers_to(r, parse_moment(NOW))]
    assert answered
    result = copy.quangba("build")
    assert result.returncode == 0, result.stdout + result.stderr
    files = [p for folder in ("site", "export") for p in (copy.root / folder).rglob("*") if p.is_file()]
    assert len(files) > 50
    for path in files:
        data = path.read_bytes()
        leaked = [m.decode() for m in markers if m in data]
        assert not leaked, f"{path.relative_to(copy.root)}: {leaked}"


def test_wrong_types_everywhere_give_findings_not_a_traceback(register: Repo) -> None:
    register.write("catalog/press-monitoring/pm-odd.yaml", """\
id: pm-odd
kind: press-monitoring
agency: so-vhttdl
status: published
classification: internal
created: 2026-10-01
modified: 2026-10-01
outlet: [a, b]
country: 66
language: 7
url: {href: x}
date: 2026-13-45
headline: 5
topic: Border Gate
assessment: [inaccurate]
response_status: yes
""")
    register.write("content/vi/press-monitoring/pm-odd.md", text("x", "y", "z"))
    register.edit(VISIT, "places: [nhat-le-beach]", "places: nhat-le-beach")
    register.edit(VISIT, "reporters: 2", "reporters: many")
    for command in (("validate",), ("press",), ("press", "--format", "json")):
        result = register.run(*command)
        assert result.code == 1, command
        assert "internal error" not in result.err and "Traceback" not in result.err + result.out
    assert "catalog/press-monitoring/pm-odd.yaml:9:" in register.run("validate").out


INTERVIEW = "catalog/interview/iv-lao-tv.yaml"
INTERVIEW_YAML = """\
id: iv-lao-tv
kind: interview
agency: so-vhttdl
status: published
classification: internal
created: 2026-10-10
modified: 2026-10-10
outlet: Sample Lao TV
interview_status: approved
visit: rv-lao-tv
questions:
  - question: Kế hoạch thương mại biên giới?
    answer: Câu trả lời mẫu.
    approved: true
  - question: Hợp tác du lịch?
    answer: Câu trả lời mẫu.
    approved: false
"""


def test_an_approved_interview_with_an_unapproved_answer_is_a_warning(press: Repo) -> None:
    press.write(INTERVIEW, INTERVIEW_YAML)
    press.write("content/vi/interview/iv-lao-tv.md", text("Phỏng vấn", "Nội bộ.", "Ghi chú."))
    result = press.run("validate")
    assert result.code == 0  # a warning: the interview is internal, nothing is published
    hits = [l for l in result.finding_lines("PRESS-INTERVIEW-UNAPPROVED")
            if l.startswith(f"{INTERVIEW}:{line_of(INTERVIEW_YAML, 'Hợp tác du lịch')}:")]
    assert hits and "câu hỏi số 2 có câu trả lời chưa được duyệt" in hits[0]
    press.edit(INTERVIEW, "approved: false", "approved: true")
    assert press.run("validate").finding_lines("PRESS-INTERVIEW-UNAPPROVED") == []
    press.edit(INTERVIEW, "visit: rv-lao-tv", "visit: rv-unknown")
    result = press.run("validate")
    assert result.code == 1 and "“visit” trỏ tới “rv-unknown”" in result.out


@pytest.mark.parametrize("relation", [
    "{type: see-also, target: pm-closure}",  # a clarification, but not answering
    "{type: answers, target: press-2026-01}",  # answering, but an internal press release
])
def test_a_clarification_may_link_nothing_else_that_is_internal(press: Repo, relation: str) -> None:
    press.edit("catalog/press-release/press-2026-01.yaml", "classification: public", "classification: internal")
    press.edit(CLARIFICATION, "  - {type: answers, target: pm-closure}", f"  - {relation}")
    result = press.run("validate")
    assert result.code == 1
    assert [l for l in result.finding_lines("REC-RELATION-NOT-PUBLIC") if l.startswith(f"{CLARIFICATION}:10:")]
