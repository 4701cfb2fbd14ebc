"""`quangba validate`: what an agency officer sees when something is wrong.

Each rule has a case that breaks it and the clean province that passes it; each finding
names the file and the line, in Vietnamese and English.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO, Repo, text

Breaker = Callable[[Repo], None]

PLACE = "catalog/place/nhat-le-beach.yaml"
EVENT = "catalog/event/sea-festival.yaml"
PRESS = "catalog/press-release/press-2026-01.yaml"
VI_PLACE = "content/vi/place/nhat-le-beach.md"
EN_PLACE = "content/en/place/nhat-le-beach.md"


def test_the_clean_province_passes(repo: Repo) -> None:
    result = repo.run("validate")
    assert result.code == 0, result.out
    assert "lỗi/error" not in result.out


# (rule, how to break it, file the finding names, line it names or None for "any")
CASES: list[tuple[str, Breaker, str, int | None]] = [
    ("FILE-NOT-UTF8", lambda r: r.write(PLACE, r.read(PLACE).encode("utf-8") + b"note: \xff\xfe\n"), PLACE, 12),
    ("FILE-BOM", lambda r: r.write(PLACE, b"\xef\xbb\xbf" + r.read(PLACE).encode()), PLACE, 1),
    ("FILE-TOO-LARGE", lambda r: r.write(PLACE, r.read(PLACE) + "#" * 600_000 + "\n"), PLACE, None),
    ("FILE-NAME", lambda r: r.write("catalog/place/notes.txt", "hello"), "catalog/place/notes.txt", None),
    ("YAML-SYNTAX", lambda r: r.edit(PLACE, "category: beach", "category: [beach"), PLACE, None),
    ("YAML-TAB", lambda r: r.edit(PLACE, "tags: [beach]", "tags:\n\t- beach"), PLACE, 11),
    ("YAML-DUPLICATE-KEY", lambda r: r.write(PLACE, r.read(PLACE) + "status: draft\n"), PLACE, 12),
    ("YAML-ALIAS", lambda r: r.edit(PLACE, "tags: [beach]", "tags: &t [beach]\nformer_ids: *t"), PLACE, 11),
    ("YAML-TAG", lambda r: r.edit(PLACE, "category: beach", "category: !!python/object:os.system beach"), PLACE, 8),
    ("YAML-NOT-MAPPING", lambda r: r.write(PLACE, "- just\n- a list\n"), PLACE, 1),
    ("SCHEMA-UNKNOWN-FIELD", lambda r: r.write(PLACE, r.read(PLACE) + "categroy: beach\n"), PLACE, 12),
    ("SCHEMA-MISSING-FIELD", lambda r: r.edit(PLACE, "agency: so-vhttdl\n", ""), PLACE, 1),
    ("SCHEMA-TYPE", lambda r: r.edit(PLACE, "lat: 17.478", "lat: north"), PLACE, 9),
    ("SCHEMA-VALUE", lambda r: r.edit(PLACE, "status: published", "status: public"), PLACE, 4),
    ("TEXT-NFC", lambda r: r.write(VI_PLACE, text("Bai bie\u0302\u0309n", "x.", "y.")), VI_PLACE, 2),
    ("REC-KIND-FOLDER", lambda r: r.edit(EVENT, "kind: event", "kind: place\ncategory: beach"), EVENT, 2),
    ("REC-KIND-RESERVED", lambda r: r.write("catalog/schemas/kinds/search.schema.yaml",
                                            r.read("catalog/schemas/kinds/place.schema.yaml")),
     "catalog/schemas/kinds/search.schema.yaml", 1),
    ("REC-ID-FILENAME", lambda r: r.edit(PRESS, "id: press-2026-01", "id: press-2026-02"), PRESS, 1),
    ("REC-ID-DUPLICATE", lambda r: r.write("catalog/place/copy.yaml", r.read(PLACE)), "catalog/place/copy.yaml", 1),
    ("REC-AGENCY-UNKNOWN", lambda r: r.edit(PRESS, "agency: so-vhttdl", "agency: so-vhtdl"), PRESS, 3),
    ("REC-AGENCY-ENDED", lambda r: r.edit(PRESS, "agency: so-vhttdl", "agency: so-tttt"), PRESS, 3),
    ("REC-RELATION-BROKEN", lambda r: r.edit(EVENT, "target: nhat-le-beach", "target: nhat-le"), EVENT, 12),
    ("REC-RELATION-NOT-PUBLIC", lambda r: r.edit(PLACE, "status: published", "status: draft"), EVENT, 12),
    ("REC-MEDIA-UNKNOWN", lambda r: r.edit(PLACE, "media: [nhat-le]", "media: [nhat-le, sunset]"), PLACE, 11),
    ("REC-UNIT-UNKNOWN", lambda r: r.edit(PLACE, "unit: dong-hoi", "unit: dong-ha"), PLACE, 9),
    ("REC-DATES", lambda r: r.edit(EVENT, "end: 2027-05-01", "end: 2027-04-01"), EVENT, 10),
    ("REC-RETRACTION", lambda r: r.edit(PRESS, "status: published", "status: retracted"), PRESS, 4),
    ("REC-COORDINATES", lambda r: r.edit(PLACE, "lat: 17.478, lon: 106.623", "lat: 106.623, lon: 17.478"), PLACE, 9),
    ("TEXT-FRONT-MATTER", lambda r: r.write(VI_PLACE, "Bãi biển Nhật Lệ\n\nNước trong.\n"), VI_PLACE, 1),
    ("TEXT-MISSING-VI", lambda r: r.remove(VI_PLACE), PLACE, 1),
    ("TEXT-ORPHAN", lambda r: r.write("content/en/place/nhat-le.md", text("x", "y", "z")), "content/en/place/nhat-le.md", 1),
    ("TEXT-WRONG-FOLDER", lambda r: r.write("content/en/event/nhat-le-beach.md", text("x", "y", "z")),
     "content/en/event/nhat-le-beach.md", 1),
    ("TEXT-LANG-UNKNOWN", lambda r: r.write("content/fr/place/nhat-le-beach.md", text("x", "y", "z")),
     "content/fr/place/nhat-le-beach.md", 1),
    ("TEXT-NO-SOURCE", lambda r: None, EN_PLACE, 1),  # the fixture's English text is not stamped
    ("TEXT-OUTDATED", lambda r: r.write(EN_PLACE, text("Nhat Le", "A beach.", "Water.", source="0123456789ab")), EN_PLACE, 4),
    ("TEXT-SOURCE-IN-VI", lambda r: r.write(VI_PLACE, text("Nhật Lệ", "x.", "y.", source="0123456789ab")), VI_PLACE, 4),
    ("AGENCY-REFERENCE", lambda r: r.edit("catalog/agencies.yaml", "successor: so-vhttdl", "successor: so-khcn"),
     "catalog/agencies.yaml", 15),
    ("AGENCY-DUPLICATE", lambda r: r.write("catalog/agencies.yaml", r.read("catalog/agencies.yaml") +
                                           "  - {id: ubnd, kind: other, names: {vi: Trùng}}\n"), "catalog/agencies.yaml", 16),
    ("AGENCY-ENDED-NO-SUCCESSOR", lambda r: r.edit("catalog/agencies.yaml", "    successor: so-vhttdl\n", ""),
     "catalog/agencies.yaml", 14),
    ("PROVINCE-OWNER", lambda r: r.edit("catalog/province.yaml", "owner: so-vhttdl", "owner: so-tt"), "catalog/province.yaml", 6),
    ("MEDIA-SIDECAR-MISSING", lambda r: r.write("assets/media/orphan.jpg", b"\xff\xd8\xff"), "assets/media/orphan.jpg", None),
    ("MEDIA-FILE-MISSING", lambda r: r.remove("assets/media/nhat-le.jpg"), "assets/media/nhat-le.yaml", 1),
    ("MEDIA-REFERENCE", lambda r: r.edit("assets/media/nhat-le.yaml", "place: nhat-le-beach", "place: nhat-le"),
     "assets/media/nhat-le.yaml", 6),
]


@pytest.mark.parametrize("rule, break_it, path, line", CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_the_file_and_line(repo: Repo, rule: str, break_it: Breaker, path: str, line: int | None) -> None:
    break_it(repo)
    result = repo.run("validate")
    lines = result.finding_lines(rule)
    assert lines, f"{rule} not reported:\n{result.out}{result.err}"
    if line is None:
        assert any(l.startswith(f"{path}:") or l.startswith(f"{path}: ") for l in lines), lines
    else:
        assert any(l.startswith(f"{path}:{line}:") for l in lines), lines
    assert "Traceback" not in result.err and result.err == ""
    errors = [l for l in lines if "error:" in l]
    assert result.code == (1 if errors or re.search(r"lỗi/error", result.out) else 0)


def test_every_rule_has_a_test_that_breaks_it() -> None:
    from quangba.rules.rulebook import all_rules

    tests = "\n".join(p.read_text("utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    untested = [rule for rule in all_rules() if f'"{rule}"' not in tests]
    assert not untested, f"rules without a test: {untested}"


def test_a_finding_says_what_and_how_in_both_languages(repo: Repo) -> None:
    repo.edit(PRESS, "agency: so-vhttdl", "agency: so-vhtdl")
    result = repo.run("validate")
    assert "catalog/press-release/press-2026-01.yaml:3:1: REC-AGENCY-UNKNOWN lỗi/error: Cơ quan “so-vhtdl”" in result.out
    assert "(có phải “so-vhttdl”?)" in result.out
    assert "EN: The agency “so-vhtdl” is not in catalog/agencies.yaml. Use an agency id" in result.out
    assert "did you mean “so-vhttdl”?" in result.out


def test_one_broken_file_does_not_hide_the_findings_of_others(repo: Repo) -> None:
    repo.write(PLACE, "id: [broken\n")
    repo.edit(PRESS, "agency: so-vhttdl", "agency: nobody")
    result = repo.run("validate")
    assert "YAML-SYNTAX" in result.rules()
    assert "REC-AGENCY-UNKNOWN" in result.rules()
    assert result.code == 1


def test_warnings_alone_exit_zero(repo: Repo) -> None:
    result = repo.run("validate")
    assert "TEXT-NO-SOURCE" in result.rules()
    assert result.code == 0


def test_usage_errors_exit_two(repo: Repo) -> None:
    assert repo.run("validate", "--format", "xml").code == 2


def test_json_output_lists_findings_with_location(repo: Repo) -> None:
    repo.edit(PLACE, "lat: 17.478", "lat: north")
    result = repo.run("validate", "--format", "json")
    report = json.loads(result.out)
    finding = next(f for f in report["findings"] if f["rule"] == "SCHEMA-TYPE")
    assert (finding["path"], finding["line"], finding["severity"]) == (PLACE, 9, "error")
    assert "lat" in finding["message_en"] and "lat" in finding["message_vi"]
    assert report["summary"]["errors"] >= 1


def test_github_output_is_an_annotation_on_the_line(repo: Repo) -> None:
    repo.edit(PLACE, "lat: 17.478", "lat: north")
    result = repo.run("validate", "--format", "github")
    line = next(l for l in result.out.splitlines() if "SCHEMA-TYPE" in l)
    assert line.startswith(f"::error file={PLACE},line=9,col=")
    assert "title=SCHEMA-TYPE::" in line and "%0A" in line  # vi then en, on two lines


def test_paths_limit_the_report_to_those_files(repo: Repo) -> None:
    repo.edit(PLACE, "lat: 17.478", "lat: north")
    repo.edit(PRESS, "agency: so-vhttdl", "agency: nobody")
    result = repo.run("validate", str(repo.root / "catalog" / "place"))
    assert "SCHEMA-TYPE" in result.rules() and "REC-AGENCY-UNKNOWN" not in result.rules()


def test_a_billion_laughs_file_is_refused_at_once(repo: Repo) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    repo.write(PLACE, bomb)
    result = repo.run("validate")
    assert "YAML-ALIAS" in result.rules()


def test_yes_and_no_stay_text_and_dates_are_checked_by_the_schema(repo: Repo) -> None:
    repo.edit(PLACE, "category: beach", "category: no")
    repo.edit(PLACE, "created: 2024-01-10", "created: 2024-02-30")
    result = repo.run("validate")
    out = result.out
    assert "“no” không thuộc" in out  # not the boolean false
    assert "“2024-02-30” is not a valid date" in out


def test_an_unquoted_comma_in_a_name_gets_a_hint_about_quotes(repo: Repo) -> None:
    repo.edit("catalog/agencies.yaml", 'en: "Department of Culture, Sports and Tourism"',
              "en: Department of Culture, Sports and Tourism")
    result = repo.run("validate")
    assert [r for r in result.rules() if r != "TEXT-NO-SOURCE"] == ["SCHEMA-VALUE"]
    assert "put the whole text in quotes" in result.out


def test_stamp_marks_a_translation_current_and_a_vietnamese_edit_makes_it_outdated(repo: Repo) -> None:
    assert repo.run("stamp", str(repo.root / EN_PLACE)).code == 0
    assert "TEXT-NO-SOURCE" not in repo.run("validate").rules()
    stamped = repo.read(EN_PLACE)
    assert re.search(r'^source: "[0-9a-f]{12}"$', stamped, flags=re.M)
    assert stamped.endswith("Clear water.\n")  # the body is untouched
    repo.edit(VI_PLACE, "Nước trong xanh.", "Nước trong xanh, cát trắng.")
    assert "TEXT-OUTDATED" in repo.run("validate").rules()


def test_fix_nfc_normalises_a_file_in_place(repo: Repo) -> None:
    repo.write(VI_PLACE, text("Bai bie\u0302\u0309n", "x.", "y."))
    assert "TEXT-NFC" in repo.run("validate").rules()
    assert repo.run("fix-nfc", str(repo.root / VI_PLACE)).code == 0
    assert "TEXT-NFC" not in repo.run("validate").rules()
    assert "Bai biển" in repo.read(VI_PLACE)


def test_the_rules_command_lists_every_rule_in_both_languages(repo: Repo) -> None:
    from quangba.rules.rulebook import all_rules

    out = repo.run("rules").out
    for rule in all_rules().values():
        assert rule.id in out and rule.vi in out and rule.en in out


def test_no_traceback_for_a_missing_province(tmp_path: Path) -> None:
    r = Repo(tmp_path / "empty")
    import shutil

    shutil.copytree(REPO / "catalog" / "schemas", r.root / "catalog" / "schemas")
    result = r.run("validate")
    assert result.code == 1
    assert "Traceback" not in result.err


def test_a_link_to_a_record_with_a_misspelt_classification_is_refused_not_a_crash(repo: Repo) -> None:
    repo.edit(PLACE, "classification: public", "classification: secrte")
    result = repo.run("validate")
    assert result.code == 1 and result.err == ""
    line = next(l for l in result.finding_lines("REC-RELATION-NOT-PUBLIC"))
    assert line.startswith(f"{EVENT}:12:") and "là bản ghi mật" in line


def test_a_mistake_on_the_validate_line_shows_the_usage_with_every_command(repo: Repo) -> None:
    result = repo.run("validate", "--bogus")
    assert result.code == 2
    usage = result.err.split("\n\n")[0]
    # commands that other packages add are listed too, as they are for any other mistake
    for command in ("validate", "build", "translations", "kiosk", "serve"):
        assert command in usage, result.err
    assert "unrecognized arguments: --bogus" in result.err


def test_validate_help_describes_validate(repo: Repo) -> None:
    result = repo.run("validate", "--help")
    assert result.code == 0
    assert result.out.startswith("usage: quangba validate") and "--format" in result.out


def test_a_kind_named_like_a_language_of_the_portal_is_refused(repo: Repo) -> None:
    """Its pages would sit at en/<id>/, on top of the English portal."""
    repo.write("catalog/schemas/kinds/en.schema.yaml", repo.read("catalog/schemas/kinds/place.schema.yaml"))
    result = repo.run("validate")
    (line,) = result.finding_lines("REC-KIND-RESERVED")
    assert line.startswith("catalog/schemas/kinds/en.schema.yaml:1:1: REC-KIND-RESERVED lỗi/error: Tên loại bản ghi “en”")
    assert "The kind name “en” is one of the portal's own folders" in result.out and result.code == 1
