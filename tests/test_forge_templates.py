"""`quangba templates` for the province's forge (GitHub, GitLab, Gitea, Forgejo): the CI files
pass the forge's own schema (GitHub's workflow and GitLab's CI schemas from SchemaStore, as
check-jsonschema ships them; Forgejo and Gitea Actions read GitHub's workflow syntax), their
check-pr step runs here and reports where that forge shows findings, and CODEOWNERS goes
where that forge reads it, in its syntax."""

from __future__ import annotations

import json
import os
import re
import subprocess
from importlib import resources
from pathlib import Path

import pathspec
import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import NOW, REPO
from test_governance_checkpr import KHDT_NEWS, PLACE, check, commit, pr, rules  # noqa: F401  (pr is a fixture)

FORGES = {
    "github": {"url": "https://github.com", "check": ".github/workflows/quangba.yml",
               "publish": ".github/workflows/publish.yml", "request": ".github/pull_request_template.md",
               "codeowners": ".github/CODEOWNERS"},
    "gitlab": {"url": "https://git.tinh.gov.vn", "check": ".gitlab-ci.yml", "publish": ".gitlab-ci.yml",
               "request": ".gitlab/merge_request_templates/Default.md", "codeowners": ".gitlab/CODEOWNERS"},
    "gitea": {"url": "https://gitea.tinh.gov.vn", "check": ".gitea/workflows/quangba.yml",
              "publish": ".gitea/workflows/publish.yml", "request": ".gitea/pull_request_template.md",
              "codeowners": ".gitea/CODEOWNERS"},
    "forgejo": {"url": "https://code.tinh.gov.vn", "check": ".forgejo/workflows/quangba.yml",
                "publish": ".forgejo/workflows/publish.yml", "request": ".forgejo/pull_request_template.md",
                "codeowners": ".forgejo/CODEOWNERS"},
}


def _schema(name: str) -> Draft7Validator:
    """A CI schema from SchemaStore, as check-jsonschema vendors it (offline)."""
    text = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath(f"{name}.json").read_text("utf-8")
    return Draft7Validator(json.loads(text))


def _read_yaml(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # `on:` stays the key "on"


def _install(repo, forge: str) -> dict[str, str]:
    province = [line for line in repo.read("catalog/province.yaml").splitlines(keepends=True)
                if not line.startswith("forge:")]
    repo.write("catalog/province.yaml", "".join(province)
               + f"forge: {{type: {forge}, url: \"{FORGES[forge]['url']}\", repo: tinh/quangba}}\n")
    result = repo.quangba("templates")
    assert result.returncode == 0, result.stdout + result.stderr
    return FORGES[forge]


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_templates_for_the_forge_pass_its_schema(pr, forge):  # noqa: F811
    files = _install(pr, forge)
    for key in ("check", "publish", "request", "codeowners"):
        assert (pr.root / files[key]).is_file(), files[key]
    schema = _schema("gitlab-ci" if forge == "gitlab" else "github-workflows")
    for key in ("check", "publish"):
        data = yaml.safe_load((pr.root / files[key]).read_text("utf-8"))
        if forge != "gitlab":
            data["on"] = data.pop(True)  # PyYAML reads the key `on` as true; the forge does not
        errors = sorted(schema.iter_errors(data), key=str)
        assert errors == [], [e.message for e in errors]
    others = set(FORGES) - {forge}
    assert not any((pr.root / FORGES[o]["check"]).exists() for o in others if FORGES[o]["check"] != files["check"])


def test_a_broken_workflow_fails_the_schema():
    schema = _schema("github-workflows")
    assert list(schema.iter_errors({"on": "pull_request", "jobs": {"check": {"steps": [{"run": "x"}]}}}))
    assert list(_schema("gitlab-ci").iter_errors({"check": {"script": "x", "stage": 3}}))


def test_publication_runs_on_merge_and_every_hour(pr):  # noqa: F811
    files = _install(pr, "github")
    workflow = _read_yaml(pr.root / files["publish"])
    assert workflow["on"]["push"]["branches"] == ["main"] and workflow["on"]["schedule"][0]["cron"] == "7 * * * *"
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["publish"]["steps"])
    assert "quangba build" in steps and 'quangba publish "$QUANGBA_PUBLISH_DEST"' in steps
    gitlab = _read_yaml(pr.root / _install(pr, "gitlab")["publish"])
    assert any("quangba publish" in line for line in gitlab["publish"]["script"])
    assert "schedule" in gitlab["publish"]["rules"][0]["if"]


# -- the check-pr step, run here ---------------------------------------------------------------
def _run(repo, command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    venv = repo.root / ".venv"
    if not venv.exists():
        venv.symlink_to(REPO / ".venv")
    if not (repo.root / ".git/refs/remotes/origin/main").exists():
        subprocess.run(["git", "-C", str(repo.root), "update-ref", "refs/remotes/origin/main", "main"], check=True)
    return subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=repo.root, capture_output=True, text=True,
                          env={**os.environ, "QUANGBA_NOW": NOW, **env}, timeout=600)


