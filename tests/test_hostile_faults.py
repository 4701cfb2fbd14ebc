"""Hostile input that passed `validate` and then stopped everyone's build (issue 21, items 5–10).

The inputs are a corpus in tests/hostile/faults/ (cases.yaml says where each goes and what
validate must say about it); the tests here put each in the test province and ask `validate`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "hostile" / "faults"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text("utf-8"))


def cases(group: str) -> list:
    return [pytest.param(case, id=Path(case["input"]).stem) for case in CASES[group]]


def errors_about(repo, path: str) -> list[dict]:
    result = repo.run("validate", "--format", "json")
    assert result.code in (0, 1), result.err
    return [f for f in json.loads(result.out)["findings"] if f["severity"] == "error" and f["path"] == path]


def put(repo, case: dict) -> None:
    repo.write(case["at"], (CORPUS / case["input"]).read_bytes())


# -- item 5: control characters written as escapes -------------------------------------------
@pytest.mark.parametrize("case", cases("escapes"))
def test_escaped_control_characters_are_findings_of_validate(repo, case):
    put(repo, case)
    found = errors_about(repo, case["at"])
    assert sorted((f["rule"], f["line"]) for f in found) == sorted(map(tuple, case["findings"]))
    for f in found:
        assert f["message_vi"] and f["message_en"] and f["message_vi"] != f["message_en"]


@pytest.mark.parametrize("case", [c for c in cases("escapes") if not c.values[0]["findings"]])
def test_line_breaks_where_the_schema_allows_them_build(repo, case):
    put(repo, case)
    result = repo.run("build")
    assert result.code == 0, result.out + result.err
    calendar = (repo.root / "site" / "event" / "sea-festival.ics").read_bytes()
    assert b"BEGIN:VEVENT" in calendar


def test_a_title_with_an_escape_never_reaches_the_site(repo):
    repo.write("content/vi/event/sea-festival.md", (CORPUS / "escapes/title-rlo.md").read_bytes())
    result = repo.run("build")
    assert result.code == 1 and "TEXT-CONTROL-ESCAPE" in result.out
    assert not (repo.root / "site").exists() and not (repo.root / "export").exists()


def test_a_finding_quotes_what_a_file_holds_without_its_control_characters(repo):
    """A terminal escape quoted in a message would clear the CI log that shows it."""
    path = "catalog/place/nhat-le-beach.yaml"
    repo.write(path, repo.read(path) + '"\\x1b[2J\\u202Eowned": "x"\n')
    result = repo.run("validate", "--format", "json")
    found = [f for f in json.loads(result.out)["findings"] if f["path"] == path]
    assert {f["rule"] for f in found} == {"TEXT-CONTROL-ESCAPE", "SCHEMA-UNKNOWN-FIELD"}
    for f in found:
        for message in (f["message_vi"], f["message_en"]):
            assert "\x1b" not in message and "\u202e" not in message and "\\u001B[2J\\u202Eowned" in message


INTERVIEW = """\
id: interview-01
kind: interview
agency: so-vhttdl
status: draft
classification: internal
created: 2026-01-15
modified: 2026-01-15
outlet: "Báo Mẫu\\nEdition"
interview_status: drafting
questions:
  - question: |
      Câu hỏi thứ nhất,
      viết trên hai dòng?
    answer: "Trả lời.\\nĐoạn thứ hai."
