"""Hostile data packages (issue 21, items 1 and 2): `quangba import` writes nothing outside
the folder it is given and nothing at all when it refuses; `quangba check-package` reads
nothing outside the package — no link, URL, device, pipe, absolute or climbing path — in its
own checks or in Frictionless', and calls such a package invalid. The packages are made by
the generators of ``tests/hostile/packages.py`` from a clean one."""

from __future__ import annotations

import json
import os
import resource as rlimit
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AGENCIES, EVENT, NOW, PLACE, PRESS, PROVINCE, REPO, Repo, text
from hostile import packages as hostile
from quangba.catalog.load import load_catalog
from quangba.catalog.model import parse_moment
from quangba.export import export_package
from quangba.export.check import check_package


@pytest.fixture(scope="module")
def clean_package(tmp_path_factory) -> Path:
    """A valid package of the test province (made once; each test changes a copy)."""
    root = tmp_path_factory.mktemp("province")
    repo = Repo(root / "province")
    shutil.copytree(REPO / "catalog" / "schemas", repo.root / "catalog" / "schemas")
    repo.write("catalog/province.yaml", PROVINCE)
    repo.write("catalog/agencies.yaml", AGENCIES)
    repo.write("catalog/place/nhat-le-beach.yaml", PLACE.replace("media: [nhat-le]\n", ""))
    repo.write("catalog/event/sea-festival.yaml", EVENT)
    repo.write("catalog/press-release/press-2026-01.yaml", PRESS)
    repo.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Bãi biển đẹp.", "Nước trong xanh."))
    repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A fine beach.", "Clear water."))
    repo.write("content/vi/event/sea-festival.md", text("Lễ hội biển", "Lễ hội mẫu.", "Nội dung."))
    repo.write("content/vi/press-release/press-2026-01.md", text("Thông cáo", "Thông cáo mẫu.", "Nội dung."))
    summary = export_package(load_catalog(repo.root).catalog, root / "package", parse_moment(NOW))
    assert summary.ok, summary.findings
    return root / "package"


@pytest.fixture
def package(clean_package, tmp_path) -> Path:
    copy = tmp_path / "deep" / "down" / "in" / "here" / "package"
    shutil.copytree(clean_package, copy)
    return copy


