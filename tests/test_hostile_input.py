"""Hostile and careless input: every bad file gets a finding that names the file and line, in
Vietnamese and English; nothing crashes, hangs or reads outside the repository."""

from __future__ import annotations

import json
import os

import pytest


def findings(repo, *args):
    result = repo.quangba("validate", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr  # 3 would be an internal error
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["findings"]


def about(found, path, rule=None):
    return [f for f in found if f["path"] == path and (rule is None or f["rule"] == rule)]


def the_one(found, path, rule):
    matches = about(found, path, rule)
    assert matches, f"no {rule} about {path}; got {[(f['path'], f['rule']) for f in found]}"
    f = matches[0]
    assert f["message_vi"] and f["message_en"] and f["message_vi"] != f["message_en"]
    return f


PLACE = "catalog/place/nhat-le-beach.yaml"


def test_billion_laughs_is_refused_at_the_first_alias(repo):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, 12)]
    repo.write(PLACE, repo.read(PLACE) + "\n".join(lines) + "\n")
    f = the_one(findings(repo), PLACE, "YAML-ALIAS")
    assert f["line"] == 12  # the anchor the first alias repeats (the record has 11 lines)
    assert "&" in f["message_en"] and "neo" in f["message_vi"]


def test_duplicate_key_names_both_lines(repo):
    repo.write(PLACE, repo.read(PLACE) + "status: draft\n")
    f = the_one(findings(repo), PLACE, "YAML-DUPLICATE-KEY")
    assert f["line"] == 12 and "line 4" in f["message_en"] and "dòng 4" in f["message_vi"]


def test_tab_is_reported_where_it_is(repo):
    repo.write(PLACE, repo.read(PLACE).replace("tags: [beach]", "tags:\t[beach]"))
    f = the_one(findings(repo), PLACE, "YAML-TAB")
    assert (f["line"], f["col"]) == (10, 6)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch pwned']", "!!binary aGVsbG8=", "!custom x"])
def test_tags_are_refused_and_never_run(repo, tag):
    repo.write(PLACE, repo.read(PLACE) + f"note: {tag}\n")
    f = the_one(findings(repo), PLACE, "YAML-TAG")
    assert f["line"] == 12
    assert not (repo.root / "pwned").exists()


def test_non_utf8_file_names_the_line(repo):
    content = repo.read(PLACE).encode("utf-8").replace(b"category: beach\n", "category: bãi\n".encode("latin-1"), 1)
    repo.write(PLACE, content)
    f = the_one(findings(repo), PLACE, "FILE-NOT-UTF8")
    assert f["line"] == 8 and "UTF-8" in f["message_vi"]


def test_bom_is_a_warning_and_the_record_is_still_read(repo):
    repo.write(PLACE, b"\xef\xbb\xbf" + repo.read(PLACE).encode("utf-8"))
    found = findings(repo)
    assert the_one(found, PLACE, "FILE-BOM")["severity"] == "warning"
    assert not about(found, "content/vi/place/nhat-le-beach.md", "TEXT-ORPHAN")


def test_huge_file_is_refused_without_reading_it(repo):
    path = repo.root / PLACE
    with open(path, "ab") as out:  # a sparse 3 GB file: reading it would exhaust memory
        out.truncate(3 * 1024 ** 3)
    f = the_one(findings(repo), PLACE, "FILE-TOO-LARGE")
    assert "3221225472" in f["message_en"]


def test_huge_markdown_text_is_refused(repo):
    repo.write("content/vi/place/nhat-le-beach.md", "---\ntitle: x\nsummary: y\n---\n" + "a" * (2 * 1024 * 1024))
    the_one(findings(repo), "content/vi/place/nhat-le-beach.md", "FILE-TOO-LARGE")


def test_deep_nesting_is_refused_instead_of_crashing_the_interpreter(repo):
    repo.write(PLACE, repo.read(PLACE) + "tags: " + "[" * 200_000 + "]" * 200_000 + "\n")
    f = the_one(findings(repo), PLACE, "YAML-TOO-DEEP")
    assert f["line"] == 12


def test_block_nesting_is_bounded_too(repo):
    repo.write(PLACE, "- " * 100_000 + "deep\n")
    the_one(findings(repo), PLACE, "YAML-TOO-DEEP")


