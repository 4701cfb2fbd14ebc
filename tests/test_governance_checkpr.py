"""`quangba check-pr`: an agency's pull request, checked in a real git repository."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import text

AGENCIES = """\
agencies:
  - id: ubnd
    kind: people-committee
    names: {vi: Ủy ban nhân dân tỉnh}
  - id: so-vhttdl
    kind: department
    names: {vi: "Sở Văn hóa, Thể thao và Du lịch"}
    owner: true
    reviewers: ["@vhttdl-editor"]
  - id: so-khdt
    kind: department
    names: {vi: Sở Kế hoạch và Đầu tư}
    reviewers: ["@khdt-officer", "@tinh/khdt"]
  - id: huyen-cu
    kind: district
    names: {vi: Huyện Cũ}
    valid_to: 2025-06-30
    successor: xa-moi
  - id: xa-moi
    kind: commune
    names: {vi: Xã Mới}
    valid_from: 2025-07-01
    reviewers: ["@xa-moi"]
"""

def record(rid: str, kind: str, agency: str, status: str = "published", **extra: str) -> str:
    lines = [f"id: {rid}", f"kind: {kind}", f"agency: {agency}", f"status: {status}", "classification: public",
             "created: 2025-01-01", "modified: 2025-01-01", *(f"{k}: {v}" for k, v in extra.items())]
    return "\n".join(lines) + "\n"


def git(repo, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo.root), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def pr(repo):
    """The province on `main`, with a pull-request branch `pr` checked out."""
    repo.write("catalog/agencies.yaml", AGENCIES)
    repo.write("catalog/press-release/khdt-news.yaml", record("khdt-news", "press-release", "so-khdt",
                                                               issued="2025-01-01"))
    repo.write("catalog/press-release/khdt-draft.yaml", record("khdt-draft", "press-release", "so-khdt", "draft",
                                                                issued="2025-01-01"))
    repo.write("catalog/press-release/old-district.yaml", record("old-district", "press-release", "huyen-cu",
                                                                  issued="2025-01-01"))
    for rid in ("khdt-news", "khdt-draft", "old-district"):
        repo.write(f"content/vi/press-release/{rid}.md", text("Tin", "Tóm tắt.", "Nội dung."))
    result = repo.quangba("validate")
    assert result.returncode == 0, result.stdout
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "province")
    git(repo, "checkout", "-qb", "pr")
    return repo


def check(repo, *args: str, fmt: str = "json"):
    result = repo.quangba("check-pr", "--base", "main", "--format", fmt, *args)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result


def rules(result, *, warnings: bool = False) -> list[tuple[str, str]]:
    """(file, rule) of each error (and warning, if asked) check-pr reports."""
    return sorted((f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]
                  if warnings or f["severity"] == "error")


def commit(repo, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


KHDT_NEWS = "catalog/press-release/khdt-news.yaml"
PLACE = "catalog/place/nhat-le-beach.yaml"


def test_an_agency_changing_its_own_record_passes(pr):
    pr.edit(KHDT_NEWS, "modified: 2025-01-01", "modified: 2025-03-01")
    pr.edit("content/vi/press-release/khdt-news.md", "Nội dung.", "Nội dung mới.")
    commit(pr)
    result = check(pr, "--agency", "so-khdt", fmt="text")
    assert result.returncode == 0, result.stdout
    assert "The change is fine." in result.stdout


def test_another_agencys_record_is_refused_in_both_languages(pr):
    pr.edit(PLACE, "modified: 2025-03-02", "modified: 2025-04-01")
    commit(pr)
    result = check(pr, "--agency", "so-khdt", fmt="text")
    assert result.returncode == 1
    assert f"{PLACE}:3:1: PR-NOT-OWNER lỗi/error: Tệp này thuộc cơ quan “so-vhttdl”" in result.stdout
    assert "EN: This file belongs to the agency “so-vhttdl”; the change is sent on behalf of “so-khdt”." in result.stdout


def test_the_author_is_mapped_to_an_agency_through_reviewers(pr):
    pr.edit(PLACE, "modified: 2025-03-02", "modified: 2025-04-01")
    pr.edit(KHDT_NEWS, "modified: 2025-01-01", "modified: 2025-03-01")
    commit(pr)
    assert rules(check(pr, "--author", "khdt-officer")) == [(PLACE, "PR-NOT-OWNER")]
    assert rules(check(pr, "--author", "vhttdl-editor")) == []  # the owning department may change anything


def test_texts_and_photos_belong_to_their_records_agency(pr):
    pr.edit("content/en/place/nhat-le-beach.md", "Clear water.", "Clear blue water.")
    pr.edit("assets/media/nhat-le.yaml", "credit: Nguyễn Văn A", "credit: Someone Else")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [
        ("assets/media/nhat-le.yaml", "PR-NOT-OWNER"), ("content/en/place/nhat-le-beach.md", "PR-NOT-OWNER")]


def test_a_new_record_in_another_agencys_name_is_refused(pr):
    pr.write("catalog/press-release/fake.yaml", record("fake", "press-release", "so-vhttdl", issued="2025-01-01"))
    pr.write("content/vi/press-release/fake.md", text("Giả", "Giả.", "Giả."))
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [
        ("catalog/press-release/fake.yaml", "PR-NOT-OWNER"), ("content/vi/press-release/fake.md", "PR-NOT-OWNER")]


def test_registries_schemas_and_tooling_are_for_the_owning_department_only(pr):
    pr.edit("catalog/agencies.yaml", "    reviewers: [\"@khdt-officer\", \"@tinh/khdt\"]",
            "    reviewers: [\"@khdt-officer\", \"@tinh/khdt\"]\n    owner: true")
    pr.write("mkdocs.yml", "site_name: hijacked\n")
    commit(pr)
    result = check(pr, "--agency", "so-khdt")
    assert ("catalog/agencies.yaml", "PR-OWNER-ONLY") in rules(result)
    assert ("mkdocs.yml", "PR-OWNER-ONLY") in rules(result)


def test_rights_come_from_the_base_not_from_the_change(pr):
    """Adding yourself as a reviewer in the same pull request grants nothing."""
    pr.edit("catalog/agencies.yaml", '["@vhttdl-editor"]', '["@vhttdl-editor", "@intruder"]')
    pr.edit(PLACE, "modified: 2025-03-02", "modified: 2025-04-01")
    commit(pr)
    found = rules(check(pr, "--author", "intruder"))
    assert ("catalog/agencies.yaml", "PR-WHO") in found


def test_a_successor_agency_owns_what_the_merged_agency_left(pr):
    pr.edit("catalog/press-release/old-district.yaml", "agency: huyen-cu", "agency: xa-moi")
    commit(pr)
    # taking over the record is a change of agency: only the owning department does that
    assert rules(check(pr, "--author", "xa-moi")) == [("catalog/press-release/old-district.yaml", "PR-AGENCY-CHANGED")]
    git(pr, "reset", "-q", "--hard", "main")
    pr.edit("catalog/press-release/old-district.yaml", "modified: 2025-01-01", "modified: 2025-08-01")
    commit(pr)
    result = check(pr, "--author", "xa-moi")
    assert [r for r in rules(result) if r[1].startswith("PR-")] == []


def test_changing_a_records_id_is_refused(pr):
    pr.edit(KHDT_NEWS, "id: khdt-news", "id: khdt-news-2025")
    commit(pr)
    result = check(pr, "--agency", "so-khdt")
    found = json.loads(result.stdout)["findings"]
    changed = [f for f in found if f["rule"] == "PR-ID-CHANGED"]
    assert changed and changed[0]["path"] == KHDT_NEWS and changed[0]["line"] == 1
    assert "“khdt-news” to “khdt-news-2025”" in changed[0]["message_en"]


def test_renaming_a_record_file_with_former_ids_is_still_an_id_change(pr):
    git(pr, "mv", KHDT_NEWS, "catalog/press-release/khdt-news-2025.yaml")
    git(pr, "mv", "content/vi/press-release/khdt-news.md", "content/vi/press-release/khdt-news-2025.md")
    pr.edit("catalog/press-release/khdt-news-2025.yaml", "id: khdt-news", "id: khdt-news-2025\nformer_ids: [khdt-news]")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [("catalog/press-release/khdt-news-2025.yaml", "PR-ID-CHANGED")]
    assert rules(check(pr, "--agency", "so-vhttdl")) == []  # the owning department may, keeping the old id findable


def test_deleting_a_published_record_is_refused_retracting_it_is_fine(pr):
    git(pr, "rm", "-q", KHDT_NEWS, "content/vi/press-release/khdt-news.md")
    commit(pr)
    result = check(pr, "--agency", "so-khdt", fmt="text")
    assert result.returncode == 1
    assert f"{KHDT_NEWS}: PR-REMOVED-PUBLISHED lỗi/error: Bản ghi đã công bố “khdt-news” bị xóa" in result.stdout
    assert "retract the record: set “status: retracted”" in result.stdout
    assert rules(check(pr, "--agency", "so-khdt")) == [(KHDT_NEWS, "PR-REMOVED-PUBLISHED")]

    git(pr, "reset", "-q", "--hard", "main")
    pr.edit(KHDT_NEWS, "status: published", "status: retracted\nretracted: 2025-06-01\n"
            "retraction_reason: {vi: Thông tin không chính xác., en: The information was inaccurate.}")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == []


def test_deleting_a_draft_is_fine(pr):
    git(pr, "rm", "-q", "catalog/press-release/khdt-draft.yaml", "content/vi/press-release/khdt-draft.md")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == []


def test_a_published_record_made_a_draft_again_is_refused_but_may_be_classified(pr):
    pr.edit(KHDT_NEWS, "status: published", "status: draft")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [(KHDT_NEWS, "PR-UNPUBLISHED")]
    git(pr, "reset", "-q", "--hard", "main")
    pr.edit(KHDT_NEWS, "classification: public", "classification: secret")
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == []  # hiding a secret is always possible


def test_only_what_the_change_touches_and_what_depends_on_it_is_reported(pr):
    # the base already has a warning nobody touches: the English text is not stamped
    assert "TEXT-NO-SOURCE" in pr.quangba("validate").stdout
    # so-vhttdl's event links to so-khdt's news; so-khdt retracts it
    pr.edit("catalog/event/sea-festival.yaml", "  - {type: venue, target: nhat-le-beach}",
            "  - {type: venue, target: nhat-le-beach}\n  - {type: see-also, target: khdt-news}")
    commit(pr, "link")
    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "pr")
    git(pr, "checkout", "-q", "pr")
    pr.edit(KHDT_NEWS, "status: published", "status: retracted\nretracted: 2025-06-01\n"
            "retraction_reason: {vi: Sai.}")
    commit(pr)
    found = rules(check(pr, "--agency", "so-khdt"), warnings=True)
    assert found == [("catalog/event/sea-festival.yaml", "REC-RELATION-NOT-PUBLIC")]


def test_uncommitted_and_new_files_are_part_of_the_change(pr):
    pr.write("catalog/press-release/new-one.yaml", record("new-one", "press-release", "so-vhttdl", issued="2025-01-01"))
    assert ("catalog/press-release/new-one.yaml", "PR-NOT-OWNER") in rules(check(pr, "--agency", "so-khdt"))


def test_changes_on_main_since_the_branch_are_not_the_pull_requests(pr):
    git(pr, "checkout", "-q", "main")
    pr.write("catalog/press-release/later.yaml", record("later", "press-release", "so-vhttdl", issued="2025-01-01"))
    pr.write("content/vi/press-release/later.md", text("Sau", "Sau.", "Sau."))
    commit(pr, "later on main")
    git(pr, "checkout", "-q", "pr")
    assert rules(check(pr, "--agency", "so-khdt")) == []  # `later` is not deleted by the pull request


def test_no_identity_is_an_error_that_says_how_to_give_one(pr):
    pr.edit(KHDT_NEWS, "modified: 2025-01-01", "modified: 2025-03-01")
    commit(pr)
    result = check(pr, "--author", "stranger", fmt="text")
    assert result.returncode == 1
    assert "PR-WHO" in result.stdout and "@stranger" in result.stdout and "--agency" in result.stdout


def test_github_annotations(pr):
    pr.edit(PLACE, "modified: 2025-03-02", "modified: 2025-04-01")
    commit(pr)
    result = check(pr, "--agency", "so-khdt", fmt="github")
    assert result.stdout.startswith(f"::error file={PLACE},line=3,col=1,title=PR-NOT-OWNER::Tệp này thuộc")
    assert "%0AThis file belongs" in result.stdout


def test_an_unknown_base_is_a_finding_not_a_crash(pr):
    result = pr.quangba("check-pr", "--base", "origin/nowhere", "--agency", "so-khdt")
    assert result.returncode == 1 and "PR-GIT" in result.stdout and "git fetch" in result.stdout
    assert "Traceback" not in result.stderr


def test_outside_a_git_repository(repo):
    result = repo.quangba("check-pr", "--base", "main", "--agency", "so-vhttdl")
    assert result.returncode == 1 and "PR-GIT" in result.stdout


def test_a_regenerated_codeowners_may_come_with_the_change_a_hand_edited_one_may_not(pr):
    pr.quangba("codeowners")
    commit(pr, "codeowners")
    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "pr")
    git(pr, "checkout", "-q", "pr")
    pr.write("catalog/press-release/khdt-more.yaml", record("khdt-more", "press-release", "so-khdt", issued="2025-01-01"))
    pr.write("content/vi/press-release/khdt-more.md", text("Thêm", "Thêm.", "Thêm."))
    pr.quangba("codeowners")  # what `make site` does on the officer's machine
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == []
    pr.write(".github/CODEOWNERS", pr.read(".github/CODEOWNERS") + "*  @khdt-officer\n")
    commit(pr, "hand edit")
    assert (".github/CODEOWNERS", "PR-OWNER-ONLY") in rules(check(pr, "--agency", "so-khdt"))


def test_a_base_that_looks_like_an_option_is_not_passed_to_git(pr):
    result = pr.quangba("check-pr", "--base=--output=/tmp/x", "--agency", "so-khdt")
    assert result.returncode == 1 and "PR-GIT" in result.stdout and "not a branch or commit" in result.stdout


def test_on_the_demo_province(tmp_path):
    """The bundled demo as a provincial repository: an economic-zone board's officer edits
    their own record and, by mistake, a national park's."""
    import shutil

    from conftest import REPO, Repo

    demo = Repo(tmp_path / "demo")
    for part in ("catalog", "content", "assets"):
        shutil.copytree(REPO / part, demo.root / part)
    git(demo, "init", "-q", "-b", "main")
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "demo")
    git(demo, "checkout", "-qb", "pr")
    own, other = "catalog/place/lao-bao-border-gate.yaml", "catalog/place/phong-nha-ke-bang.yaml"
    agency = "ban-quan-ly-khu-kinh-te"
    assert f"agency: {agency}" in demo.read(own) and f"agency: {agency}" not in demo.read(other)
    for path in (own, other):
        content = demo.read(path)
        modified = next(line for line in content.splitlines() if line.startswith("modified:"))
        demo.edit(path, modified, 'modified: "2026-11-20"')
    commit(demo)
    result = check(demo, "--agency", agency)
    assert [r for r in rules(result) if r[1].startswith("PR-")] == [(other, "PR-NOT-OWNER")]


