"""`.github/CODEOWNERS`, generated from catalog/agencies.yaml, and kept current."""

from __future__ import annotations

import shutil

import pathspec

from conftest import REPO, text

AGENCIES_WITH_REVIEWERS = """\
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
    reviewers: ["@xa-moi"]
"""


def news(rid: str, agency: str) -> str:
    return (f"id: {rid}\nkind: press-release\nagency: {agency}\nstatus: published\nclassification: public\n"
            "created: 2025-01-01\nmodified: 2025-01-01\nissued: 2025-01-01\n")


def setup(repo):
    repo.write("catalog/agencies.yaml", AGENCIES_WITH_REVIEWERS)
    for rid, agency in (("khdt-news", "so-khdt"), ("old-district", "huyen-cu")):
        repo.write(f"catalog/press-release/{rid}.yaml", news(rid, agency))
        repo.write(f"content/vi/press-release/{rid}.md", text("Tin", "Tóm tắt.", "Nội dung."))
    return repo


def reviewers_of(codeowners: str, path: str) -> list[str]:
    """Who GitHub asks to review ``path``: the last matching line wins."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *handles = line.split()
        if pathspec.PathSpec.from_lines("gitignore", [pattern]).match_file(path):
            owners = handles
    return owners


def test_each_agency_reviews_its_own_files_and_the_owner_the_rest(repo):
    setup(repo)
    result = repo.quangba("codeowners")
    assert result.returncode == 0 and "updated" in result.stdout
    co = repo.read(".github/CODEOWNERS")
    assert co.startswith("# Sinh tự động")
    assert reviewers_of(co, "catalog/press-release/khdt-news.yaml") == ["@khdt-officer", "@tinh/khdt", "@vhttdl-editor"]
    assert reviewers_of(co, "content/en/press-release/khdt-news.md") == ["@khdt-officer", "@tinh/khdt", "@vhttdl-editor"]
    assert reviewers_of(co, "catalog/place/nhat-le-beach.yaml") == ["@vhttdl-editor"]
    assert reviewers_of(co, "assets/media/nhat-le.jpg") == ["@vhttdl-editor"]
    # a merged-away district's files go to its successor
    assert reviewers_of(co, "catalog/press-release/old-district.yaml") == ["@xa-moi", "@vhttdl-editor"]
    for owner_only in ("catalog/agencies.yaml", "catalog/province.yaml", "catalog/schemas/record.schema.yaml",
                       "mkdocs.yml", ".github/workflows/check.yml", "catalog/press-release/brand-new.yaml"):
        assert reviewers_of(co, owner_only) == ["@vhttdl-editor"], owner_only


def test_a_stale_file_is_a_warning_that_says_what_to_run(repo):
    setup(repo)
    repo.quangba("codeowners")
    assert "GOV-CODEOWNERS-STALE" not in repo.quangba("validate").stdout
    repo.edit("catalog/agencies.yaml", '["@xa-moi"]', '["@xa-moi-new"]')
    result = repo.quangba("validate")
    assert result.returncode == 0  # a warning: it does not block an agency's change
    assert ".github/CODEOWNERS:" in result.stdout and "GOV-CODEOWNERS-STALE cảnh báo/warning" in result.stdout
    assert "Run “quangba codeowners” (or “make site”)" in result.stdout
    assert repo.quangba("codeowners", "--check").returncode == 1
    repo.quangba("codeowners")
    assert repo.quangba("codeowners", "--check").returncode == 0
    assert "@xa-moi-new" in repo.read(".github/CODEOWNERS")


def test_a_repository_without_the_file_is_not_warned(repo):
    assert "GOV-CODEOWNERS-STALE" not in repo.quangba("validate").stdout


def test_build_writes_it(repo):
    setup(repo)
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    result = repo.quangba("build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ".github/CODEOWNERS: cập nhật / updated" in result.stdout
    assert reviewers_of(repo.read(".github/CODEOWNERS"), "catalog/press-release/khdt-news.yaml")[0] == "@khdt-officer"


def test_odd_file_names_cannot_widen_a_pattern(repo):
    setup(repo)
    repo.quangba("codeowners")
    co = repo.read(".github/CODEOWNERS")
    assert all(not line.startswith("/") or "*" not in line.split()[0] or line.startswith("/content/*/")
               for line in co.splitlines())


# -- templates for the province repository -----------------------------------------------
def test_templates_install_and_never_overwrite(repo):
    import yaml

    result = repo.quangba("templates")
    assert result.returncode == 0
    assert ".github/workflows/quangba.yml: đã ghi / written" in result.stdout
    workflow = yaml.safe_load(repo.read(".github/workflows/quangba.yml"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    check = next(s for s in steps if "check-pr" in s.get("run", ""))
    assert '--base "origin/$BASE_REF" --format github' in check["run"]
    assert check["env"]["QUANGBA_PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert "${{" not in check["run"]  # nothing a pull request controls is pasted into the script
    assert any("quangba build --frictionless" in r for r in runs)  # the second opinion on the package, in CI
    assert workflow["permissions"] == {"contents": "read"}

    hooks = yaml.safe_load(repo.read(".pre-commit-config.yaml"))["repos"][0]["hooks"]
    assert hooks[0]["entry"] == ".venv/bin/quangba validate"  # where `make site` installs it

    checklist = [line for line in repo.read(".github/pull_request_template.md").splitlines() if line.startswith("- [ ]")]
    assert len(checklist) >= 6 and all(" / " in line for line in checklist)  # each item in vi and en

    repo.write(".pre-commit-config.yaml", "# mine\n")
    assert "exists, kept" in repo.quangba("templates").stdout
    assert repo.read(".pre-commit-config.yaml") == "# mine\n"


def test_the_workflow_uses_a_command_that_exists(repo):
    """Each quangba subcommand the workflow and hook call is a real one."""
    import yaml

    repo.quangba("templates")
    for command in ("check-pr --help", "build --help", "validate --help"):
        assert repo.quangba(*command.split()).returncode == 0
    workflow = yaml.safe_load(repo.read(".github/workflows/quangba.yml"))
    install = next(s["run"] for s in workflow["jobs"]["check"]["steps"] if s.get("name", "").startswith("Cài"))
    assert install.startswith("make ")
    import subprocess
    dry = subprocess.run(["make", "-n", "-C", str(REPO), *install.split()[1:]], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr  # a target the Makefile knows
