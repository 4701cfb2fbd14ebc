"""Province profiles of the five seed regulations, and `quangba init DIR --profile NAME`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, Repo
from quangba.catalog.load import load_catalog

PROFILES = ["binh-duong", "cao-bang", "hai-duong", "quang-binh", "quang-tri"]


def profile_repo(tmp_path: Path, name: str) -> Repo:
    r = Repo(tmp_path / name)
    shutil.copytree(REPO / "catalog" / "schemas", r.root / "catalog" / "schemas")
    for file in ("province.yaml", "agencies.yaml"):
        shutil.copy(REPO / "profiles" / name / file, r.root / "catalog" / file)
    return r


def test_every_seed_province_has_a_profile() -> None:
    assert sorted(p.name for p in (REPO / "profiles").iterdir() if p.is_dir()) == PROFILES


@pytest.mark.parametrize("name", PROFILES)
def test_profile_passes_the_schemas_and_rules(tmp_path: Path, name: str) -> None:
    result = profile_repo(tmp_path, name).run("validate")
    assert result.code == 0, result.out
    assert "error" not in result.out


def catalog_of(tmp_path: Path, name: str):
    return load_catalog(profile_repo(tmp_path, name).root).catalog


@pytest.mark.parametrize("name,languages", [
    ("quang-tri", ("vi", "en", "lo", "th", "zh")),  # art. 15.5
    ("cao-bang", ("vi", "en", "zh")),  # the China border
    ("quang-binh", ("vi", "en", "lo")),
])
def test_languages_follow_the_regulation_and_the_border(tmp_path: Path, name: str, languages: tuple) -> None:
    assert catalog_of(tmp_path, name).languages == languages


@pytest.mark.parametrize("name,plan,reports,supply", [
    ("quang-tri", "12-05", ["11-20"], "month"),  # art. 26
    ("binh-duong", "01-15", ["11-15"], None),  # art. 22.2
    ("cao-bang", None, ["06-10", "11-20"], "year"),  # art. 6
    ("hai-duong", None, ["06-10", "12-10"], None),  # art. 16
    ("quang-binh", None, None, None),  # art. 23 sets no dates
])
def test_reporting_deadlines_come_from_the_seed_texts(tmp_path: Path, name, plan, reports, supply) -> None:
    reporting = catalog_of(tmp_path, name).province.reporting
    assert (reporting.get("plan_due"), reporting.get("report_due"), reporting.get("supply_every")) == (plan, reports, supply)


@pytest.mark.parametrize("name,agencies", [
    ("quang-binh", {"vqg-pnkb", "so-du-lich", "so-ct", "bien-phong"}),
    ("quang-tri", {"ttxt", "bql-kkt", "tap-chi-cua-viet", "bien-phong"}),
    ("binh-duong", {"bql-kcn", "quan-su", "so-ct"}),
    ("cao-bang", {"so-ngoai-vu", "cong-an", "bao"}),
    ("hai-duong", {"lien-hiep-huu-nghi", "so-ct", "so-khdt"}),
])
def test_agencies_the_regulation_names(tmp_path: Path, name: str, agencies: set) -> None:
    assert agencies <= set(catalog_of(tmp_path, name).agencies)


@pytest.mark.parametrize("name,successor", [
    ("quang-binh", "quang-tri"), ("hai-duong", "hai-phong"), ("binh-duong", "ho-chi-minh"),
])
def test_2025_mergers_are_successor_links(tmp_path: Path, name: str, successor: str) -> None:
    province = catalog_of(tmp_path, name).province
    assert province.valid_to == date(2025, 6, 30)
    assert province.successor.id == successor and province.successor.effective == date(2025, 7, 1)


def test_merged_departments_stay_findable_through_their_successors(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, "quang-tri")
    assert [a.id for a in catalog.agency_chain("so-tttt")] == ["so-tttt", "so-vhttdl"]
    assert [a.id for a in catalog.agency_chain("so-khdt")] == ["so-khdt", "so-tc"]
    assert [p.id for p in catalog.province.predecessors] == ["quang-binh"]
    assert catalog.province.kiosks[0].gate == "lao-bao"


@pytest.mark.parametrize("name", PROFILES)
def test_init_makes_a_repository_that_builds_at_once(tmp_path: Path, name: str) -> None:
    target = tmp_path / "new"
    result = Repo(tmp_path).run("init", str(target), "--profile", name)
    assert result.code == 0, result.err
    new = Repo(target)
    built = new.run("build")
    assert built.code == 0, built.out + built.err
    languages = load_catalog(target).catalog.languages
    for lang in languages:
        index = target / "site" / ("index.html" if lang == "vi" else f"{lang}/index.html")
        assert index.is_file(), lang
    assert "TEXT-NO-SOURCE" not in built.out and "TEXT-OUTDATED" not in built.out  # translations are stamped
    assert (target / "catalog/agencies.yaml").read_text("utf-8") == (REPO / "profiles" / name / "agencies.yaml").read_text("utf-8")


def test_make_site_works_in_the_new_repository(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = Path(sys.prefix)
    assert (venv / "bin" / "quangba").exists(), "the tests run from the venv `make test` creates"
    target = tmp_path / "new"
    assert Repo(tmp_path).run("init", str(target), "--profile", "quang-tri").code == 0
    done = subprocess.run(["make", "-C", str(target), "site", f"VENV={venv}"], capture_output=True, text=True,
                          env={**os.environ, "QUANGBA_NOW": "2026-11-23T12:00:00+07:00"}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "site" / "lo" / "index.html").is_file()
    assert (target / "export" / "datapackage.json").is_file()


def test_init_never_writes_into_a_folder_with_data(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    (target / "catalog").mkdir(parents=True)
    (target / "catalog" / "province.yaml").write_text("id: keep-me\n", "utf-8")
    result = Repo(tmp_path).run("init", str(target), "--profile", "cao-bang")
    assert result.code == 2
    assert "not empty" in result.err and "đã có dữ liệu" in result.err
    assert sorted(p.name for p in target.rglob("*")) == ["catalog", "province.yaml"]


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    result = Repo(tmp_path).run("init", str(tmp_path / "x"), "--profile", "quang-nam")
    assert result.code == 2 and "quang-tri" in result.err
    assert not (tmp_path / "x").exists()
    assert Repo(tmp_path).run("init", "--list").out.split() == PROFILES
