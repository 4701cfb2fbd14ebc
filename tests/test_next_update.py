"""`quangba next-update` and the build's summary: the next moment the portal changes by
itself, with no commit, so that a timer can rebuild and publish then (issue 19)."""

from __future__ import annotations

import json

from conftest import Repo

# NOW is 2026-11-23T12:00:00+07:00; the sample event ends on 2027-05-01


def next_update(repo: Repo) -> dict:
    result = repo.run("next-update", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_end_of_an_event_is_the_next_change_when_nothing_comes_sooner(repo):
    data = next_update(repo)
    assert data["next"] == "2027-05-02T00:00:00+07:00"
    # nothing ahead in the small province but its event (its agency's validity ended in 2025)
    assert data["changes"] == [{"at": "2027-05-02T00:00:00+07:00", "kind": "event-end", "id": "event/sea-festival"}]
    assert data["systemd"] == "2027-05-01 17:00:00 UTC"


def test_an_embargo_lifting_sooner_comes_first(repo):
    repo.edit("catalog/press-release/press-2026-01.yaml", "classification: public\n",
              "classification: public\nembargo_until: 2026-11-25T08:00:00+07:00\n")
    data = next_update(repo)
    assert data["next"] == "2026-11-25T08:00:00+07:00"
    assert data["changes"] == [{"at": "2026-11-25T08:00:00+07:00", "kind": "embargo", "id": "press-release/press-2026-01"}]


def test_an_agency_whose_validity_ends_is_a_change(repo):
    repo.edit("catalog/agencies.yaml", "    owner: true\n", "    owner: true\n    valid_to: 2026-11-30\n")
    data = next_update(repo)
    assert data["changes"] == [{"at": "2026-12-01T00:00:00+07:00", "kind": "agency-valid-to", "id": "so-vhttdl"}]


def test_a_draft_or_internal_record_never_schedules_anything(repo):
    repo.edit("catalog/press-release/press-2026-01.yaml", "status: published\n", "status: draft\n")
    repo.edit("catalog/press-release/press-2026-01.yaml", "classification: public\n",
              "classification: public\nembargo_until: 2026-11-25T08:00:00+07:00\n")
    assert next_update(repo)["changes"][0]["kind"] == "event-end"


def test_the_build_summary_says_when_the_output_next_changes(repo):
    import shutil

    from conftest import REPO

    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    result = repo.run("build")
    assert result.code == 0
    assert "next automatic change: 2027-05-02T00:00:00+07:00" in result.out
    assert "event ends: event/sea-festival" in result.out and "sự kiện kết thúc" in result.out
    assert "next automatic change" in repo.run("next-update").out