"""


def test_only_fields_the_schema_marks_multiline_may_hold_line_breaks(repo):
    repo.write("catalog/interview/interview-01.yaml", INTERVIEW)
    found = [f for f in errors_about(repo, "catalog/interview/interview-01.yaml") if f["rule"] != "TEXT-MISSING-VI"]
    assert [(f["rule"], f["line"]) for f in found] == [("TEXT-LINE-BREAK", 8)]
    assert "outlet" in found[0]["message_en"] and "một dòng" in found[0]["message_vi"]


# -- item 6: an image validate accepts is one the media stage can make -----------------------
def image_cases() -> list:
    return [pytest.param(case, id=Path(case["input"]).stem) for case in CASES["images"]]


@pytest.mark.parametrize("case", image_cases())
def test_validate_accepts_exactly_the_images_the_media_stage_makes(case, tmp_path):
    from quangba.media.derive import process_one
    from quangba.media.inspect import inspect_original
    from quangba.media.jobs import DEFAULT, Job
    from quangba.media.metadata import Credit

    original = CORPUS / case["input"]
    seen = inspect_original(original)
    assert (seen.problem.rule if seen.problem else None) == case["rule"]
    job = Job(media_id="x", source=str(original), rel=case["input"], key="0" * 64,
              credit=Credit(credit="c", licence="l", caption={}), press_kit=True, settings=DEFAULT)
    made = process_one(job, str(tmp_path))
    assert made["ok"] is (case["rule"] is None), made
    if not made["ok"]:
        assert made["rule"] == case["rule"]  # the build, if it gets there, says the same


def test_a_tall_image_is_a_finding_of_validate_not_a_failed_build(repo):
    repo.write("assets/media/nhat-le.png", (CORPUS / "images/tall-400x20000.png").read_bytes())
    repo.remove("assets/media/nhat-le.jpg")
    repo.edit("assets/media/nhat-le.yaml", "file: nhat-le.jpg", "file: nhat-le.png")
    result = repo.run("validate")
    assert result.code == 1 and [r for r in result.rules() if r != "TEXT-NO-SOURCE"] == ["MEDIA-IMAGE-SHAPE"]
    line = result.finding_lines("MEDIA-IMAGE-SHAPE")[0]
    assert line.startswith("assets/media/nhat-le.png:") and "400×20000" in result.out and "16383" in result.out


# -- item 7: Markdown that took hours to render ---------------------------------------------
def hostile_body(case: dict) -> str:
    return case.get("before", "") + case["repeat"] * case["times"] + case.get("after", "")


def markdown_cases(accepted: bool | None = None) -> list:
    return [pytest.param(case, id=case["name"]) for case in CASES["markdown"]
            if accepted is None or (case["rule"] is None) is accepted]


@pytest.mark.parametrize("case", markdown_cases())
def test_a_body_nesting_too_deep_is_a_finding_of_validate(repo, case):
    path = "content/vi/press-release/press-2026-01.md"
    repo.write(path, f"---\ntitle: Thông cáo\nsummary: Mẫu.\n---\n{hostile_body(case)}\n")
    found = errors_about(repo, path)
    expected = [(case["rule"], case["line"])] if case["rule"] else []
    assert [(f["rule"], f["line"]) for f in found] == expected


def test_the_nesting_finding_names_the_limit_in_both_languages(repo):
    path = "content/vi/press-release/press-2026-01.md"
    repo.write(path, "---\ntitle: Thông cáo\n---\nMở đầu.\n\n" + "> " * 65 + "x\n")
    (f,) = errors_about(repo, path)
    assert (f["rule"], f["line"]) == ("TEXT-MARKDOWN-NESTING", 6)
    assert "64" in f["message_en"] and "64" in f["message_vi"] and "“>”" in f["message_vi"]


def python_lines_run(render, text: str) -> int:
    """How many lines of Python ``render(text)`` executes: its work, counted, not timed."""
    import sys

    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        render(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("unit", ["[", "[a](", "![", "Xem [a](b) và *c*. "])
def test_rendering_work_grows_linearly_with_hostile_text(unit):
    from quangba.site.body import render_body

    small, large = (python_lines_run(render_body, unit * times) for times in (300, 1200))
    assert large <= 4 * small * 1.2 + 1000  # four times the text: at most about four times the work


def test_a_preview_of_a_body_nesting_too_deep_shows_it_as_typed():
    """`quangba serve` renders drafts with findings: such a body is shown, never handed to nh3."""
    from quangba.site.body import render_body

    shown = render_body("> " * 100000 + "<script>x</script>")
    assert shown.startswith("<pre>&gt; &gt; ") and "&lt;script&gt;" in shown and "<script>" not in shown


@pytest.mark.parametrize("case", markdown_cases(accepted=True))
def test_the_hostile_texts_validate_accepts_are_built(repo, case):
    repo.write("content/vi/press-release/press-2026-01.md",
               f"---\ntitle: Thông cáo\nsummary: Mẫu.\n---\nMở đầu.\n\n{hostile_body(case)}\n")
    result = repo.run("build")
    assert result.code == 0, result.out + result.err
    page = (repo.root / "site" / "press-release" / "press-2026-01" / "index.html").read_text("utf-8")
    assert "<p>Mở đầu.</p>" in page


@pytest.mark.parametrize("field,length", [("caption", 32000), ("caption", 32700), ("caption", 33000),
                                          ("caption-ampersands", 6400), ("caption-ampersands", 6700),
                                          ("credit", 16000), ("credit", 16400), ("credit", 40000)])
def test_validate_accepts_exactly_the_words_the_media_stage_can_write_into_a_photo(field, length, tmp_path):
    from quangba.media.derive import process_one
    from quangba.media.jobs import DEFAULT, Job
    from quangba.media.metadata import Credit, too_long

    words = ("&" if field.endswith("ampersands") else "x") * length
    credit = Credit(credit=words if field == "credit" else "Nguyễn Văn A",
                    licence="https://creativecommons.org/licenses/by/4.0/",
                    caption={"vi": words, "en": "Dawn"} if field.startswith("caption") else {})
    job = Job(media_id="x", source=str(CORPUS / "images/ok-palette-transparent.png"), rel="x.png", key="1" * 64,
              credit=credit, press_kit=True, settings=DEFAULT)
    made = process_one(job, str(tmp_path))
    assert made["ok"] is (too_long(credit) is None), made


def test_words_too_long_for_a_photo_are_a_finding_of_validate_not_a_failed_build(repo):
    repo.edit("assets/media/nhat-le.yaml", "caption: {vi: Bãi biển Nhật Lệ lúc bình minh,",
              "caption: {vi: " + "Bãi biển Nhật Lệ lúc bình minh. " * 3000 + ",")
    result = repo.run("validate")
    assert result.code == 1 and [r for r in result.rules() if r != "TEXT-NO-SOURCE"] == ["MEDIA-METADATA-TOO-LONG"]
    assert result.finding_lines("MEDIA-METADATA-TOO-LONG")[0].startswith("assets/media/nhat-le.yaml:7:")


# -- item 9: a stamp YAML reads as a number ------------------------------------------------
VI_PLACE, EN_PLACE = "content/vi/place/nhat-le-beach.md", "content/en/place/nhat-le-beach.md"


def translation_findings(repo) -> list[tuple[str, str]]:
    result = repo.run("validate", "--format", "json")
    return [(f["rule"], f["message_en"]) for f in json.loads(result.out)["findings"] if f["path"] == EN_PLACE]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["version"]) for c in CASES["stamps"]])
def test_an_unquoted_numeric_stamp_is_read_as_the_version_it_was(repo, case):
    from quangba.catalog.model import text_version

    repo.write(VI_PLACE, (CORPUS / case["vi"]).read_bytes())
    repo.write(EN_PLACE, (CORPUS / case["en"]).read_bytes())
    vi = repo.read(VI_PLACE).split("\n")
    assert text_version(vi[1].removeprefix("title: "), vi[2].removeprefix("summary: "), vi[4]) == case["version"]
    assert f"source: {case['version']}\n" in repo.read(EN_PLACE)  # unquoted, as stamp wrote it
    assert translation_findings(repo) == []  # no SCHEMA-TYPE, not outdated, not unstamped


@pytest.mark.parametrize("case", [pytest.param(c, id=c["version"]) for c in CASES["stamps"]])
def test_stamp_writes_the_version_quoted(repo, case):
    repo.write(VI_PLACE, (CORPUS / case["vi"]).read_bytes())
    repo.write(EN_PLACE, (CORPUS / case["en"]).read_text("utf-8").replace(f"source: {case['version']}\n", ""))
    assert [rule for rule, _ in translation_findings(repo)] == ["TEXT-NO-SOURCE"]
    assert repo.run("stamp", str(repo.root / EN_PLACE)).code == 0
    assert f'source: "{case["version"]}"\n' in repo.read(EN_PLACE)
    assert translation_findings(repo) == []


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9a-f]{12}", fullmatch=True) | st.from_regex(r"[0-9]{1,11}e[0-9]{1,11}", fullmatch=True))
def test_any_version_written_unquoted_is_read_back_as_written(version):
    from quangba.catalog.readfile import read_markdown_file

    raw = f"---\ntitle: Nhat Le beach\nsource: {version}\n---\nClear water.\n".encode()
    _, parts, _ = read_markdown_file("content/en/place/x.md", raw, 1 << 20, "en")
    assert parts[0]["source"] == version


# -- item 10: names Windows reserves -------------------------------------------------------
PLACE = "catalog/place/nhat-le-beach.yaml"


def renamed_place(repo, new_id: str) -> list[str]:
    """The test province's place under the id ``new_id``, everywhere: its file, texts, links."""
    paths = [f"catalog/place/{new_id}.yaml", f"content/vi/place/{new_id}.md", f"content/en/place/{new_id}.md"]
    for old, new in zip([PLACE, VI_PLACE, EN_PLACE], paths):
        (repo.root / old).rename(repo.root / new)
    repo.edit(paths[0], "id: nhat-le-beach", f"id: {new_id}")
    repo.edit("catalog/event/sea-festival.yaml", "target: nhat-le-beach", f"target: {new_id}")
    repo.edit("assets/media/nhat-le.yaml", "place: nhat-le-beach", f"place: {new_id}")
    return paths