def test_replacing_another_agencys_photo_is_refused(pr):
    from conftest import jpeg

    pr.write("assets/media/nhat-le.jpg", jpeg(color="#f00"))
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [("assets/media/nhat-le.jpg", "PR-NOT-OWNER")]
    assert rules(check(pr, "--agency", "so-vhttdl")) == []


ZONE = "catalog/zone/khdt-park.yaml"
PROJECT = "catalog/project/vhttdl-resort.yaml"


def test_what_a_change_breaks_in_records_that_refer_to_it_is_reported(pr):
    """An agency makes its zone internal: the project another agency placed in it (``zone``,
    an ``x-refers-to`` field) may no longer point at it, and check-pr says so."""
    pr.write(ZONE, record("khdt-park", "zone", "so-khdt", zone_type="industrial-park", area_ha="120",
                          location="{lat: 17.4, lon: 106.6}"))
    pr.write(PROJECT, record("vhttdl-resort", "project", "so-vhttdl", sector="tourism",
                             project_status="calling", zone="khdt-park"))
    for path in (ZONE, PROJECT):
        rid = path.rsplit("/", 1)[1].removesuffix(".yaml")
        pr.write(f"content/vi/{path.split('/')[1]}/{rid}.md", text("Khu", "Tóm tắt.", "Nội dung."))
    commit(pr, "zone and project")
    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "pr")
    git(pr, "checkout", "-q", "pr")
    assert rules(check(pr, "--agency", "so-khdt")) == []

    pr.edit(ZONE, "classification: public", "classification: internal")
    commit(pr)
    found = json.loads(check(pr, "--agency", "so-khdt").stdout)["findings"]
    assert [(f["path"], f["rule"], f["line"]) for f in found if f["severity"] == "error"] == \
        [(PROJECT, "REC-REFERENCE", 10)]
    assert "khdt-park" in found[0]["message_en"] and "internal" in found[0]["message_en"]


def test_a_control_character_written_as_an_escape_is_refused(pr):
    """The file's bytes are clean, the title is not: check-pr reads values as validate does."""
    pr.write("content/vi/press-release/khdt-news.md", '---\ntitle: "Tin \\u202Etức"\n---\nNội dung.\n')
    commit(pr)
    assert rules(check(pr, "--agency", "so-khdt")) == [("content/vi/press-release/khdt-news.md",
                                                        "TEXT-CONTROL-ESCAPE")]
