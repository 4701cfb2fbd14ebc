"""`quangba translations`: what a translator sees is missing or out of date, and PO / XLIFF
files that go out to their tools and come back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polib
import pytest

import gitrepo
from conftest import Repo, text

VI_PLACE = "content/vi/place/nhat-le-beach.md"
EN_PLACE = "content/en/place/nhat-le-beach.md"


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts and ".cache" not in p.parts}


def stamped(repo: Repo) -> None:
    """The English place text made from the current Vietnamese, three paragraphs each."""
    repo.write(VI_PLACE, text("Bãi biển Nhật Lệ", "Bãi biển đẹp ở Đồng Hới.",
                              "Nước trong xanh.\n\nCát trắng mịn.\n\n- Tắm biển\n- Lướt sóng"))
    repo.write(EN_PLACE, text("Nhat Le beach", "A fine beach in Dong Hoi.",
                              "Clear water.\n\nFine white sand.\n\n- Swimming\n- Surfing"))
    assert repo.run("stamp", str(repo.root / EN_PLACE)).code == 0


def test_status_lists_missing_texts_per_language_and_agency(repo: Repo) -> None:
    stamped(repo)
    result = repo.run("translations")
    assert result.code == 0
    assert "== en:" in result.out and "== lo:" in result.out
    en = result.out.split("== lo:")[0]
    assert "so-vhttdl (Sở Văn hóa, Thể thao và Du lịch)" in en
    assert "missing  event/sea-festival  content/en/event/sea-festival.md" in en
    assert "nhat-le-beach" not in en  # current translations are not listed unless asked
    assert "current  place/nhat-le-beach" in repo.run("translations", "--all").out
    lo = result.out.split("== lo:")[1]
    assert "missing  place/nhat-le-beach" in lo


def test_secret_records_are_never_sent_to_translators(repo: Repo) -> None:
    repo.edit("catalog/event/sea-festival.yaml", "classification: public", "classification: secret")
    assert "sea-festival" not in repo.run("translations").out
    assert "sea-festival" not in repo.run("translations", "export", "--lang", "en").out


def test_out_of_date_translation_shows_the_vietnamese_change_from_history(repo: Repo) -> None:
    stamped(repo)
    gitrepo.init(repo.root)
    repo.edit(VI_PLACE, "Cát trắng mịn.", "Cát trắng mịn, dài 12 km.")
    gitrepo.commit(repo.root, "Longer beach", "2025-03-01T10:00:00+07:00")
    result = repo.run("translations", "--lang", "en")
    assert "outdated place/nhat-le-beach" in result.out
    assert "-Cát trắng mịn." in result.out
    assert "+Cát trắng mịn, dài 12 km." in result.out
    data = json.loads(repo.run("translations", "--lang", "en", "--format", "json").out)
    [item] = [i for g in data["groups"] for i in g["items"] if i["id"] == "nhat-le-beach"]
    assert item["state"] == "outdated" and "+Cát trắng mịn, dài 12 km." in item["diff"]


def test_out_of_date_without_history_says_so(repo: Repo) -> None:
    repo.write(EN_PLACE, text("Nhat Le", "A beach.", "Water.", source="0123456789ab"))
    out = repo.run("translations", "--lang", "en").out
    assert "outdated place/nhat-le-beach" in out
    assert "0123456789ab is not in the git history" in out


def test_unknown_language_is_a_usage_error(repo: Repo) -> None:
    result = repo.run("translations", "--lang", "fr")
    assert result.code == 2 and "fr" in result.err


@pytest.mark.parametrize("fmt,suffix", [("po", "po"), ("xliff", "xlf")])
def test_a_round_trip_with_no_edits_changes_no_byte(repo: Repo, tmp_path: Path, fmt: str, suffix: str) -> None:
    stamped(repo)
    repo.write("content/lo/place/nhat-le-beach.md", text("ຫາດນັດເລ", "x", "y", source="0123456789ab"))  # outdated
    repo.write("content/en/event/sea-festival.md", text("Sea festival", "A sample festival.", "One.\n\nTwo."))
    repo.run("stamp", str(repo.root / "content/en/event/sea-festival.md"))  # current, but not paragraph for paragraph
    before = tree(repo.root)
    for lang in ("en", "lo"):
        out = tmp_path / f"{lang}.{suffix}"
        assert repo.run("translations", "export", "--lang", lang, "--format", fmt, "--out", str(out)).code == 0
        first = out.read_bytes()
        result = repo.run("translations", "import", str(out))
        assert result.code == 0, result.out
        assert "0 đã ghi / written" in result.out
        assert "TR-" not in result.out  # nothing the translator did needs a word
        repo.run("translations", "export", "--lang", lang, "--format", fmt, "--out", str(out))
        assert out.read_bytes() == first  # exporting is deterministic
    assert tree(repo.root) == before


def test_po_has_one_entry_per_unit_with_context_and_source_version(repo: Repo) -> None:
    stamped(repo)
    po = polib.pofile(repo.run("translations", "export", "--lang", "en").out)
    version = repo.run("translations", "--lang", "en", "--format", "json", "--all").out
    entries = {e.msgctxt: e for e in po}
    assert [c for c in entries if c.startswith("place/")] == [
        "place/nhat-le-beach#title", "place/nhat-le-beach#summary",
        "place/nhat-le-beach#p1", "place/nhat-le-beach#p2", "place/nhat-le-beach#p3"]
    p3 = entries["place/nhat-le-beach#p3"]
    assert p3.msgid == "- Tắm biển\n- Lướt sóng" and p3.msgstr == "- Swimming\n- Surfing"
    src = json.loads(version)["groups"][0]["items"]
    now = next(i for i in src if i["id"] == "nhat-le-beach")["source_now"]
    assert f"source-version: {now}" in p3.comment
    assert entries["event/sea-festival#title"].msgstr == ""  # missing: to be translated


def translate_po(po_path: Path, translations: dict[str, str], *, unfuzzy: bool = True) -> None:
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
            if unfuzzy and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(po_path))


def test_po_import_writes_a_stamped_translation(repo: Repo, tmp_path: Path) -> None:
    po_path = tmp_path / "lo.po"
    repo.run("translations", "export", "--lang", "lo", "--out", str(po_path))
    translate_po(po_path, {"event/sea-festival#title": "ບຸນທະເລ", "event/sea-festival#summary": "ບຸນຕົວຢ່າງ.",
                           "event/sea-festival#p1": "ເນື້ອໃນ."})
    result = repo.run("translations", "import", str(po_path))
    assert result.code == 0, result.out
    assert "content/lo/event/sea-festival.md: đã nhập / imported" in result.out
    written = repo.read("content/lo/event/sea-festival.md")
    assert written.startswith("---\ntitle: ບຸນທະເລ\nsummary: ບຸນຕົວຢ່າງ.\nsource: ")
    assert "translated: 2026-11-23" in written and written.endswith("---\nເນື້ອໃນ.\n")
    status = json.loads(repo.run("translations", "--lang", "lo", "--format", "json", "--all").out)
    assert {i["id"]: i["state"] for g in status["groups"] for i in g["items"]}["sea-festival"] == "current"
    assert "TEXT-OUTDATED" not in repo.run("validate").out


def test_import_refuses_a_file_cut_from_an_older_vietnamese(repo: Repo, tmp_path: Path) -> None:
    po_path = tmp_path / "en.po"
    repo.run("translations", "export", "--lang", "en", "--out", str(po_path))
    repo.edit("content/vi/event/sea-festival.md", "Nội dung.", "Nội dung mới.")  # the Vietnamese moves on
    translate_po(po_path, {"event/sea-festival#title": "Sea festival", "event/sea-festival#summary": "Sample.",
                           "event/sea-festival#p1": "Content."})
    result = repo.run("translations", "import", str(po_path))
    [line] = result.finding_lines("TR-STALE")
    assert line.startswith(f"{po_path}:")
    assert "EN: The en translation of event/sea-festival was made from Vietnamese version" in result.out
    assert not (repo.root / "content/en/event/sea-festival.md").exists()


def test_import_reports_unfinished_units_and_leaves_the_text(repo: Repo, tmp_path: Path) -> None:
    stamped(repo)
    repo.edit(VI_PLACE, "Nước trong xanh.", "Nước trong xanh quanh năm.")
    po_path = tmp_path / "en.po"
    repo.run("translations", "export", "--lang", "en", "--out", str(po_path))
    before = repo.read(EN_PLACE)
    # the translator fixes the changed paragraph but leaves the others fuzzy
    translate_po(po_path, {"place/nhat-le-beach#p1": "Clear water all year."}, unfuzzy=False)
    po = polib.pofile(str(po_path))
    p1 = next(e for e in po if e.msgctxt == "place/nhat-le-beach#p1")
    p1.flags.remove("fuzzy")
    po.save(str(po_path))
    result = repo.run("translations", "import", str(po_path))
    assert result.rules() == ["TR-INCOMPLETE"]
    assert "title, summary, p2, p3" in result.out
    assert repo.read(EN_PLACE) == before
    # once the translator has checked the other units too, it goes in
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        if entry.msgctxt.startswith("place/nhat-le-beach#") and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(po_path))
    result = repo.run("translations", "import", str(po_path))
    assert result.code == 0 and "content/en/place/nhat-le-beach.md: đã nhập" in result.out
    assert "Clear water all year.\n\nFine white sand." in repo.read(EN_PLACE)
    assert "TEXT-OUTDATED" not in repo.run("validate").out


def test_xliff_is_xliff_2_with_notes_and_states(repo: Repo, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    stamped(repo)
    out = tmp_path / "en.xlf"
    repo.run("translations", "export", "--lang", "en", "--out", str(out))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = ET.parse(out).getroot()
    assert root.get("version") == "2.0" and root.get("srcLang") == "vi" and root.get("trgLang") == "en"
    place = root.find("x:file[@id='place/nhat-le-beach']", ns)
    assert place.get("original") == VI_PLACE
    assert len(place.find("x:notes/x:note[@category='source-version']", ns).text) == 12
    units = place.findall("x:unit", ns)
    assert [u.get("id") for u in units] == ["title", "summary", "p1", "p2", "p3"]
    assert units[0].find("x:segment", ns).get("state") == "translated"
    festival = root.find("x:file[@id='event/sea-festival']", ns)
    assert festival.find("x:unit/x:segment", ns).get("state") == "initial"


def test_xliff_import_writes_finished_units(repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "en.xlf"
    repo.run("translations", "export", "--lang", "en", "--out", str(out))
    content = out.read_text("utf-8")
    for unit, target in (("title", "Sea &amp; festival"), ("summary", "Sample festival."), ("p1", "Content.")):
        marker = f'<unit id="{unit}" name="event/sea-festival#{unit}">\n      <segment state="initial">'
        assert marker in content
        head, tail = content.split(marker, 1)
        source_end = tail.index("</source>") + len("</source>")
        content = (head + marker.replace("initial", "final") + tail[:source_end]
                   + f'\n        <target xml:space="preserve">{target}</target>' + tail[source_end:])
    out.write_text(content, "utf-8")
    result = repo.run("translations", "import", str(out))
    assert result.code == 0, result.out
    assert repo.read("content/en/event/sea-festival.md").startswith("---\ntitle: Sea & festival\n")


@pytest.mark.parametrize("content,rule", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<xliff/>', "TR-FILE-UNREADABLE"),
    (b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" trgLang="en">\n<file',
     "TR-FILE-UNREADABLE"),
    (b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" trgLang="fr"/>\n',
     "TR-FILE-LANG"),
    (b'<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" trgLang="en">\n'
     b'<file id="place/no-such-place"><notes><note category="source-version">0123456789ab</note></notes>'
     b'<unit id="title"><segment state="final"><source>x</source><target>y</target></segment></unit></file></xliff>\n',
     "TR-UNIT-UNKNOWN"),
])
def test_broken_xliff_gets_a_finding_not_a_traceback(repo: Repo, tmp_path: Path, content: bytes, rule: str) -> None:
    before = tree(repo.root)
    path = tmp_path / "bad.xlf"
    path.write_bytes(content)
    result = repo.run("translations", "import", str(path))
    assert result.code == 1
    assert result.rules() == [rule]
    assert "EN: " in result.out and "Traceback" not in result.err
    assert tree(repo.root) == before


def test_broken_po_gets_a_finding_with_its_line(repo: Repo, tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgctxt "place/nhat-le-beach#title"\nmsgid "x"\nthis is not po\n', "utf-8")
    result = repo.run("translations", "import", str(path))
    assert result.code == 1 and result.rules() == ["TR-FILE-UNREADABLE"]
    assert f"{path}:7: TR-FILE-UNREADABLE" in result.out


def test_edited_unit_ids_are_reported(repo: Repo, tmp_path: Path) -> None:
    po_path = tmp_path / "en.po"
    repo.run("translations", "export", "--lang", "en", "--out", str(po_path))
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgctxt == "event/sea-festival#p1")
    entry.msgctxt = "event/sea-festival#p7"
    po.save(str(po_path))
    result = repo.run("translations", "import", str(po_path))
    assert result.code == 1 and "TR-UNIT-UNKNOWN" in result.rules()
    assert "event/sea-festival#p7" in result.out


def test_an_agency_gets_only_its_own_records(repo: Repo) -> None:
    repo.write("catalog/agencies.yaml", repo.read("catalog/agencies.yaml") + (
        "  - id: so-ct\n    kind: department\n    names: {vi: Sở Công Thương}\n    parent: ubnd\n"))
    repo.edit("catalog/event/sea-festival.yaml", "agency: so-vhttdl", "agency: so-ct")
    status = repo.run("translations", "--agency", "so-ct", "--lang", "en").out
    assert "event/sea-festival" in status and "nhat-le-beach" not in status and "press-2026-01" not in status
    contexts = {e.msgctxt.split("#")[0] for e in polib.pofile(repo.run("translations", "export", "--lang", "en",
                                                                          "--agency", "so-ct").out)}
    assert contexts == {"event/sea-festival"}