def errors(repo) -> list[tuple[str, str]]:
    result = repo.run("validate", "--format", "json")
    return sorted((f["path"], f["rule"]) for f in json.loads(result.out)["findings"] if f["severity"] == "error")


@pytest.mark.parametrize("name", CASES["windows_names"]["ids"])
def test_an_id_windows_reserves_is_a_file_name_finding(repo, name):
    paths = renamed_place(repo, name)
    assert errors(repo) == sorted((path, "FILE-NAME") for path in paths)  # and nothing else: still read
    message = next(f for f in json.loads(repo.run("validate", "--format", "json").out)["findings"]
                   if f["path"] == paths[0])
    assert "Windows" in message["message_en"] and "Windows" in message["message_vi"]


@pytest.mark.parametrize("name", CASES["windows_names"]["files"])
def test_a_file_name_windows_refuses_is_a_finding(repo, name):
    repo.write(f"assets/media/{name}", b"")
    assert (f"assets/media/{name}", "FILE-NAME") in errors(repo)


@pytest.mark.parametrize("name", CASES["windows_names"]["fine_ids"])
def test_names_that_only_look_reserved_are_fine(repo, name):
    renamed_place(repo, name)
    assert errors(repo) == []


# Characters XML 1.0 allows (feeds, sitemaps, the data package's XML) ...
_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
# ... less those that reorder what a reader sees
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_title_validate_accepts_is_one_line_of_xml_text_in_reading_order(title):
    from quangba.catalog.readfile import read_markdown_file

    # JSON strings are YAML double-quoted scalars: every character arrives as an escape
    raw = f"---\ntitle: {json.dumps(title)}\n---\nNội dung.\n".encode()
    before, parts, _ = read_markdown_file("content/vi/place/x.md", raw, 1 << 20, "vi")
    refused = any(row[3] == "TEXT-CONTROL-ESCAPE" for row in before) or (parts is not None and parts[3])
    if parts is not None and not refused:
        assert _XML_CHAR.fullmatch(title) and "\r" not in title and "\n" not in title
        assert not _BIDI_CONTROL.search(title)