def _actions_check_step(path: Path) -> tuple[str, dict[str, str]]:
    steps = _read_yaml(path)["jobs"]["check"]["steps"]
    step = next(s for s in steps if "check-pr" in s.get("run", ""))
    return step["run"], step.get("env", {})


def _another_agencys_change(repo) -> None:
    repo.edit(PLACE, "modified: 2025-03-02", "modified: 2025-04-01")
    commit(repo)


@pytest.mark.parametrize("forge", ["github", "gitea", "forgejo"])
def test_the_actions_check_step_reports_a_change_to_another_agencys_file(pr, forge):  # noqa: F811
    files = _install(pr, forge)
    commit(pr, "templates")
    _another_agencys_change(pr)
    command, env = _actions_check_step(pr.root / files["check"])
    values = {"${{ github.event.pull_request.user.login }}": "khdt-officer", "${{ github.base_ref }}": "main"}
    result = _run(pr, command, {k: values[v] for k, v in env.items()})
    assert result.returncode == 1, result.stdout + result.stderr
    if forge == "github":  # an annotation on the file
        assert re.search(rf"^::error file={re.escape(PLACE)},line=\d+,col=\d+,title=PR-NOT-OWNER::", result.stdout, re.M)
    else:  # the job's log, in both languages; the failed step is the pull request's red status
        assert f"{PLACE}:3:1: PR-NOT-OWNER lỗi/error" in result.stdout and "EN: This file belongs" in result.stdout


def test_the_gitlab_check_job_leaves_a_code_quality_report(pr):  # noqa: F811
    files = _install(pr, "gitlab")
    commit(pr, "templates")
    _another_agencys_change(pr)
    job = _read_yaml(pr.root / files["check"])["check"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "GITLAB_USER_LOGIN": "khdt-officer",
           "QUANGBA_PR_AUTHOR": "khdt-officer"}
    steps = [line for line in job["script"] if "check-pr" in line]
    result = _run(pr, "\n".join(steps), env)
    assert result.returncode == 1 and "PR-NOT-OWNER" in result.stdout
    report = json.loads((pr.root / "gl-code-quality-report.json").read_text("utf-8"))
    finding = next(r for r in report if r["check_name"] == "PR-NOT-OWNER")
    assert finding["location"] == {"path": PLACE, "lines": {"begin": 3}} and finding["severity"] == "major"
    assert len({r["fingerprint"] for r in report}) == len(report)


# -- CODEOWNERS where each forge reads it ----------------------------------------------------
def _rules(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, _, owners = re.split(r"(?<!\\)(\s+)", line.strip(), maxsplit=1)
            out.append((pattern, owners.strip()))
    return out


@pytest.mark.parametrize("forge", ["gitea", "forgejo"])
def test_gitea_and_forgejo_codeowners_match_the_same_files_with_regular_expressions(pr, forge):  # noqa: F811
    files = _install(pr, forge)
    github = _rules((pr.root / ".github/CODEOWNERS").read_text("utf-8")) if (pr.root / ".github/CODEOWNERS").exists() \
        else _rules(_generated(pr))
    regexes = _rules((pr.root / files["codeowners"]).read_text("utf-8"))
    assert len(github) == len(regexes) > 3
    tracked = subprocess.run(["git", "-C", str(pr.root), "ls-files"], capture_output=True, text=True).stdout.split()
    tracked += ["content/lo/place/nhat-le-beach.md", "catalog/schemas/kinds/new.schema.yaml"]
    for (glob, owners), (regex, same_owners) in zip(github, regexes):
        assert owners == same_owners
        spec = pathspec.PathSpec.from_lines("gitignore", [glob])
        assert {f for f in tracked if spec.match_file(f)} == {f for f in tracked if re.search(regex, f)}, (glob, regex)


def _generated(repo) -> str:
    from quangba.catalog.load import load_catalog
    from quangba.governance.codeowners import generate

    return generate(load_catalog(repo.root, cache=False).catalog)


def test_gitlab_reads_the_same_codeowners_in_its_own_folder(pr):  # noqa: F811
    files = _install(pr, "gitlab")
    assert (pr.root / files["codeowners"]).read_text("utf-8") == _generated(pr)


# -- a team or group handle acts for its agency -------------------------------------------------
def test_a_team_handle_is_mapped_to_its_agency(pr):  # noqa: F811
    pr.edit(KHDT_NEWS, "modified: 2025-01-01", "modified: 2025-03-01")
    commit(pr)
    assert rules(check(pr, "--author", "@tinh/khdt")) == []
    assert rules(check(pr, "--author", "tinh/khdt")) == []
    assert rules(check(pr, "--author", "nguyen-van-a @tinh/khdt")) == []  # an account and its team
    # an account alone, in no agency's reviewers, acts for nobody
    assert rules(check(pr, "--author", "nguyen-van-a"), warnings=True) == [("catalog/agencies.yaml", "PR-WHO")]