def test_a_number_too_long_for_python_is_a_finding(repo):
    repo.write(PLACE, repo.read(PLACE).replace("lat: 17.478", "lat: " + "1" * 5000))
    f = the_one(findings(repo), PLACE, "YAML-NUMBER")
    assert f["line"] == 9 and "5000" in f["message_en"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e", "\u2066", "\x85"])
def test_hidden_control_characters_are_reported_with_their_position(repo, char):
    repo.write(PLACE, repo.read(PLACE).replace("category: beach", f"category: be{char}ach"))
    f = the_one(findings(repo), PLACE, "FILE-CONTROL-CHAR")
    assert (f["line"], f["col"]) == (8, 13)
    assert f"U+{ord(char):04X}" in f["message_en"]


def test_control_character_in_markdown_body(repo):
    repo.write("content/vi/place/nhat-le-beach.md", "---\ntitle: x\nsummary: y\n---\nsafe\nevil \u202egnp.exe\n")
    f = the_one(findings(repo), "content/vi/place/nhat-le-beach.md", "FILE-CONTROL-CHAR")
    assert (f["line"], f["col"]) == (6, 6)


def test_windows_line_endings_in_markdown_are_read(repo):
    repo.write("content/vi/place/nhat-le-beach.md", b"---\r\ntitle: B\xc3\xa3i\r\nsummary: y\r\n---\r\nbody\r\n")
    found = findings(repo)
    assert not about(found, "content/vi/place/nhat-le-beach.md")


def test_decomposed_vietnamese_is_reported(repo):
    repo.write("content/vi/place/nhat-le-beach.md", "---\ntitle: Ba\u0303i bie\u0302\u0309n\nsummary: y\n---\nx\n")
    f = the_one(findings(repo), "content/vi/place/nhat-le-beach.md", "TEXT-NFC")
    assert f["line"] == 2


# -- paths ---------------------------------------------------------------------------------
def test_record_linked_to_a_file_outside_the_repository_is_not_read(repo, tmp_path):
    secret = tmp_path / "outside.yaml"
    secret.write_text(repo.read(PLACE).replace("nhat-le-beach", "stolen"), "utf-8")
    os.symlink(secret, repo.root / "catalog/place/stolen.yaml")
    found = findings(repo)
    the_one(found, "catalog/place/stolen.yaml", "FILE-OUTSIDE-REPO")
    assert not about(found, "catalog/place/stolen.yaml", "TEXT-MISSING-VI")  # never read as a record


def test_folder_linked_outside_the_repository_is_not_read(repo, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "nhat-le-beach.md").write_text("---\ntitle: LEAKED\nsummary: y\n---\nz\n", "utf-8")
    (repo.root / "content/lo").mkdir()
    os.symlink(outside, repo.root / "content/lo/place", target_is_directory=True)
    found = findings(repo)
    the_one(found, "content/lo/place/nhat-le-beach.md", "FILE-OUTSIDE-REPO")


def test_image_linked_outside_the_repository(repo, tmp_path):
    (tmp_path / "private.jpg").write_bytes((repo.root / "assets/media/nhat-le.jpg").read_bytes())
    repo.remove("assets/media/nhat-le.jpg")
    os.symlink(tmp_path / "private.jpg", repo.root / "assets/media/nhat-le.jpg")
    found = findings(repo)
    the_one(found, "assets/media/nhat-le.jpg", "FILE-OUTSIDE-REPO")
    the_one(found, "assets/media/nhat-le.yaml", "MEDIA-FILE-MISSING")


@pytest.mark.parametrize("target", ["../../catalog/province.yaml", "/etc/passwd", "..\\\\x.jpg"])
def test_media_file_cannot_point_out_of_its_folder(repo, target):
    repo.edit("assets/media/nhat-le.yaml", "file: nhat-le.jpg", f'file: "{target}"')
    f = the_one(findings(repo), "assets/media/nhat-le.yaml", "SCHEMA-VALUE")
    assert f["line"] == 1


def test_file_name_with_control_characters(repo):
    repo.write("catalog/place/bad\nname.yaml", repo.read(PLACE))
    found = findings(repo)
    bad = [f for f in found if f["rule"] == "FILE-NAME"]
    assert bad and "\\n" in bad[0]["path"] and "\n" not in bad[0]["path"]


def test_strange_values_in_agencies_do_not_crash(repo):
    repo.write("catalog/agencies.yaml", repo.read("catalog/agencies.yaml") + (
        "  - id: weird\n    kind: other\n    names: {vi: Lạ}\n    parent: [a, b]\n"
        "    successor: {x: 1}\n    reviewers: 5\n    url: [1]\n"))
    found = findings(repo)
    assert about(found, "catalog/agencies.yaml", "SCHEMA-TYPE")


def test_the_text_output_names_file_and_line_in_both_languages(repo):
    repo.write(PLACE, repo.read(PLACE) + "status: draft\n")
    result = repo.quangba("validate")
    assert result.returncode == 1
    assert f"{PLACE}:12:1: YAML-DUPLICATE-KEY lỗi/error: Trường “status” xuất hiện hai lần" in result.stdout
    assert "EN: The field “status” appears twice (first at line 4)." in result.stdout


# -- front matter of a text: the same refusals, at the right line of the .md file -------------
TEXT = "content/vi/place/nhat-le-beach.md"


@pytest.mark.parametrize("front, rule, line", [
    ("title: a\ntitle: b\nsummary: c\n", "YAML-DUPLICATE-KEY", 3),
    ("title: &t x\nsummary: *t\n", "YAML-ALIAS", 3),
    ("title: !!python/name:os.system x\nsummary: c\n", "YAML-TAG", 2),
    ("title: a\nsummary:\tc\n", "YAML-TAB", 3),
    ("title: [" * 100 + "\n", "YAML-TOO-DEEP", 2),
])
def test_front_matter_refusals_point_at_the_markdown_line(repo, front, rule, line):
    repo.write(TEXT, f"---\n{front}---\nBody.\n")
    f = the_one(findings(repo), TEXT, rule)
    assert f["line"] == line


def test_a_text_without_closing_front_matter(repo):
    repo.write(TEXT, "---\ntitle: a\nsummary: b\nBody without the closing line.\n")
    the_one(findings(repo), TEXT, "TEXT-FRONT-MATTER")