def quangba(*args: str, limit_memory: bool = False, timeout: int = 120) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a process of its own (with a memory ceiling when asked:
    a package must not make it grow without bound)."""
    def ceiling() -> None:
        rlimit.setrlimit(rlimit.RLIMIT_AS, (1 << 31, 1 << 31))
    env = {**os.environ, "QUANGBA_NOW": NOW}
    return subprocess.run([sys.executable, "-m", "quangba.cli", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, preexec_fn=ceiling if limit_memory else None)


def rules_of(output: str) -> set[str]:
    import re

    return set(re.findall(r"^\S+: ([A-Z][A-Z0-9-]+) ", output, flags=re.M))


def everything_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")} if folder.exists() else set()


# -- item 1: import -------------------------------------------------------------------------
IMPORT_ATTACKS = {
    "record id": hostile.record_id_climbs_out,
    "record kind": hostile.record_kind_climbs_out,
    "text language": hostile.text_lang_climbs_out,
    "media id": hostile.media_id_climbs_out,
}


@pytest.mark.parametrize("attack", sorted(IMPORT_ATTACKS))
def test_import_writes_nothing_outside_its_folder_and_check_package_calls_it_invalid(package, tmp_path, attack):
    IMPORT_ATTACKS[attack](package)
    before = everything_under(tmp_path)
    target = tmp_path / "deep" / "down" / "imported"
    result = quangba("import", str(package), str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "EXPORT-ID" in rules_of(result.stdout), result.stdout
    assert "internal error" not in result.stderr
    assert everything_under(tmp_path) == before  # not a file more, inside the target or anywhere else

    checked = quangba("check-package", str(package), "--no-frictionless")
    assert checked.returncode == 1 and "EXPORT-ID" in rules_of(checked.stdout), checked.stdout


def test_import_holds_ids_to_the_projects_pattern_even_when_the_check_is_skipped(package, tmp_path):
    """The importer itself refuses (whoever calls it), and writes nothing."""
    from quangba.export.importer import import_package
    from quangba.export.read import read_package

    hostile.record_id_climbs_out(package)
    target = tmp_path / "imported"
    result = import_package(read_package(package), target)
    assert [f.rule for f in result.findings if f.is_error] and not result.counts
    assert not target.exists() and not (tmp_path / "pwned.yaml").exists()
    assert not list(tmp_path.rglob("pwned*"))


def test_a_schema_path_that_climbs_out_is_refused(package, tmp_path):
    hostile.schema_path_climbs_out(package)
    before = everything_under(tmp_path)
    result = quangba("import", str(package), str(tmp_path / "a" / "b" / "imported"))
    assert result.returncode == 1 and "EXPORT-PATH-UNSAFE" in rules_of(result.stdout), result.stdout
    assert everything_under(tmp_path) == before


def test_a_text_whose_record_is_missing_is_a_finding_and_nothing_is_written(package, tmp_path):
    hostile.text_without_its_record(package)
    target = tmp_path / "imported"
    result = quangba("import", str(package), str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "IMPORT-TEXT-ORPHAN" in rules_of(result.stdout) and "no-such-record" in result.stdout
    assert "KeyError" not in result.stderr and not target.exists()


def test_a_column_the_import_needs_but_the_package_schema_drops_is_a_finding(package, tmp_path):
    hostile.records_without_agency(package)
    assert quangba("check-package", str(package), "--no-frictionless").returncode == 0  # its own schema is met
    result = quangba("import", str(package), str(tmp_path / "imported"))
    assert result.returncode == 1 and "EXPORT-COLUMNS" in rules_of(result.stdout), result.stdout + result.stderr
    assert "internal error" not in result.stderr and not (tmp_path / "imported").exists()


def test_an_empty_target_folder_stays_empty_when_import_refuses(package, tmp_path):
    hostile.text_without_its_record(package)
    target = tmp_path / "imported"
    target.mkdir()
    assert quangba("import", str(package), str(target)).returncode == 1
    assert target.is_dir() and not list(target.iterdir())


def test_a_clean_package_is_imported_into_an_existing_empty_folder(package, tmp_path):
    target = tmp_path / "imported"
    target.mkdir()
    result = quangba("import", str(package), str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "catalog/place/nhat-le-beach.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".quangba-import")]


def test_the_projects_id_pattern_is_the_one_in_its_schemas():
    import yaml

    from quangba.export.check import PROJECT_ID, PROJECT_ID_MAX, PROJECT_LANG

    record = yaml.safe_load((REPO / "catalog/schemas/record.schema.yaml").read_text("utf-8"))
    assert PROJECT_ID.pattern == record["$defs"]["slug"]["pattern"]
    assert PROJECT_ID_MAX == record["$defs"]["slug"]["maxLength"]
    assert PROJECT_LANG.pattern == record["$defs"]["lang"]["pattern"]


# -- item 2: check-package stays inside the package ----------------------------------------------
SECRET = "root:x:0:0:SECRET-LINE-FROM-OUTSIDE:/root:/bin/bash"


def test_a_file_linked_outside_is_not_read_by_any_step(package, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text(f"id,name\n{SECRET},x\n", "utf-8")
    hostile.file_is_a_link(package, outside)
    result = quangba("check-package", str(package))
    assert result.returncode == 1
    assert "EXPORT-PATH-UNSAFE" in rules_of(result.stdout), result.stdout
    assert "SECRET-LINE" not in result.stdout + result.stderr
    assert "EXPORT-FRICTIONLESS" not in rules_of(result.stdout)  # Frictionless never saw it


def test_a_link_inside_the_package_is_refused_too(package):
    os.rename(package / "data/agencies.csv", package / "data/real.csv")
    os.symlink("real.csv", package / "data/agencies.csv")
    findings = check_package(package, frictionless=True)
    assert [f for f in findings if f.rule == "EXPORT-PATH-UNSAFE" and f.path == "data/agencies.csv"]


def test_a_folder_linked_outside_is_not_read(package, tmp_path):
    hostile.folder_is_a_link(package, tmp_path / "elsewhere")
    findings = check_package(package, frictionless=True)
    unsafe = [f for f in findings if f.rule == "EXPORT-PATH-UNSAFE"]
    assert unsafe and not [f for f in findings if f.rule == "EXPORT-FRICTIONLESS"]


def test_a_link_to_dev_zero_does_not_grow_memory(package):
    hostile.file_is_a_link(package, Path("/dev/zero"))
    result = quangba("check-package", str(package), limit_memory=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "EXPORT-PATH-UNSAFE" in rules_of(result.stdout) and "MemoryError" not in result.stderr


def test_a_pipe_is_not_opened(package):
    hostile.file_is_a_pipe(package)
    result = quangba("check-package", str(package), timeout=120)  # opening it would wait for ever
    assert result.returncode == 1 and "EXPORT-PATH-UNSAFE" in rules_of(result.stdout), result.stdout


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach another host is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted in a test")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize("key, value", [
    ("path", "https://example.invalid/agencies.csv"),
    ("path", "file:///etc/passwd"),
    ("path", "/etc/passwd"),
    ("path", "../../../../../../etc/passwd"),
    ("path", "data/../../../../../../../etc/passwd"),
    ("path", ["data/agencies.csv", "https://example.invalid/more.csv"]),
    ("schema", "https://example.invalid/schema.json"),
    ("dialect", "https://example.invalid/dialect.json"),
    ("schema", "/etc/passwd"),
    ("path", "data/agencies.csv.zip"),
    ("compression", "gz"),
])
def test_urls_absolute_and_climbing_paths_are_not_opened(package, no_network, key, value):
    hostile.path_is(package, value, key=key)
    findings = check_package(package, frictionless=True)
    assert not no_network
    assert [f for f in findings if f.rule == "EXPORT-PATH-UNSAFE"], [f.rule for f in findings]
    assert not [f for f in findings if f.rule == "EXPORT-FRICTIONLESS"]
    assert "root:x:0:0" not in json.dumps([f.message_en for f in findings])


def test_a_profile_at_a_web_address_is_not_fetched(package, no_network):
    hostile.profile_is(package, "https://example.invalid/profile.json")
    findings = check_package(package, frictionless=True)
    assert not no_network
    assert [f for f in findings if f.rule == "EXPORT-PATH-UNSAFE" and f.path == "datapackage.json"]


def test_the_clean_package_is_valid_with_frictionless_and_offline(package, no_network):
    assert check_package(package, frictionless=True) == []
    assert not no_network


def test_a_descriptor_nested_deeply_is_a_finding(package):
    hostile.descriptor_nested_deeply(package)
    result = quangba("check-package", str(package))
    assert result.returncode == 1 and "EXPORT-DESCRIPTOR" in rules_of(result.stdout), result.stdout + result.stderr
    assert "RecursionError" not in result.stdout + result.stderr


def test_an_ndjson_line_nested_deeply_is_a_finding(package):
    hostile.ndjson_line_nested_deeply(package)
    result = quangba("check-package", str(package))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "data/records.ndjson" in result.stdout and "RecursionError" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr


def test_a_cell_nested_deeply_is_a_finding(package, tmp_path):
    hostile.cell_nested_deeply(package)
    result = quangba("check-package", str(package))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "EXPORT-CELL" in rules_of(result.stdout) and "RecursionError" not in result.stdout + result.stderr
    assert quangba("import", str(package), str(tmp_path / "imported")).returncode == 1
    assert not (tmp_path / "imported").exists()


# -- properties: whatever text a package holds ---------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# paths made of the pieces that climb, jump or name another system, and any text at all
pathish = st.lists(st.sampled_from(["..", ".", "/", "\\", "//", "~", "$HOME", "%APPDATA%", "https://", "file:", "C:",
                                    "data", "a-b", "\x00", "\n", " "]), max_size=12).map("".join) | st.text(max_size=40)


@FAST
@given(value=pathish)
def test_a_path_the_check_accepts_stays_inside_the_package(tmp_path, value):
    from quangba.export.pathsafe import path_problem

    root = tmp_path / "package"
    if path_problem(value) is None:
        joined = os.path.normpath(os.path.join(root, value))
        assert joined == str(root) or joined.startswith(str(root) + os.sep), value


@FAST
@given(value=st.text(max_size=90) | st.from_regex(r"[a-z0-9./-]{1,30}", fullmatch=True))
def test_an_id_the_importer_accepts_names_one_file_inside_its_folder(value):
    from quangba.export.check import PROJECT_ID, PROJECT_ID_MAX, PROJECT_LANG

    for pattern in (PROJECT_ID, PROJECT_LANG):
        if len(value) <= PROJECT_ID_MAX and pattern.match(value):
            assert "/" not in value and "\\" not in value and value not in (".", "..") and value.isascii()
            assert os.path.normpath(os.path.join("/target/catalog/place", value + ".yaml")).startswith(
                "/target/catalog/place/")
